"""Centrality: who sits at the centre of the network, by five classic measures.

Every measure is computed on the simple undirected view (:func:`~.views.undirected`): in this
model a relationship's direction says who did what (a firm is a member of an association),
not which way influence flows, so a tie is a tie. Scores are normalised as networkx
normalises them and equal networkx's values; the computation runs on igraph (C).
Scores are computed over the whole graph and then ranked among the nodes of one label.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

import networkx as nx
import numpy as np

from graph_service.analytics.engine import (
    CompiledGraph,
    FloatArray,
    quiet_igraph,
    seeded_igraph,
)
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.sampling import (
    CONFIDENCE,
    draw_sources,
    hoeffding_bound,
    sampled_closeness,
)
from graph_service.analytics.scores import (
    centrality_result,
    pagerank_scores,
    strength,
    weighed,
)
from graph_service.analytics.stopping import check
from graph_service.analytics.weights import weighted
from graph_service.domain.analytics import CentralityMeasure, CentralityResult
from graph_service.domain.weighting import NetworkView, TieWeight

EXACT_LIMIT = 5_000
"""Betweenness and closeness are exact up to this many nodes, sampled above."""
SOURCES = 500
"""Source nodes drawn when sampling."""


def degree_centrality(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
) -> CentralityResult:
    """Degree centrality: the share of the other nodes a node is tied to.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph; its undirected view is used).
    label : str, optional
        Rank only the nodes of this label (scores are computed over the whole graph).
    top : int, optional
        Keep the ``top`` best; all when omitted.
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.

    Returns
    -------
    CentralityResult
        Scores ``degree / (n - 1)``, as :func:`networkx.degree_centrality`.

    Examples
    --------
    >>> G = nx.star_graph(3)
    >>> [(e.id, round(e.score, 3), e.rank) for e in degree_centrality(G).entries]
    [('0', 1.0, 1), ('1', 0.333, 2), ('2', 0.333, 2), ('3', 0.333, 2)]

    References
    ----------
    .. [1] L. C. Freeman, "Centrality in social networks: conceptual clarification",
       Social Networks 1(3):215-239, 1979.
    """
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    n = graph.node_count
    totals = strength(w)
    scores = totals / (n - 1) if n > 1 else np.ones(n)
    return centrality_result(
        w,
        labels,
        CentralityMeasure.DEGREE,
        scores,
        label,
        top,
        method=weighed("degree / (n - 1) in the undirected view", w, "strength / (n - 1)"),
    )


def betweenness_centrality(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    exact_limit: int = EXACT_LIMIT,
    sources: int = SOURCES,
    seed: int = 0,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
) -> CentralityResult:
    """Betweenness centrality: the share of shortest paths between others through a node.

    Exact (Brandes' algorithm) on graphs of up to ``exact_limit`` nodes. Above it, the paths
    from ``sources`` source nodes drawn at random with ``seed`` are counted and scaled up
    (Brandes and Pich's source sampling, drawn and scaled exactly as
    ``networkx.betweenness_centrality(G, k=sources, seed=seed)`` does, so both give the same
    estimate). The estimate is unbiased; by Hoeffding's inequality each node's score is within
    ``sqrt(ln(2 / (1 - CONFIDENCE)) / (2 (k - 1)))`` of the exact one with probability
    ``CONFIDENCE`` (about 0.061 for 500 sources), which the result states.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph; its undirected view is used).
    label, top, compiled
        As for :func:`degree_centrality`.
    exact_limit : int
        The largest graph computed exactly.
    sources : int
        Source nodes drawn above ``exact_limit``.
    seed : int
        Seed of the draw.

    Returns
    -------
    CentralityResult
        Normalised scores, as ``networkx.betweenness_centrality(G, normalized=True)``.

    Examples
    --------
    >>> G = nx.florentine_families_graph()
    >>> result = betweenness_centrality(G, top=2)
    >>> [(e.name, round(e.score, 3)) for e in result.entries], result.sampled
    ([('Medici', 0.522), ('Guadagni', 0.255)], False)

    References
    ----------
    .. [1] U. Brandes, "A faster algorithm for betweenness centrality",
       Journal of Mathematical Sociology 25(2):163-177, 2001.
    .. [2] U. Brandes and C. Pich, "Centrality estimation in large networks",
       International Journal of Bifurcation and Chaos 17(7):2303-2318, 2007.
    """
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    n = graph.node_count
    drawn = draw_sources(n, exact_limit, sources, seed)
    raw = _betweenness(graph.graph, drawn, w.distances)
    if drawn is None:
        pairs = (n - 1) * (n - 2) / 2
        scores = raw / pairs if pairs > 0 else np.zeros(n)
        return centrality_result(
            w,
            labels,
            CentralityMeasure.BETWEENNESS,
            scores,
            label,
            top,
            method=weighed(
                "Brandes' exact betweenness, normalised by (n - 1)(n - 2) / 2", w, "Dijkstra"
            ),
        )
    k = len(drawn)
    # igraph counts each sampled (source, target) path as half a path in an undirected
    # graph; networkx's estimator counts it whole and divides by the sources other than v.
    per_node_sources = np.full(n, float(k))
    per_node_sources[drawn] = k - 1 if k > 1 else math.nan
    scores = np.nan_to_num(2 * raw / (per_node_sources * (n - 2)))
    bound = hoeffding_bound(max(k - 1, 1))
    return centrality_result(
        w,
        labels,
        CentralityMeasure.BETWEENNESS,
        scores,
        label,
        top,
        method=(
            f"betweenness estimated from {k} sampled sources (seed {seed}; Brandes and Pich); "
            f"each score within ±{bound:.3f} of the exact one with probability {CONFIDENCE:.0%}"
        ),
        sources=k,
        seed=seed,
        error_bound=bound,
    )


SOURCES_PER_CALL = 100
"""Sampled sources given to igraph at a time: between two calls a stopped analysis stops."""


def _betweenness(g: Any, drawn: list[int] | None, distances: list[float] | None) -> FloatArray:
    """igraph's betweenness from ``drawn`` (every node: None), summed over calls of
    :data:`SOURCES_PER_CALL` sources (a source's share of each score adds up the same)."""
    with quiet_igraph():
        if drawn is None:
            return np.asarray(g.betweenness(directed=False, weights=distances), dtype=np.float64)
        raw = np.zeros(g.vcount())
        for start in range(0, len(drawn), SOURCES_PER_CALL):
            check()
            chunk = drawn[start : start + SOURCES_PER_CALL]
            raw += np.asarray(
                g.betweenness(directed=False, sources=chunk, weights=distances), dtype=np.float64
            )
        return raw


def closeness_centrality(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    exact_limit: int = EXACT_LIMIT,
    sources: int = SOURCES,
    seed: int = 0,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
) -> CentralityResult:
    """Closeness centrality: how near a node is to the others, on average.

    As networkx with Wasserman and Faust's correction for disconnected graphs: a node that
    reaches ``r - 1`` others at mean distance ``d`` scores ``(r - 1) / (n - 1) / d``.
    Exact up to ``exact_limit`` nodes. Above it, each node's mean distance is estimated from
    breadth-first searches out of ``sources`` nodes drawn with ``seed`` (Eppstein and Wang's
    sampling; components of up to ``exact_limit`` nodes stay exact). Since mean distances are
    at least 1, each score is then within ``Δ sqrt(ln(2 / (1 - CONFIDENCE)) / (2 k'))`` of the
    exact value with probability ``CONFIDENCE``, Δ bounding the diameter (twice a source's
    eccentricity) and ``k'`` the fewest sources that reached a node: the result states this
    bound, which is loose (the estimates are usually far closer).

    Parameters
    ----------
    G, label, top, exact_limit, sources, seed, compiled
        As for :func:`betweenness_centrality`.

    Returns
    -------
    CentralityResult
        Scores as ``networkx.closeness_centrality(G)``.

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> [(e.id, round(e.score, 3)) for e in closeness_centrality(G).entries]
    [('1', 1.0), ('0', 0.667), ('2', 0.667)]

    References
    ----------
    .. [1] S. Wasserman and K. Faust, Social Network Analysis: Methods and Applications,
       Cambridge University Press, 1994.
    .. [2] D. Eppstein and J. Wang, "Fast approximation of centrality",
       Journal of Graph Algorithms and Applications 8(1):39-45, 2004.
    """
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    n = graph.node_count
    membership = graph.components()
    sizes = np.bincount(membership)[membership] if n else np.zeros(0, dtype=np.int64)
    reach_share = (sizes - 1) / (n - 1) if n > 1 else np.zeros(n)
    drawn = draw_sources(n, exact_limit, sources, seed)
    if drawn is None:
        with quiet_igraph():
            mean_inverse = np.nan_to_num(
                np.asarray(
                    graph.graph.closeness(normalized=True, weights=w.distances),
                    dtype=np.float64,
                )
            )
        return centrality_result(
            w,
            labels,
            CentralityMeasure.CLOSENESS,
            mean_inverse * reach_share,
            label,
            top,
            method=weighed("exact closeness with Wasserman and Faust's correction", w, "Dijkstra"),
        )
    scores, bound = sampled_closeness(graph, drawn, sizes, exact_limit, w.distances)
    return centrality_result(
        w,
        labels,
        CentralityMeasure.CLOSENESS,
        scores * reach_share,
        label,
        top,
        method=(
            f"closeness estimated from {len(drawn)} sampled sources (seed {seed}; Eppstein "
            "and Wang), with Wasserman and Faust's correction; "
            + (
                f"each score within ±{bound:.3f} of the exact one with probability {CONFIDENCE:.0%}"
                if bound is not None
                else "ties weighed, a strong tie counting as a short one (Dijkstra)"
            )
        ),
        sources=len(drawn),
        seed=seed,
        error_bound=bound,
    )


def eigenvector_centrality(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
) -> CentralityResult:
    """Eigenvector centrality: a node is central when its neighbours are.

    The leading eigenvector of the adjacency matrix, scaled to unit Euclidean length as
    networkx scales it. It is meaningful on a connected graph; on a disconnected one the
    component with the largest eigenvalue takes (almost) all the weight, as in networkx.

    Parameters
    ----------
    G, label, top, compiled
        As for :func:`degree_centrality`.

    Returns
    -------
    CentralityResult
        Scores as ``networkx.eigenvector_centrality(G)`` (to its tolerance).

    Examples
    --------
    >>> G = nx.path_graph(3)
    >>> [(e.id, round(e.score, 4)) for e in eigenvector_centrality(G).entries]
    [('1', 0.7071), ('0', 0.5), ('2', 0.5)]

    References
    ----------
    .. [1] P. Bonacich, "Power and centrality: a family of measures",
       American Journal of Sociology 92(5):1170-1182, 1987.
    """
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    if graph.tie_count == 0:
        scores: FloatArray = np.zeros(graph.node_count)
    else:
        # ARPACK starts from a random vector: seeded, the last digits are the same every time.
        with seeded_igraph(0), quiet_igraph():
            raw = graph.graph.eigenvector_centrality(weights=w.weights)
        scores = np.abs(np.asarray(raw, dtype=np.float64))
        scores /= np.linalg.norm(scores)
    return centrality_result(
        w,
        labels,
        CentralityMeasure.EIGENVECTOR,
        scores,
        label,
        top,
        method=weighed(
            "leading eigenvector of the adjacency matrix (ARPACK), unit Euclidean length", w
        ),
    )


def pagerank(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    damping: float = 0.85,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
) -> CentralityResult:
    """PageRank: where a random walker that follows ties, and sometimes jumps, spends its time.

    Parameters
    ----------
    G, label, top, compiled
        As for :func:`degree_centrality`.
    damping : float
        The probability of following a tie rather than jumping (networkx's ``alpha``).

    Returns
    -------
    CentralityResult
        Scores summing to 1 over the graph, as ``networkx.pagerank(G, alpha=damping)``,
        iterated to a far smaller tolerance (1e-15). The sums run in one fixed order, so the
        same graph gives the same digits every time (igraph's PRPACK does not: its last
        digits vary from call to call).

    Examples
    --------
    >>> G = nx.star_graph(2)
    >>> [(e.id, round(e.score, 4)) for e in pagerank(G).entries]
    [('0', 0.4865), ('1', 0.2568), ('2', 0.2568)]

    References
    ----------
    .. [1] L. Page, S. Brin, R. Motwani and T. Winograd, "The PageRank citation ranking:
       bringing order to the web", Stanford InfoLab technical report, 1999.
    """
    if not 0 <= damping < 1:
        raise InvalidParameter(f"damping must be in [0, 1), not {damping}")
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    raw = pagerank_scores(graph, damping, w.weights)
    return centrality_result(
        w,
        labels,
        CentralityMeasure.PAGERANK,
        np.asarray(raw, dtype=np.float64),
        label,
        top,
        method=weighed(f"PageRank with damping {damping} (power iteration to 1e-15)", w),
        damping=damping,
    )


def centrality(
    G: nx.Graph[Any],
    measure: CentralityMeasure | str,
    *,
    label: str | None = None,
    top: int | None = None,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    labels: Collection[str] | None = None,
    damping: float = 0.85,
    sources: int = SOURCES,
    seed: int = 0,
    exact_limit: int = EXACT_LIMIT,
) -> CentralityResult:
    """Any of the five measures by name; the tuning parameters a measure does not use
    (``damping`` for all but PageRank, ``sources``/``seed``/``exact_limit`` for all but
    betweenness and closeness) are ignored.

    Examples
    --------
    >>> centrality(nx.path_graph(3), "degree", top=1).entries[0].id
    '1'
    """
    try:
        chosen = CentralityMeasure(measure)
    except ValueError as error:
        raise InvalidParameter(str(error)) from None
    common: dict[str, Any] = {
        "label": label,
        "top": top,
        "compiled": compiled,
        "view": view,
        "weight": weight,
        "labels": labels,
    }
    if chosen is CentralityMeasure.DEGREE:
        return degree_centrality(G, **common)
    if chosen is CentralityMeasure.EIGENVECTOR:
        return eigenvector_centrality(G, **common)
    if chosen is CentralityMeasure.PAGERANK:
        return pagerank(G, damping=damping, **common)
    sampling: dict[str, Any] = {"sources": sources, "seed": seed, "exact_limit": exact_limit}
    if chosen is CentralityMeasure.BETWEENNESS:
        return betweenness_centrality(G, **sampling, **common)
    return closeness_centrality(G, **sampling, **common)
