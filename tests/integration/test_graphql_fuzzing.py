"""Fuzzing the live GraphQL API with schemathesis: generated queries and mutations, for every
role, never get a 5xx nor an error that shows the service's insides."""

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from graphql import build_client_schema, get_introspection_query
from hypothesis import HealthCheck, given, settings
from schemathesis import Case

from tests.conftest import Database
from tests.integration.graphql_server import KEYS

OPERATIONS_PER_ROLE = int(os.environ.get("GRAPH_SERVICE_FUZZ_OPERATIONS", "60"))
"""60 per role in ``make test``; ``make fuzz`` runs 1,000 per role."""
# Words found in Python tracebacks and Neo4j's errors, never in the service's own messages.
LEAKS = ("Traceback", "Exception", "Neo.", "neo4j", "Cypher", 'File "', "line ")


@pytest.fixture
def graphql_url(demo_db: Database, service_url: str) -> Iterator[str]:
    yield f"{service_url}/graphql"


@pytest.mark.parametrize("role", list(KEYS))
def test_generated_operations_never_fail_the_server(graphql_url: str, role: str) -> None:
    headers = {"authorization": f"Bearer {KEYS[role].secret}"}
    schema = schemathesis.graphql.from_url(graphql_url, headers=headers, timeout=30)
    seen: list[str] = []

    @given(case=schema.as_strategy(headers=headers))
    @settings(
        max_examples=OPERATIONS_PER_ROLE,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Case[Any]) -> None:
        response = case.call(headers=headers, timeout=30)
        seen.append(case.operation.label)
        assert response.status_code < 500, (case.body, response.text)
        body: dict[str, Any] = response.json()
        for error in body.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            assert code != "INTERNAL_SERVER_ERROR", (case.body, error)
            assert not any(leak in error["message"] for leak in LEAKS), (case.body, error)
        for payload in (body.get("data") or {}).values():
            for error in (payload or {}).get("errors") or [] if isinstance(payload, dict) else []:
                assert not any(leak in str(error.get("message")) for leak in LEAKS), error

    check()
    print(f"{role}: {len(seen)} operations, no 5xx")
    assert len(seen) >= OPERATIONS_PER_ROLE // 2
    assert any(label.startswith("Mutation.") for label in seen)


def test_the_standard_introspection_query_is_answered(service_url: str) -> None:
    response = httpx.post(
        f"{service_url}/graphql",
        json={"query": get_introspection_query(descriptions=True)},
        headers={"authorization": f"Bearer {KEYS['reader'].secret}"},
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body["errors"]
    assert build_client_schema(body["data"]).get_type("Firm") is not None
