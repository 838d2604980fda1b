"""A corpus of malformed and hostile requests: every one gets a typed answer, never a 5xx nor
the service's insides."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Database
from tests.integration.graphql_server import KEYS

EDITOR = f"Bearer {KEYS['editor'].secret}"
JSON = "application/json"

CORPUS: dict[str, tuple[str, bytes, dict[str, str]]] = {
    "not JSON": ("POST", b"{query:", {}),
    "JSON nested 100,000 deep": ("POST", b"[" * 100_000 + b"]" * 100_000, {}),
    "a JSON array": ("POST", b"[1, 2]", {}),
    "query not a string": ("POST", b'{"query": 42}', {}),
    "variables not an object": ("POST", b'{"query": "{ __typename }", "variables": [1]}', {}),
    "NUL bytes": ("POST", b'{"query": "{ node(id: \\"\\u0000\\") { id } }"}', {}),
    "lone surrogate": ("POST", b'{"query": "{ node(id: \\"\\ud800\\") { id } }"}', {}),
    "invalid UTF-8": ("POST", b'{"query": "{ node(id: \\"\xff\xfe\\") { id } }"}', {}),
    "an Int past 32 bits": (
        "POST",
        b'{"query": "query($n: Int) { firms(first: $n) { totalCount } }", "variables": {"n": 99999999999999999999}}',
        {},
    ),
    "a negative page": ("POST", b'{"query": "{ firms(first: -1) { totalCount } }"}', {}),
    "a bad cursor": ("POST", b'{"query": "{ firms(after: \\"zz\\") { totalCount } }"}', {}),
    "an unknown operation": ("POST", b'{"query": "{ a: __typename }", "operationName": "X"}', {}),
    "a syntax error": ("POST", b'{"query": "{ firms { "}', {}),
    "a mutation by GET": ("GET", b"", {"query": 'mutation { deleteFirm(id: "x") { deletedId } }'}),
    "a bad date filter": (
        "POST",
        b'{"query": "{ projects(where: {startDate: {gt: \\"2018-13-45\\"}}) { totalCount } }"}',
        {},
    ),
    "a huge string id": (
        "POST",
        b'{"query": "{ node(id: \\"' + b"x" * 500_000 + b'\\") { id } }"}',
        {},
    ),
    "a blank id": (
        "POST",
        b'{"query": "mutation { createTopic(input: {id: \\"  \\", name: \\"T\\"}) { errors { code } } }"}',
        {},
    ),
    "a link to nothing": (
        "POST",
        b'{"query": "mutation { linkMemberOf(from: \\"nobody\\", to: \\"nothing\\") { errors { code } } }"}',
        {},
    ),
    "a search of symbols only": (
        "POST",
        b'{"query": "{ search(text: \\"*?~^\\") { score } }"}',
        {},
    ),
}


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_malformed_or_hostile_request_gets_a_typed_answer(
    demo_db: Database, service_url: str, name: str
) -> None:
    method, body, params = CORPUS[name]
    headers = {"authorization": EDITOR, "content-type": JSON}
    if method == "GET":
        response = httpx.get(f"{service_url}/graphql", params=params, headers=headers)
    else:
        response = httpx.post(f"{service_url}/graphql", content=body, headers=headers, timeout=30)
    assert response.status_code < 500, response.text
    answer = response.json()
    for error in answer.get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code != "INTERNAL_SERVER_ERROR", error
        assert "Traceback" not in error["message"] and "Neo." not in error["message"], error
    for payload in (answer.get("data") or {}).values():
        if isinstance(payload, dict):
            for error in payload.get("errors") or []:
                assert error["code"] in ("INVALID_INPUT", "NOT_FOUND"), error
