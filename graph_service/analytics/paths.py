"""Paths between two nodes and the neighbourhood of one, optionally by relationship type.

Relationships are followed in either direction (a path from a firm to its association's
other firms goes against ``MEMBER_OF`` half the way). Searches walk the projection itself,
so a query touches only the part of the graph it needs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterator
from itertools import islice, pairwise
from typing import Any, cast

import networkx as nx

from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import check_relationship_types, node_ref, require_node
from graph_service.analytics.stopping import check
from graph_service.analytics.views import relationship_type, types_between
from graph_service.domain.analytics import (
    EgoEdge,
    EgoNetwork,
    EgoNode,
    Path,
    PathMethod,
    PathsResult,
)

Neighbours = Callable[[Hashable], list[Hashable]]


def shortest_paths(
    G: nx.Graph[Any],
    source: str,
    target: str,
    *,
    limit: int = 10,
    relationship_types: Collection[str] | None = None,
) -> PathsResult:
    """All shortest paths between two nodes (at most ``limit`` of them).

    A bidirectional breadth-first search finds the distance; the paths are then read off
    both search trees, in order of node ids.

    Parameters
    ----------
    G : networkx graph
        The projection.
    source, target : str
        Node ids.
    limit : int
        The most paths to list (``truncated`` says whether there were more).
    relationship_types : collection of str, optional
        Follow only these relationship types.

    Returns
    -------
    PathsResult
        The same paths as ``networkx.all_shortest_paths`` on the undirected view.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")])
    >>> result = shortest_paths(G, "a", "d")
    >>> result.distance, [[n.id for n in p.nodes] for p in result.paths]
    (2, [['a', 'b', 'd'], ['a', 'c', 'd']])
    """
    if limit < 1:
        raise InvalidParameter(f"limit must be at least 1, not {limit}")
    types = check_relationship_types(relationship_types)
    require_node(G, source)
    require_node(G, target)
    neighbours = _neighbours(G, types)
    walks = list(islice(_all_shortest(neighbours, source, target), limit + 1))
    return PathsResult(
        source=node_ref(G, source),
        target=node_ref(G, target),
        method=PathMethod.ALL_SHORTEST,
        relationship_types=types,
        limit=limit,
        distance=len(walks[0]) - 1 if walks else None,
        truncated=len(walks) > limit,
        paths=tuple(_path(G, walk) for walk in walks[:limit]),
    )


def k_shortest_paths(
    G: nx.Graph[Any],
    source: str,
    target: str,
    *,
    k: int = 5,
    max_length: int | None = None,
    relationship_types: Collection[str] | None = None,
) -> PathsResult:
    """The ``k`` shortest simple paths between two nodes, shortest first (Yen's algorithm).

    Only paths of at most ``max_length`` steps are considered (by default the shortest
    distance plus 2): the search is confined to nodes that can lie on such a path, which
    keeps it local in a large network.

    Parameters
    ----------
    G : networkx graph
    source, target : str
    k : int
        The most paths to list.
    max_length : int, optional
        The longest path considered.
    relationship_types : collection of str, optional
        Follow only these relationship types.

    Returns
    -------
    PathsResult
        The first paths of ``networkx.shortest_simple_paths`` on the undirected view.

    Examples
    --------
    >>> G = nx.cycle_graph(5)
    >>> nx.relabel_nodes(G, str, copy=False)  # doctest: +ELLIPSIS
    <networkx.classes.graph.Graph object at ...>
    >>> [[n.id for n in p.nodes] for p in k_shortest_paths(G, "0", "2", k=2).paths]
    [['0', '1', '2'], ['0', '4', '3', '2']]

    References
    ----------
    .. [1] J. Y. Yen, "Finding the k shortest loopless paths in a network",
       Management Science 17(11):712-716, 1971.
    """
    if k < 1:
        raise InvalidParameter(f"k must be at least 1, not {k}")
    types = check_relationship_types(relationship_types)
    require_node(G, source)
    require_node(G, target)
    neighbours = _neighbours(G, types)
    first = next(_all_shortest(neighbours, source, target), None)
    walks: list[list[Hashable]] = []
    if first is not None:
        longest = len(first) - 1 + 2 if max_length is None else max_length
        from_source = _bfs(neighbours, source, longest)
        from_target = _bfs(neighbours, target, longest)
        keep = [
            node
            for node, d in from_source.items()
            if node in from_target and d + from_target[node] <= longest
        ]
        local: nx.Graph[Any] = nx.Graph()
        local.add_nodes_from(keep)
        local.add_edges_from((u, w) for u in keep for w in neighbours(u) if w in local)
        if source in local:
            candidates = nx.shortest_simple_paths(local, source, target)
            walks = [w for w in islice(candidates, k) if len(w) - 1 <= longest]
    return PathsResult(
        source=node_ref(G, source),
        target=node_ref(G, target),
        method=PathMethod.K_SHORTEST,
        relationship_types=types,
        limit=k,
        distance=len(first) - 1 if first is not None else None,
        truncated=False,
        paths=tuple(_path(G, walk) for walk in walks),
    )


def ego_network(
    G: nx.Graph[Any],
    center: str,
    *,
    radius: int = 1,
    relationship_types: Collection[str] | None = None,
    max_nodes: int | None = None,
) -> EgoNetwork:
    """The nodes within ``radius`` steps of ``center`` and the relationships among them.

    Parameters
    ----------
    G : networkx graph
        The projection.
    center : str
        A node id.
    radius : int
        How many steps out.
    relationship_types : collection of str, optional
        Follow, and show, only these relationship types.
    max_nodes : int, optional
        Keep at most this many nodes, nearest first (by id within a distance).

    Returns
    -------
    EgoNetwork
        The nodes of ``networkx.ego_graph(undirected view, center, radius)``, with distances;
        relationships in the model's direction.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("f1", "a1", key="MEMBER_OF", type="MEMBER_OF")
    'MEMBER_OF'
    >>> G.add_edge("f2", "a1", key="MEMBER_OF", type="MEMBER_OF")
    'MEMBER_OF'
    >>> ego = ego_network(G, "a1")
    >>> [(n.id, n.distance) for n in ego.nodes], [(e.source, e.target) for e in ego.edges]
    ([('a1', 0), ('f1', 1), ('f2', 1)], [('f1', 'a1'), ('f2', 'a1')])
    """
    if radius < 0:
        raise InvalidParameter(f"radius must be zero or more, not {radius}")
    if max_nodes is not None and max_nodes < 1:
        raise InvalidParameter(f"max_nodes must be at least 1, not {max_nodes}")
    types = check_relationship_types(relationship_types)
    require_node(G, center)
    reached = _bfs(_neighbours(G, types), center, radius)
    truncated = max_nodes is not None and len(reached) > max_nodes
    kept = dict(islice(reached.items(), max_nodes))
    edges = []
    for u in kept:
        for w, data in G.adj[u].items():
            if w not in kept or (not G.is_directed() and str(w) < str(u)):
                continue
            keyed = data.items() if G.is_multigraph() else [(None, data)]
            for key, attrs in keyed:
                found = relationship_type(key, attrs) or ""
                if types is None or found in types:
                    edges.append(EgoEdge(str(u), str(w), found))
    return EgoNetwork(
        center=node_ref(G, center),
        radius=radius,
        relationship_types=types,
        max_nodes=max_nodes,
        truncated=truncated,
        nodes=tuple(
            EgoNode(ref.id, ref.label, ref.name, d)
            for node, d in kept.items()
            for ref in [node_ref(G, node)]
        ),
        edges=tuple(sorted(edges, key=lambda e: (e.source, e.target, e.type))),
    )


def _neighbours(G: nx.Graph[Any], types: tuple[str, ...] | None) -> Neighbours:
    """Neighbours in either direction by the allowed types, sorted by id."""
    wanted = None if types is None else frozenset(types)
    if G.is_directed():
        directed = cast("nx.DiGraph[Any]", G)
        adjacencies: tuple[Any, ...] = (directed.succ, directed.pred)
    else:
        adjacencies = (G.adj,)

    def allowed(data: Any) -> bool:
        if wanted is None:
            return True
        if G.is_multigraph():
            return any(relationship_type(k, d) in wanted for k, d in data.items())
        return relationship_type(None, data) in wanted

    def neighbours(node: Hashable) -> list[Hashable]:
        found = {
            other
            for adjacency in adjacencies
            for other, data in adjacency[node].items()
            if other != node and allowed(data)
        }
        return sorted(found, key=str)

    return neighbours


def _bfs(neighbours: Neighbours, root: Hashable, depth: int) -> dict[Hashable, int]:
    """Distances from ``root`` up to ``depth``, in breadth-first order."""
    distance = {root: 0}
    frontier = [root]
    for level in range(1, depth + 1):
        check()
        following = []
        for node in frontier:
            for other in neighbours(node):
                if other not in distance:
                    distance[other] = level
                    following.append(other)
        if not following:
            break
        frontier = following
    return distance


def _all_shortest(neighbours: Neighbours, s: Hashable, t: Hashable) -> Iterator[list[Hashable]]:
    """Every shortest path from ``s`` to ``t`` (bidirectional breadth-first search)."""
    if s == t:
        yield [s]
        return
    sides = ({s: 0}, {t: 0})
    frontiers: tuple[list[Hashable], list[Hashable]] = ([s], [t])
    middle: list[Hashable] = []
    side = 0
    while frontiers[0] and frontiers[1] and not middle:
        check()
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, theirs = sides[side], sides[1 - side]
        following = []
        for node in frontiers[side]:
            for other in neighbours(node):
                if other not in mine:
                    mine[other] = mine[node] + 1
                    following.append(other)
        met = [node for node in following if node in theirs]
        if met:
            total = min(mine[node] + theirs[node] for node in met)
            middle = sorted((n for n in met if mine[n] + theirs[n] == total), key=str)
        frontiers = (following, frontiers[1]) if side == 0 else (frontiers[0], following)
    for node in middle:
        for left in _walks_to_root(neighbours, sides[0], node):
            for right in _walks_to_root(neighbours, sides[1], node):
                yield left[::-1] + right[1:]


def _walks_to_root(
    neighbours: Neighbours, distance: dict[Hashable, int], node: Hashable
) -> Iterator[list[Hashable]]:
    """Every shortest walk from ``node`` back to the root of ``distance``'s search."""
    if distance[node] == 0:
        yield [node]
        return
    for previous in neighbours(node):
        if distance.get(previous) == distance[node] - 1:
            for walk in _walks_to_root(neighbours, distance, previous):
                yield [node, *walk]


def _path(G: nx.Graph[Any], walk: list[Hashable]) -> Path:
    return Path(
        tuple(node_ref(G, node) for node in walk),
        tuple("|".join(types_between(G, a, b)) for a, b in pairwise(walk)),
    )


def paths_between(
    G: nx.Graph[Any], source: str, target: str, *, k: int | None = None
) -> PathsResult:
    """All shortest paths between two nodes, or with ``k`` the ``k`` shortest simple ones.

    Examples
    --------
    >>> G = nx.cycle_graph(["a", "b", "c", "d"])
    >>> [p.length for p in paths_between(G, "a", "c").paths]
    [2, 2]
    >>> [p.length for p in paths_between(G, "a", "b", k=2).paths]
    [1, 3]
    """
    if k is None:
        return shortest_paths(G, source, target)
    return k_shortest_paths(G, source, target, k=k)
