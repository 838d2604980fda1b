"""Filters and sorting on a relationship's own properties: a project's firms by their role."""

from collections.abc import Iterator

import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

PROJECT = "opticians-network"


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def test_a_projects_firms_filtered_and_sorted_by_role(
    client: GraphQLClient, demo_db: Database
) -> None:
    answer = client.query(
        """query($id: ID!) { project(id: $id) {
          leads: participants(edgeWhere: {role: {in: [PROMOTER]}}) {
            totalCount nodes { id } aggregate { count } }
          others: participants(edgeWhere: {role: {in: [PARTNER, BENEFICIARY]}}, first: 100) {
            totalCount }
          sorted: participants(first: 100, edgeOrderBy: [{field: ROLE, direction: DESC}],
                               orderBy: [{field: NAME}]) { edges { role node { name } } } } }""",
        {"id": PROJECT},
    )["project"]
    rows = demo_db.query(
        "MATCH (f:Firm)-[r:PARTICIPATES_IN]->(:Project {id: $id}) "
        "RETURN f.id AS id, f.name AS name, r.role AS role ORDER BY role DESC, name, id",
        id=PROJECT,
    )
    promoters = [r["id"] for r in rows if r["role"] == "promoter"]
    assert [n["id"] for n in answer["leads"]["nodes"]] == promoters == ["ottica-zirafa"]
    assert answer["leads"]["totalCount"] == answer["leads"]["aggregate"]["count"] == 1
    assert answer["others"]["totalCount"] == len(rows) - 1
    assert [(e["role"], e["node"]["name"]) for e in answer["sorted"]["edges"]] == [
        (r["role"].upper(), r["name"]) for r in rows
    ]


def test_firms_projects_by_role_in_pages_of_one(client: GraphQLClient, demo_db: Database) -> None:
    (busiest,) = demo_db.query(
        "MATCH (f:Firm) RETURN f.id AS id ORDER BY COUNT { (f)-[:PARTICIPATES_IN]->() } DESC, "
        "f.id LIMIT 1"
    )
    query = """query($id: ID!, $after: String) { firm(id: $id) {
      projects(first: 1, after: $after, edgeOrderBy: [{field: ROLE}],
               orderBy: [{field: YEAR, direction: DESC}]) {
        totalCount edges { role node { id } } pageInfo { hasNextPage endCursor } } } }"""
    seen, totals, after = [], set(), None
    while True:
        page = client.query(query, {"id": busiest["id"], "after": after})["firm"]["projects"]
        seen += [(e["role"], e["node"]["id"]) for e in page["edges"]]
        totals.add(page["totalCount"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    rows = demo_db.query(
        "MATCH (:Firm {id: $id})-[r:PARTICIPATES_IN]->(p:Project) "
        "RETURN toUpper(r.role) AS role, p.id AS id ORDER BY r.role, p.year DESC, p.id",
        id=busiest["id"],
    )
    assert seen == [(r["role"], r["id"]) for r in rows] and len(rows) >= 3
    assert totals == {len(rows)}  # every page counts every project, not those after it


def test_a_role_the_model_does_not_know_is_refused(client: GraphQLClient) -> None:
    body = client.post(
        '{ project(id: "opticians-network") { participants(edgeWhere: {role: {eq: OWNER}}) '
        "{ totalCount } } }"
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "OWNER" in body["errors"][0]["message"]


def test_firms_chosen_by_their_role_and_the_project_together(
    client: GraphQLClient, demo_db: Database
) -> None:
    """The role and the project's year hold for the same participation: a promoter of a 2018
    project, not a promoter of one project and a partner of a 2018 one."""
    answer = client.query(
        """{
          promoters2018: firms(first: 100, orderBy: [{field: ID}], where: {projectsConnection:
              {edge: {role: {eq: PROMOTER}}, node: {year: {eq: 2018}}}}) { nodes { id } }
          onlyPartners: firms(first: 100, orderBy: [{field: ID}], where: {
              projectsCount: {gt: 0},
              projectsConnectionAll: {edge: {role: {eq: PARTNER}}}}) { totalCount nodes { id } }
          neverPromoters: firms(first: 1, orderBy: [{field: ID}], where: {
              projectsConnectionNone: {edge: {role: {eq: PROMOTER}}}}) { totalCount }
          onePromoted: firms(first: 100, orderBy: [{field: ID}], where: {
              projectsConnectionSingle: {edge: {role: {eq: PROMOTER}}}}) { nodes { id } }
        }"""
    )

    def ids(cypher: str) -> list[str]:
        return [r["id"] for r in demo_db.query(cypher + " RETURN f.id AS id ORDER BY id")]

    promoters = ids(
        "MATCH (f:Firm) WHERE EXISTS { (f)-[r:PARTICIPATES_IN]->(p:Project) "
        "WHERE r.role = 'promoter' AND p.year = 2018 }"
    )
    # Some firm promotes one project and joins a 2018 one in another role: not among them.
    mixed = ids(
        "MATCH (f:Firm) WHERE EXISTS { (f)-[r:PARTICIPATES_IN]->() WHERE r.role = 'promoter' } "
        "AND EXISTS { (f)-[:PARTICIPATES_IN]->(p:Project) WHERE p.year = 2018 }"
    )
    assert promoters and set(promoters) < set(mixed)
    assert [n["id"] for n in answer["promoters2018"]["nodes"]] == promoters
    partners = ids(
        "MATCH (f:Firm) WHERE EXISTS { (f)-[:PARTICIPATES_IN]->() } AND "
        "all(r IN [(f)-[r:PARTICIPATES_IN]->() | r] WHERE r.role = 'partner')"
    )
    assert answer["onlyPartners"]["totalCount"] == len(partners)
    assert [n["id"] for n in answer["onlyPartners"]["nodes"]] == partners[:100]
    (never,) = demo_db.query(
        "MATCH (f:Firm) WHERE NOT EXISTS { (f)-[r:PARTICIPATES_IN]->() WHERE r.role = 'promoter' }"
        " RETURN count(f) AS n"
    )
    assert answer["neverPromoters"]["totalCount"] == never["n"]
    assert [n["id"] for n in answer["onePromoted"]["nodes"]] == ids(
        "MATCH (f:Firm) WHERE COUNT { (f)-[r:PARTICIPATES_IN]->() WHERE r.role = 'promoter' } = 1"
    )


def test_a_relationship_and_its_node_count_as_one_hop_of_the_filter_limit(
    client: GraphQLClient,
) -> None:
    def hops(count: int) -> dict[str, object]:
        where: dict[str, object] = {"name": {"startsWith": "O"}}
        for hop in reversed(range(count)):
            name = "projectsConnection" if hop % 2 == 0 else "participantsConnection"
            where = {name: {"edge": {"role": {"in": ["PROMOTER", "PARTNER"]}}, "node": where}}
        return where

    query = "query($w: FirmWhere) { firms(where: $w) { totalCount } }"
    allowed = client.post(query, {"w": hops(4)}).json()
    assert "errors" not in allowed and allowed["data"]["firms"]["totalCount"] > 0, allowed
    refused = client.post(query, {"w": hops(5)}).json()["errors"][0]
    assert refused["extensions"]["code"] == "LIMIT_EXCEEDED", refused
    assert refused["extensions"]["limit"] == "maxFilterHops", refused
