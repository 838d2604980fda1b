"""Ranking scored nodes: descending scores, ties share the best rank (1, 2, 2, 4)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import networkx as nx

from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import node_ref
from graph_service.domain.analytics import RankedNode

T = TypeVar("T")

TIE_DECIMALS = 12
"""Scores equal to this many decimal places are tied (floating-point noise is not a rank)."""


def tie_key(score: float) -> float:
    """The score as compared for ranking: rounded to :data:`TIE_DECIMALS` decimal places."""
    return round(score, TIE_DECIMALS)


def check_top(top: int | None) -> None:
    if top is not None and top < 0:
        raise InvalidParameter(f"top must be zero or more, not {top}")


def competition_ranks(keys: Sequence[Hashable]) -> list[int]:
    """Standard competition ranks of keys already sorted best first (equal keys tie).

    Examples
    --------
    >>> competition_ranks([0.9, 0.5, 0.5, 0.1])
    [1, 2, 2, 4]
    """
    ranks: list[int] = []
    for position, key in enumerate(keys):
        tied = position > 0 and key == keys[position - 1]
        ranks.append(ranks[-1] if tied else position + 1)
    return ranks


def best_first(items: Iterable[T], key: Callable[[T], Any], top: int | None) -> list[T]:
    """The ``top`` smallest items by ``key`` (all of them, sorted, when ``top`` is None)."""
    if top is None:
        return sorted(items, key=key)
    return heapq.nsmallest(top, items, key=key)


def rank_nodes(
    G: nx.Graph[Any], scores: Iterable[tuple[Hashable, float]], top: int | None
) -> tuple[RankedNode, ...]:
    """Rank ``(node, score)`` pairs, highest score first; ties ordered by node id.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "c")])
    >>> [(e.id, e.rank) for e in rank_nodes(G, [("a", 0.5), ("b", 1.0), ("c", 0.5)], None)]
    [('b', 1), ('a', 2), ('c', 2)]
    """
    check_top(top)
    chosen = best_first(scores, lambda pair: (-tie_key(pair[1]), str(pair[0])), top)
    ranks = competition_ranks([-tie_key(score) for _, score in chosen])
    entries = []
    for (node, score), rank in zip(chosen, ranks, strict=True):
        ref = node_ref(G, node)
        entries.append(RankedNode(ref.id, ref.label, ref.name, float(score), rank))
    return tuple(entries)
