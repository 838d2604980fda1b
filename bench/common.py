"""What the benchmarks share: the synthetic network in Neo4j, and a description of the machine."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from neo4j import Driver

from graph_service.config import Settings
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.services import loading
from graph_service.services.database import apply_schema, running_database
from graph_service.storage.graph_store import GraphStore
from loaders import synthetic


def ensure_network(settings: Settings, firms: int, seed: int) -> None:
    """Load the synthetic network unless the database holds exactly it (by counts of the
    model's nodes and relationships: audit entries left by an API bench's mutations are not
    the network)."""
    graph = synthetic.generate(firms, seed)
    with running_database(settings) as driver:
        apply_schema(driver, settings.neo4j_database)  # a fresh database has no index yet
        records, _, _ = driver.execute_query(
            # The model's nodes and relationships only: the change feed's entries come and go.
            "MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) WITH count(n) AS n "
            "OPTIONAL MATCH ()-[r]->() WHERE type(r) IN $types RETURN n, count(r) AS r",
            labels=list(LABELS),
            types=list(RELATIONSHIPS),
            database_=settings.neo4j_database,
        )
        if (records[0]["n"], records[0]["r"]) == (graph.node_count, graph.relationship_count):
            return
        empty_database(driver, settings.neo4j_database)
        start = time.perf_counter()
        loading.load_records(graph, GraphStore(driver, settings.neo4j_database))
        print(
            f"loaded the synthetic network ({firms:,} firms) in {time.perf_counter() - start:.1f} s"
        )


def empty_database(driver: Driver, database: str) -> None:
    """Delete every node, a transaction of its own per batch: the server's transaction timeout
    would end one statement that empties a large network (400,000 firms) before it is done."""
    while True:
        deleted, _, _ = driver.execute_query(
            "MATCH (n) WITH n LIMIT 5000 DETACH DELETE n RETURN count(*) AS deleted",
            database_=database,
        )
        if deleted[0]["deleted"] == 0:
            return


def machine() -> str:
    """CPU model, cores and memory of this machine, for the results."""
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return (
        f"{model}, {os.cpu_count()} cores, {memory} RAM, {platform.system()} {platform.release()}"
    )


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"
