"""Changing the network through GraphQL: each mutation all or nothing, failures typed."""

from collections.abc import Iterator

import pytest

from graph_service.api import naming
from graph_service.domain.model import LABELS, RELATIONSHIPS
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

ERRORS = "errors { code message field }"


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def count(db: Database, cypher: str, **params: object) -> int:
    (record,) = db.query(cypher, **params)
    value: int = record["n"]
    return value


def test_create_update_link_unlink_delete_a_firm(client: GraphQLClient, demo_db: Database) -> None:
    created = client.query(
        f"""mutation {{ createFirm(input: {{id: "firm-new", name: "Nuova Ottica (demo)", size: SMALL, town: "Lovere"}})
            {{ firm {{ id name size associations {{ totalCount }} }} {ERRORS} }} }}"""
    )["createFirm"]
    assert created == {
        "firm": {
            "id": "firm-new",
            "name": "Nuova Ottica (demo)",
            "size": "SMALL",
            "associations": {"totalCount": 0},
        },
        "errors": [],
    }
    updated = client.query(
        f'mutation {{ updateFirm(id: "firm-new", input: {{town: null, sector: "optics"}}) {{ firm {{ town sector size }} {ERRORS} }} }}'
    )["updateFirm"]
    assert updated == {"firm": {"town": None, "sector": "optics", "size": "SMALL"}, "errors": []}

    linked = client.query(
        f"""mutation {{
          member: linkMemberOf(from: "firm-new", to: "federottica-bergamo") {{ from {{ id }} {ERRORS} }}
          joins: linkParticipatesIn(from: "firm-new", to: "opticians-network", role: PARTNER) {{
            to {{ ... on Project {{ participants(where: {{id: {{eq: "firm-new"}}}}) {{ edges {{ role }} }} }} }} {ERRORS} }}
          again: linkParticipatesIn(from: "firm-new", to: "opticians-network", role: PROMOTER) {{ {ERRORS} }}
        }}"""
    )
    assert linked["member"] == {"from": {"id": "firm-new"}, "errors": []}
    assert linked["joins"]["to"]["participants"]["edges"] == [{"role": "PARTNER"}]
    assert (
        count(
            demo_db, "MATCH (:Firm {id: 'firm-new'})-[r:PARTICIPATES_IN]->() RETURN count(r) AS n"
        )
        == 1
    )
    (role,) = demo_db.query(
        "MATCH (:Firm {id: 'firm-new'})-[r:PARTICIPATES_IN]->() RETURN r.role AS role"
    )
    assert role["role"] == "promoter"

    unlinked = client.query(
        f'mutation {{ unlinkMemberOf(from: "firm-new", to: "federottica-bergamo") {{ {ERRORS} }} }}'
    )
    assert unlinked["unlinkMemberOf"]["errors"] == []
    deleted = client.query(f'mutation {{ deleteFirm(id: "firm-new") {{ deletedId {ERRORS} }} }}')
    assert deleted["deleteFirm"] == {"deletedId": "firm-new", "errors": []}
    assert count(demo_db, "MATCH (f {id: 'firm-new'}) RETURN count(f) AS n") == 0


@pytest.mark.parametrize(
    ("mutation", "code", "message", "field"),
    [
        (
            'createTopic(input: {id: "it-hub", name: "Twin"}) { topic { id }',
            "DUPLICATE_ID",
            "id 'it-hub' is already used by a Hub",
            "input.id",
        ),
        (
            'createTopic(input: {id: " ", name: "Blank"}) { topic { id }',
            "INVALID_INPUT",
            "id must not be blank",
            "input.id",
        ),
        (
            'updateProject(id: "opticians-network", input: {ownShare: 1.5}) { project { id }',
            "INVALID_INPUT",
            "ownShare: 1.5 is above the maximum 1",
            "input.ownShare",
        ),
        (
            'updateProject(id: "opticians-network", input: {title: null}) { project { id }',
            "INVALID_INPUT",
            "title is required",
            "input.title",
        ),
        (
            'updateFirm(id: "no-such-firm", input: {town: "Bergamo"}) { firm { id }',
            "NOT_FOUND",
            "no Firm with id 'no-such-firm'",
            "id",
        ),
        ('deleteHub(id: "agrifood") { deletedId', "NOT_FOUND", "no Hub with id 'agrifood'", "id"),
        (
            'linkAbout(from: "opticians-network", to: "ghost") { to { id }',
            "NOT_FOUND",
            "no node with id 'ghost'",
            "to",
        ),
        (
            'linkMemberOf(from: "ottica-zirafa", to: "agrifood") { to { id }',
            "INVALID_INPUT",
            "MEMBER_OF cannot join Firm -> Topic (allowed: Firm -> Association, Association -> Association)",
            "to",
        ),
        (
            'linkParticipatesIn(from: "federottica-bergamo", to: "opticians-network") { to { id }',
            "INVALID_INPUT",
            "PARTICIPATES_IN cannot join Association -> Project (allowed: Firm -> Project)",
            "from",
        ),
        (
            'unlinkAbout(from: "opticians-network", to: "agrifood") { to { id }',
            "NOT_FOUND",
            "no ABOUT relationship from 'opticians-network' to 'agrifood'",
            None,
        ),
    ],
)
def test_expected_failures_are_typed_and_write_nothing(
    client: GraphQLClient,
    demo_db: Database,
    mutation: str,
    code: str,
    message: str,
    field: str | None,
) -> None:
    before = count(demo_db, "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(n) + count(r) AS n")
    payload = next(iter(client.query(f"mutation {{ {mutation} {ERRORS} }} }}").values()))
    assert payload["errors"] == [{"code": code, "message": message, "field": field}]
    assert (
        count(demo_db, "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(n) + count(r) AS n")
        == before
    )


def test_a_failed_mutation_leaves_the_earlier_ones_of_the_request_done(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.query(
        f"""mutation {{
          a: createTopic(input: {{id: "robotics", name: "Robotics"}}) {{ {ERRORS} }}
          b: createTopic(input: {{id: "robotics", name: "Robotics again"}}) {{ {ERRORS} }}
        }}"""
    )
    assert data["a"]["errors"] == []
    assert data["b"]["errors"][0]["code"] == "DUPLICATE_ID"
    names = demo_db.query("MATCH (t:Topic {id: 'robotics'}) RETURN t.name AS name")
    assert [r["name"] for r in names] == ["Robotics"]


def test_roles_decide_who_may_write(client: GraphQLClient, demo_db: Database) -> None:
    for role, allowed in (("reader", False), ("analyst", False), ("editor", True), ("admin", True)):
        node_id = f"topic-by-{role}"
        payload = client.as_role(role).query(
            f'mutation {{ createTopic(input: {{id: "{node_id}", name: "By {role}"}}) {{ topic {{ id }} {ERRORS} }} }}'
        )["createTopic"]
        if allowed:
            assert payload == {"topic": {"id": node_id}, "errors": []}
        else:
            assert payload["topic"] is None
            assert payload["errors"] == [
                {
                    "code": "FORBIDDEN",
                    "message": f"the role '{role}' may not change the graph",
                    "field": None,
                }
            ]
        assert count(demo_db, "MATCH (t:Topic {id: $id}) RETURN count(t) AS n", id=node_id) == int(
            allowed
        )
    assert client.as_role("reader").query('{ topic(id: "agrifood") { name } }')["topic"]["name"]


def test_hostile_strings_are_values_not_cypher(client: GraphQLClient, demo_db: Database) -> None:
    hostile = "x'}) MATCH (n) DETACH DELETE n //"
    graph_nodes = "MATCH (n) WHERE NOT n:AuditEntry AND NOT n:ChangeCounter RETURN count(n) AS n"
    before = count(demo_db, graph_nodes)
    created = client.query(
        "mutation($id: ID!, $name: String!) { createTopic(input: {id: $id, name: $name}) { topic { id name } errors { code } } }",
        {"id": hostile, "name": hostile},
    )["createTopic"]
    assert created["topic"] == {"id": hostile, "name": hostile}
    found = client.query(
        "query($t: String!) { topics(where: {name: {contains: $t}}) { totalCount } }",
        {"t": hostile},
    )
    assert found["topics"]["totalCount"] == 1
    assert count(demo_db, graph_nodes) == before + 1


@pytest.mark.parametrize("label", list(LABELS))
def test_every_label_can_be_created_updated_and_deleted(
    client: GraphQLClient, demo_db: Database, label: str
) -> None:
    spec = LABELS[label]
    named = spec.display_field
    node_id = f"new-{label.lower()}"
    field = naming.singular_field(label)
    created = client.query(
        f'mutation {{ create{label}(input: {{id: "{node_id}", {named}: "First"}}) {{ {field} {{ id {named} }} {ERRORS} }} }}'
    )[f"create{label}"]
    assert created == {field: {"id": node_id, named: "First"}, "errors": []}
    updated = client.query(
        f'mutation {{ update{label}(id: "{node_id}", input: {{{named}: "Second"}}) {{ {field} {{ {named} }} {ERRORS} }} }}'
    )[f"update{label}"]
    assert updated == {field: {named: "Second"}, "errors": []}
    deleted = client.query(
        f'mutation {{ delete{label}(id: "{node_id}") {{ deletedId {ERRORS} }} }}'
    )
    assert deleted[f"delete{label}"] == {"deletedId": node_id, "errors": []}
    assert count(demo_db, f"MATCH (n:{label} {{id: $id}}) RETURN count(n) AS n", id=node_id) == 0


@pytest.mark.parametrize(
    ("rel_type", "from_label", "to_label"),
    [(t, a, b) for t, spec in RELATIONSHIPS.items() for a, b in spec.endpoints],
)
def test_every_relationship_can_be_linked_and_unlinked(
    client: GraphQLClient, demo_db: Database, rel_type: str, from_label: str, to_label: str
) -> None:
    (pair,) = demo_db.query(
        f"MATCH (a:{from_label}), (b:{to_label}) WHERE a <> b AND NOT (a)-[:{rel_type}]->(b) "
        "RETURN a.id AS a, b.id AS b ORDER BY a.id, b.id LIMIT 1"
    )
    name = naming.pascal(rel_type)
    ends = f'from: "{pair["a"]}", to: "{pair["b"]}"'
    linked = client.query(
        f"mutation {{ link{name}({ends}) {{ from {{ id }} to {{ id }} {ERRORS} }} }}"
    )
    assert linked[f"link{name}"] == {
        "from": {"id": pair["a"]},
        "to": {"id": pair["b"]},
        "errors": [],
    }
    query = f"MATCH (:{from_label} {{id: $a}})-[r:{rel_type}]->(:{to_label} {{id: $b}}) RETURN count(r) AS n"
    assert count(demo_db, query, a=pair["a"], b=pair["b"]) == 1
    unlinked = client.query(f"mutation {{ unlink{name}({ends}) {{ {ERRORS} }} }}")
    assert unlinked[f"unlink{name}"]["errors"] == []
    assert count(demo_db, query, a=pair["a"], b=pair["b"]) == 0


def test_an_update_or_link_that_changes_nothing_bumps_no_version_and_audits_nothing(
    client: GraphQLClient, demo_db: Database
) -> None:
    entries = "MATCH (e:AuditEntry) RETURN count(e) AS n"
    changed = client.query(
        'mutation { updateFirm(id: "ottica-zirafa", input: {town: "Clusone"}) '
        f"{{ firm {{ town version }} {ERRORS} }} }}"
    )["updateFirm"]
    assert changed["errors"] == []
    version, audited = changed["firm"]["version"], count(demo_db, entries)

    for _ in range(2):
        again = client.query(
            'mutation { updateFirm(id: "ottica-zirafa", input: {town: "Clusone"}, '
            f"expectedVersion: {version}) {{ firm {{ town version }} {ERRORS} }} }}"
        )["updateFirm"]
        assert again == {"firm": {"town": "Clusone", "version": version}, "errors": []}
    (role,) = demo_db.query(
        "MATCH (:Firm {id: 'ottica-zirafa'})-[r:PARTICIPATES_IN]->(p) RETURN p.id AS p, r.role AS r"
    )
    relinked = client.query(
        f'mutation {{ linkParticipatesIn(from: "ottica-zirafa", to: "{role["p"]}", '
        f"role: {naming.enum_value(role['r'])}) {{ {ERRORS} }} }}"
    )
    assert relinked["linkParticipatesIn"]["errors"] == []
    assert count(demo_db, entries) == audited


def test_participation_roles_are_the_models_and_nothing_else(client: GraphQLClient) -> None:
    answer = client.post(
        'mutation { linkParticipatesIn(from: "ottica-zirafa", to: "opticians-network", '
        "role: sponsor) { errors { code } } }"
    ).json()
    assert answer["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "sponsor" in answer["errors"][0]["message"]
