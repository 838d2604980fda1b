"""What the benchmarks share: the synthetic network in Neo4j, and a description of the machine."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from graph_service.config import Settings
from graph_service.services import loading
from graph_service.services.database import running_database
from graph_service.storage.graph_store import GraphStore
from loaders import synthetic


def ensure_network(settings: Settings, firms: int, seed: int) -> None:
    """Load the synthetic network unless the database holds exactly it (by counts)."""
    graph = synthetic.generate(firms, seed)
    with running_database(settings) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (n) WITH count(n) AS n OPTIONAL MATCH ()-[r]->() RETURN n, count(r) AS r",
            database_=settings.neo4j_database,
        )
        if (records[0]["n"], records[0]["r"]) == (graph.node_count, graph.relationship_count):
            return
        with driver.session(database=settings.neo4j_database) as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()
        start = time.perf_counter()
        loading.load_records(graph, GraphStore(driver, settings.neo4j_database))
        print(
            f"loaded the synthetic network ({firms:,} firms) in {time.perf_counter() - start:.1f} s"
        )


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
