"""What the centralities share: the weighted sums of the engine, and a result from scores.

PageRank is iterated here rather than by igraph's PRPACK, whose last digits vary from call to
call: a report must give the same digits on the same graph.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable

import numpy as np

from graph_service.analytics.engine import CompiledGraph, FloatArray
from graph_service.analytics.nodes import check_label
from graph_service.analytics.ranking import rank_nodes
from graph_service.analytics.sampling import CONFIDENCE
from graph_service.analytics.weights import Weighted
from graph_service.domain.analytics import CentralityMeasure, CentralityResult

PAGERANK_TOLERANCE = 1e-15
PAGERANK_ITERATIONS = 2_000


def pagerank_scores(
    graph: CompiledGraph, damping: float, weights: list[float] | None
) -> FloatArray:
    """PageRank of the compiled graph by power iteration, in a fixed order of sums.

    With ``M`` the column-stochastic walk matrix and ``y = 1 + damping M y`` (Jacobi's
    iteration, converging at the rate ``damping``), PageRank is ``y / sum(y)``: the jumps and
    the walks out of nodes without ties add the same amount to every node, so they only
    scale the solution.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph_service.analytics.engine import compile_graph
    >>> [round(float(x), 4) for x in pagerank_scores(compile_graph(nx.star_graph(2)), 0.85, None)]
    [0.4865, 0.2568, 0.2568]
    """
    n = graph.node_count
    if n == 0:
        return np.zeros(0)
    pairs = np.asarray(graph.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    tie = np.ones(len(pairs)) if weights is None else np.asarray(weights, dtype=np.float64)
    source = np.concatenate([pairs[:, 0], pairs[:, 1]])
    target = np.concatenate([pairs[:, 1], pairs[:, 0]])
    both = np.concatenate([tie, tie])
    strength = np.bincount(source, weights=both, minlength=n)
    share = damping * both / strength[source]
    y: FloatArray = np.ones(n)
    for _ in range(PAGERANK_ITERATIONS):
        spread = np.bincount(target, weights=share * y[source], minlength=n)
        following = np.asarray(spread + 1.0, dtype=np.float64)
        change = float(np.max(np.abs(following - y)))
        y = following
        if change <= PAGERANK_TOLERANCE * float(np.max(y)):
            break
    scores: FloatArray = y / np.sum(y)
    return scores


def strength(w: Weighted) -> FloatArray:
    """Each node's degree, or with weights the sum of its ties' weights."""
    graph = w.compiled
    if w.weights is None:
        return graph.degrees().astype(np.float64)
    return np.asarray(graph.graph.strength(weights=w.weights), dtype=np.float64)


def weighed(method: str, w: Weighted, weighted_form: str | None = None) -> str:
    if w.weights is None:
        return method
    if weighted_form == "Dijkstra":
        return f"{method}; ties weighed, a strong tie counting as a short one (Dijkstra)"
    if weighted_form:
        return f"{method}; ties weighed ({weighted_form})"
    return f"{method}; ties weighed"


def centrality_result(
    w: Weighted,
    labels: Collection[str] | None,
    measure: CentralityMeasure,
    scores: FloatArray,
    label: str | None,
    top: int | None,
    *,
    method: str,
    sources: int | None = None,
    seed: int | None = None,
    error_bound: float | None = None,
    damping: float | None = None,
) -> CentralityResult:
    check_label(label)
    for each in labels or ():
        check_label(each)
    graph = w.compiled
    mask = graph.label_mask(label)
    if labels is not None:
        wanted = frozenset(labels)
        mask &= np.fromiter((found in wanted for found in graph.labels), bool, graph.node_count)
    chosen = np.flatnonzero(mask)
    nodes: tuple[Hashable, ...] = graph.nodes
    values = scores.tolist()
    pairs = [(nodes[i], values[i]) for i in chosen.tolist()]
    return CentralityResult(
        measure=measure,
        label=label,
        node_count=graph.node_count,
        ranked_count=len(pairs),
        top=top,
        method=method,
        sampled=sources is not None,
        sources=sources,
        seed=seed,
        error_bound=error_bound,
        confidence=CONFIDENCE if sources is not None else None,
        damping=damping,
        entries=rank_nodes(w.graph, pairs, top),
        view=w.view.value,
        weight=w.weight.value,
        ranked_labels=tuple(sorted(labels)) if labels is not None else None,
    )
