"""Views of the network and the weights of their ties, for the analyses that take them.

An analysis called with ``view`` and ``weight`` (:class:`~graph_service.domain.weighting.
NetworkView`, :class:`~graph_service.domain.weighting.TieWeight`) runs on the simple undirected
graph :func:`network_view` builds. Its ties carry ``weight``, a strength (more is closer: what
PageRank, eigenvector centrality, degree and Louvain use), and ``distance``, its inverse (what
the path-based measures, betweenness and closeness, add up along a path), so a strong tie is a
short one, as networkx's ``weight="distance"`` would have it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from graph_service.analytics.engine import CompiledGraph, compile_graph, compiled_for
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.views import (
    ASSOCIATION,
    FIRM,
    PROJECT,
    collaboration_graph,
    related,
)
from graph_service.domain.weighting import WEIGHTS_BY_VIEW, NetworkView, TieWeight

WEIGHT = "weight"
DISTANCE = "distance"


def check_view(view: NetworkView | str, weight: TieWeight | str) -> tuple[NetworkView, TieWeight]:
    """The choices as enumerations, or :class:`InvalidParameter` naming what is allowed.

    Examples
    --------
    >>> check_view("firms", "investment")
    (<NetworkView.FIRMS: 'firms'>, <TieWeight.INVESTMENT: 'investment'>)
    >>> check_view("associations", "investment")
    Traceback (most recent call last):
    ...
    graph_service.errors.InvalidParameter: weight 'investment' means nothing in the \
associations view: choose none or shared_firms
    """
    try:
        chosen_view = NetworkView(view)
    except ValueError:
        allowed = ", ".join(v.value for v in NetworkView)
        raise InvalidParameter(f"view must be one of {allowed}, not {view!r}") from None
    try:
        chosen_weight = TieWeight(weight)
    except ValueError:
        allowed = ", ".join(w.value for w in TieWeight)
        raise InvalidParameter(f"weight must be one of {allowed}, not {weight!r}") from None
    allowed_here = WEIGHTS_BY_VIEW[chosen_view]
    if chosen_weight not in allowed_here:
        raise InvalidParameter(
            f"weight {chosen_weight.value!r} means nothing in the {chosen_view.value} view: "
            f"choose {' or '.join(w.value for w in allowed_here)}"
        )
    return chosen_view, chosen_weight


def network_view(
    G: nx.Graph[Any],
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
) -> nx.Graph[Any]:
    """The view ``view`` of the projection ``G``, its ties weighed by ``weight``.

    Parameters
    ----------
    G : networkx graph
        The projection.
    view : NetworkView
        ``whole``: every node, a tie wherever relationships join two nodes. ``firms``: the
        firms, tied when they share a project. ``associations``: the associations, tied when
        a firm is a member of both.
    weight : TieWeight
        ``none`` (every tie 1); in the whole view ``declared`` (the sum of the relationships'
        ``weight`` properties, 1 where absent); in the firms view ``shared_projects`` (how
        many) or ``investment`` (their euros; ties whose projects have no known investment are
        left out); in the associations view ``shared_firms``.

    Returns
    -------
    networkx.Graph
        Every node of the view with its attributes; ties with ``weight`` and ``distance``
        (``1 / weight``).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_nodes_from(["f1", "f2"], label="Firm")
    >>> G.add_nodes_from([("p1", {"investment": 300.0}), ("p2", {"investment": 100.0})],
    ...                  label="Project")
    >>> for firm, project in [("f1", "p1"), ("f2", "p1"), ("f1", "p2"), ("f2", "p2")]:
    ...     _ = G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> network_view(G, "firms", "investment").edges["f1", "f2"]
    {'weight': 400.0, 'distance': 0.0025}
    """
    chosen_view, chosen_weight = check_view(view, weight)
    if chosen_view is NetworkView.FIRMS:
        H = _firms(G, chosen_weight)
    elif chosen_view is NetworkView.ASSOCIATIONS:
        H = _associations(G)
    else:
        H = _whole(G, declared=chosen_weight is TieWeight.DECLARED)
    for _, _, data in H.edges(data=True):
        if chosen_weight is TieWeight.NONE:
            data[WEIGHT] = 1.0
        data[DISTANCE] = 1.0 / data[WEIGHT]
    return H


@dataclass(frozen=True, eq=False)
class Weighted:
    """A view ready for the engine: the graph, its compilation, the ties' strengths and
    lengths in the engine's edge order (None when every tie counts the same)."""

    graph: nx.Graph[Any]
    compiled: CompiledGraph
    weights: list[float] | None
    distances: list[float] | None
    view: NetworkView = NetworkView.WHOLE
    weight: TieWeight = TieWeight.NONE


def weighted(
    G: nx.Graph[Any],
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    compiled: CompiledGraph | None = None,
) -> Weighted:
    """The view of ``G`` compiled, with its weights (``compiled`` is reused for the plain
    whole graph, the one it was compiled from)."""
    chosen_view, chosen_weight = check_view(view, weight)
    if chosen_view is NetworkView.WHOLE and chosen_weight is TieWeight.NONE:
        return Weighted(G, compiled_for(G, compiled), None, None)
    H = network_view(G, chosen_view, chosen_weight)
    engine = compile_graph(H)
    if chosen_weight is TieWeight.NONE:
        return Weighted(H, engine, None, None, chosen_view, chosen_weight)
    pairs = engine.graph.get_edgelist()
    strengths = [float(H.edges[engine.nodes[i], engine.nodes[j]][WEIGHT]) for i, j in pairs]
    return Weighted(H, engine, strengths, [1.0 / s for s in strengths], chosen_view, chosen_weight)


def _whole(G: nx.Graph[Any], *, declared: bool) -> nx.Graph[Any]:
    sums: defaultdict[tuple[Hashable, Hashable], float] = defaultdict(float)
    order = {node: position for position, node in enumerate(G)}
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        pair = (u, v) if order[u] <= order[v] else (v, u)
        sums[pair] += float(data.get(WEIGHT, 1.0)) if declared else 1.0
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from((node, dict(attrs)) for node, attrs in G.nodes(data=True))
    H.add_edges_from((u, v, {WEIGHT: total}) for (u, v), total in sums.items())
    return H


def project_value(G: nx.Graph[Any], project: Hashable) -> float:
    """A project's euros: its ``investment``, else the sum of its ``FUNDED_BY`` amounts.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p1", label="Project")
    >>> _ = G.add_edge("p1", "voucher", key="FUNDED_BY", type="FUNDED_BY", amount=7000.0)
    >>> project_value(G, "p1")
    7000.0
    """
    investment = G.nodes[project].get("investment")
    if isinstance(investment, int | float) and not isinstance(investment, bool):
        return float(investment)
    total = 0.0
    if G.is_multigraph() and G.is_directed():
        for _, _, data in G.out_edges(project, data=True):  # type: ignore[attr-defined]
            amount = data.get("amount")
            if data.get("type") == "FUNDED_BY" and isinstance(amount, int | float):
                total += float(amount)
    return total


def _firms(G: nx.Graph[Any], weight: TieWeight) -> nx.Graph[Any]:
    C = collaboration_graph(G)
    values: dict[str, float] = {}
    if weight is TieWeight.INVESTMENT:
        values = {
            str(node): project_value(G, node)
            for node, attrs in G.nodes(data=True)
            if attrs.get("label") == PROJECT
        }
    empty = []
    for u, v, data in C.edges(data=True):
        projects = data.pop("projects")
        shared = data.pop(WEIGHT)
        if weight is TieWeight.INVESTMENT:
            value = sum(values.get(p, 0.0) for p in projects)
            if value > 0:
                data[WEIGHT] = value
            else:
                empty.append((u, v))
        else:
            data[WEIGHT] = float(shared)
    C.remove_edges_from(empty)
    return C


def _associations(G: nx.Graph[Any]) -> nx.Graph[Any]:
    labels = {node: attrs.get("label") for node, attrs in G.nodes(data=True)}
    shared: defaultdict[tuple[Hashable, Hashable], int] = defaultdict(int)
    order = {node: position for position, node in enumerate(G)}
    for node, label in labels.items():
        if label != FIRM:
            continue
        associations = {a for a in related(G, node, "MEMBER_OF") if labels.get(a) == ASSOCIATION}
        for u, v in combinations(sorted(associations, key=order.__getitem__), 2):
            shared[u, v] += 1
    H: nx.Graph[Any] = nx.Graph()
    H.add_nodes_from(
        (node, dict(attrs)) for node, attrs in G.nodes(data=True) if labels[node] == ASSOCIATION
    )
    H.add_edges_from((u, v, {WEIGHT: float(count)}) for (u, v), count in shared.items())
    return H


__all__ = [
    "DISTANCE",
    "WEIGHT",
    "Weighted",
    "check_view",
    "network_view",
    "project_value",
    "weighted",
]
