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
        edges { role node { id } } pageInfo { hasNextPage endCursor } } } }"""
    seen, after = [], None
    while True:
        page = client.query(query, {"id": busiest["id"], "after": after})["firm"]["projects"]
        seen += [(e["role"], e["node"]["id"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    rows = demo_db.query(
        "MATCH (:Firm {id: $id})-[r:PARTICIPATES_IN]->(p:Project) "
        "RETURN toUpper(r.role) AS role, p.id AS id ORDER BY r.role, p.year DESC, p.id",
        id=busiest["id"],
    )
    assert seen == [(r["role"], r["id"]) for r in rows] and len(rows) >= 3


def test_a_role_the_model_does_not_know_is_refused(client: GraphQLClient) -> None:
    body = client.post(
        '{ project(id: "opticians-network") { participants(edgeWhere: {role: {eq: OWNER}}) '
        "{ totalCount } } }"
    ).json()
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "OWNER" in body["errors"][0]["message"]
