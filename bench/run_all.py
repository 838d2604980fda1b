"""Run every benchmark and write bench/RESULTS.md (what `make bench` runs).

    .venv/bin/python bench/run_all.py [--quick | --scale]
        [--only load,analytics,api,bulk,feed,browser] [--out FILE]

`--quick` is the few-minutes size (8,000 firms, short API runs); the default is the real
network's size (80,000 firms); `--scale` runs `bench/scale_curve.py` (8,000 / 80,000 / 400,000
firms) into its own section. The benches run one after the other on the Neo4j configured as
for the service, and each compares the service with its peer in the same run on the same data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import analytics_compare
import api_compare
import browser_render
import bulk_compare
import feed_cost
import load_compare
import scale_curve
from common import load_average, machine

from graph_service.config import Settings
from graph_service.services.database import running_database

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
QUICK, FULL = 8_000, 80_000


def seconds(value: float | None) -> str:
    return analytics_compare.seconds_text(value)


def load_section(r: dict[str, Any], command: str) -> list[str]:
    best_service, best_peer = min(r["service"]), min(r["peer"])
    return [
        "### Loading",
        "",
        f"`{command}`",
        "",
        f"{r['nodes']:,} nodes and {r['relationships']:,} relationships ({r['firms']:,} firms), "
        "CSV files, each side into an emptied database with the same constraints and indexes, "
        "2,000 rows per transaction on both sides; each side loads once untimed first (a Neo4j "
        "just started loads up to twice as slowly), then the rounds take turns to go first.",
        "",
        "| side | runs (s) | best (s) |",
        "| --- | --- | --- |",
        f"| `graph-service load DIR` | {', '.join(f'{t:.2f}' for t in r['service'])} | "
        f"{best_service:.2f} |",
        f"| Neo4j `LOAD CSV`, MERGE | {', '.join(f'{t:.2f}' for t in r['peer'])} | "
        f"{best_peer:.2f} |",
        f"| Neo4j `LOAD CSV`, CREATE | {', '.join(f'{t:.2f}' for t in r['peer_create'])} | "
        f"{min(r['peer_create']):.2f} |",
        "",
        f"**Ratio service / LOAD CSV (MERGE): {r['ratio']:.2f}** (target: at most 1.00; "
        f"{'met' if r['ratio'] <= 1 else 'missed'}; each round's: "
        f"{', '.join(f'{a / b:.2f}' for a, b in zip(r['service'], r['peer'], strict=True))}); "
        "service / LOAD CSV (CREATE): "
        f"{r['ratio_create']:.2f}. Into an empty label or relationship type the service creates "
        "rather than merges (its ids are validated unique first).",
        "",
    ]


def analytics_section(r: dict[str, Any], command: str) -> list[str]:
    lines = [
        "### Analytics",
        "",
        f"`{command}`",
        "",
        f"{r['nodes']:,} nodes, {r['relationships']:,} relationships ({r['firms']:,} firms). "
        "*ours*: the analysis on the projection; *cold*: the service's slowest first answer "
        "after a write (a firm linked to or unlinked from an association just before: the "
        "projection kept current by the write, not read again); *peak*: resident-memory "
        "growth during the analysis; *ratio*: ours / the fastest library for the same "
        "algorithm (target <= 2).",
        "",
        "| analysis | ours | peak | cold | target | networkx | igraph | ratio | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for e in r["rows"]:
        target = "-"
        if e["target"] is not None:
            met = "" if e["met"] is None else (" met" if e["met"] else " **missed**")
            target = f"{seconds(e['target'])}{met}"
        peak = "-" if e["peak_mb"] is None else f"{e['peak_mb']:.0f} MB"
        ratio = "-" if e["ratio"] is None else f"{e['ratio']:.2f}"
        lines.append(
            f"| {e['analysis']} | {seconds(e['ours'])} | {peak} | {seconds(e['cold'])} | "
            f"{target} | {seconds(e['networkx'])} | {seconds(e['igraph'])} | {ratio} | "
            f"{e['note']} |"
        )
    return [*lines, ""]


def api_section(r: dict[str, Any], command: str) -> list[str]:
    lines = [
        "### GraphQL API",
        "",
        f"`{command}`",
        "",
        f"{r['firms']:,} firms; {r['duration']} s per measurement after a warm-up, "
        f"{r['repeat']} rounds at each level with the sides taking turns to go first; the "
        "mixes and their queries are in `bench/api_compare.py`. A ratio is the mean of the "
        "rounds' ratios, with their spread (lowest-highest).",
        "",
    ]
    for mix in r["mixes"]:
        lines += [
            f"**{mix['name'][0].upper()}{mix['name'][1:]}.** Answers: {mix['agreement']}. "
            "Cypher queries per request (one request at a time): "
            + ", ".join(
                f"{kind} {c['service']:.1f} vs {c['peer']:.1f}" for kind, c in mix["cypher"].items()
            )
            + f"; the mix: service {mix['cypher_per_request']['service']:.2f}, "
            f"peer {mix['cypher_per_request']['peer']:.2f}.",
            "",
            "| clients | round | side | req/s | p50 | p95 | p99 | failed |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for row in mix["rows"]:
            for number, measured in enumerate(row["rounds"], 1):
                for side in ("service", "peer"):
                    s = measured[side]
                    lines.append(
                        f"| {row['clients']} | {number} | {side} | {s['throughput']:.1f} | "
                        f"{s['p50']:.0f} ms | {s['p95']:.0f} ms | {s['p99']:.0f} ms | "
                        f"{s['non2xx'] + s['errors']} |"
                    )
            lo, hi = row["throughput_ratio_spread"]
            p_lo, p_hi = row["p95_ratio_spread"]
            lines.append(
                f"| {row['clients']} | all | **ratio** | **{row['throughput_ratio']:.2f}** "
                f"({lo:.2f}-{hi:.2f}) | | **{row['p95_ratio']:.2f}** ({p_lo:.2f}-{p_hi:.2f}) | | |"
            )
        lines.append("")
    lines += [
        "Target: throughput ratio at least 1.00 and p95 ratio at most 1.00 at every level, "
        "in both mixes.",
        "",
    ]
    return lines


def bulk_section(r: dict[str, Any], command: str) -> list[str]:
    lines = [
        "### Bulk writes",
        "",
        f"`{command}`",
        "",
        f"A CRM sync of {r['firms']:,} new firms in {r['calls']} calls of {r['batch']:,}: the "
        "service's `upsertFirms` against the Neo4j GraphQL Library's `createFirms`, then every "
        "firm updated with a value of its own (the peer: one aliased `updateFirms` per firm, "
        "a request per batch). Lower is better.",
        "",
        "| step | service | peer | ratio service / peer |",
        "| --- | --- | --- | --- |",
    ]
    for row in r["rows"]:
        lines.append(
            f"| {row['step']} | {row['service']:.2f} s | {row['peer']:.2f} s | "
            f"**{row['ratio']:.2f}** |"
        )
    lines += [
        "",
        f"The same update repeated: {r['repeat']:.2f} s, {r['unchanged']:,} firms unchanged, "
        f"{r['written']} written (no version bumped, no audit entry).",
        "",
    ]
    return lines


def browser_section(r: dict[str, Any], command: str) -> list[str]:
    lines = [
        "### Graph browser",
        "",
        f"`{command}`",
        "",
        "Time to first render in headless Chromium (software GL, canvas renderer) of a generated "
        "graph drawn by the page itself (force-directed layout, fcose), and the frame rate while "
        "the mouse wheel zooms in and out and a drag pans the view (*gesture*: real input "
        "events), and while the view zooms in and back out by itself (*animated*); medians of "
        "the runs, every run in brackets. Above 400 nodes the page first draws the nodes where "
        "a quick placement puts them and lays them out in a worker (as Gephi Lite does): *laid "
        "out* is the time until they have their places. *First render*: until the first frame "
        "with every node is painted (a task queued from that frame's animation callbacks runs "
        "after its paint); *next frame*: until the animation frame after it, in which "
        "cytoscape.js draws again to sharpen its cached textures (what this table showed as the "
        "first render before 2026-12-02 evening). No peer here; targets at 5,000 nodes: a first "
        "render under 2 s and at least 30 fps.",
        "",
        "| nodes | edges | add | layout | paint | first render (runs) | next frame | laid out "
        "| gesture fps (runs) | animated fps (runs) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]

    def runs(row: dict[str, Any], key: str, digits: int) -> str:
        return " / ".join(f"{v:.{digits}f}" for v in row[f"{key}_runs"])

    for row in r["rows"]:
        lines.append(
            f"| {row['nodes']:,} | {row['edges']:,} | {row['add']:.0f} ms | "
            f"{row['layout']:.0f} ms | {row['paint']:.0f} ms | {row['total']:.0f} ms "
            f"({runs(row, 'total', 0)}) | {row['next']:.0f} ms | {row['settled']:.0f} ms | "
            f"{row['gesture']:.1f} ({runs(row, 'gesture', 1)}) | "
            f"{row['animated']:.1f} ({runs(row, 'animated', 1)}) |"
        )
    return [*lines, ""]


def feed_section(r: dict[str, Any], command: str) -> list[str]:
    lines = [
        "### The change feed's cost on mutations",
        "",
        f"`{command}`",
        "",
        f"{r['mutations']} mutations (a topic created, then updated) through the service's "
        "write path, one write transaction each, best of "
        f"{r['rounds']} alternating rounds. The peer is the same write with its audit entry "
        "but without a position in the feed (the audit trail as it was before the feed).",
        "",
        "| writers | with the feed (mutations/s) | audit entry only (mutations/s) | cost |",
        "| --- | --- | --- | --- |",
    ]
    for row in r["rows"]:
        lines.append(
            f"| {row['writers']} | {row['feed']:.0f} | {row['audit']:.0f} | {row['cost']:+.0%} |"
        )
    return [*lines, ""]


TITLE = """# Benchmark results

Written by `make bench` (the full size, 80,000 firms) and `make bench BENCH_SIZE=quick`
(8,000 firms); each run replaces its own section. Every figure compares the service with its
peer in one run, on the same Neo4j and the same data.
"""


def write_section(path: Path, size: str, text: str) -> None:
    """Replace the ``size`` section of the results file, keeping the other."""
    start, end = f"<!-- {size}:start -->", f"<!-- {size}:end -->"
    current = path.read_text(encoding="utf-8") if path.exists() else TITLE
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        updated = before + block + rest.split(end, 1)[1]
    elif size == "full" and "<!-- quick:start -->" in current:
        before, rest = current.split("<!-- quick:start -->", 1)
        updated = before + block + "\n\n<!-- quick:start -->" + rest
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")


def run(only: set[str], firms: int, quick: bool) -> list[str]:
    py = ".venv/bin/python"
    sections: list[str] = []
    if "load" in only:
        argv = ["--firms", str(firms), "--rounds", "2"]
        sections += load_section(
            load_compare.main(argv), f"{py} bench/load_compare.py {shlex.join(argv)}"
        )
    if "analytics" in only:
        argv = ["--firms", str(firms)]
        sections += analytics_section(
            analytics_compare.main(argv), f"{py} bench/analytics_compare.py {shlex.join(argv)}"
        )
    if "api" in only:
        argv = ["--firms", str(firms), "--duration", "5" if quick else "15"]
        sections += api_section(
            api_compare.main(argv), f"{py} bench/api_compare.py {shlex.join(argv)}"
        )
    if "bulk" in only:
        argv = ["--firms", "2000" if quick else "10000"]
        sections += bulk_section(
            bulk_compare.main(argv), f"{py} bench/bulk_compare.py {shlex.join(argv)}"
        )
    if "feed" in only:
        argv = ["--mutations", "200" if quick else "400"]
        sections += feed_section(
            feed_cost.main(argv), f"{py} bench/feed_cost.py {shlex.join(argv)}"
        )
    if "browser" in only:
        argv = ["--sizes", "500,2000" if quick else "500,2000,5000,20000"]
        sections += browser_section(
            browser_render.main(argv), f"{py} bench/browser_render.py {shlex.join(argv)}"
        )
    return sections


def scale_section(r: dict[str, Any], command: str, seconds: float) -> list[str]:
    sizes = r["sizes"]
    spans = [f"{a // 1000}k → {b // 1000}k" for a, b in itertools.pairwise(sizes)]
    lines = [
        "## Scaling (one machine)",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; machine: {machine()}; load "
        f"average at the end {r['load_average']}",
        f"- command: `make bench BENCH_SIZE=scale` (`{command}`), {seconds:.0f} s in all",
        "",
        "Each size loaded into an emptied database, then served by one `graph-service serve`: "
        "the first analysis reads and compiles the graph (*projection*), then each analysis "
        "once, computed (not cached), then the project's API mix at 8 clients. Times in "
        "seconds unless named. *Growth*: the exponent k in time ∝ firmsᵏ between two sizes "
        "(1 linear, 2 quadratic; below 1, fixed costs weigh on the small size).",
        "",
        "| measure | "
        + " | ".join(
            f"{n:,} firms ({r['counts'][n][0]:,} nodes, {r['counts'][n][1]:,} ties)" for n in sizes
        )
        + " | "
        + " | ".join(f"growth {s}" for s in spans)
        + " |",
        "| --- |" + " --- |" * (len(sizes) + len(spans)),
    ]
    for row in r["rows"]:
        lines.append(
            f"| {row['name']} | "
            + " | ".join(_scale_cell(v) for v in row["values"])
            + " | "
            + " | ".join("-" if math.isnan(e) else f"{e:.2f}" for e in row["exponents"])
            + " |"
        )
    return [*lines, ""]


def _scale_cell(value: float) -> str:
    return "timed out (120 s)" if math.isinf(value) else f"{value:,.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="8,000 firms, short API runs")
    parser.add_argument(
        "--scale", action="store_true", help="8,000 / 80,000 / 400,000 firms (bench/scale_curve.py)"
    )
    parser.add_argument("--only", default="load,analytics,api,bulk,feed,browser")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    firms = QUICK if args.quick else FULL
    started = time.perf_counter()
    if args.scale:
        result = scale_curve.main([])
        command = ".venv/bin/python bench/scale_curve.py"
        text = scale_section(result, command, time.perf_counter() - started)
        write_section(args.out, "scale", "\n".join(text))
        print(f"wrote {args.out}", file=sys.stderr)
        return
    # One Neo4j for the whole run (started here if local and not running, stopped at the end).
    with running_database(Settings.from_env()):
        sections = run(set(args.only.split(",")), firms, args.quick)
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    header = [
        f"## {'Quick size' if args.quick else 'Full size'} ({firms:,} firms)",
        "",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit}",
        f"- machine: {machine()}; load average at the end {load_average()} (the machine is "
        "shared: figures are noisy, compare the ratios of one run rather than absolute times)",
        f"- command: `make bench{' BENCH_SIZE=quick' if args.quick else ''}` "
        f"(`.venv/bin/python bench/run_all.py{' --quick' if args.quick else ''}`), "
        f"{time.perf_counter() - started:.0f} s in all",
        "",
    ]
    write_section(args.out, "quick" if args.quick else "full", "\n".join(header + sections))
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
