"""Loading the synthetic network: `graph-service load` vs Neo4j's own LOAD CSV, same files.

    .venv/bin/python bench/load_compare.py [--firms 80000] [--seed 1] [--rounds 1]

Writes the synthetic network as CSV files into the Neo4j import directory, then, for each
round, empties the database (constraints and indexes kept: both sides load under the same
schema) and loads the files once through `graph-service load DIR` (a subprocess, as a user runs
it: start-up, parsing, validation and the batched merges included) and once through LOAD CSV
with `CALL { ... } IN TRANSACTIONS OF 2000 ROWS` (the service's batch size), merging on ids
(the peer the target is set against); and a third time with LOAD CSV creating instead of
merging, which a first import into an empty database can do (the service does it then too).
The order rotates between rounds, after a first untimed load by each side: a Neo4j just started
runs its first loads up to twice as slowly (its code is still being compiled), which would
otherwise weigh on whichever side comes first. The Neo4j is the one configured as for the service
(NEO4J_URI, or the local one of GRAPH_SERVICE_DATA_DIR / NEO4J_LOCAL_PORT), and must run on
this machine: LOAD CSV reads the files from its import directory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import neo4j
from common import empty_database

from graph_service.config import Settings
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertyType
from graph_service.services.database import running_database
from graph_service.storage.graph_store import BATCH_SIZE
from graph_service.storage.schema import apply_schema
from loaders import synthetic

CONVERT = {
    PropertyType.STRING: "row.{0}",
    PropertyType.INTEGER: "toInteger(row.{0})",
    PropertyType.FLOAT: "toFloat(row.{0})",
    PropertyType.DATE: "date(row.{0})",
}


def peer_statements(directory: str, verb: str = "MERGE") -> list[tuple[str, str]]:
    """(what, LOAD CSV statement) for every file, nodes first, as a Neo4j user would write
    them: typed conversions, MERGE on id (or CREATE, into an empty database only), one CALL IN
    TRANSACTIONS per file. Each node also gets the model's shared ``Node`` label, as the
    service's nodes do: the schema's constraint that ids are unique across labels is on it, so
    a node without it would be a node the model does not guard (and both sides load the same
    graph)."""
    statements = []
    for label, spec in LABELS.items():
        props = ", ".join(
            [
                "id: row.id",
                *(f"{p.name}: {CONVERT[p.type].format(p.name)}" for p in spec.properties),
            ]
        )
        statements.append(
            (
                label,
                f"LOAD CSV WITH HEADERS FROM 'file:///{directory}/nodes/{label}.csv' AS row "
                f"CALL (row) {{ {verb} (n:{label} {{id: row.id}}) SET n = {{{props}}}, n:Node }} "
                f"IN TRANSACTIONS OF {BATCH_SIZE} ROWS",
            )
        )
    for rel_type, rel_spec in RELATIONSHIPS.items():
        props = ", ".join(
            f"{p.name}: {CONVERT[p.type].format(p.name)}" for p in rel_spec.properties
        )

        # A relationship file does not say its endpoints' labels: look each id up under every
        # label the type allows at that end (index seeks, not a scan of all nodes).
        def end(var: str, column: str, labels: set[str]) -> str:
            return " UNION ".join(
                f"MATCH ({var}:{lab} {{id: row.`{column}`}}) RETURN {var}" for lab in sorted(labels)
            )

        froms = {a for a, _ in rel_spec.endpoints}
        tos = {b for _, b in rel_spec.endpoints}
        statements.append(
            (
                rel_type,
                f"LOAD CSV WITH HEADERS FROM 'file:///{directory}/relationships/{rel_type}.csv' "
                f"AS row CALL (row) {{ "
                f"CALL (row) {{ {end('a', 'from', froms)} }} "
                f"CALL (row) {{ {end('b', 'to', tos)} }} "
                f"{verb} (a)-[r:{rel_type}]->(b) SET r = {{{props}}} }} "
                f"IN TRANSACTIONS OF {BATCH_SIZE} ROWS",
            )
        )
    return statements


def counts(driver: neo4j.Driver, database: str) -> tuple[int, int]:
    """The model's nodes (the shared ``Node`` label: not the change feed's counter and the
    load's summary event, which the service also writes) and relationships."""
    records, _, _ = driver.execute_query(
        "MATCH (n:Node) WITH count(n) AS n MATCH ()-[r]->() RETURN n, count(r) AS r",
        database_=database,
    )
    return records[0]["n"], records[0]["r"]


def import_directory(driver: neo4j.Driver) -> Path:
    """Where LOAD CSV reads ``file:///`` URLs from (the local Neo4j: ``<home>/db/import``)."""
    records, _, _ = driver.execute_query(
        "CALL dbms.listConfig('server.directories.import') YIELD value RETURN value"
    )
    return Path(records[0]["value"])


def run_service(settings: Settings, directory: Path) -> float:
    env = {
        **os.environ,
        "NEO4J_URI": settings.effective_neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }
    command = [sys.executable, "-m", "graph_service", "load", str(directory)]
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def run_peer(driver: neo4j.Driver, database: str, directory: str, verb: str) -> float:
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for _, statement in peer_statements(directory, verb):
            session.run(statement).consume()  # type: ignore[arg-type]
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=synthetic.FULL_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="each side once per round")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    database = settings.neo4j_database
    with running_database(settings) as driver:
        apply_schema(driver, database)
        name = f"graph-service-bench-{args.firms}-{args.seed}"
        directory = import_directory(driver) / name
        shutil.rmtree(directory, ignore_errors=True)
        start = time.perf_counter()
        graph = synthetic.generate(args.firms, args.seed)
        synthetic.write(graph, directory, "csv")
        print(
            f"synthetic network: {args.firms:,} firms, seed {args.seed}: {graph.node_count:,} "
            f"nodes, {graph.relationship_count:,} relationships, written in "
            f"{time.perf_counter() - start:.1f} s to {directory}",
            flush=True,
        )
        expected = (graph.node_count, graph.relationship_count)
        sides = ["service", "peer", "peer, CREATE"]
        times: dict[str, list[float]] = {side: [] for side in sides}

        def load(side: str) -> float:
            empty_database(driver, database)
            if side == "service":
                seconds = run_service(settings, directory)
            else:
                verb = "CREATE" if side.endswith("CREATE") else "MERGE"
                seconds = run_peer(driver, database, name, verb)
            got = counts(driver, database)
            if got != expected:
                raise SystemExit(f"{side} loaded {got}, expected {expected}")
            return seconds

        try:
            for side in sides:
                print(f"warm-up: {side:<12} {load(side):7.2f} s (not counted)", flush=True)
            for round_ in range(args.rounds):
                shift = round_ % len(sides)
                for side in sides[shift:] + sides[:shift]:
                    seconds = load(side)
                    times[side].append(seconds)
                    print(f"round {round_ + 1}: {side:<12} {seconds:7.2f} s", flush=True)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    service, peer, create = (min(times[side]) for side in sides)
    print(
        f"load {args.firms:,} firms: graph-service load {service:.2f} s, LOAD CSV (MERGE) "
        f"{peer:.2f} s, ratio service/peer {service / peer:.2f} (best of {args.rounds}; target "
        f"<= 1.00); LOAD CSV with CREATE {create:.2f} s, ratio {service / create:.2f}"
    )
    return {
        "firms": args.firms,
        "nodes": expected[0],
        "relationships": expected[1],
        "service": times["service"],
        "peer": times["peer"],
        "peer_create": times["peer, CREATE"],
        "ratio": service / peer,
        "ratio_create": service / create,
    }


if __name__ == "__main__":
    main()
