"""The audit trail: every successful mutation recorded with its key's name, before and after;
nothing for a failed one; readable by admins only; never part of the graph itself."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph_service.services import loading
from graph_service.storage.graph_store import GraphStore
from tests.conftest import Database
from tests.integration.graphql_server import KEYS, GraphQLClient

ERRORS = "errors { code }"
TRAIL = """query ($first: Int!, $after: String, $target: ID, $keyName: String) {
  auditTrail(first: $first, after: $after, target: $target, keyName: $keyName) {
    edges { cursor node { at keyName operation mutation targetType targetIds before after removedRelationships } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def admin(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def entry_count(db: Database) -> int:
    (record,) = db.query("MATCH (e:AuditEntry) RETURN count(e) AS n")
    value: int = record["n"]
    return value


def trail(client: GraphQLClient, **variables: Any) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = client.query(TRAIL, {"first": 20, **variables})["auditTrail"][
        "edges"
    ]
    return [edge["node"] for edge in edges]


def test_every_change_is_recorded_newest_first_with_the_key_name_and_before_and_after(
    admin: GraphQLClient,
) -> None:
    editor = admin.as_role("editor")
    for mutation in (
        'createFirm(input: {id: "firm-audited", name: "Ottica Audit (demo)", town: "Clusone"}) { errors { code } }',
        'updateFirm(id: "firm-audited", input: {town: "Lovere", sector: "optics"}) { errors { code } }',
        'linkParticipatesIn(from: "firm-audited", to: "opticians-network", role: PARTNER) { errors { code } }',
        'linkParticipatesIn(from: "firm-audited", to: "opticians-network", role: PROMOTER) { errors { code } }',
        'unlinkParticipatesIn(from: "firm-audited", to: "opticians-network") { errors { code } }',
        'linkMemberOf(from: "firm-audited", to: "federottica-bergamo") { errors { code } }',
        'deleteFirm(id: "firm-audited") { errors { code } }',
    ):
        body = editor.query(f"mutation {{ m: {mutation} }}")
        assert body["m"]["errors"] == []

    entries = trail(admin, target="firm-audited")
    assert [(e["operation"], e["mutation"]) for e in entries] == [
        ("DELETE", "deleteFirm"),
        ("LINK", "linkMemberOf"),
        ("UNLINK", "unlinkParticipatesIn"),
        ("LINK", "linkParticipatesIn"),
        ("LINK", "linkParticipatesIn"),
        ("UPDATE", "updateFirm"),
        ("CREATE", "createFirm"),
    ]
    assert {e["keyName"] for e in entries} == {KEYS["editor"].name}
    assert [e["at"] for e in entries] == sorted((e["at"] for e in entries), reverse=True)
    delete, member, unlink, relink, link, update, create = entries
    assert create["before"] is None
    assert create["after"] == {
        "id": "firm-audited",
        "name": "Ottica Audit (demo)",
        "town": "Clusone",
    }
    assert update["before"]["town"] == "Clusone" and "sector" not in update["before"]
    assert update["after"]["town"] == "Lovere" and update["after"]["sector"] == "optics"
    assert update["after"]["version"] == update["before"].get("version", 0) + 1
    assert (link["targetType"], link["targetIds"]) == (
        "PARTICIPATES_IN",
        ["firm-audited", "opticians-network"],
    )
    assert (link["before"], link["after"]) == (None, {"role": "partner"})
    assert (relink["before"], relink["after"]) == ({"role": "partner"}, {"role": "promoter"})
    assert (unlink["before"], unlink["after"]) == ({"role": "promoter"}, None)
    assert delete["before"]["town"] == "Lovere" and delete["after"] is None
    assert delete["removedRelationships"] == [
        {"type": "MEMBER_OF", "from": "firm-audited", "to": "federottica-bergamo", "properties": {}}
    ]
    assert member["removedRelationships"] == []

    # Pages of two, following the cursors, give the same entries in the same order.
    paged: list[dict[str, Any]] = []
    after = None
    while True:
        page = admin.query(TRAIL, {"first": 2, "after": after, "target": "firm-audited"})[
            "auditTrail"
        ]
        paged += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert paged == entries
    assert trail(admin, target="firm-audited", keyName=KEYS["admin"].name) == []


@pytest.mark.parametrize(
    ("role", "mutation", "code"),
    [
        (
            "editor",
            'updateFirm(id: "ottica-zirafa", input: {town: "Bergamo"}, expectedVersion: 99) { errors { code } }',
            "CONFLICT",
        ),
        ("editor", 'deleteFirm(id: "no-such-firm") { errors { code } }', "NOT_FOUND"),
        (
            "editor",
            'createTopic(input: {id: "it-hub", name: "Twin"}) { errors { code } }',
            "DUPLICATE_ID",
        ),
        ("reader", 'deleteFirm(id: "ottica-zirafa") { errors { code } }', "FORBIDDEN"),
    ],
)
def test_a_failed_mutation_leaves_no_entry(
    admin: GraphQLClient, demo_db: Database, role: str, mutation: str, code: str
) -> None:
    before = entry_count(demo_db)
    body = admin.as_role(role).query(f"mutation {{ m: {mutation} }}")
    assert body["m"]["errors"] == [{"code": code}]
    assert entry_count(demo_db) == before


@pytest.mark.parametrize("role", ["reader", "editor", "analyst"])
def test_only_admins_read_the_audit_trail(admin: GraphQLClient, role: str) -> None:
    response = admin.as_role(role).post(TRAIL, {"first": 5})
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


def test_audit_entries_stay_out_of_exports_search_lookups_and_analytics(
    admin: GraphQLClient, demo_db: Database, tmp_path: Path
) -> None:
    stats = "{ networkStats { result { nodeCount relationshipCount } } }"
    counts_before = admin.query(stats)["networkStats"]["result"]
    nodes_before = GraphStore(demo_db.driver, demo_db.database).node_count()

    body = admin.as_role("editor").query(
        'mutation { a: updateFirm(id: "ottica-zirafa", input: {sector: "eyewear"}) { errors { code } }'
        ' b: updateFirm(id: "ottica-zirafa", input: {sector: "retail"}) { errors { code } } }'
    )
    assert body["a"]["errors"] == body["b"]["errors"] == []
    assert entry_count(demo_db) >= 2

    after = tmp_path / "after.json"
    loading.export(demo_db.store, after)
    assert "test-editor" not in after.read_text() and "AuditEntry" not in after.read_text()
    counts_after = admin.query(stats)["networkStats"]["result"]
    assert counts_after == counts_before
    assert GraphStore(demo_db.driver, demo_db.database).node_count() == nodes_before
    found = admin.query('{ search(text: "updateFirm test editor", first: 50) { node { id } } }')
    assert found["search"] == []
    (entry,) = demo_db.query("MATCH (e:AuditEntry) RETURN e.entryId AS id LIMIT 1")
    assert admin.query("query ($id: ID!) { node(id: $id) { id } }", {"id": entry["id"]}) == {
        "node": None
    }
