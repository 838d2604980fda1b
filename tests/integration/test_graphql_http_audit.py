"""The graphql-http reference audit, run against the live service."""

import json
import shutil
import subprocess
from pathlib import Path

from graph_service.config import PROJECT_ROOT
from tests.conftest import Database
from tests.integration.graphql_server import KEYS

AUDIT = Path(__file__).with_name("graphql_http_audit.mjs")


def test_no_must_fails_and_no_should_warnings(demo_db: Database, service_url: str) -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the graphql-http audit"
    assert (PROJECT_ROOT / "node_modules" / "graphql-http").is_dir(), "run `make setup` (npm ci)"
    run = subprocess.run(
        [node, str(AUDIT), f"{service_url}/graphql", KEYS["reader"].secret],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
        check=True,
    )
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) > 30
    failures = [r for r in results if r["name"].startswith("MUST") and r["status"] != "ok"]
    warnings = [r for r in results if r["status"] != "ok"]
    assert failures == []
    assert warnings == [], warnings
