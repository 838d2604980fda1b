"""Time the analytics at the real network's size: ours vs plain networkx vs raw igraph.

    .venv/bin/python bench/analytics_compare.py [--scale 1.0] [--seed 7]

Generates a seeded random network shaped like the real one (80,000 firms in 10 associations,
~2,000 network projects of 3-20 firms, several thousand single-firm interventions, topics,
experts, offices, the two hubs; ~85,000 nodes and ~150,000 relationships at scale 1) and
prints one row per analysis. Where networkx would take minutes, it is timed on a sample and
extrapolated; the note says so. Run one benchmark at a time: the machine has two cores.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from itertools import islice
from typing import Any, TypeVar

import igraph  # type: ignore[import-untyped]
import networkx as nx

from graph_service.analytics import (
    brokers,
    centrality,
    communities,
    cuts,
    opportunities,
    paths,
    stats,
    views,
)
from graph_service.analytics.bridge import bridge_to_hub
from graph_service.analytics.engine import compile_graph
from graph_service.analytics.nodes import labelled_nodes

T = TypeVar("T")
ASSOCIATIONS = [
    "ascom", "cia", "coldiretti", "confartigianato", "confcooperative",
    "confesercenti", "confimi", "cna", "fai", "lia",
]  # fmt: skip
TOPICS = [
    "cybersecurity", "agrifood", "e-commerce", "social-services", "web-communication",
    "industry-4-0", "logistics", "energy", "tourism", "health", "design", "fintech",
]  # fmt: skip


def generate(scale: float, seed: int) -> nx.MultiDiGraph[Any]:
    """A seeded network with the real one's shape (see the module docstring)."""
    rng = random.Random(seed)
    G: nx.MultiDiGraph[Any] = nx.MultiDiGraph()

    def rel(u: str, type_: str, v: str) -> None:
        G.add_edge(u, v, key=type_, type=type_)

    G.add_node("it-hub", label="Hub", name="I&T Hub", kind="dih")
    G.add_node("confindustria-dih", label="Hub", name="DIH Confindustria Bergamo", kind="dih")
    G.add_node("confindustria", label="Association", name="Confindustria Bergamo")
    rel("confindustria", "AFFILIATED_WITH", "confindustria-dih")
    G.add_node("kilometro-rosso", label="Office", name="Kilometro Rosso", kind="main")
    rel("confindustria-dih", "SEATED_AT", "kilometro-rosso")
    offices = ["point-dalmine"] + [f"office-{i}" for i in range(9)]
    for office in offices:
        G.add_node(office, label="Office", name=office, kind="provincial")
        if office != "point-dalmine":
            rel(office, "LINKED_TO", "point-dalmine")
    rel("it-hub", "SEATED_AT", "point-dalmine")
    for association in ASSOCIATIONS:
        G.add_node(association, label="Association", name=association.title())
        G.add_node(f"sc-{association}", label="ServiceCentre", name=f"{association} servizi")
        rel(association, "RUNS", f"sc-{association}")
        rel(f"sc-{association}", "PARTY_TO", "it-hub")
    for topic in TOPICS:
        G.add_node(topic, label="Topic", name=topic)
    instruments = ["voucher-misura-a", "voucher-misura-b", "voucher-ministerial", "appraisal"]
    for instrument in instruments:
        G.add_node(instrument, label="Instrument", name=instrument)
    experts = [f"official-{i:02d}" for i in range(18)] + [f"specialist-{i:03d}" for i in range(150)]
    for expert in experts:
        G.add_node(expert, label="Expert", name=expert.replace("-", " ").title())
        rel(expert, "SKILLED_IN", rng.choice(TOPICS))
        if expert.startswith("official"):
            rel(expert, "WORKS_AT", rng.choice(offices))
        elif rng.random() < 0.15:
            rel(expert, "AFFILIATED_WITH", "confindustria-dih")
    n_firms = int(80_000 * scale)
    weights = [15, 3, 6, 12, 4, 5, 8, 10, 3, 4]
    firms = [f"firm-{i:05d}" for i in range(n_firms)]
    home: dict[str, str] = {}
    for firm in firms:
        G.add_node(firm, label="Firm", name=f"Firm {firm[5:]}", size="micro")
        if rng.random() < 0.04:
            association = "confindustria"
        else:
            association = rng.choices(ASSOCIATIONS, weights)[0]
        home[firm] = association
        rel(firm, "MEMBER_OF", association)
        if rng.random() < 0.2:
            rel(firm, "MEMBER_OF", rng.choice(ASSOCIATIONS))
        if rng.random() < 0.005:
            rel(firm, "AFFILIATED_WITH", "confindustria-dih")
    by_association: dict[str, list[str]] = {}
    for firm, association in home.items():
        by_association.setdefault(association, []).append(firm)
    projects = [(f"network-{i:04d}", True) for i in range(int(2_000 * scale))] + [
        (f"intervention-{i:04d}", False) for i in range(int(4_000 * scale))
    ]
    for project, network in projects:
        G.add_node(
            project,
            label="Project",
            title=project,
            kind="network" if network else "intervention",
            status=rng.choice(["completed", "running", "starting"]),
            year=rng.choice([2018, 2019, 2020, 2021]),
        )
        lead = rng.choice([*ASSOCIATIONS, "confindustria"]) if network else None
        size = rng.randint(3, 20) if network else 1
        pool = by_association[lead] if lead and rng.random() < 0.7 else firms
        for firm in rng.sample(pool, min(size, len(pool))):
            rel(firm, "PARTICIPATES_IN", project)
        for topic in rng.sample(TOPICS, rng.choice([1, 1, 2])):
            rel(project, "ABOUT", topic)
        rel(project, "FUNDED_BY", rng.choice(instruments))
        rel(rng.choice(experts), "ADVISES", project)
        if lead:
            rel(lead, "COORDINATES", project)
    return G


def timed(function: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    """The best of ``repeat`` wall-clock times of ``function()``, and its last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result  # type: ignore[return-value]


ROWS: list[tuple[str, str, str, str, str]] = []


def row(
    analysis: str, ours: float | None, nx_s: float | None, ig: float | None, note: str = ""
) -> None:
    def fmt(seconds: float | None) -> str:
        if seconds is None:
            return "-"
        return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"

    ROWS.append((analysis, fmt(ours), fmt(nx_s), fmt(ig), note))
    print(f"{analysis:<34} {fmt(ours):>11} {fmt(nx_s):>11} {fmt(ig):>11}  {note}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    seconds, G = timed(lambda: generate(args.scale, args.seed))
    n, m = G.number_of_nodes(), G.number_of_edges()
    print(f"generated {n:,} nodes, {m:,} relationships in {seconds:.1f} s (seed {args.seed})")
    print(f"{'analysis':<34} {'ours':>11} {'networkx':>11} {'igraph':>11}  note")

    t_view, H = timed(lambda: views.undirected(G))
    t_compile, compiled = timed(lambda: compile_graph(G))
    row("undirected view / compile", t_compile, t_view, None, "ours = compile_graph (igraph + CSR)")
    g = compiled.graph
    firms = [str(node) for node, label in labelled_nodes(G) if label == "Firm"]
    sample = rng.sample(list(H), 20)

    t, _ = timed(
        lambda: centrality.degree_centrality(G, label="Firm", top=20, compiled=compiled), repeat=3
    )
    row("degree centrality", t, timed(lambda: nx.degree_centrality(H))[0], timed(g.degree)[0])

    t, result = timed(
        lambda: centrality.betweenness_centrality(G, label="Firm", top=20, compiled=compiled)
    )
    k_nx = 10
    t_nx, _ = timed(lambda: nx.betweenness_centrality(H, k=k_nx, seed=1))
    t_ig, _ = timed(lambda: g.betweenness(directed=False, sources=list(range(50))))
    name = "betweenness (500 sources)" if result.sampled else "betweenness (exact)"
    row(
        name, t, t_nx * 500 / k_nx, t_ig * 500 / 50,
        f"nx: {k_nx} sources x50; igraph: 50 x10; exact igraph ~{t_ig * n / 50 / 60:.0f} min",
    )  # fmt: skip

    t, _ = timed(
        lambda: centrality.closeness_centrality(G, label="Firm", top=20, compiled=compiled)
    )
    t_nx, _ = timed(lambda: [nx.closeness_centrality(H, u=u) for u in sample])
    t_ig, _ = timed(lambda: g.closeness(vertices=list(range(200))))
    row(
        "closeness (500 sources)", t, t_nx * n / len(sample), t_ig * n / 200,
        f"exact nx and igraph extrapolated from {len(sample)} / 200 nodes",
    )  # fmt: skip

    t, _ = timed(lambda: centrality.eigenvector_centrality(G, top=20, compiled=compiled), 3)
    row(
        "eigenvector", t, timed(lambda: nx.eigenvector_centrality_numpy(H))[0],
        timed(g.eigenvector_centrality)[0], "nx: the scipy (ARPACK) variant",
    )  # fmt: skip
    t, _ = timed(lambda: centrality.pagerank(G, top=20, compiled=compiled), repeat=3)
    row("pagerank", t, timed(lambda: nx.pagerank(H))[0], timed(g.pagerank)[0], "nx: scipy")

    t, result_c = timed(lambda: communities.louvain_communities(G, seed=0, compiled=compiled))
    t_nx, parts = timed(lambda: nx.community.louvain_communities(H, seed=0))
    t_ig, _ = timed(g.community_multilevel)
    q_nx = nx.community.modularity(H, parts)
    row(
        "louvain + dominants", t, t_nx, t_ig,
        f"modularity ours {result_c.modularity:.3f}, nx {q_nx:.3f}; "
        f"{len(result_c.communities)} communities",
    )  # fmt: skip

    t, _ = timed(lambda: brokers.structural_holes(G, label="Firm", top=20, compiled=compiled))
    small = rng.sample(firms, 200)
    t_nx = timed(lambda: (nx.constraint(H, nodes=small), nx.effective_size(H, nodes=small)))[0]
    row(
        "constraint + effective size", t, t_nx * n / len(small), None,
        f"nx extrapolated from {len(small)} firms (a lower bound: nx.constraint is cubic in "
        "a node's degree, and associations and topics have thousands of ties)",
    )  # fmt: skip
    t, _ = timed(lambda: brokers.brokerage_roles(G, top=20))
    row("brokerage roles (Gould-Fernandez)", t, None, None, "no networkx equivalent")
    t, _ = timed(lambda: cuts.cut_points(G, top=20, compiled=compiled))
    t_nx = timed(lambda: (list(nx.articulation_points(H)), list(nx.bridges(H))))[0]
    t_ig = timed(lambda: (g.articulation_points(), g.bridges()))[0]
    row("articulation points + bridges", t, t_nx, t_ig, "ours also counts firms cut off")

    partners = views.project_participants(G)
    collaborating = sorted({str(f) for fs in partners.values() if len(fs) > 1 for f in fs})
    chosen = rng.sample(collaborating, 50)
    per_firm = [
        timed(partial(opportunities.collaboration_opportunities, G, firm))[0] for firm in chosen
    ]

    def nx_one_firm(firm: str) -> list[tuple[Any, Any, float]]:
        P = views.co_participation_graph(G)
        pairs = [(firm, v) for v in P if v != firm and not P.has_edge(firm, v)]
        return sorted(nx.adamic_adar_index(P, pairs), key=lambda x: -x[2])[:20]

    t_nx, _ = timed(lambda: nx_one_firm(chosen[0]))
    row(
        "opportunities, one firm", statistics.median(per_firm), t_nx, None,
        f"median of 50 collaborating firms (max {max(per_firm) * 1000:.0f} ms); "
        "nx: build the view, score the firm against every node",
    )  # fmt: skip
    t, _ = timed(lambda: opportunities.collaboration_opportunities(G, top=20))
    row("opportunities, whole network", t, None, None, "top 20 over every firm")

    t, bridge = timed(lambda: bridge_to_hub(G, compiled=compiled))
    candidates = [c for c in H if H.nodes[c].get("label") == "Association"][:5]
    t_nx, _ = timed(lambda: [nx.single_source_shortest_path_length(H, c) for c in candidates])
    row(
        "bridge to the other hub", t, t_nx / len(candidates) * bridge.candidates_evaluated, None,
        f"{bridge.candidates_evaluated} candidates evaluated; nx: one BFS per candidate",
    )  # fmt: skip

    a, b = rng.sample(firms, 2)
    t, found = timed(lambda: paths.shortest_paths(G, a, b, limit=10), repeat=3)
    t_nx, _ = timed(lambda: list(islice(nx.all_shortest_paths(H, a, b), 10)), repeat=3)
    row(
        "all shortest paths (10)", t, t_nx, None,
        f"distance {found.distance}; nx on the prebuilt view (its build: first row)",
    )  # fmt: skip
    t, _ = timed(lambda: paths.k_shortest_paths(G, a, b, k=5))
    t_nx, _ = timed(lambda: list(islice(nx.shortest_simple_paths(H, a, b), 5)))
    row("k shortest simple paths (5)", t, t_nx, None, "nx on the prebuilt view")
    project = next(str(p) for p, label in labelled_nodes(G) if label == "Project")
    t, ego = timed(lambda: paths.ego_network(G, project, radius=2, max_nodes=500), repeat=3)
    t_nx, _ = timed(lambda: nx.ego_graph(H, project, radius=2), repeat=3)
    row("ego network (radius 2)", t, t_nx, None, f"{len(ego.nodes)} nodes kept (cap 500)")

    t, _ = timed(lambda: stats.network_statistics(G, compiled=compiled))
    spread = rng.sample(list(H), 200)
    t_cl = timed(lambda: nx.clustering(H, nodes=spread))[0] * n / len(spread)
    t_nx = timed(lambda: (nx.density(H), list(nx.connected_components(H))))[0] + t_cl
    t_ig = timed(lambda: g.transitivity_avglocal_undirected(mode="zero"))[0]
    row("network statistics", t, t_nx, t_ig, "nx clustering extrapolated from 200 nodes")
    t, _ = timed(lambda: stats.network_growth(G))
    row("growth (4 years)", t, None, None, "as_of_year + statistics per year")

    print("\n| analysis | ours | networkx | igraph | note |\n| --- | --- | --- | --- | --- |")
    for cells in ROWS:
        print("| " + " | ".join(cells) + " |")
    print(f"\nigraph {igraph.__version__}, networkx {nx.__version__}")


if __name__ == "__main__":
    main()
