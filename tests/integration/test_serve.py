"""`graph-service serve` (what `make run` runs), as a user starts and stops it."""

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import neo4j

from graph_service.local_neo4j import LocalNeo4j, free_port
from graph_service.services import loading
from tests.conftest import Database


@contextmanager
def serving(env: dict[str, str], log: Path, stop: signal.Signals = signal.SIGINT) -> Iterator[str]:
    """Run the service until the block ends, then stop it with ``stop``: Ctrl-C (SIGINT), or
    SIGTERM as a process manager or ``docker stop`` sends."""
    port = free_port()
    env = {**env, "GRAPH_SERVICE_PORT": str(port), "GRAPH_SERVICE_HOST": "127.0.0.1"}
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph_service", "serve"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.3)
        yield base
    finally:
        process.send_signal(stop)
        try:
            assert process.wait(timeout=90) == 0, log.read_text()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def test_serve_answers_health_and_readiness_on_loopback(demo_db: Database, tmp_path: Path) -> None:
    secret = "crm-key-0123456789abcdef"
    env = {**demo_db.env, "GRAPH_SERVICE_API_KEYS": f"crm:reader:{secret}"}
    with serving(env, tmp_path / "serve.log") as base:
        health = httpx.get(f"{base}/healthz")
        assert health.json()["status"] == "ok"
        ready = httpx.get(f"{base}/readyz")
        assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": "{ topics { totalCount } }"},
            headers={"authorization": f"Bearer {secret}", "x-request-id": "crm-sync-7"},
        )
        assert answer.headers["x-request-id"] == "crm-sync-7"
    log = (tmp_path / "serve.log").read_text()
    assert "loading the demo" not in log
    # The service's log is JSON lines; the request's line names the key and never shows it.
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    (request,) = [line for line in lines if line.get("request_id") == "crm-sync-7"]
    assert (request["key_name"], request["status"], request["path"]) == ("crm", 200, "/graphql")
    assert secret not in log


def test_without_neo4j_uri_serve_runs_its_own_neo4j_and_loads_the_demo_once(tmp_path: Path) -> None:
    neo4j_port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(
        GRAPH_SERVICE_DATA_DIR=str(tmp_path / "data"),
        NEO4J_LOCAL_PORT=str(neo4j_port),
    )
    local = LocalNeo4j(tmp_path / "data" / "neo4j", neo4j_port, "graph-service-dev")
    demo = loading.read(loading.DEMO_PATH)
    try:
        with serving(env, tmp_path / "first.log") as base:
            assert httpx.get(f"{base}/readyz").status_code == 200
            assert local.status().running
            printed = (tmp_path / "first.log").read_text()
            (key,) = re.findall(r"development API key \(role admin\): (\S+)", printed)
            assert f"{base}/explore#key={key}" in printed  # the graph browser, key handed over
            answer = httpx.post(
                f"{base}/graphql",
                json={"query": '{ hub(id: "it-hub") { parties { totalCount } } }'},
                headers={"authorization": f"Bearer {key}"},
            )
            assert answer.json() == {"data": {"hub": {"parties": {"totalCount": 10}}}}
        first = (tmp_path / "first.log").read_text()
        assert "the database is empty, loading the demo network" in first
        assert not local.status().running, "Ctrl-C must stop the Neo4j the service started"

        with serving(env, tmp_path / "second.log", stop=signal.SIGTERM) as base:
            assert httpx.get(f"{base}/readyz").status_code == 200
            with neo4j.GraphDatabase.driver(
                local.uri, auth=("neo4j", "graph-service-dev")
            ) as driver:
                records, _, _ = driver.execute_query("MATCH (n:Node) RETURN count(n) AS n")
                assert records[0]["n"] == demo.node_count
        assert "loading the demo" not in (tmp_path / "second.log").read_text()
        assert not local.status().running, "SIGTERM must stop the Neo4j the service started"
    finally:
        local.stop()
