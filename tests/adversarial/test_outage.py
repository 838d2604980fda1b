"""Neo4j killed under the service: every request fails fast with a typed error."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j, free_port
from graph_service.storage.database import connect
from graph_service.storage.schema import apply_schema
from tests.integration.graphql_server import KEYS, serving

READ = {"query": "{ topics { totalCount } }"}
WRITE = {"query": 'mutation { createTopic(input: {id: "t-1", name: "T"}) { errors { code } } }'}


def test_after_neo4j_is_killed_requests_fail_within_5_s_and_readyz_within_2_s(
    tmp_path: Path,
) -> None:
    neo4j = LocalNeo4j(tmp_path / "neo4j", free_port(), "outage-test-password", heap="512m")
    neo4j.start()
    try:
        settings = Settings(neo4j_uri=neo4j.uri, neo4j_password=neo4j.password)
        with connect(settings) as driver:
            apply_schema(driver, settings.neo4j_database)
        with serving(settings) as base, httpx.Client(base_url=base, timeout=60) as client:
            headers = {"authorization": f"Bearer {KEYS['admin'].secret}"}
            assert client.post("/graphql", json=READ, headers=headers).json() == {
                "data": {"topics": {"totalCount": 0}}
            }
            assert client.get("/readyz").status_code == 200

            pid = neo4j.status().pid
            assert pid is not None
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)

            for body in (READ, WRITE, READ):
                started = time.monotonic()
                answer = client.post("/graphql", json=body, headers=headers).json()
                took = time.monotonic() - started
                assert answer["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE", answer
                assert took < 5, f"{body['query'][:20]}: {took:.1f} s"
            started = time.monotonic()
            ready = client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["status"] == "unavailable"
            assert time.monotonic() - started < 2
            assert client.get("/healthz").status_code == 200
    finally:
        neo4j.stop()
