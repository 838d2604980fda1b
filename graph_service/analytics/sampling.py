"""Sampling for the path-based centralities on large graphs: sources, estimates and bounds."""

from __future__ import annotations

import math
import random

import numpy as np

from graph_service.analytics.engine import CompiledGraph, FloatArray, IntArray, quiet_igraph
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.stopping import check

CONFIDENCE = 0.95
"""The probability with which a sampled score is within its stated error bound."""


def draw_sources(n: int, exact_limit: int, sources: int, seed: int) -> list[int] | None:
    """The sampled source indices, or None for an exact computation.

    Examples
    --------
    >>> draw_sources(10, exact_limit=5, sources=3, seed=0)
    [6, 9, 0]
    >>> draw_sources(10, exact_limit=50, sources=3, seed=0) is None
    True
    """
    if sources < 1:
        raise InvalidParameter(f"sources must be at least 1, not {sources}")
    if n <= exact_limit or sources >= n:
        return None
    # networkx draws with random.Random(seed).sample(list(G), k): positions depend on n only.
    return random.Random(seed).sample(range(n), sources)


def hoeffding_bound(samples: int) -> float:
    """Half-width of a :data:`CONFIDENCE` interval for a mean of ``samples`` values in [0, 1].

    Hoeffding's inequality, which also holds for sampling without replacement.

    Examples
    --------
    >>> round(hoeffding_bound(499), 4)
    0.0608

    References
    ----------
    .. [1] W. Hoeffding, "Probability inequalities for sums of bounded random variables",
       Journal of the American Statistical Association 58(301):13-30, 1963.
    """
    return math.sqrt(math.log(2 / (1 - CONFIDENCE)) / (2 * samples))


def sampled_closeness(
    graph: CompiledGraph,
    drawn: list[int],
    sizes: IntArray,
    exact_limit: int,
    distances: list[float] | None = None,
) -> tuple[FloatArray, float | None]:
    """Inverse mean distances (before the reach correction) and the error bound.

    Components of more than ``exact_limit`` nodes are sampled; the others are exact. With
    ``distances`` (each tie's length, in the engine's edge order) the distances are weighted
    (Dijkstra) and no bound is given: Hoeffding's needs distances of at least 1.
    """
    n = graph.node_count
    big = sizes > exact_limit
    sampled = [source for source in drawn if big[source]]
    total = np.zeros(n)
    counted = np.zeros(n)
    diameter_bound = 1
    for source in sampled:
        check()
        if distances is None:
            distance: FloatArray = graph.hop_distances(source).astype(np.float64)
        else:
            found = graph.graph.distances(source=[source], weights=distances)[0]
            distance = np.asarray(found, dtype=np.float64)
            distance[~np.isfinite(distance)] = -1.0
        reached = distance >= 0
        total[reached] += distance[reached]
        counted[reached] += 1
        counted[source] -= 1
        diameter_bound = max(diameter_bound, 2 * int(distance.max()))
    scores = np.zeros(n)
    has = big & (counted > 0)
    scores[has] = counted[has] / total[has]
    exact = np.flatnonzero(~has & (sizes > 1))
    if exact.size:
        with quiet_igraph():
            exact_found = graph.graph.closeness(
                vertices=exact.tolist(), normalized=True, weights=distances
            )
        scores[exact] = np.nan_to_num(np.asarray(exact_found, dtype=np.float64))
    if distances is not None:
        return scores, None
    fewest = int(counted[has].min()) if has.any() else 1
    return scores, diameter_bound * hoeffding_bound(max(fewest, 1))
