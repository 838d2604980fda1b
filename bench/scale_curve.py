"""How the service grows with the network: the same measures at 8,000, 80,000 and 400,000 firms.

    .venv/bin/python bench/scale_curve.py [--sizes 8000,80000,400000] [--duration 10]

For each size, into an emptied database (constraints and indexes kept): the synthetic network is
written as CSV and loaded with `graph-service load` (a subprocess, as a user runs it: its time
and its peak memory); then `graph-service serve --no-demo` starts and is asked, through GraphQL
as a partner or the graph browser asks it, for the network's statistics (the first analysis:
it reads the whole graph from Neo4j and compiles it, *the projection*), then each analysis once
(computed, not cached: each is the first of its kind on this graph version), then the project's
API mix of `bench/api_compare.py` at 8 clients for ``--duration`` seconds; last, the serving
process's peak memory (``VmHWM``).

It prints one row per measure: its value at each size and the growth exponent between two sizes,
``log(t2 / t1) / log(n2 / n1)`` with n the number of firms: 1 is linear, 2 quadratic, below 1
less than linear (fixed costs weigh more on the small network).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import api_compare
import httpx
from common import empty_database, load_average

from graph_service.config import Settings
from graph_service.local_neo4j import free_port
from graph_service.services.database import running_database
from graph_service.storage.schema import apply_schema
from loaders import synthetic

ROOT = Path(__file__).resolve().parent.parent
SIZES = (8_000, 80_000, 400_000)

# name: the query (each answer carries the graph version it was computed on)
ANALYSES: dict[str, str] = {
    "centrality: degree": "{ a: centrality(measure: DEGREE) { graphVersion } }",
    "centrality: PageRank": "{ a: centrality(measure: PAGERANK) { graphVersion } }",
    "centrality: betweenness (500 sources)": (
        "{ a: centrality(measure: BETWEENNESS) { graphVersion } }"
    ),
    "communities": "{ a: communities { graphVersion } }",
    "structural holes": "{ a: structuralHoles { graphVersion } }",
    "brokers": "{ a: brokers { graphVersion } }",
    "cut points + bridges": "{ a: cutPoints { graphVersion } }",
    "opportunities, one firm": (
        "query($firm: ID!) { a: collaborationOpportunities(firm: $firm) { graphVersion } }"
    ),
    "bridge to the other hub": "{ a: bridgeCandidates { graphVersion } }",
}


def load(settings: Settings, directory: Path) -> tuple[float, float]:
    """`graph-service load DIR`: seconds, and the loading process's peak memory in MB."""
    env = {
        **os.environ,
        "NEO4J_URI": settings.effective_neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
    }
    command = [sys.executable, "-m", "graph_service", "load", str(directory)]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"graph-service load {directory} failed ({process.returncode})")
    return seconds, usage.ru_maxrss / 1024


def serve_and_measure(
    settings: Settings, firms: int, firm: str, duration: int, seed: int
) -> dict[str, float]:
    """The projection, each analysis, the API mix at 8 clients and the peak memory of one
    `graph-service serve` process on the loaded network."""
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": settings.effective_neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_DATABASE": settings.neo4j_database,
        "GRAPH_SERVICE_API_KEYS": f"bench:admin:{api_compare.KEY}",
        "GRAPH_SERVICE_PORT": str(port),
    }
    logs = Path(tempfile.mkdtemp(prefix="scale-bench-"))
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "graph-service"), "serve", "--no-demo"],
        env=env,
        stdout=(logs / "service.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    side = {
        "url": f"http://127.0.0.1:{port}/graphql",
        "headers": {"authorization": f"Bearer {api_compare.KEY}"},
    }
    found: dict[str, float] = {}
    try:
        api_compare._wait(side)
        found["projection (first analysis: read + compile)"] = _timed(
            side, "{ a: networkStats { graphVersion } }", {}
        )
        for name, query in ANALYSES.items():
            found[name] = _timed(side, query, {"firm": firm})
        mix = api_compare.request_mix(firms, seed)
        bodies = logs / "mix.json"
        bodies.write_text(json.dumps([api_compare.body("service", k, v) for k, v in mix]))
        api_compare.hammer(side, bodies, 8, 3)  # warm-up
        measured = api_compare.hammer(side, bodies, 8, duration)
        found["API mix, 8 clients: requests/s"] = measured["throughput"]
        found["API mix, 8 clients: p95 (ms)"] = measured["p95"]
        found["service peak memory (MB)"] = _peak_mb(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    return found


def _timed(side: dict[str, Any], query: str, variables: dict[str, Any]) -> float:
    used = {k: v for k, v in variables.items() if f"${k}" in query}
    start = time.perf_counter()
    response = httpx.post(
        side["url"],
        json={"query": query, "variables": used},
        headers=side["headers"],
        timeout=600,
    )
    seconds = time.perf_counter() - start
    body = response.json()
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
    if codes and set(codes) <= {"TIMEOUT"}:
        # Past the analyses' own time limit: where one machine stops, for this analysis.
        print(f"  {query}: timed out after {seconds:.0f} s", flush=True)
        return math.inf
    if response.status_code != 200 or body.get("errors"):
        raise SystemExit(f"{query} failed: {response.text[:300]}")
    return seconds


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def exponent(n1: int, v1: float, n2: int, v2: float) -> float:
    """The growth exponent between two sizes.

    >>> round(exponent(8_000, 1.0, 80_000, 10.0), 2)
    1.0
    >>> round(exponent(80_000, 2.0, 400_000, 50.0), 2)
    2.0
    """
    if v1 <= 0 or v2 <= 0 or math.isinf(v1) or math.isinf(v2):
        return float("nan")
    return math.log(v2 / v1) / math.log(n2 / n1)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=int, default=10, help="seconds of the API mix")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    settings = Settings.from_env()
    columns: dict[int, dict[str, float]] = {}
    counts: dict[int, tuple[int, int]] = {}
    # One Neo4j for the whole run (started here if local and not running, stopped at the end).
    with running_database(settings) as driver:
        for firms in sizes:
            apply_schema(driver, settings.neo4j_database)
            empty_database(driver, settings.neo4j_database)
            columns[firms], counts[firms] = _one_size(settings, firms, args.seed, args.duration)
            for name, value in columns[firms].items():
                print(f"  {name:<48} {value:10.2f}", flush=True)
    rows = _rows(sizes, columns)
    print(_table(sizes, rows))
    return {
        "sizes": sizes,
        "counts": counts,
        "rows": rows,
        "load_average": load_average(),
    }


def _one_size(
    settings: Settings, firms: int, seed: int, duration: int
) -> tuple[dict[str, float], tuple[int, int]]:
    """Every measure at one size, on a database emptied before."""
    directory = Path(tempfile.mkdtemp(prefix=f"scale-{firms}-"))
    try:
        start = time.perf_counter()
        graph = synthetic.generate(firms, seed)
        synthetic.write(graph, directory, "csv")
        counts = (graph.node_count, graph.relationship_count)
        firm = random.Random(seed).choice(sorted(n.id for n in graph.nodes["Firm"]))
        del graph
        print(
            f"{firms:,} firms: {counts[0]:,} nodes, {counts[1]:,} relationships, written in "
            f"{time.perf_counter() - start:.1f} s",
            flush=True,
        )
        seconds, peak = load(settings, directory)
        found = {"load (s)": seconds, "load: peak memory (MB)": peak}
        found |= serve_and_measure(settings, firms, firm, duration, seed)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return found, counts


def _rows(sizes: list[int], columns: dict[int, dict[str, float]]) -> list[dict[str, Any]]:
    names = list(columns[sizes[0]])
    rows = []
    for name in names:
        values = [columns[n][name] for n in sizes]
        exponents = [
            exponent(sizes[i], values[i], sizes[i + 1], values[i + 1])
            for i in range(len(sizes) - 1)
        ]
        rows.append({"name": name, "values": values, "exponents": exponents})
    return rows


def _table(sizes: list[int], rows: list[dict[str, Any]]) -> str:
    spans = [f"{a // 1000}k-{b // 1000}k" for a, b in itertools.pairwise(sizes)]
    head = (
        f"{'measure':<48}"
        + "".join(f"{f'{n:,}':>12}" for n in sizes)
        + "".join(f"{s:>12}" for s in spans)
    )
    lines = [head]
    for row in rows:
        lines.append(
            f"{row['name']:<48}"
            + "".join(f"{v:12.2f}" for v in row["values"])
            + "".join(f"{e:12.2f}" for e in row["exponents"])
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
