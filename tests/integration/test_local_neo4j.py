"""The local Neo4j behind `graph-service neo4j start|stop|status`."""

import json
import subprocess
import sys
from pathlib import Path

import neo4j

from graph_service.local_neo4j import LocalNeo4j, free_port


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph_service", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def test_start_status_stop_through_the_cli(tmp_path: Path) -> None:
    port = free_port()
    env = {
        "PATH": "/usr/bin:/bin:/usr/local/bin",
        "GRAPH_SERVICE_DATA_DIR": str(tmp_path),
        "NEO4J_LOCAL_PORT": str(port),
        "NEO4J_PASSWORD": "a-test-password",
    }
    instance = LocalNeo4j(tmp_path / "neo4j", port, "a-test-password")
    try:
        started = cli("neo4j", "start", env=env)
        assert started.returncode == 0, started.stderr
        assert started.stdout.startswith(f"started: running: bolt://127.0.0.1:{port}")

        again = cli("neo4j", "start", env=env)
        assert again.returncode == 0
        assert again.stdout.startswith("already running")

        with neo4j.GraphDatabase.driver(instance.uri, auth=("neo4j", "a-test-password")) as driver:
            records, _, _ = driver.execute_query("RETURN $greeting AS greeting", greeting="ciao")
            assert records[0]["greeting"] == "ciao"

        status = cli("neo4j", "status", env=env)
        assert status.returncode == 0
        assert f"bolt://127.0.0.1:{port}" in status.stdout
        assert "ready" in instance.log_file.read_text()

        stopped = cli("neo4j", "stop", env=env)
        assert stopped.stdout.strip() == "stopped"
        status = cli("neo4j", "status", env=env)
        assert status.returncode == 3
        assert status.stdout.startswith("stopped")
        assert "shutting down" in instance.log_file.read_text()
    finally:
        instance.stop()


def test_a_stale_pid_file_is_cleared_and_the_data_is_kept(tmp_path: Path) -> None:
    instance = LocalNeo4j(tmp_path / "neo4j", free_port(), "a-test-password", heap="512m")
    instance.home.mkdir(parents=True)
    (instance.home / "neo4j.pid.json").write_text(json.dumps({"pid": 999_999, "port": 1}))
    assert not instance.status().running
    try:
        assert instance.start() is True
        with neo4j.GraphDatabase.driver(instance.uri, auth=("neo4j", "a-test-password")) as driver:
            driver.execute_query("CREATE (:Topic {id: 'kept', name: 'Kept'})")
        instance.stop()
        assert not instance.status().running
        assert instance.start() is True
        with neo4j.GraphDatabase.driver(instance.uri, auth=("neo4j", "a-test-password")) as driver:
            records, _, _ = driver.execute_query("MATCH (t:Topic {id: 'kept'}) RETURN t.name AS n")
            assert [r["n"] for r in records] == ["Kept"]
    finally:
        instance.stop()
