"""Analytics on the synthetic network in Neo4j: ours (projection included) vs networkx vs igraph.

    .venv/bin/python bench/analytics_compare.py [--firms 80000] [--seed 1]

Loads the synthetic network (`graph-service load synthetic`) into the configured Neo4j unless
it already holds exactly that network, reads it back the way the service does (the projection),
then times each analysis three ways on the same graph: ours (`graph_service.analytics`, on the
projection), the same algorithm in plain networkx (on the undirected view, or the affinity view
for opportunities) and in igraph (the fastest of the compiled libraries installed here, on the
same simple graph). Each measurement runs in a forked process; "peak" is how much its resident
memory grew at most (copy-on-write pages of the graph it touched included). Where networkx
would take minutes it is timed on a sample and extrapolated; the note says so. The cold time
("with projection") adds the projection and its compilation, read once per graph version; the
service then answers repeated reads from its cache (last rows). Run one benchmark at a time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import igraph  # type: ignore[import-untyped]
import networkx as nx
from common import ensure_network

from graph_service.analytics import brokers, centrality, communities, cuts, opportunities, views
from graph_service.analytics.affinity import AffinityIndex
from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.engine import CompiledGraph, compile_graph
from graph_service.config import ApiKey, Settings
from graph_service.services.analytics import AnalyticsService
from graph_service.services.database import running_database
from graph_service.services.writes import GraphWrites, LinkChange, ReadBack
from graph_service.storage import database as drivers
from graph_service.storage.access import GraphWriter, NetworkSource
from graph_service.storage.database import connect
from graph_service.storage.network_projection import read_network
from loaders import synthetic

# The absolute targets, in seconds, projection from Neo4j included.
TARGETS = {
    "centrality report": 15.0,
    "communities": 2.0,
    "brokers": 10.0,
    "opportunities, one firm": 0.2,
    "bridge to the other hub": 10.0,
}
BETWEENNESS_SOURCES = 500  # as ours samples at this size


def measure(function: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run ``function`` in a forked child: (seconds, peak memory growth in MB, its JSON result)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        code = 0
        try:
            Path("/proc/self/clear_refs").write_text("5")  # reset the peak to the current size
            base = _status_kb("VmRSS")
            start = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - start
            peak = (_status_kb("VmHWM") - base) / 1024
            payload = json.dumps([seconds, peak, result if _jsonable(result) else None])
            os.write(write_end, payload.encode())
        except BaseException as error:  # reported by the parent
            os.write(write_end, json.dumps(["error", repr(error)]).encode())
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    data = json.loads(b"".join(chunks) or b'["error", "no answer"]')
    if data[0] == "error":
        raise RuntimeError(f"measurement failed: {data[1]}")
    return float(data[0]), float(data[1]), data[2]


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except TypeError:
        return False
    return True


ROWS: list[dict[str, Any]] = []
AFTER_WRITE: dict[str, list[float]] = {}
"""Per report: its seconds as the first answer after each of a few writes."""

REPORTS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "centrality report": [("centrality", {"measure": m}) for m in ("degree", "pagerank")]
    + [("centrality", {"measure": "betweenness"})],
    "communities": [("communities", {})],
    "brokers": [("structuralHoles", {}), ("brokers", {}), ("cutPoints", {})],
    "opportunities, one firm": [("collaborationOpportunities", {"firm": None})],
    "bridge to the other hub": [("bridgeCandidates", {})],
}
"""The service's analyses of each report of the table (as the report command runs them)."""
WRITES = 3


def after_writes(settings: Settings, firm: str) -> dict[str, list[float]]:
    """Each report's time through the service, as the first answer after a write: the firm
    is linked to (then unlinked from) another association before each report."""
    key = ApiKey("bench", "admin", "not-a-secret-bench-key")

    async def run() -> dict[str, list[float]]:
        async_driver = drivers.async_driver(settings)
        sync_driver = drivers.sync_driver(settings)
        database = settings.neo4j_database
        service = AnalyticsService(NetworkSource(sync_driver, database))
        writer = GraphWriter(async_driver, database, on_commit=service.offer)
        writes = GraphWrites(writer)
        records, _, _ = await async_driver.execute_query(
            "MATCH (a:Association) WHERE NOT (:Firm {id: $firm})-[:MEMBER_OF]->(a) "
            "RETURN a.id AS id ORDER BY id LIMIT 1", firm=firm, database_=database
        )  # fmt: skip
        association = records[0]["id"]
        times: dict[str, list[float]] = {name: [] for name in REPORTS}
        try:
            for calls in REPORTS.values():  # warm: the projection and each result
                for analysis, given in calls:
                    await service.analyse(analysis, _given(given, firm), key)
            linked = False
            for _ in range(WRITES):
                for name, calls in REPORTS.items():
                    linked = not linked
                    change = LinkChange(
                        "link" if linked else "unlink", "MEMBER_OF", firm, association
                    )
                    await writes.apply(change, key=key, mutation="bench", read_back=ReadBack())
                    start = time.perf_counter()
                    for analysis, given in calls:
                        await service.analyse(analysis, _given(given, firm), key)
                    times[name].append(time.perf_counter() - start)
            if linked:  # leave the network as it was
                change = LinkChange("unlink", "MEMBER_OF", firm, association)
                await writes.apply(change, key=key, mutation="bench", read_back=ReadBack())
        finally:
            service.close()
            await async_driver.close()
            sync_driver.close()
        return times

    return asyncio.run(run())


def _given(given: dict[str, Any], firm: str) -> dict[str, Any]:
    return {k: firm if k == "firm" else v for k, v in given.items()}


def after_write(name: str) -> float | None:
    """The slowest first answer after a write of ``name``'s report."""
    return max(AFTER_WRITE[name]) if AFTER_WRITE.get(name) else None


def after_write_note(name: str) -> str:
    found = AFTER_WRITE.get(name)
    if not found:
        return ""
    runs = ", ".join(seconds_text(t) for t in found)
    return f"; after a write (cold): {runs}"


def row(
    analysis: str,
    ours: tuple[float, float | None] | None,
    nx_s: float | None,
    ig_s: float | None,
    note: str = "",
    cold: float | None = None,
) -> None:
    fastest = min((t for t in (nx_s, ig_s) if t is not None), default=None)
    target = TARGETS.get(analysis) if cold is not None else None
    entry = {
        "analysis": analysis,
        "ours": ours[0] if ours else None,
        "peak_mb": ours[1] if ours else None,
        "cold": cold,
        "target": target,
        "met": None if target is None or cold is None else cold <= target,
        "networkx": nx_s,
        "igraph": ig_s,
        "ratio": ours[0] / fastest if ours and fastest else None,
        "note": note,
    }
    ROWS.append(entry)
    print(format_row(entry), flush=True)


def seconds_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def format_row(e: dict[str, Any]) -> str:
    ratio = f"{e['ratio']:.2f}" if e["ratio"] is not None else "-"
    peak = f"{e['peak_mb']:.0f} MB" if e["peak_mb"] is not None else "-"
    target = "-" if e["target"] is None else f"{seconds_text(e['target'])} {_met(e['met'])}"
    return (
        f"{e['analysis']:<30} {seconds_text(e['ours']):>10} {peak:>7} {seconds_text(e['cold']):>10}"
        f" {target:>12} {seconds_text(e['networkx']):>10} {seconds_text(e['igraph']):>10}"
        f" {ratio:>6}  {e['note']}"
    )


def _met(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "MISSED")


HEADER = (
    f"{'analysis':<30} {'ours':>10} {'peak':>7} {'cold':>10} {'target':>12} "
    f"{'networkx':>10} {'igraph':>10} {'ratio':>6}  note"
)


def _project(settings: Settings) -> None:
    driver = connect(settings)
    try:
        read_network(driver, settings.neo4j_database)
    finally:
        driver.close()


def nx_opportunities(A: nx.Graph[Any], firm: str, top: int = 20) -> list[tuple[Any, Any, float]]:
    """The same pairs as ours, scored by networkx's Adamic-Adar on the same affinity view:
    firms and open network projects two steps away, not tied to ``firm`` already."""
    near = set(A[firm])
    candidates = {
        t for z in near for t in A[z] if t != firm and t not in near and _suggestible(A.nodes[t])
    }
    scored = nx.adamic_adar_index(A, ((firm, t) for t in candidates))
    return sorted(scored, key=lambda x: -x[2])[:top]


def _suggestible(attrs: dict[str, Any]) -> bool:
    if attrs.get("label") == "Firm":
        return True
    return (
        attrs.get("label") == "Project"
        and attrs.get("kind", "network") == "network"
        and attrs.get("status", "running") in ("starting", "running")
    )


def ig_opportunities(g: Any, A: nx.Graph[Any], index: dict[Hashable, int], firm: str) -> Any:
    """igraph's inverse-log-weighted similarity (Adamic-Adar) of ``firm`` to every node."""
    i = index[firm]
    scores = g.similarity_inverse_log_weighted(vertices=[i])[0]
    near = set(g.neighbors(i))
    nodes = list(A)
    ranked = sorted(
        (
            (s, nodes[j])
            for j, s in enumerate(scores)
            if s > 0 and j != i and j not in near and _suggestible(A.nodes[nodes[j]])
        ),
        reverse=True,
    )
    return ranked[:20]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=synthetic.FULL_SIZE)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    ROWS.clear()
    AFTER_WRITE.clear()
    settings = Settings.from_env()
    ensure_network(settings, args.firms, args.seed)
    rng = random.Random(args.seed)

    with running_database(settings) as driver:
        # First, in this process and before any fork: the service's first answers after a
        # write (the projection kept current by the write, not read again).
        firms = [r["id"] for r in driver.execute_query(
            "MATCH (f:Firm)-[:PARTICIPATES_IN]->()<-[:PARTICIPATES_IN]-() "
            "RETURN DISTINCT f.id AS id ORDER BY id LIMIT 200", database_=settings.neo4j_database
        ).records]  # fmt: skip
        AFTER_WRITE.update(after_writes(settings, rng.choice(firms)))
        # The child opens its own connection: a forked process must not share the parent's.
        t_read, peak_read, _ = measure(lambda: _project(settings))
        start = time.perf_counter()
        G = read_network(driver, settings.neo4j_database)
        t_read = min(t_read, time.perf_counter() - start)
    t_compile, peak_compile, _ = measure(lambda: compile_graph(G))
    compiled = compile_graph(G)
    n, m = G.number_of_nodes(), G.number_of_edges()
    print(f"network: {n:,} nodes, {m:,} relationships ({args.firms:,} firms, seed {args.seed})")
    print(HEADER)
    row("projection from Neo4j", (t_read, peak_read), None, None, "read_network: two queries")
    t_view, _, _ = measure(lambda: views.undirected(G))
    t_ig_build, _, _ = measure(lambda: igraph.Graph.from_networkx(views.undirected(G)))
    row(
        "undirected view / compile", (t_compile, peak_compile), t_view, t_ig_build,
        "ours: compile_graph (igraph + CSR, the relationships' directions and types, the order "
        "by id); igraph: from_networkx of the view",
    )  # fmt: skip
    base = t_read + t_compile
    H = views.undirected(G)
    g = compiled.graph
    _centrality_rows(G, H, g, compiled, base, rng)
    _community_rows(G, H, g, compiled, base)
    _broker_rows(G, H, g, compiled, base, rng)
    _opportunity_rows(G, rng, t_read)
    _bridge_rows(G, H, g, compiled, base)
    _cache_rows(settings)

    result = {"firms": args.firms, "nodes": n, "relationships": m, "rows": list(ROWS)}
    print(f"\nigraph {igraph.__version__}, networkx {nx.__version__}")
    return result


def _centrality_rows(
    G: Any, H: Any, g: Any, compiled: CompiledGraph, base: float, rng: random.Random
) -> None:
    def ours() -> float | None:
        centrality.degree_centrality(G, top=20, compiled=compiled)
        centrality.pagerank(G, top=20, compiled=compiled)
        result = centrality.betweenness_centrality(G, top=20, compiled=compiled)
        return result.error_bound

    t, peak, bound = measure(ours)
    k_nx, k_ig = 5, 100
    t_nx_rest, _, _ = measure(lambda: (nx.degree_centrality(H), nx.pagerank(H)))
    t_nx_b, _, _ = measure(lambda: nx.betweenness_centrality(H, k=k_nx, seed=1))
    sources = rng.sample(range(g.vcount()), k_ig)
    t_ig_rest, _, _ = measure(lambda: (g.degree(), g.pagerank()))
    t_ig_b, _, _ = measure(lambda: g.betweenness(directed=False, sources=sources))
    scale_nx, scale_ig = BETWEENNESS_SOURCES / k_nx, BETWEENNESS_SOURCES / k_ig
    row(
        "centrality report", (t, peak),
        t_nx_rest + t_nx_b * scale_nx, t_ig_rest + t_ig_b * scale_ig,
        f"degree + PageRank + betweenness from {BETWEENNESS_SOURCES} sampled sources "
        f"(error bound ±{bound or 0:.3f} at 95%); betweenness nx from {k_nx} sources x"
        f"{scale_nx:.0f}, igraph from {k_ig} x{scale_ig:.0f}"
        + after_write_note("centrality report"),
        after_write("centrality report"),
    )  # fmt: skip


def _community_rows(G: Any, H: Any, g: Any, compiled: CompiledGraph, base: float) -> None:
    t, peak, q = measure(
        lambda: communities.louvain_communities(G, seed=0, compiled=compiled).modularity
    )
    t_nx, _, q_nx = measure(
        lambda: nx.community.modularity(H, nx.community.louvain_communities(H, seed=0))
    )
    t_bare, _, q_bare = measure(lambda: g.community_multilevel().modularity)

    def seeded_igraph() -> float:
        # Ours draws from its own generator seeded with the request's seed (the same
        # communities for the same graph and seed); igraph drawing from the same one runs
        # the same moves to the same partition, where its default generator, left in
        # whatever state, takes a different number of passes (up to twice the time).
        igraph.set_random_number_generator(random.Random(0))
        return float(g.community_multilevel().modularity)

    t_ig, _, q_ig = measure(seeded_igraph)
    note = (
        f"Louvain; modularity ours {q:.3f}, nx {q_nx:.3f}, igraph {q_ig:.3f}; igraph with "
        f"ours' generator, seeded alike (the same partition); with its default generator "
        f"{seconds_text(t_bare)} (modularity {q_bare:.3f}, ratio {t / t_bare:.2f})"
    )
    note += after_write_note("communities")
    row("communities", (t, peak), t_nx, t_ig, note, after_write("communities"))


def _broker_rows(
    G: Any, H: Any, g: Any, compiled: CompiledGraph, base: float, rng: random.Random
) -> None:
    t_holes, peak_holes, _ = measure(lambda: brokers.structural_holes(G, top=20, compiled=compiled))
    t_gf, peak_gf, _ = measure(lambda: brokers.brokerage_roles(G, top=20))
    t_cuts, peak_cuts, _ = measure(lambda: cuts.cut_points(G, top=20, compiled=compiled))
    firms = [v for v, label in H.nodes(data="label") if label == "Firm"]
    # networkx's effective size copies each ego network out of the graph: seconds per firm
    # tied to an association, hence the small samples.
    few, fewer = rng.sample(firms, 20), rng.sample(firms, 3)
    t_constraint, _, _ = measure(lambda: nx.constraint(H, nodes=few))
    t_effective, _, _ = measure(lambda: nx.effective_size(H, nodes=fewer))
    n = H.number_of_nodes()
    t_nx = t_constraint * n / len(few) + t_effective * n / len(fewer)
    t_nx_cuts, _, _ = measure(lambda: (list(nx.articulation_points(H)), list(nx.bridges(H))))
    t_ig, _, _ = measure(g.constraint)
    t_ig_cuts, _, _ = measure(lambda: (g.articulation_points(), g.bridges()))
    row(
        "constraint + effective size", (t_holes, peak_holes), t_nx, t_ig,
        f"nx extrapolated to every node from {len(few)} and {len(fewer)} firms (a lower bound:"
        " associations have thousands of ties); igraph: constraint only (it has no effective"
        " size)",
    )  # fmt: skip
    row("Gould-Fernandez brokerage", (t_gf, peak_gf), None, None, "no library equivalent")
    row("cut points + bridges", (t_cuts, peak_cuts), t_nx_cuts, t_ig_cuts, "ours also counts "
        "the firms each would cut off")  # fmt: skip
    row(
        "brokers", (t_holes + t_gf + t_cuts, max(peak_holes, peak_gf, peak_cuts)), None, None,
        "the brokers report: the three rows above" + after_write_note("brokers"),
        after_write("brokers"),
    )  # fmt: skip


def _opportunity_rows(G: Any, rng: random.Random, t_read: float) -> None:
    partners = views.project_participants(G)
    collaborating = sorted({str(f) for fs in partners.values() if len(fs) > 1 for f in fs})
    chosen = rng.sample(collaborating, 20)

    def per_firm(run: Callable[[str], Any]) -> Callable[[], list[float]]:
        def timed() -> list[float]:
            times = []
            for firm in chosen:
                start = time.perf_counter()
                run(firm)
                times.append(time.perf_counter() - start)
            return times

        return timed

    def ours_with_index() -> list[float]:
        index = AffinityIndex(G)  # as the service keeps it with the projection
        start = time.perf_counter()  # a request before the walks ahead are made
        opportunities.collaboration_opportunities(G, chosen[-1], top=20, index=index)
        first = time.perf_counter() - start
        index = AffinityIndex(G)
        start = time.perf_counter()  # what the service walks in the background after a read
        for node in index.wide_nodes():
            index.neighbour_places(node)
        ahead = time.perf_counter() - start
        suggest = per_firm(
            lambda f: opportunities.collaboration_opportunities(G, f, top=20, index=index)
        )
        return [first, ahead, *suggest()]

    _, peak, ours = measure(ours_with_index)
    first, ahead, ours = ours[0], ours[1], ours[2:]
    t_view, _, _ = measure(lambda: views.affinity_graph(G))
    A = views.affinity_graph(G)
    _, _, nx_times = measure(per_firm(lambda f: nx_opportunities(A, f)))
    t_ig_build, _, _ = measure(lambda: igraph.Graph.from_networkx(A))
    g_a = igraph.Graph.from_networkx(A)
    index = {node: i for i, node in enumerate(A)}
    _, _, ig_times = measure(per_firm(lambda f: ig_opportunities(g_a, A, index, f)))
    t = statistics.median(ours)
    row(
        "opportunities, one firm", (t, peak),
        statistics.median(nx_times), statistics.median(ig_times),
        f"median of {len(chosen)} firms, ours max {seconds_text(max(ours))}, on the walks the "
        f"service makes in the background after reading the graph ({seconds_text(ahead)}); a "
        f"firm asked for before those walks: {seconds_text(first)}; "
        "Adamic-Adar on the affinity view; nx and igraph on a prebuilt view "
        f"(build: nx {seconds_text(t_view)}, "
        f"+ igraph {seconds_text(t_ig_build)})" + after_write_note("opportunities, one firm"),
        after_write("opportunities, one firm"),
    )  # fmt: skip


def _bridge_rows(G: Any, H: Any, g: Any, compiled: CompiledGraph, base: float) -> None:
    t, peak, evaluated = measure(lambda: bridge_to_hub(G, compiled=compiled).candidates_evaluated)
    candidates = [c for c in H if H.nodes[c].get("label") == "Association"][:5]
    t_nx, _, _ = measure(lambda: [nx.single_source_shortest_path_length(H, c) for c in candidates])
    idx = [compiled.index[c] for c in candidates]
    t_ig, _, _ = measure(lambda: g.distances(source=idx))
    row(
        "bridge to the other hub", (t, peak),
        t_nx / len(candidates) * evaluated, t_ig / len(candidates) * evaluated,
        f"{evaluated} candidates, one BFS each; nx and igraph: one BFS per candidate, "
        f"extrapolated from {len(candidates)}" + after_write_note("bridge to the other hub"),
        after_write("bridge to the other hub"),
    )  # fmt: skip


def _cache_rows(settings: Settings) -> None:
    """The service's own path: the first read projects and computes, the next is cached."""

    key = ApiKey("bench", "analyst", "not-a-secret-bench-key")
    pagerank = {"measure": "pagerank", "top": 20}

    async def run(service: AnalyticsService) -> tuple[float, float]:
        start = time.perf_counter()
        await service.analyse("centrality", pagerank, key)
        first = time.perf_counter() - start
        again = []
        for _ in range(5):
            start = time.perf_counter()
            await service.analyse("centrality", pagerank, key)
            again.append(time.perf_counter() - start)
        return first, statistics.median(again)

    with running_database(settings) as driver:
        source = NetworkSource(driver, settings.neo4j_database)
        first, again = asyncio.run(run(AnalyticsService(source)))
    row(
        "service: first PageRank", (first, None), None, None,
        "AnalyticsService: feed-head check + projection + compile + PageRank",
    )  # fmt: skip
    row(
        "service: repeated PageRank", (again, None), None, None,
        "median of 5; same graph version: a feed-head check and the cached result",
    )  # fmt: skip


if __name__ == "__main__":
    main()
