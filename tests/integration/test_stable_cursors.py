"""Keyset cursors as a partner pages through an association's firms while another client
adds firms before, after and level with its cursor: every firm that was there when paging
began comes back exactly once, in order."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

ASSOCIATION = "ascom-bergamo"
NESTED = """query($after: String) { association(id: "%s") {
  members(first: 7, after: $after, orderBy: [{field: TOWN}, {field: NAME, direction: DESC}]) {
    edges { cursor node { id name town } } pageInfo { hasNextPage endCursor } } } }"""
ROOT = """query($after: String) {
  firms(first: 7, after: $after, where: {associations: {id: {eq: "%s"}}},
        orderBy: [{field: TOWN}, {field: NAME, direction: DESC}]) {
    edges { cursor node { id name town } } pageInfo { hasNextPage endCursor } } }"""
UPSERT = """mutation($firms: [UpsertFirmInput!]!, $links: [MemberOfLink!]!) {
  upsertFirms(input: $firms) { errors { code message } }
  linkEachMemberOf(input: $links) { errors { code message } } }"""


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def connection(answer: dict[str, Any]) -> dict[str, Any]:
    if "firms" in answer:
        return answer["firms"]  # type: ignore[no-any-return]
    return answer["association"]["members"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("query", [NESTED, ROOT], ids=["relationship field", "root list"])
def test_paging_while_firms_are_added_returns_every_original_firm_once(
    client: GraphQLClient, demo_db: Database, query: str
) -> None:
    original = demo_db.query(
        "MATCH (f:Firm)-[:MEMBER_OF]->(:Association {id: $a}) RETURN f.id AS id, f.town AS town",
        a=ASSOCIATION,
    )
    assert len(original) > 30
    writer = client.as_role("editor")
    seen: list[str] = []
    after = None
    added = 0
    while True:
        page = connection(client.query(query % ASSOCIATION, {"after": after}))
        seen += [e["node"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        last = page["edges"][-1]["node"]
        # Before the cursor, level with it (same town and name: the id decides), after it.
        firms = [
            {"id": f"new-a{added}", "name": "Zzz before", "town": "Aaa"},
            {"id": f"new-b{added}", "name": last["name"], "town": last["town"]},
            {"id": f"{last['id']}-later-{added}", "name": last["name"], "town": last["town"]},
            {"id": f"new-c{added}", "name": "Aaa after", "town": "Zzz"},
        ]
        links = [{"from": f["id"], "to": ASSOCIATION} for f in firms]
        done = writer.query(UPSERT, {"firms": firms, "links": links})
        assert done["upsertFirms"]["errors"] == done["linkEachMemberOf"]["errors"] == []
        added += 1
    assert added >= 4
    kept = [i for i in seen if i in {r["id"] for r in original}]
    assert sorted(kept) == sorted(r["id"] for r in original)  # none skipped
    assert len(seen) == len(set(seen))  # none twice
    assert len(seen) > len(kept)  # firms added after the cursor were reached too


def test_a_cursor_survives_the_deletion_of_its_own_item(
    client: GraphQLClient, demo_db: Database
) -> None:
    query = """query($after: String) { topics(first: 2, after: $after, orderBy: [{field: NAME}]) {
      edges { cursor node { id name } } } }"""
    everything = [
        e["node"]["id"] for e in client.query(query.replace("2,", "100,"))["topics"]["edges"]
    ]
    first = client.query(query)["topics"]["edges"]
    editor = client.as_role("editor")
    removed = editor.query(
        "mutation($id: ID!) { deleteTopic(id: $id) { errors { code } } }",
        {"id": first[-1]["node"]["id"]},
    )
    assert removed["deleteTopic"]["errors"] == []
    rest = client.query(query, {"after": first[-1]["cursor"]})["topics"]["edges"]
    assert [e["node"]["id"] for e in rest] == everything[2:4]
