"""What a user sees when Neo4j cannot be used: one line naming the URI, no traceback."""

import os
import subprocess
import sys

from graph_service.local_neo4j import free_port
from tests.conftest import Database


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graph_service", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_wrong_credentials_give_one_line_naming_the_uri(session_db: Database) -> None:
    env = {**session_db.env, "NEO4J_PASSWORD": "not-the-password"}
    result = run("schema", "apply", env=env)
    assert result.returncode == 1
    uri = session_db.settings.effective_neo4j_uri
    assert result.stderr.strip() == (
        f"graph-service: error: Neo4j at {uri} refused the credentials "
        "(check NEO4J_USER and NEO4J_PASSWORD)"
    )


def test_an_unreachable_neo4j_gives_one_line_naming_the_uri() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = run("export", "out.json", env={**os.environ, "NEO4J_URI": uri})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"graph-service: error: Neo4j at {uri} is unreachable")
    assert "Traceback" not in result.stderr
