"""Every error of every response carries a stable code: a corpus of bad requests, as partners
and hostile clients send them, and Neo4j gone while the service runs."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from graph_service.api.errors import HTTP_STATUS
from graph_service.local_neo4j import free_port
from tests.conftest import Database
from tests.integration.graphql_server import KEYS, GraphQLClient, serving

CODES = set(HTTP_STATUS) | {"INVALID_INPUT", "DUPLICATE_ID", "CONFLICT", "QUERY_TOO_COMPLEX"}

# (role, query, variables): each must answer errors, every one of them with a known code.
CORPUS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("reader", "{ firms { nodes { name }", None),
    ("reader", "{ firms { nodes { nome } } }", None),
    ("reader", "{ unknownRoot }", None),
    ("reader", "query Q($n: Int!) { firms(first: $n) { totalCount } }", {"n": "ten"}),
    ("reader", "query Q($n: Int!) { firms(first: $n) { totalCount } }", None),
    ("reader", "{ firms(first: 1000) { totalCount } }", None),
    ("reader", '{ firms(after: "not-a-cursor") { totalCount } }', None),
    ("reader", '{ changes(after: "not-a-position") { endPosition } }', None),
    ("reader", "{ changes(first: 100000) { endPosition } }", None),
    ("reader", "subscription { changes { position } }", None),
    ("reader", 'mutation { registerWebhook(url: "https://crm.example.org/h") { secret } }', None),
    ("admin", 'mutation { registerWebhook(url: "gopher://crm.example.org/h") { secret } }', None),
    ("admin", 'mutation { pauseWebhook(id: "no-such-webhook") { state } }', None),
    ("reader", '{ search(text: "   ") { score } }', None),
    ("reader", '{ projects(where: {year: {eq: "2018"}}) { totalCount } }', None),
    ("reader", "query A { firms { totalCount } } query B { firms { totalCount } }", None),
    ("analyst", "{ centrality(measure: KATZ) { graphVersion } }", None),
    ("analyst", '{ centrality(measure: "pagerank") { graphVersion } }', None),
    ("analyst", "{ centrality(measure: Degree) { graphVersion } }", None),
    (
        "analyst",
        "query C($m: CentralityMeasure!) { centrality(measure: $m) { graphVersion } }",
        {"m": "katz"},
    ),
    ("analyst", "{ collaborationOpportunities(method: cosine) { graphVersion } }", None),
    ("analyst", "{ centrality(top: 0) { graphVersion } }", None),
    ("analyst", "{ centrality(label: Firma) { graphVersion } }", None),
    ("analyst", '{ collaborationOpportunities(firm: "no-such-firm") { graphVersion } }', None),
    ("analyst", '{ bridgeCandidates(otherHub: "no-such-hub") { graphVersion } }', None),
    ("reader", "{ communities { graphVersion } }", None),
    ("reader", '{ shortestPaths(source: "it-hub", target: "x", k: 99) { graphVersion } }', None),
    ("reader", '{ neighbourhood(id: "it-hub", radius: 9) { graphVersion } }', None),
    (
        "reader",
        '{ neighbourhood(id: "it-hub", relationshipTypes: [KNOWS]) { graphVersion } }',
        None,
    ),
    ("reader", "{ auditTrail { nodes { at } } }", None),
    ("admin", '{ auditTrail(after: "bm90IGEgY3Vyc29y") { nodes { at } } }', None),
    ("admin", "{ auditTrail(first: 0) { nodes { at } } }", None),
]

MUTATIONS: list[str] = [
    'mutation { deleteFirm(id: "ottica-zirafa") { errors { code field } } }',
    'mutation { createFirm(input: {id: "ottica-zirafa", name: "Again"}) { errors { code field } } }',
    'mutation { createFirm(input: {id: "  ", name: "Blank"}) { errors { code field } } }',
    'mutation { updateFirm(id: "no-such", input: {name: "X"}) { errors { code field } } }',
    'mutation { updateProject(id: "opticians-network", input: {ownShare: 7}) { errors { code field } } }',
    'mutation { updateFirm(id: "ottica-zirafa", input: {name: "X"}, expectedVersion: 999) { errors { code field } } }',
    'mutation { linkMemberOf(from: "it-hub", to: "ottica-zirafa") { errors { code field } } }',
    'mutation { unlinkAbout(from: "ottica-zirafa", to: "it-hub") { errors { code field } } }',
]


def _codes(body: dict[str, Any]) -> list[Any]:
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


@pytest.fixture
def url(demo_db: Database, service_url: str) -> Iterator[str]:
    yield f"{service_url}/graphql"


@pytest.mark.parametrize(("role", "query", "variables"), CORPUS)
def test_every_error_of_a_bad_request_has_a_known_code(
    url: str, role: str, query: str, variables: dict[str, Any] | None
) -> None:
    response = GraphQLClient(url, KEYS[role].secret).post(query, variables)
    body = response.json()
    codes = _codes(body)
    assert codes, body
    assert set(codes) <= CODES, body
    assert response.status_code < 500, body


@pytest.mark.parametrize("mutation", MUTATIONS)
def test_a_refused_mutation_names_its_code_and_writes_nothing(
    url: str, demo_db: Database, mutation: str
) -> None:
    before = demo_db.fingerprint()
    role = "reader" if "deleteFirm" in mutation else "editor"  # a reader may not write at all
    body = GraphQLClient(url, KEYS[role].secret).post(mutation).json()
    (payload,) = body["data"].values()
    assert payload["errors"] and {e["code"] for e in payload["errors"]} <= CODES, body
    assert demo_db.fingerprint() == before


def test_wrong_enum_values_are_validation_errors_that_list_the_allowed_ones(url: str) -> None:
    client = GraphQLClient(url, KEYS["analyst"].secret)
    body = client.post("{ centrality(measure: KATZ) { graphVersion } }").json()
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "DEGREE, BETWEENNESS, CLOSENESS, EIGENVECTOR, PAGERANK" in error["message"]
    body = client.post("{ collaborationOpportunities(method: cosine) { graphVersion } }").json()
    assert "ADAMIC_ADAR, RESOURCE_ALLOCATION, JACCARD" in body["errors"][0]["message"]


def test_http_level_refusals_carry_codes_too(url: str) -> None:
    auth = {"authorization": f"Bearer {KEYS['reader'].secret}"}
    answers = [
        httpx.post(url, content=b"{}", headers={**auth, "content-type": "text/plain"}),
        httpx.post(
            url, json={"query": "{ firms { totalCount } }"}, headers={"accept": "text/csv", **auth}
        ),
        httpx.post(url, json={"query": "{ firms { totalCount } }"}),
        httpx.post(url, content=b"{not json", headers={**auth, "content-type": "application/json"}),
        httpx.post(url, json={"query": 7}, headers=auth),
    ]
    for response in answers:
        assert response.status_code in (400, 401, 406, 415), response.text
        assert all(isinstance(code, str) for code in _codes(response.json())), response.text
        assert _codes(response.json()), response.text


def test_with_neo4j_gone_every_kind_of_field_says_service_unavailable(
    session_db: Database,
) -> None:
    gone = dataclasses.replace(session_db.settings, neo4j_uri=f"bolt://127.0.0.1:{free_port()}")
    with serving(gone) as base:
        admin = GraphQLClient(f"{base}/graphql", KEYS["admin"].secret)
        for query in (
            "{ firms(first: 1) { totalCount } }",
            "{ centrality { graphVersion } }",
            '{ neighbourhood(id: "it-hub") { graphVersion } }',
            "{ auditTrail { nodes { at } } }",
            'mutation { updateFirm(id: "ottica-zirafa", input: {name: "X"}) { errors { code } } }',
        ):
            response = admin.post(query)
            assert _codes(response.json()) == ["SERVICE_UNAVAILABLE"], (query, response.text)
            assert response.status_code == 503, (query, response.text)
        ready = httpx.get(f"{base}/readyz", timeout=30)
        assert ready.status_code == 503
        assert ready.json()["reason"] == "SERVICE_UNAVAILABLE"
