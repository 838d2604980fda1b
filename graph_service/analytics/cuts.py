"""Single points of failure: articulation points and bridges, and who they would cut off."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from itertools import chain
from typing import Any

import igraph  # type: ignore[import-untyped]
import networkx as nx
import numpy as np

from graph_service.analytics.engine import (
    BACKWARD,
    FORWARD,
    CompiledGraph,
    IntArray,
    compiled_for,
)
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
    component = np.asarray(igraph.GraphBase.connected_components(graph.graph), dtype=np.int64)
    whole_nodes = np.bincount(component, minlength=1 if n == 0 else 0)
    whole_firms = np.bincount(component, weights=is_firm, minlength=whole_nodes.shape[0])
    whole_firms = whole_firms.astype(np.int64)
    largest = int(np.argmax(whole_nodes)) if n else -1
    found = _splits(graph, is_firm, component, whole_nodes, whole_firms)
    rank = graph.id_rank
    nodes = graph.nodes
    # Only the kept ones are named: most firms, then most nodes cut off, then by id.
    kept = np.lexsort((rank[found.points], -found.point_nodes, -found.point_firms))[:top]
    vertices = []
    for v, nodes_cut, firms_cut in zip(
        found.points[kept].tolist(),
        found.point_nodes[kept].tolist(),
        found.point_firms[kept].tolist(),
        strict=True,
    ):
        ref = node_ref(G, nodes[v])
        c = int(component[v])
        vertices.append(
            CutVertex(
                ref.id,
                ref.label,
                ref.name,
                int(whole_nodes[c]),
                c == largest,
                nodes_cut,
                firms_cut,
            )
        )
    source, target = _in_model_direction(graph, found.ends, found.positions)
    kept = np.lexsort((rank[target], rank[source], -found.bridge_nodes, -found.bridge_firms))[:top]
    edges = []
    for a, b, nodes_cut, firms_cut in zip(
        source[kept].tolist(),
        target[kept].tolist(),
        found.bridge_nodes[kept].tolist(),
        found.bridge_firms[kept].tolist(),
        strict=True,
    ):
        c = int(component[a])
        edges.append(
            CutEdge(
                node_ref(G, nodes[a]),
                node_ref(G, nodes[b]),
                "|".join(types_between(G, nodes[a], nodes[b])),
                int(whole_nodes[c]),
                c == largest,
                nodes_cut,
                firms_cut,
            )
        )
    return CutResult(
        node_count=n,
        component_count=int(whole_nodes.shape[0]) if n else 0,
        largest_component_size=int(whole_nodes[largest]) if n else 0,
        largest_component_firms=int(whole_firms[largest]) if n else 0,
        method="Hopcroft-Tarjan depth-first search (igraph) and the block-cut tree, in the "
        "undirected view",
        articulation_points=tuple(vertices),
        bridges=tuple(edges),
    )


@dataclass(frozen=True)
class _Splits:
    """The articulation points and bridges, with the nodes and firms each cuts off."""

    points: IntArray
    point_nodes: IntArray
    point_firms: IntArray
    ends: IntArray
    """The bridges' two ends, one pair a row."""
    positions: IntArray
    """Where each bridge's second end sits among the first end's neighbours (in the CSR)."""
    bridge_nodes: IntArray
    bridge_firms: IntArray


def _splits(
    graph: CompiledGraph,
    is_firm: IntArray,
    component: IntArray,
    whole_nodes: IntArray,
    whole_firms: IntArray,
) -> _Splits:
    """Every articulation point and bridge, with what it cuts off.

    A node of one tie (a leaf: most member firms) hangs from its neighbour by a bridge; the
    rest of the graph (the core) is split by igraph, each core node weighing itself and the
    leaves hanging from it. Removing a node leaves its leaves, one node each, and the parts
    its removal leaves of the core; the largest part (most nodes, then most firms) is the
    main body of the component, the rest is cut off. Parts are compared as one code,
    nodes times ``scale`` plus firms.
    """
    n = graph.node_count
    scale = int(whole_firms.max(initial=0)) + 1
    degree = graph.degrees()
    leaves = np.flatnonzero(degree == 1)
    anchors = graph.indices[graph.indptr[leaves]]
    hanging = degree[anchors] > 1
    hung, hung_from = leaves[hanging], anchors[hanging]
    weight_nodes = 1 + np.bincount(hung_from, minlength=n)
    weight_firms = is_firm + np.bincount(hung_from, weights=is_firm[hung], minlength=n).astype(
        np.int64
    )
    best = np.full(n, -1, dtype=np.int64)  # each node's largest part, as a code
    np.maximum.at(best, hung_from, scale + is_firm[hung])
    core = np.flatnonzero(degree > 1)
    core_graph = graph.graph
    if core.shape[0] < n:
        # Built afresh from the core's nodes, in their order: much less memory to touch than
        # a copy of the whole graph with the leaves deleted.
        core_graph = graph.graph.induced_subgraph(
            core.tolist(), implementation="create_from_scratch"
        )
    weights = _Weights(
        weight_nodes[core], weight_firms[core], component[core], whole_nodes, whole_firms, scale
    )
    core_points, core_best, core_bridges, core_cut = _core_splits(core_graph, weights)
    best[core] = np.maximum(best[core], core_best)
    is_point = np.zeros(n, dtype=bool)
    is_point[hung_from] = True
    is_point[core[core_points]] = True
    points = np.flatnonzero(is_point)
    point_component = component[points]
    point_nodes = whole_nodes[point_component] - best[points] // scale - 1
    point_firms = whole_firms[point_component] - best[points] % scale - is_firm[points]

    # Bridges: each leaf's tie (once where two leaves are tied), then the core's.
    alone = ~hanging & (leaves < anchors)
    pendant = np.concatenate([hung, leaves[alone]])
    other = np.concatenate([hung_from, anchors[alone]])
    side = scale + is_firm[pendant]
    rest = (whole_nodes[component[pendant]] - 1) * scale + (
        whole_firms[component[pendant]] - is_firm[pendant]
    )
    core_ends = core[core_bridges]
    keys = np.repeat(np.arange(n, dtype=np.int64), degree) * max(n, 1) + graph.indices
    cut = np.concatenate([np.minimum(side, rest), core_cut])
    return _Splits(
        points=points,
        point_nodes=point_nodes,
        point_firms=point_firms,
        ends=np.concatenate([np.stack([pendant, other], axis=1), core_ends]),
        positions=np.concatenate(
            [
                graph.indptr[pendant],
                np.searchsorted(keys, core_ends[:, 0] * max(n, 1) + core_ends[:, 1]),
            ]
        ),
        bridge_nodes=cut // scale,
        bridge_firms=cut % scale,
    )


@dataclass(frozen=True)
class _Weights:
    """The core's nodes' weights (each with its leaves) and components, and the components'
    sizes in the whole graph."""

    nodes: IntArray
    firms: IntArray
    component: IntArray
    whole_nodes: IntArray
    whole_firms: IntArray
    scale: int

    def code(self, nodes: IntArray, firms: IntArray) -> IntArray:
        return nodes * self.scale + firms


def _core_splits(core: Any, weights: _Weights) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """In the core (node i weighing ``weights.nodes[i]``): its articulation points, each
    node's largest part left when it is removed (-1 when none), the bridges' ends (core
    indices, one pair a row) and the code of what each cuts off."""
    w = weights
    points = np.asarray(core.articulation_points(), dtype=np.int64)
    rest = w.whole_nodes[w.component] - w.nodes
    best = np.where(rest > 0, w.code(rest, w.whole_firms[w.component] - w.firms), -1).astype(
        np.int64
    )
    if not points.size:
        # Every component of the core is one block: its bridges join the two nodes of
        # components of two.
        count = np.bincount(w.component, minlength=w.whole_nodes.shape[0])
        alone = np.flatnonzero(count[w.component] == 2)
        two = alone[np.argsort(w.component[alone], kind="stable")].reshape(-1, 2)
        sides = w.code(w.nodes[two], w.firms[two])
        return points, best, two, sides.min(axis=1)
    return (points, *_block_cut_tree(core, points, weights, best))


def _block_cut_tree(
    core: Any, points: IntArray, weights: _Weights, best: IntArray
) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_core_splits` where the core has articulation points of its own.

    igraph finds the biconnected components (blocks); in the block-cut tree (a node per
    block and per articulation point, rooted at a block of each component) the parts that
    removing an articulation point leaves are the subtrees of its child blocks and the rest
    of its component; a bridge is a block of two nodes, whose far side is its subtree.
    """
    w = weights
    n = core.vcount()
    trees, _ = igraph.GraphBase.biconnected_components(core, True)
    edge_ends = np.asarray(core.get_edgelist(), dtype=np.int64).reshape(-1, 2)
    tree_edges = np.fromiter(chain.from_iterable(trees), np.int64)
    tree_of = np.repeat(np.arange(len(trees), dtype=np.int64), [len(t) for t in trees])
    codes = np.unique(np.repeat(tree_of, 2) * max(n, 1) + edge_ends[tree_edges].reshape(-1))
    members = codes % max(n, 1)
    sizes = np.bincount(codes // max(n, 1), minlength=len(trees))
    b, a = len(sizes), points.shape[0]
    point_of = np.full(n, -1, dtype=np.int64)
    point_of[points] = np.arange(a, dtype=np.int64)
    block_of = np.repeat(np.arange(b, dtype=np.int64), sizes)
    shared = point_of[members] >= 0
    # Tree nodes: blocks 0..b-1, articulation points b..b+a-1, one root above them all.
    root = b + a
    nodes_weight = np.zeros(root + 1, dtype=np.int64)
    firms_weight = np.zeros(root + 1, dtype=np.int64)
    nodes_weight[:b] = np.bincount(
        block_of[~shared], weights=w.nodes[members[~shared]], minlength=b
    )
    firms_weight[:b] = np.bincount(
        block_of[~shared], weights=w.firms[members[~shared]], minlength=b
    )
    nodes_weight[b:root] = w.nodes[points]
    firms_weight[b:root] = w.firms[points]
    first_member = members[np.cumsum(sizes) - sizes]
    _, first_blocks = np.unique(w.component[first_member], return_index=True)
    ties = np.concatenate(
        [
            np.stack([block_of[shared], b + point_of[members[shared]]], axis=1),
            np.stack([np.full(first_blocks.shape[0], root), first_blocks], axis=1),
        ]
    )
    tree = igraph.Graph(n=root + 1, directed=False)
    tree.add_edges(ties)
    order, layers, parents = tree.bfs(root)
    order_array = np.asarray(order, dtype=np.int64)
    parent = np.asarray(parents, dtype=np.int64)
    below_nodes, below_firms = nodes_weight.copy(), firms_weight.copy()
    for start, stop in reversed(list(itertools.pairwise(layers))[1:]):
        layer = order_array[start:stop]
        np.add.at(below_nodes, parent[layer], below_nodes[layer])
        np.add.at(below_firms, parent[layer], below_firms[layer])

    # Articulation points: their child blocks' subtrees, and the rest of the component.
    point_component = w.component[points]
    part_code = w.code(below_nodes, below_firms)
    child_blocks = np.flatnonzero((parent[:b] >= b) & (parent[:b] < root))
    point_best = np.full(a, -1, dtype=np.int64)
    np.maximum.at(point_best, parent[child_blocks] - b, part_code[child_blocks])
    rest_nodes = w.whole_nodes[point_component] - below_nodes[b:root]
    rest_firms = w.whole_firms[point_component] - below_firms[b:root]
    best[points] = np.where(
        rest_nodes > 0, np.maximum(point_best, w.code(rest_nodes, rest_firms)), point_best
    )

    # Bridges: the blocks of two nodes; the far side is the block's subtree.
    pairs = np.flatnonzero(sizes == 2)
    ends = members[(np.cumsum(sizes) - sizes)[pairs][:, None] + np.arange(2)]
    under_root = parent[pairs] == root
    near = ends[:, 0]
    near_tree = np.where(point_of[near] >= 0, b + point_of[near], -1)
    side_nodes = np.where(
        under_root,
        np.where(near_tree >= 0, below_nodes[near_tree], w.nodes[near]),
        below_nodes[pairs],
    )
    side_firms = np.where(
        under_root,
        np.where(near_tree >= 0, below_firms[near_tree], w.firms[near]),
        below_firms[pairs],
    )
    pair_component = w.component[near]
    other_nodes = w.whole_nodes[pair_component] - side_nodes
    other_firms = w.whole_firms[pair_component] - side_firms
    cut = np.minimum(w.code(side_nodes, side_firms), w.code(other_nodes, other_firms))
    return best, ends, cut


def _in_model_direction(
    graph: CompiledGraph, ends: IntArray, positions: IntArray
) -> tuple[IntArray, IntArray]:
    """Each tie's ends as its relationship runs (by id when it runs both ways or the graph
    is undirected); ``positions``: where each tie's second end sits in the CSR."""
    runs = graph.directions[positions]
    forward, backward = (runs & FORWARD) > 0, (runs & BACKWARD) > 0
    by_id = graph.id_rank[ends[:, 0]] <= graph.id_rank[ends[:, 1]]
    first = np.where(forward != backward, forward, by_id)
    return np.where(first, ends[:, 0], ends[:, 1]), np.where(first, ends[:, 1], ends[:, 0])
