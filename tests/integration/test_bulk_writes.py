"""Bulk writes as a partner's CRM sync uses them: many items per call, all or nothing, wrong
items named by index, a repeated call changing nothing."""

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

UPSERT = """mutation Sync($firms: [UpsertFirmInput!]!) {
  upsertFirms(input: $firms) { created updated unchanged errors { code message field } }
}"""
LINK = """mutation Members($links: [MemberOfLink!]!) {
  linkEachMemberOf(input: $links) { created updated unchanged errors { code message field } }
}"""
UNLINK = """mutation Leave($links: [LinkEnds!]!) {
  unlinkEachMemberOf(input: $links) { removed errors { code message field } }
}"""


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def scalar(db: Database, cypher: str) -> Any:
    (record,) = db.query(cypher)
    return record["n"]


def members(start: int, stop: int, town: str = "Bergamo") -> list[dict[str, Any]]:
    return [
        {"id": f"crm-{n}", "name": f"Member {n}", "town": town, "size": "MICRO"}
        for n in range(start, stop)
    ]


AUDIT = "MATCH (e:AuditEntry) RETURN count(e) AS n"
CRM = "MATCH (f:Firm) WHERE f.id STARTS WITH 'crm-' RETURN count(f) AS n"


def test_a_crm_sync_creates_then_changes_nothing_then_updates_only_what_differs(
    client: GraphQLClient, demo_db: Database
) -> None:
    audited = scalar(demo_db, AUDIT)
    batches = [members(0, 1000), members(1000, 2000), members(2000, 2500)]
    for batch in batches:
        done = client.query(UPSERT, {"firms": batch})["upsertFirms"]
        assert done == {"created": len(batch), "updated": 0, "unchanged": 0, "errors": []}
    assert scalar(demo_db, CRM) == 2500
    assert scalar(demo_db, AUDIT) == audited + 2500
    # Each created firm is a node of the graph like any other (the shared label whose unique
    # index keeps ids unique across labels, and that node counts and loads find).
    shared = "MATCH (f:Firm:Node) WHERE f.id STARTS WITH 'crm-' RETURN count(f) AS n"
    assert scalar(demo_db, shared) == 2500

    for batch in batches:
        again = client.query(UPSERT, {"firms": batch})["upsertFirms"]
        assert again == {"created": 0, "updated": 0, "unchanged": len(batch), "errors": []}
    assert scalar(demo_db, AUDIT) == audited + 2500
    assert (
        scalar(
            demo_db,
            "MATCH (f:Firm) WHERE f.version IS NOT NULL AND f.id STARTS WITH 'crm-' RETURN count(f) AS n",
        )
        == 0
    )

    moved = members(0, 3, town="Clusone") + members(3, 10)
    changed = client.query(UPSERT, {"firms": moved})["upsertFirms"]
    assert changed == {"created": 0, "updated": 3, "unchanged": 7, "errors": []}
    rows = demo_db.query(
        "MATCH (f:Firm) WHERE f.town = 'Clusone' AND f.id STARTS WITH 'crm-' "
        "RETURN f.id AS id, f.version AS version ORDER BY id"
    )
    assert [(r["id"], r["version"]) for r in rows] == [("crm-0", 1), ("crm-1", 1), ("crm-2", 1)]
    assert scalar(demo_db, AUDIT) == audited + 2503


@pytest.mark.parametrize(
    ("item", "code", "message", "field"),
    [
        ({"id": "crm-x", "name": " "}, "INVALID_INPUT", "name: must not be blank", "input.7.name"),
        ({"id": "crm-x"}, "INVALID_INPUT", "name is required", "input.7.name"),
        (
            {"id": "it-hub", "name": "Twin"},
            "DUPLICATE_ID",
            "id 'it-hub' is already used by a Hub",
            "input.7.id",
        ),
        ({"id": "crm-3", "name": "Again"}, "INVALID_INPUT", "the same as item 3", "input.7.id"),
    ],
)
def test_one_wrong_item_writes_nothing_and_is_named(
    client: GraphQLClient,
    demo_db: Database,
    item: dict[str, Any],
    code: str,
    message: str,
    field: str,
) -> None:
    audited = scalar(demo_db, AUDIT)
    batch = members(0, 10)
    batch[7] = item
    refused = client.query(UPSERT, {"firms": batch})["upsertFirms"]
    assert refused == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"code": code, "message": message, "field": field}],
    }
    assert scalar(demo_db, CRM) == 0
    assert scalar(demo_db, AUDIT) == audited


def test_more_than_a_thousand_items_are_refused(client: GraphQLClient, demo_db: Database) -> None:
    refused = client.post(UPSERT, {"firms": members(0, 1001)}).json()
    assert refused["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert "1,001 items; at most 1,000" in refused["errors"][0]["message"]
    assert scalar(demo_db, CRM) == 0


def test_only_writers_may_sync(client: GraphQLClient, demo_db: Database) -> None:
    refused = client.as_role("reader").query(UPSERT, {"firms": members(0, 2)})["upsertFirms"]
    assert refused["errors"][0]["code"] == "FORBIDDEN"
    assert scalar(demo_db, CRM) == 0


def test_bulk_links_are_idempotent_and_a_missing_unlink_removes_nothing(
    client: GraphQLClient, demo_db: Database
) -> None:
    client.query(UPSERT, {"firms": members(0, 302)})
    links = [{"from": f"crm-{n}", "to": "federottica-bergamo"} for n in range(300)]
    assert client.query(LINK, {"links": links})["linkEachMemberOf"] == {
        "created": 300,
        "updated": 0,
        "unchanged": 0,
        "errors": [],
    }
    audited = scalar(demo_db, AUDIT)
    assert client.query(LINK, {"links": links})["linkEachMemberOf"]["unchanged"] == 300
    assert scalar(demo_db, AUDIT) == audited

    wrong = [*links[:5], {"from": "crm-0", "to": "agrifood"}, {"from": "ghost", "to": "crm-1"}]
    refused = client.query(LINK, {"links": wrong})["linkEachMemberOf"]
    assert refused["errors"] == [
        {
            "code": "INVALID_INPUT",
            "message": "MEMBER_OF cannot join Firm -> Topic",
            "field": "input.5.to",
        },
        {"code": "NOT_FOUND", "message": "no node with id 'ghost'", "field": "input.6.from"},
    ]

    ends = [{"from": f"crm-{n}", "to": "federottica-bergamo"} for n in range(299, 302)]
    missing = client.query(UNLINK, {"links": ends})["unlinkEachMemberOf"]
    assert missing["errors"] == [
        {
            "code": "NOT_FOUND",
            "message": "no MEMBER_OF relationship from 'crm-300' to 'federottica-bergamo'",
            "field": "input.1",
        },
        {
            "code": "NOT_FOUND",
            "message": "no MEMBER_OF relationship from 'crm-301' to 'federottica-bergamo'",
            "field": "input.2",
        },
    ]
    count = "MATCH (:Firm)-[r:MEMBER_OF]->({id: 'federottica-bergamo'}) RETURN count(r) AS n"
    before = scalar(demo_db, count)
    assert before >= 300
    removed = client.query(UNLINK, {"links": links})["unlinkEachMemberOf"]
    assert removed == {"removed": 300, "errors": []}
    assert scalar(demo_db, count) == before - 300


def test_participation_roles_in_bulk_are_the_models(
    client: GraphQLClient, demo_db: Database
) -> None:
    client.query(UPSERT, {"firms": members(0, 2)})
    linked = client.query(
        """mutation { linkEachParticipatesIn(input: [
          {from: "crm-0", to: "opticians-network", role: PARTNER},
          {from: "crm-1", to: "opticians-network", role: BENEFICIARY}]) { created errors { code } } }"""
    )["linkEachParticipatesIn"]
    assert linked == {"created": 2, "errors": []}
    rows = demo_db.query(
        "MATCH (f:Firm)-[r:PARTICIPATES_IN]->({id: 'opticians-network'}) "
        "WHERE f.id STARTS WITH 'crm-' RETURN f.id AS id, r.role AS role ORDER BY id"
    )
    assert [(r["id"], r["role"]) for r in rows] == [("crm-0", "partner"), ("crm-1", "beneficiary")]


FEED = """query($after: String) { changes(after: $after, first: 500) {
  events { position operation mutation targetType targetIds labels } endPosition } }"""


def test_each_changed_item_is_its_own_event_of_the_change_feed_in_the_items_order(
    client: GraphQLClient, demo_db: Database
) -> None:
    client.query(UPSERT, {"firms": members(0, 2)})
    reader = client.as_role("reader")
    head = reader.query('{ changes(first: 1, where: {ids: ["no-such-node"]}) { endPosition } }')[
        "changes"
    ]["endPosition"]

    # crm-1 is unchanged: it gets no event; the two others one each, in the call's order.
    synced = members(2, 3) + members(0, 2, town="Lovere")[:1] + members(1, 2)
    assert client.query(UPSERT, {"firms": synced})["upsertFirms"]["errors"] == []
    links = [{"from": f"crm-{n}", "to": "federottica-bergamo"} for n in (2, 0)]
    assert client.query(LINK, {"links": links})["linkEachMemberOf"]["errors"] == []

    events = reader.query(FEED, {"after": head})["changes"]["events"]
    seen = [(e["operation"], e["mutation"], e["targetIds"], e["labels"]) for e in events]
    assert seen == [
        ("CREATE", "upsertFirms", ["crm-2"], ["Firm"]),
        ("UPDATE", "upsertFirms", ["crm-0"], ["Firm"]),
        ("LINK", "linkEachMemberOf", ["crm-2", "federottica-bergamo"], ["Firm", "Association"]),
        ("LINK", "linkEachMemberOf", ["crm-0", "federottica-bergamo"], ["Firm", "Association"]),
    ]
    assert len({e["position"] for e in events}) == 4
