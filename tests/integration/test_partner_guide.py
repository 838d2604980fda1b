"""The partner guide's examples (docs/partners.md), run against the demo network."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from graph_service.config import PROJECT_ROOT
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

GUIDE = PROJECT_ROOT / "docs" / "partners.md"


def examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def test_the_guide_has_an_example_for_each_of_its_subjects() -> None:
    assert len(examples()) == 9


def test_the_guides_examples_answer_as_it_says(client: GraphQLClient, demo_db: Database) -> None:
    (firms,) = demo_db.query("MATCH (f:Firm) RETURN count(f) AS n")
    answers = [client.query(e) for e in examples()]
    paging, filtering, interventions, invested, own, grouped = answers[:6]
    upsert, link, refused = answers[6:]

    assert paging["firms"]["totalCount"] == firms["n"]
    assert len(paging["firms"]["edges"]) == 3 and paging["firms"]["pageInfo"]["hasNextPage"]

    expected = demo_db.query(
        "MATCH (f:Firm)-[:MEMBER_OF]->(:Association {id: 'federottica-bergamo'}) "
        "WHERE EXISTS { (f)-[:PARTICIPATES_IN]->(p:Project) WHERE p.year >= 2018 } "
        "RETURN f.name AS name ORDER BY name"
    )
    found: list[dict[str, Any]] = filtering["firms"]["nodes"]
    assert [f["name"] for f in found] == [r["name"] for r in expected] != []

    (cypher,) = demo_db.query(
        "MATCH (p:Project {kind: 'intervention', year: 2018}) RETURN count(p) AS n"
    )
    assert interventions["projects"]["aggregate"] == {"count": cypher["n"]} == {"count": 376}
    (hub,) = demo_db.query(
        "MATCH (p:Project) "
        "WHERE EXISTS { (p)<-[:COORDINATES]-(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: 'it-hub'}) } "
        "OR EXISTS { (p)<-[:COORDINATES]-(:Association)-[:MEMBER_OF]->(:Association)"
        "-[:RUNS]->(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: 'it-hub'}) } "
        "RETURN count(p) AS n, sum(p.investment) AS total, sum(p.investment * p.ownShare) AS own"
    )
    total = invested["projects"]["aggregate"]["investment"]["sum"]
    assert invested["projects"]["aggregate"]["count"] == hub["n"]
    assert total == pytest.approx(hub["total"]) and 19_600_000 <= total <= 20_400_000
    share = own["projects"]["aggregate"]["ownShare"]["avg"]
    assert share == pytest.approx(hub["own"] / hub["total"]) and 0.65 <= share <= 0.68

    by_year = demo_db.query(
        "MATCH (p:Project) RETURN toString(p.year) AS key, count(p) AS count, "
        "sum(p.investment) AS investment ORDER BY key"
    )
    assert grouped["projects"]["aggregate"]["byYear"] == [
        {
            "key": r["key"],
            "count": r["count"],
            "investment": {"sum": pytest.approx(r["investment"])},
        }
        for r in by_year
    ]
    by_centre = demo_db.query(
        "MATCH (p:Project) OPTIONAL MATCH (p)<-[:COORDINATES]-(s:ServiceCentre) "
        "RETURN s.id AS key, s.name AS name, count(p) AS count, sum(p.investment) AS investment "
        "ORDER BY key IS NULL, key"
    )
    centres = grouped["projects"]["aggregate"]["byCentre"]
    assert [(c["key"], c["name"], c["count"]) for c in centres] == [
        (r["key"], r["name"], r["count"]) for r in by_centre
    ]
    assert centres[-1]["key"] is None  # the projects an association coordinates itself
    sizes = demo_db.query(
        "MATCH (a:Association) WITH a ORDER BY a.name, a.id LIMIT 3 "
        "RETURN a.name AS name, COUNT { (a)<-[:MEMBER_OF]-(:Firm) } AS members, "
        "COLLECT { MATCH (a)<-[:MEMBER_OF]-(f:Firm) WITH f.size AS size, count(*) AS n "
        "ORDER BY size IS NULL, size RETURN [toUpper(size), n] } AS sizes"
    )
    assert [
        (
            a["name"],
            a["members"]["aggregate"]["count"],
            [[g["key"], g["count"]] for g in a["members"]["aggregate"]["groups"]],
        )
        for a in grouped["associations"]["nodes"]
    ] == [(r["name"], r["members"], r["sizes"]) for r in sizes]

    assert upsert["upsertFirms"] == {"created": 1, "updated": 0, "unchanged": 1, "errors": []}
    assert link["linkEachMemberOf"] == {"created": 1, "unchanged": 0, "errors": []}
    assert refused["updateProject"] == {
        "project": None,
        "errors": [
            {
                "code": "INVALID_INPUT",
                "message": "ownShare: 1.5 is above the maximum 1",
                "field": "input.ownShare",
            }
        ],
    }
