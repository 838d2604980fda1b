"""The service while its Neo4j is down, and after it comes back."""

import time
from pathlib import Path

import httpx
import pytest

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j, free_port
from tests.integration.graphql_server import (
    KEYS,
    REFUSED_SOCKETS,
    collect_refused_sockets,
    serving,
)


@pytest.mark.filterwarnings(REFUSED_SOCKETS)
def test_requests_fail_fast_with_a_typed_error_and_the_service_recovers(tmp_path: Path) -> None:
    neo4j = LocalNeo4j(tmp_path / "neo4j", free_port(), "outage-test-password", heap="512m")
    neo4j.start()
    try:
        settings = Settings(neo4j_uri=neo4j.uri, neo4j_password=neo4j.password)
        with serving(settings) as base:
            headers = {"authorization": f"Bearer {KEYS['reader'].secret}"}
            query = {"query": "{ topics { totalCount } }"}
            assert httpx.post(f"{base}/graphql", json=query, headers=headers).json() == {
                "data": {"topics": {"totalCount": 0}}
            }

            neo4j.stop()
            started = time.monotonic()
            down = httpx.post(f"{base}/graphql", json=query, headers=headers, timeout=60)
            assert time.monotonic() - started < 30
            assert down.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
            assert down.json()["data"] is None
            assert httpx.get(f"{base}/readyz", timeout=30).status_code == 503
            assert httpx.get(f"{base}/healthz").status_code == 200

            neo4j.start()
            ready = httpx.get(f"{base}/readyz", timeout=30)
            assert ready.status_code == 200
            again = httpx.post(f"{base}/graphql", json=query, headers=headers, timeout=30)
            assert again.json() == {"data": {"topics": {"totalCount": 0}}}
    finally:
        neo4j.stop()
        collect_refused_sockets()
