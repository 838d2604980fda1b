"""A loader killed with SIGKILL half-way, then run again, ends in exactly the graph a clean load
gives: nothing missing, nothing twice."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph_service.services import loading
from tests.conftest import Database

EXTRA_FIRMS = 10_000  # five batches of firms, ten of relationships


def big_network(path: Path) -> tuple[int, int]:
    """The demo network plus many generated firms, each a member of an association and a
    participant in a project; returns its node and relationship counts."""
    document = json.loads(loading.DEMO_PATH.read_text(encoding="utf-8"))
    associations = [a["id"] for a in document["nodes"]["Association"]]
    projects = [p["id"] for p in document["nodes"]["Project"]]
    for i in range(EXTRA_FIRMS):
        firm = f"gen-firm-{i:06d}"
        document["nodes"]["Firm"].append(
            {"id": firm, "name": f"Impresa {i} (generated)", "town": "Bergamo", "size": "micro"}
        )
        document["relationships"]["MEMBER_OF"].append(
            {"from": firm, "to": associations[i % len(associations)]}
        )
        document["relationships"]["PARTICIPATES_IN"].append(
            {"from": firm, "to": projects[i % len(projects)], "role": "partner"}
        )
    path.write_text(json.dumps(document), encoding="utf-8")
    nodes = sum(len(records) for records in document["nodes"].values())
    relationships = sum(len(records) for records in document["relationships"].values())
    return nodes, relationships


def counts(db: Database) -> tuple[int, int]:
    (record,) = db.query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } "
        "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
    )
    return record["nodes"], record["rels"]


def test_a_load_killed_half_way_and_run_again_gives_the_clean_graph(
    empty_db: Database, tmp_path: Path
) -> None:
    source = tmp_path / "big.json"
    nodes, relationships = big_network(source)

    loading.load(source, empty_db.store)  # what `graph-service load` runs, without a kill
    assert counts(empty_db) == (nodes, relationships)
    clean = tmp_path / "clean.json"
    loading.export(empty_db.store, clean)
    empty_db.wipe()

    loader = subprocess.Popen(
        [sys.executable, "-m", "graph_service", "load", str(source)],
        env=empty_db.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Kill it once all nodes and some relationships are in: a batch is committed or not.
        deadline = time.monotonic() + 300
        while counts(empty_db)[1] < 2000:
            assert loader.poll() is None, "the load finished before it could be interrupted"
            assert time.monotonic() < deadline, "the load made no progress"
            time.sleep(0.02)
        os.kill(loader.pid, signal.SIGKILL)
    finally:
        loader.kill()
        loader.wait(timeout=30)
    assert loader.returncode == -signal.SIGKILL
    interrupted = counts(empty_db)
    assert interrupted[0] == nodes and 0 < interrupted[1] < relationships, interrupted

    rerun = empty_db.cli("load", str(source))
    assert rerun.returncode == 0, rerun.stderr
    assert counts(empty_db) == (nodes, relationships)
    again = tmp_path / "again.json"
    assert empty_db.cli("export", str(again)).returncode == 0
    assert again.read_bytes() == clean.read_bytes()
