"""Single points of failure: articulation points and bridges, and who they would cut off."""

from __future__ import annotations

import itertools
from collections.abc import Hashable
from itertools import chain
from typing import Any

import igraph  # type: ignore[import-untyped]
import networkx as nx
import numpy as np

from graph_service.analytics.engine import CompiledGraph, IntArray, compiled_for
from graph_service.analytics.nodes import node_ref
from graph_service.analytics.ranking import check_top
from graph_service.analytics.views import FIRM, types_between
from graph_service.domain.analytics import CutEdge, CutResult, CutVertex


def cut_points(
    G: nx.Graph[Any], *, top: int | None = None, compiled: CompiledGraph | None = None
) -> CutResult:
    """Articulation points and bridges of the undirected view, with what each would cut off.

    Removing an articulation point (a node) or a bridge (a tie) splits its connected
    component. The largest part (most nodes, then most firms) is the component's main body;
    everything else is cut off from it. ``firms_cut_off`` counts the firms in the parts cut off
    (a removed firm itself is not counted), ``nodes_cut_off`` all their nodes. igraph finds
    them all (Hopcroft and Tarjan's depth-first search); the size of every part comes from
    the block-cut tree.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph; its undirected view is used, where parallel
        relationships make one tie).
    top : int, optional
        Keep the ``top`` articulation points and bridges of each kind; all when omitted.
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.

    Returns
    -------
    CutResult
        Most firms cut off first, then most nodes, then by id.

    Examples
    --------
    >>> G = nx.Graph([("a", "hub"), ("b", "hub"), ("hub", "c"), ("c", "d"), ("d", "hub")])
    >>> result = cut_points(G)
    >>> [(p.id, p.nodes_cut_off) for p in result.articulation_points]
    [('hub', 2)]
    >>> sorted((b.source.id, b.target.id) for b in result.bridges)
    [('a', 'hub'), ('b', 'hub')]

    References
    ----------
    .. [1] J. Hopcroft and R. Tarjan, "Algorithm 447: efficient algorithms for graph
       manipulation", Communications of the ACM 16(6):372-378, 1973.
    """
    check_top(top)
    graph = compiled_for(G, compiled)
    n = graph.node_count
    is_firm = graph.label_mask(FIRM).astype(np.int64)
    component = np.asarray(graph.graph.connected_components().membership, dtype=np.int64)
    whole_nodes = np.bincount(component, minlength=1 if n == 0 else 0)
    whole_firms = np.bincount(component, weights=is_firm, minlength=whole_nodes.shape[0])
    whole_firms = whole_firms.astype(np.int64)
    largest = int(np.argmax(whole_nodes)) if n else -1
    found_vertices, found_edges = _splits(graph, is_firm, component, whole_nodes, whole_firms)
    totals = list(zip(whole_nodes.tolist(), whole_firms.tolist(), strict=True)) if n else []
    component_list = component.tolist()
    nodes = graph.nodes
    # Only the kept ones are named: most firms, then most nodes cut off, then by id.
    found_vertices.sort(key=lambda p: (-p[0], -p[1], str(nodes[p[2]])))
    vertices = []
    for firms_cut, nodes_cut, v in found_vertices[:top] if top is not None else found_vertices:
        ref = node_ref(G, nodes[v])
        whole = totals[component_list[v]]
        in_largest = component_list[v] == largest
        vertices.append(
            CutVertex(ref.id, ref.label, ref.name, whole[0], in_largest, nodes_cut, firms_cut)
        )
    edges = []
    for firms_cut, nodes_cut, a, b in _first_edges(G, nodes, found_edges, top):
        whole = totals[component_list[graph.index[a]]]
        edges.append(
            CutEdge(
                node_ref(G, a),
                node_ref(G, b),
                "|".join(types_between(G, a, b)),
                whole[0],
                component_list[graph.index[a]] == largest,
                nodes_cut,
                firms_cut,
            )
        )
    return CutResult(
        node_count=n,
        component_count=len(totals),
        largest_component_size=totals[largest][0] if totals else 0,
        largest_component_firms=totals[largest][1] if totals else 0,
        method="Hopcroft-Tarjan depth-first search (igraph) and the block-cut tree, in the "
        "undirected view",
        articulation_points=tuple(vertices),
        bridges=tuple(edges),
    )


def _splits(
    graph: CompiledGraph,
    is_firm: IntArray,
    component: IntArray,
    whole_nodes: IntArray,
    whole_firms: IntArray,
) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int, int]]]:
    """(firms cut off, nodes cut off, node) of each articulation point and (firms, nodes,
    one end, the other) of each bridge.

    igraph finds the biconnected components (blocks) and the articulation points; in the
    block-cut tree (a node per block and per articulation point, rooted at a block of each
    component) the parts that removing an articulation point leaves are the subtrees of its
    child blocks and the rest of its component; a bridge is a block of two nodes, whose far
    side is its subtree.
    """
    n = graph.node_count
    if n == 0 or graph.tie_count == 0:
        return [], []
    points, bridges = _blocks_and_points(graph)
    members, sizes = bridges
    b, a = len(sizes), len(points)
    point_of = np.full(n, -1, dtype=np.int64)
    point_of[np.asarray(points, dtype=np.int64)] = np.arange(a, dtype=np.int64)
    block_of = np.repeat(np.arange(b, dtype=np.int64), sizes)
    shared = point_of[members] >= 0
    # Tree nodes: blocks 0..b-1, articulation points b..b+a-1, one root above them all.
    root = b + a
    nodes_weight = np.zeros(root + 1, dtype=np.int64)
    firms_weight = np.zeros(root + 1, dtype=np.int64)
    nodes_weight[:b] = np.bincount(block_of[~shared], minlength=b)
    firms_weight[:b] = np.bincount(
        block_of[~shared], weights=is_firm[members[~shared]], minlength=b
    ).astype(np.int64)
    point_nodes = np.asarray(points, dtype=np.int64)
    nodes_weight[b:root] = 1
    firms_weight[b:root] = is_firm[point_nodes]
    first_member = members[np.cumsum(sizes) - sizes]
    _, first_blocks = np.unique(component[first_member], return_index=True)
    ties = np.concatenate(
        [
            np.stack([block_of[shared], b + point_of[members[shared]]], axis=1),
            np.stack([np.full(first_blocks.shape[0], root), first_blocks], axis=1),
        ]
    )
    tree = igraph.Graph(n=root + 1, edges=ties.tolist(), directed=False)
    order, layers, parents = tree.bfs(root)
    order_array = np.asarray(order, dtype=np.int64)
    parent = np.asarray(parents, dtype=np.int64)
    below_nodes, below_firms = nodes_weight.copy(), firms_weight.copy()
    for start, stop in reversed(list(itertools.pairwise(layers))[1:]):
        layer = order_array[start:stop]
        np.add.at(below_nodes, parent[layer], below_nodes[layer])
        np.add.at(below_firms, parent[layer], below_firms[layer])
    scale = int(whole_firms.max()) + 1

    # Articulation points: the largest part is the main body; the rest is cut off.
    point_component = component[point_nodes]
    part_code = below_nodes * scale + below_firms
    child_blocks = np.flatnonzero((parent[:b] >= b) & (parent[:b] < root))
    best = np.full(a, -1, dtype=np.int64)
    np.maximum.at(best, parent[child_blocks] - b, part_code[child_blocks])
    rest_nodes = whole_nodes[point_component] - below_nodes[b:root]
    rest_firms = whole_firms[point_component] - below_firms[b:root]
    best = np.where(rest_nodes > 0, np.maximum(best, rest_nodes * scale + rest_firms), best)
    cut_nodes = whole_nodes[point_component] - best // scale - 1
    cut_firms = whole_firms[point_component] - best % scale - firms_weight[b:root]
    vertices = list(zip(cut_firms.tolist(), cut_nodes.tolist(), points, strict=True))

    # Bridges: the blocks of two nodes; the far side is the block's subtree.
    pairs = np.flatnonzero(sizes == 2)
    ends = members[(np.cumsum(sizes) - sizes)[pairs][:, None] + np.arange(2)]
    under_root = parent[pairs] == root
    near = ends[:, 0]
    near_tree = np.where(point_of[near] >= 0, b + point_of[near], -1)
    side_nodes = np.where(
        under_root,
        np.where(near_tree >= 0, below_nodes[near_tree], 1),
        below_nodes[pairs],
    )
    side_firms = np.where(
        under_root,
        np.where(near_tree >= 0, below_firms[near_tree], is_firm[near]),
        below_firms[pairs],
    )
    pair_component = component[ends[:, 0]]
    other_nodes = whole_nodes[pair_component] - side_nodes
    other_firms = whole_firms[pair_component] - side_firms
    side_main = (side_nodes > other_nodes) | (
        (side_nodes == other_nodes) & (side_firms >= other_firms)
    )
    edge_nodes = np.where(side_main, other_nodes, side_nodes)
    edge_firms = np.where(side_main, other_firms, side_firms)
    edges = list(
        zip(
            edge_firms.tolist(),
            edge_nodes.tolist(),
            ends[:, 0].tolist(),
            ends[:, 1].tolist(),
            strict=True,
        )
    )
    return vertices, edges


def _blocks_and_points(graph: CompiledGraph) -> tuple[list[int], tuple[IntArray, IntArray]]:
    """The articulation points, and the blocks (biconnected components) as their members one
    after the other with each block's size.

    igraph lists the blocks much more slowly than it finds the bridges and the articulation
    points: the bridges (most blocks, in a network of member firms) are made blocks of two
    here, and only the rest of the graph is split into blocks, a component each when it has
    no articulation point of its own.
    """
    g = graph.graph
    points: list[int] = g.articulation_points()
    bridges = np.asarray(g.bridges(), dtype=np.int64)
    rows = np.repeat(np.arange(graph.node_count, dtype=np.int64), graph.degrees())
    upper = rows < graph.indices
    # Edge i of the compiled graph joins its i-th pair in index order (see compile_graph).
    pair_ends = np.stack([rows[upper][bridges], graph.indices[upper][bridges]], axis=1)
    core = g.copy()
    core.delete_edges(bridges.tolist())
    if core.articulation_points():
        blocks = [block for block in core.biconnected_components() if len(block) > 2]
        members = np.fromiter(chain.from_iterable(blocks), np.int64)
        sizes = np.fromiter(map(len, blocks), np.int64, len(blocks))
    else:
        membership = np.asarray(core.connected_components().membership, dtype=np.int64)
        counts = np.bincount(membership)
        in_block = counts[membership] > 1
        order = np.argsort(membership[in_block], kind="stable")
        members = np.flatnonzero(in_block)[order]
        sizes = counts[counts > 1]
    return points, (
        np.concatenate([members, pair_ends.reshape(-1)]),
        np.concatenate([sizes, np.full(bridges.shape[0], 2, dtype=np.int64)]),
    )


def _first_edges(
    G: nx.Graph[Any],
    nodes: tuple[Hashable, ...],
    found: list[tuple[int, int, int, int]],
    top: int | None,
) -> list[tuple[int, int, Hashable, Hashable]]:
    """The ``top`` bridges (all when None) as (firms cut off, nodes cut off, from, to), most
    firms then most nodes first, then by the ids of their ends in the model's direction; the
    direction is looked up only for the bridges that can make the cut."""
    found.sort(key=lambda e: (-e[0], -e[1]))
    if top is not None and len(found) > top:
        last = found[top - 1][:2] if top > 0 else None
        found = [e for e in found if last is not None and e[:2] >= last]
    directed = [
        (firms, count, *_in_model_direction(G, nodes[u], nodes[v])) for firms, count, u, v in found
    ]
    directed.sort(key=lambda e: (-e[0], -e[1], str(e[2]), str(e[3])))
    return directed[:top] if top is not None else directed


def _in_model_direction(G: nx.Graph[Any], a: Hashable, b: Hashable) -> tuple[Hashable, Hashable]:
    """The tie's ends as its relationship runs (by id when undirected or both ways)."""
    if G.is_directed():
        forward, backward = G.has_edge(a, b), G.has_edge(b, a)
        if forward != backward:
            return (a, b) if forward else (b, a)
    return (a, b) if str(a) <= str(b) else (b, a)
