"""The compiled engine: a graph's undirected view in igraph, with the id ↔ index mapping.

networkx is the reference and the input contract; where it is too slow at the network's size
(82,000 nodes), the analyses run on python-igraph (C) and on numpy arrays. Compile once per
projection and pass the result to every analysis with ``compiled=``; each analysis compiles
for itself when it is not given one.
"""

from __future__ import annotations

import random
import threading
import warnings
from collections.abc import Collection, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, cast

import igraph  # type: ignore[import-untyped]
import networkx as nx
import numpy as np
import numpy.typing as npt

from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import labelled_nodes
from graph_service.analytics.stopping import check

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
SmallIntArray = npt.NDArray[np.int8]
U64Array = npt.NDArray[np.uint64]

FORWARD, BACKWARD = 1, 2
"""The bits of :attr:`CompiledGraph.directions`: a relationship from the row's node to the
neighbour, and one from the neighbour to the row's node."""

UNREACHED = -1
"""The distance :meth:`CompiledGraph.distances` gives to nodes not reachable from the source."""

_RNG_LOCK = threading.Lock()


@dataclass(frozen=True, eq=False)
class CompiledGraph:
    """The simple undirected view of a graph, ready for igraph and numpy.

    Node ``i`` of the compiled graph is ``nodes[i]``, the i-th node of the networkx graph in
    iteration order; ``index`` maps back. Ties are unique and unordered, self-loops dropped.
    ``indptr``/``indices`` hold the adjacency in CSR form (neighbours sorted by index), and
    ``directions`` beside ``indices`` the way the graph's relationships run along each tie
    (:data:`FORWARD`, :data:`BACKWARD` or both; both for an undirected graph).
    ``id_rank[i]`` is node i's place among the nodes sorted by id as a string (ties by index):
    the order the analyses list their results in, found once for all of them.
    ``relationships`` keeps the relationships' directions and types for the analyses that
    follow them (a type is its ``type`` attribute, else the multigraph key, else None).
    """

    nodes: tuple[Hashable, ...]
    index: dict[Hashable, int]
    labels: tuple[str | None, ...]
    graph: Any = field(repr=False)
    indptr: IntArray = field(repr=False)
    indices: IntArray = field(repr=False)
    directions: SmallIntArray = field(repr=False)
    id_rank: IntArray = field(repr=False)
    relationships: IntArray = field(repr=False)
    """Each relationship of the graph once, as a row ``(from, to, type)``: node indices and
    the type's place in ``relationship_types``; sorted, parallel ones of a type merged."""
    relationship_types: tuple[str | None, ...] = ()

    @property
    def node_count(self) -> int:
        return len(self.nodes)

    @property
    def tie_count(self) -> int:
        return int(self.indices.shape[0] // 2)

    def degrees(self) -> IntArray:
        return np.diff(self.indptr)

    def neighbours(self, i: int) -> IntArray:
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def label_mask(self, label: str | None) -> npt.NDArray[np.bool_]:
        """True for the nodes of ``label`` (all nodes when ``label`` is None)."""
        if label is None:
            return np.ones(self.node_count, dtype=bool)
        return np.fromiter((found == label for found in self.labels), bool, self.node_count)

    def distances(self, source: int) -> tuple[IntArray, IntArray]:
        """Hop distances from ``source`` (:data:`UNREACHED` where unreachable), and BFS parents.

        ``parents[i]`` is the node before ``i`` on one shortest path from ``source``
        (``source`` is its own parent; unreached nodes have 0), as igraph's BFS found it.
        """
        order, layers, parents = self.graph.bfs(source)
        distance = np.full(self.node_count, UNREACHED, dtype=np.int64)
        order_array = np.asarray(order, dtype=np.int64)
        bounds = np.asarray(layers, dtype=np.int64)
        sizes = bounds[1:] - bounds[:-1]
        distance[order_array] = np.repeat(np.arange(sizes.shape[0], dtype=np.int64), sizes)
        return distance, np.asarray(parents, dtype=np.int64)

    def hop_distances(self, source: int) -> IntArray:
        """Hop distances from ``source`` (:data:`UNREACHED` where unreachable), without the
        parents: one list from igraph instead of three, for searches repeated many times."""
        found = np.asarray(self.graph.distances(source=[source])[0], dtype=np.float64)
        reached = np.isfinite(found)
        return np.where(reached, np.nan_to_num(found, posinf=0), UNREACHED).astype(np.int64)

    def hop_layers(self, sources: Sequence[int]) -> Iterator[tuple[int, U64Array]]:
        """Breadth-first searches from up to 64 ``sources`` at once, level by level.

        Yields ``(distance, found)`` from distance 0 (the sources themselves) on: bit ``j`` of
        ``found[v]`` is set when node ``v`` is exactly ``distance`` steps from ``sources[j]``.
        One pass over the ties per level serves all the searches (a multi-source BFS with a
        bit per source), where one search at a time walks the ties once per source.
        """
        if not 0 < len(sources) <= 64:
            raise ValueError(f"from 1 to 64 sources at a time, not {len(sources)}")
        bits = np.left_shift(np.uint64(1), np.arange(len(sources), dtype=np.uint64))
        visited = np.zeros(self.node_count, dtype=np.uint64)
        np.bitwise_or.at(visited, np.asarray(sources, dtype=np.int64), bits)
        found = visited.copy()
        tied = np.diff(self.indptr) > 0
        starts = self.indptr[:-1][tied]
        distance = 0
        while True:
            yield distance, found
            check()
            distance += 1
            reached = np.zeros(self.node_count, dtype=np.uint64)
            reached[tied] = np.bitwise_or.reduceat(found[self.indices], starts)
            reached &= ~visited
            if not reached.any():
                return
            visited |= reached
            found = reached

    def hop_distances_from(self, sources: Sequence[int], targets: IntArray) -> Iterator[IntArray]:
        """For each of ``sources`` in turn, the hop distances from it to ``targets``
        (:data:`UNREACHED` where unreachable): :meth:`hop_layers` 64 sources at a time, so
        that at most 64 columns of distances are held at once."""
        for start in range(0, len(sources), 64):
            chunk = sources[start : start + 64]
            table = np.full((targets.shape[0], len(chunk)), UNREACHED, dtype=np.int64)
            for distance, found in self.hop_layers(chunk):
                at_targets = found[targets]
                rows = np.flatnonzero(at_targets)
                if rows.size == 0:
                    continue
                as_bytes = at_targets[rows].astype("<u8").view(np.uint8).reshape(-1, 8)
                hit = np.unpackbits(as_bytes, axis=1, bitorder="little")[:, : len(chunk)]
                block = table[rows]
                block[hit.astype(bool)] = distance
                table[rows] = block
            yield from table.T

    def shortest_path(self, source: int, target: int) -> list[int]:
        """One shortest path from ``source`` to ``target`` (as the breadth-first search from
        ``source`` finds it)."""
        return [int(i) for i in self.graph.get_shortest_path(source, target)]

    def components(self) -> IntArray:
        """The connected component of each node, numbered from 0."""
        return np.asarray(self.graph.connected_components().membership, dtype=np.int64)

    def check_matches(self, G: nx.Graph[Any]) -> None:
        """Raise :class:`InvalidParameter` if this was obviously not compiled from ``G``."""
        if G.number_of_nodes() != self.node_count:
            raise InvalidParameter(
                f"the compiled graph has {self.node_count} nodes, the graph "
                f"{G.number_of_nodes()}: compile it from this graph"
            )


def compile_graph(G: nx.Graph[Any]) -> CompiledGraph:
    """Compile the undirected simple view of ``G`` (any networkx graph).

    Parameters
    ----------
    G : networkx graph
        Directions, parallel relationships and self-loops are dropped.

    Returns
    -------
    CompiledGraph

    Examples
    --------
    >>> G = nx.MultiDiGraph([("f1", "a1"), ("a1", "f1"), ("f2", "a1")])
    >>> compiled = compile_graph(G)
    >>> compiled.node_count, compiled.tie_count, compiled.nodes[compiled.index["f2"]]
    (3, 2, 'f2')
    >>> [compiled.nodes[i] for i in compiled.neighbours(compiled.index["a1"])]
    ['f1', 'f2']
    >>> a1 = compiled.index["a1"]
    >>> compiled.directions[compiled.indptr[a1] : compiled.indptr[a1 + 1]].tolist()  # f1, f2
    [3, 2]
    """
    nodes = tuple(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    types: dict[Any, int] = {}
    relationships = _encoded(G, index, _typed_edges(G), types, G.number_of_edges())
    return _assembled(G, nodes, index, relationships, list(types))


def recompile(
    previous: CompiledGraph, G: nx.Graph[Any], touched: Collection[Hashable]
) -> CompiledGraph:
    """:func:`compile_graph` of ``G``, from ``previous``: the compilation of an earlier version
    of ``G`` whose ties differ from ``G``'s only at the ``touched`` nodes (created, deleted,
    linked or unlinked since). The nodes may have been added or removed anywhere in the order.

    Only the touched nodes' ties are walked in ``G``; the rest is numpy work on
    ``previous``'s arrays, whose nodes and labels are kept when no node came or went.

    Examples
    --------
    >>> G = nx.MultiDiGraph([("f1", "a1"), ("f2", "a1")])
    >>> before = compile_graph(G)
    >>> G.remove_node("f1")
    >>> _ = G.add_edge("f2", "t1")
    >>> after = recompile(before, G, {"f1", "f2", "t1"})
    >>> fresh = compile_graph(G)
    >>> after.nodes == fresh.nodes, after.indices.tolist() == fresh.indices.tolist()
    (True, True)
    """
    same_nodes = G.number_of_nodes() == previous.node_count and all(
        node in previous.index
        and node in G
        and G.nodes[node].get("label") == previous.labels[previous.index[node]]
        for node in touched
    )  # nodes are created and deleted (or their id reused) only by changes that touch them
    nodes = previous.nodes if same_nodes else tuple(G.nodes)
    index = previous.index if same_nodes else {node: i for i, node in enumerate(nodes)}
    kept = previous.relationships.copy()
    if not same_nodes:
        remap = np.fromiter(
            (index.get(node, -1) for node in previous.nodes), np.int64, previous.node_count
        )
        kept[:, :2] = remap[kept[:, :2]]
    changed = np.zeros(len(nodes), dtype=bool)
    present = [node for node in touched if node in index]
    changed[[index[node] for node in present]] = True
    kept = kept[(kept[:, :2] >= 0).all(axis=1)]
    kept = kept[~(changed[kept[:, 0]] | changed[kept[:, 1]])]
    types: dict[Any, int] = {name: code for code, name in enumerate(previous.relationship_types)}
    fresh = _encoded(G, index, _typed_edges(G, present), types)
    labels = previous.labels if same_nodes else None
    id_rank = previous.id_rank if same_nodes else None
    relationships = np.concatenate([kept, fresh])
    return _assembled(G, nodes, index, relationships, list(types), labels, id_rank)


def _typed_edges(G: nx.Graph[Any], nodes: list[Hashable] | None = None) -> Iterable[Any]:
    """Each relationship (of ``nodes``, in and out, when given) as ``(from, to, key, type)``
    in a multigraph, ``(from, to, type)`` otherwise."""
    typed: dict[str, Any] = (
        {"keys": True, "data": "type"} if G.is_multigraph() else {"data": "type"}
    )
    edges: Iterable[Any]
    if nodes is None:
        edges = G.edges(**typed)
    elif G.is_directed():
        directed = cast("nx.DiGraph[Any]", G)
        edges = chain(directed.out_edges(nodes, **typed), directed.in_edges(nodes, **typed))
    else:
        edges = G.edges(nodes, **typed)
    return edges


def _encoded(
    G: nx.Graph[Any],
    index: dict[Hashable, int],
    edges: Iterable[Any],
    types: dict[Any, int],
    count: int = -1,
) -> IntArray:
    """``(from, to, type)`` rows of indices from :func:`_typed_edges`; ``types`` numbers the
    types (the ``type`` attribute, else the multigraph key, else None), new ones added."""
    size = 3 * count if count >= 0 else -1
    if G.is_multigraph():
        flat = np.fromiter(
            (
                x
                for u, v, key, found in edges
                for x in (
                    index[u],
                    index[v],
                    types.setdefault(key if found is None else found, len(types)),
                )
            ),
            dtype=np.int64,
            count=size,
        )
    else:
        flat = np.fromiter(
            (
                x
                for u, v, found in edges
                for x in (index[u], index[v], types.setdefault(found, len(types)))
            ),
            dtype=np.int64,
            count=size,
        )
    return flat.reshape(-1, 3)


def _assembled(
    G: nx.Graph[Any],
    nodes: tuple[Hashable, ...],
    index: dict[Hashable, int],
    relationships: IntArray,
    types: list[Any],
    labels: tuple[str | None, ...] | None = None,
    id_rank: IntArray | None = None,
) -> CompiledGraph:
    """The compiled graph of ``nodes`` and its ``relationships``, ``(from, to, type)`` rows
    with the type's place in ``types`` (any order, repeats and self-loops allowed)."""
    if labels is None:
        labels = tuple(label for _, label in labelled_nodes(G))
    if id_rank is None:
        id_rank = _id_rank(nodes)
    n = len(nodes)
    relationships, names = _canonical(relationships, types, n)
    ends = relationships[:, :2]
    ends = ends[ends[:, 0] != ends[:, 1]]
    low, high = np.minimum(ends[:, 0], ends[:, 1]), np.maximum(ends[:, 0], ends[:, 1])
    # Each tie's code, twice over and one more when a relationship runs from high to low.
    keys = np.unique((low * max(n, 1) + high) * 2 + (ends[:, 0] > ends[:, 1]))
    codes = keys >> 1
    first = np.concatenate(([True], codes[1:] != codes[:-1])) if codes.size else codes > 0
    runs = np.where(keys & 1, BACKWARD, FORWARD).astype(np.int8)
    if codes.size:
        runs = np.bitwise_or.reduceat(runs, np.flatnonzero(first))
    if not G.is_directed():
        runs[:] = FORWARD | BACKWARD
    codes = codes[first]
    pairs = np.stack([codes // max(n, 1), codes % max(n, 1)], axis=1)
    graph = igraph.Graph(n=n, directed=False)
    graph.add_edges(pairs)  # from the array: several times faster than from a list of lists
    both = np.concatenate([pairs, pairs[:, ::-1]])
    # Seen from the higher end, a relationship from low to high runs backward.
    turned = ((runs & FORWARD) * BACKWARD + (runs & BACKWARD) // BACKWARD).astype(np.int8)
    directions = np.concatenate([runs, turned])
    order = np.lexsort((both[:, 1], both[:, 0]))
    both, directions = both[order], directions[order]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(both[:, 0], minlength=n), out=indptr[1:])
    indices = both[:, 1].copy()
    return CompiledGraph(
        nodes, index, labels, graph, indptr, indices, directions, id_rank, relationships, names
    )


def _canonical(
    relationships: IntArray, types: list[Any], n: int
) -> tuple[IntArray, tuple[str | None, ...]]:
    """The relationships sorted and each once, their types named (as strings) and renumbered
    in the order of their names (None first): the same rows however the graph was compiled."""
    used = np.unique(relationships[:, 2]).tolist()
    named = [None if types[code] is None else str(types[code]) for code in used]
    names = sorted(set(named), key=lambda t: (t is not None, str(t)))
    place = np.zeros(max(len(types), 1), dtype=np.int64)
    place[used] = [names.index(name) for name in named]
    width, size = max(len(names), 1), max(n, 1)
    keys = np.unique(
        (relationships[:, 0] * size + relationships[:, 1]) * width + place[relationships[:, 2]]
    )
    pairs = keys // width
    rows = np.stack([pairs // size, pairs % size, keys % width], axis=1)
    return rows, tuple(names)


def _id_rank(nodes: tuple[Hashable, ...]) -> IntArray:
    """Each node's place among the nodes sorted by id as a string, ties by position (as a
    stable sort by ``str`` puts them)."""
    ids = [str(node) for node in nodes]
    rank = np.empty(len(ids), dtype=np.int64)
    rank[np.asarray(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)] = np.arange(
        len(ids), dtype=np.int64
    )
    return rank


def compiled_for(G: nx.Graph[Any], compiled: CompiledGraph | None) -> CompiledGraph:
    """``compiled`` after checking it belongs to ``G``, or a fresh compilation of ``G``."""
    if compiled is None:
        return compile_graph(G)
    compiled.check_matches(G)
    return compiled


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms with their own generator seeded with ``seed``.

    igraph draws from Python's global ``random`` module by default; this gives it a private
    ``random.Random(seed)`` for the duration (under a lock, so concurrent calls do not mix
    their draws) and then gives back the default.
    """
    with _RNG_LOCK:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


@contextmanager
def quiet_igraph() -> Iterator[None]:
    """Silence igraph's numerical warnings (e.g. eigenvectors of disconnected graphs).

    The conditions they report are documented on the analyses that can meet them.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        yield
