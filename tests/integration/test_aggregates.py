"""Aggregates of lists and relationship fields against the demo network: the answers equal
the same statistics computed in Python from the graph's raw values, in the order asked, in one
query per root field."""

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def weighted(pairs: list[tuple[float | None, float | None]]) -> float | None:
    kept = [(x, w) for x, w in pairs if x is not None and w is not None]
    weights = sum(w for _, w in kept)
    return None if weights == 0 else sum(x * w for x, w in kept) / weights


def test_each_firms_projects_statistics_equal_its_raw_values(
    client: GraphQLClient, demo_db: Database
) -> None:
    answer = client.query(
        """{ firms(first: 100, where: {projectsCount: {gte: 2}}, orderBy: [{field: NAME}]) {
          nodes { id projects { aggregate {
            count year { min max }
            investment { sum avg max }
            ownShare { avg weighted: avg(weightedBy: INVESTMENT) }
          } } } } }"""
    )["firms"]["nodes"]
    rows = demo_db.query(
        "MATCH (f:Firm)-[:PARTICIPATES_IN]->(p:Project) WHERE COUNT { (f)-->(:Project) } >= 2 "
        "RETURN f.id AS firm, p.year AS year, p.investment AS investment, p.ownShare AS share"
    )
    projects: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        projects[row["firm"]].append(dict(row))
    assert len(answer) == min(100, len(projects)) > 10
    for firm in answer:
        mine = projects[firm["id"]]
        investments = [p["investment"] for p in mine if p["investment"] is not None]
        shares = [p["share"] for p in mine if p["share"] is not None]
        assert firm["projects"]["aggregate"] == {
            "count": len(mine),
            "year": {"min": min(p["year"] for p in mine), "max": max(p["year"] for p in mine)},
            "investment": {
                "sum": pytest.approx(sum(investments)),
                "avg": pytest.approx(sum(investments) / len(investments)),
                "max": max(investments),
            },
            "ownShare": {
                "avg": pytest.approx(sum(shares) / len(shares)),
                "weighted": pytest.approx(weighted([(p["share"], p["investment"]) for p in mine])),
            },
        }


def test_dates_groups_and_keys_come_in_the_order_asked_in_one_query(
    client: GraphQLClient, demo_db: Database
) -> None:
    response = client.post(
        """{ hubs { aggregate { founded { last: max first: min __typename } n: count
                                __typename } }
             experts { aggregate { byRole: groups(by: ROLE) { count key } } } }"""
    )
    assert response.headers["graph-service-cypher-queries"] == "2"  # one per root field
    data = response.json()["data"]
    (founded,) = demo_db.query(
        "MATCH (h:Hub) RETURN count(h) AS n, toString(min(h.founded)) AS first, "
        "toString(max(h.founded)) AS last"
    )
    hubs = data["hubs"]["aggregate"]
    assert hubs == {
        "founded": {
            "last": founded["last"],
            "first": founded["first"],
            "__typename": "DateStatistics",
        },
        "n": founded["n"],
        "__typename": "HubAggregate",
    }
    assert list(hubs) == ["founded", "n", "__typename"]
    assert list(hubs["founded"]) == ["last", "first", "__typename"]
    roles = demo_db.query(
        "MATCH (e:Expert) WITH e.role AS role, count(*) AS n ORDER BY role IS NULL, role "
        "RETURN n AS count, toUpper(role) AS key"
    )
    assert data["experts"]["aggregate"]["byRole"] == [dict(r) for r in roles]
    assert [list(g) for g in data["experts"]["aggregate"]["byRole"]] == [["count", "key"]] * len(
        roles
    )


def test_an_aggregate_covers_every_page_and_nothing_matching_is_zero(
    client: GraphQLClient, demo_db: Database
) -> None:
    (firms,) = demo_db.query("MATCH (f:Firm) RETURN count(f) AS n")
    page = client.query(
        "{ firms(first: 1) { nodes { id } aggregate { count } } "
        'none: projects(where: {title: {eq: "no such project"}}) { aggregate { count '
        "investment { sum min avg } groups(by: YEAR) { key } } } }"
    )
    assert page["firms"]["aggregate"] == {"count": firms["n"]}
    assert page["none"]["aggregate"] == {
        "count": 0,
        "investment": {"sum": 0, "min": None, "avg": None},
        "groups": [],
    }


def test_groups_are_bounded_and_a_relationship_group_names_its_node(
    client: GraphQLClient, demo_db: Database
) -> None:
    towns = demo_db.query(
        "MATCH (f:Firm) WITH DISTINCT f.town AS town ORDER BY town IS NULL, town LIMIT 2 "
        "RETURN town"
    )
    first = client.query("{ firms { aggregate { groups(by: TOWN, first: 2) { key } } } }")
    assert first["firms"]["aggregate"]["groups"] == [{"key": r["town"]} for r in towns]

    refused = client.post("{ firms { aggregate { groups(by: TOWN, first: 1001) { key } } } }")
    (error,) = refused.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert "first must be between 1 and 1000" in error["message"]

    members = client.query(
        '{ firm(id: "ottica-zirafa") { projects { aggregate { '
        "groups(by: ADVISERS) { key name count } } } } }"
    )["firm"]["projects"]["aggregate"]["groups"]
    advisers = demo_db.query(
        "MATCH (:Firm {id: 'ottica-zirafa'})-[:PARTICIPATES_IN]->(p:Project) "
        "OPTIONAL MATCH (p)<-[:ADVISES]-(e:Expert) "
        "RETURN e.id AS key, e.name AS name, count(p) AS count ORDER BY key IS NULL, key"
    )
    assert members == [dict(r) for r in advisers] != []


def test_totals_alone_count_every_match_at_the_root_and_on_relationships(
    client: GraphQLClient, demo_db: Database
) -> None:
    # Only totals asked: no page is fetched, yet every count is the whole match's.
    answer = client.query(
        """{ firms(first: 1, where: {town: {eq: "Bergamo"}}) { totalCount }
             associations(first: 100) { nodes { id
               members(first: 1, where: {size: {eq: MICRO}}) { totalCount }
               all: members { totalCount aggregate { count } } } } }"""
    )
    in_bergamo = demo_db.query("MATCH (f:Firm {town: 'Bergamo'}) RETURN count(f) AS n")[0]["n"]
    assert answer["firms"] == {"totalCount": in_bergamo}
    assert in_bergamo > 1  # more than the one item a page of `first: 1` would hold
    rows = demo_db.query(
        "MATCH (a:Association) RETURN a.id AS id, "
        "COUNT { (a)<-[:MEMBER_OF]-(f:Firm) WHERE f.size = 'micro' } AS micro, "
        "COUNT { (a)<-[:MEMBER_OF]-(:Firm) } AS members"
    )
    expected = {r["id"]: (r["micro"], r["members"]) for r in rows}
    got = {
        a["id"]: (a["members"]["totalCount"], a["all"]["totalCount"])
        for a in answer["associations"]["nodes"]
    }
    assert got == expected
    assert any(micro > 1 for micro, _ in got.values())
    assert all(
        a["all"]["aggregate"]["count"] == a["all"]["totalCount"]
        for a in answer["associations"]["nodes"]
    )
