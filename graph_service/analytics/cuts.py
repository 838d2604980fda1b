"""Single points of failure: articulation points and bridges, and who they would cut off."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import networkx as nx

from graph_service.analytics.engine import CompiledGraph, compiled_for
from graph_service.analytics.nodes import node_ref
from graph_service.analytics.ranking import check_top
from graph_service.analytics.views import FIRM, types_between
from graph_service.domain.analytics import CutEdge, CutResult, CutVertex

Piece = tuple[int, int]
"""A part of a component: (nodes, firms)."""


def cut_points(
    G: nx.Graph[Any], *, top: int | None = None, compiled: CompiledGraph | None = None
) -> CutResult:
    """Articulation points and bridges of the undirected view, with what each would cut off.

    Removing an articulation point (a node) or a bridge (a tie) splits its connected
    component. The largest part (most nodes, then most firms) is the component's main body;
    everything else is cut off from it. ``firms_cut_off`` counts the firms in the parts cut off
    (a removed firm itself is not counted), ``nodes_cut_off`` all their nodes. One depth-first
    search (Hopcroft and Tarjan) finds them all, with the size of every part.

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
    is_firm = [int(flag) for flag in graph.label_mask(FIRM).tolist()]
    indptr, indices = graph.indptr.tolist(), graph.indices.tolist()
    disc, low = [-1] * n, [0] * n
    size, firms = [1] * n, list(is_firm)
    component = [-1] * n
    separated: dict[int, list[Piece]] = {}
    bridges: list[tuple[int, int, Piece]] = []
    totals: list[Piece] = []
    timer = 0
    for root in range(n):
        if disc[root] != -1:
            continue
        disc[root] = low[root] = timer
        timer += 1
        component[root] = len(totals)
        stack = [(root, -1, indptr[root])]
        while stack:
            v, parent, pointer = stack[-1]
            if pointer < indptr[v + 1]:
                stack[-1] = (v, parent, pointer + 1)
                w = indices[pointer]
                if disc[w] == -1:
                    disc[w] = low[w] = timer
                    timer += 1
                    component[w] = len(totals)
                    stack.append((w, v, indptr[w]))
                elif w != parent:
                    low[v] = min(low[v], disc[w])
                continue
            stack.pop()
            if parent < 0:
                continue
            size[parent] += size[v]
            firms[parent] += firms[v]
            low[parent] = min(low[parent], low[v])
            if low[v] >= disc[parent]:
                separated.setdefault(parent, []).append((size[v], firms[v]))
            if low[v] > disc[parent]:
                bridges.append((parent, v, (size[v], firms[v])))
        totals.append((size[root], firms[root]))
    largest = max(range(len(totals)), key=lambda c: totals[c][0], default=-1)
    found_vertices: list[tuple[int, int, int]] = []
    for v, pieces in separated.items():
        whole = totals[component[v]]
        rest = (whole[0] - 1 - sum(p[0] for p in pieces), whole[1] - is_firm[v])
        rest = (rest[0], rest[1] - sum(p[1] for p in pieces))
        parts = [*pieces, rest] if rest[0] > 0 else pieces
        if len(parts) < 2:
            continue
        cut = _cut_off(parts, whole, exclude=(1, is_firm[v]))
        found_vertices.append((cut[1], cut[0], v))
    found_edges: list[tuple[int, int, int, int]] = []
    for u, v, piece in bridges:
        whole = totals[component[u]]
        cut = _cut_off([piece, (whole[0] - piece[0], whole[1] - piece[1])], whole, (0, 0))
        found_edges.append((cut[1], cut[0], u, v))
    nodes = graph.nodes
    # Only the kept ones are named: most firms, then most nodes cut off, then by id.
    found_vertices.sort(key=lambda p: (-p[0], -p[1], str(nodes[p[2]])))
    vertices = []
    for firms_cut, nodes_cut, v in found_vertices[:top] if top is not None else found_vertices:
        ref = node_ref(G, nodes[v])
        whole = totals[component[v]]
        in_largest = component[v] == largest
        vertices.append(
            CutVertex(ref.id, ref.label, ref.name, whole[0], in_largest, nodes_cut, firms_cut)
        )
    edges = []
    for firms_cut, nodes_cut, a, b in _first_edges(G, nodes, found_edges, top):
        whole = totals[component[graph.index[a]]]
        edges.append(
            CutEdge(
                node_ref(G, a),
                node_ref(G, b),
                "|".join(types_between(G, a, b)),
                whole[0],
                component[graph.index[a]] == largest,
                nodes_cut,
                firms_cut,
            )
        )
    return CutResult(
        node_count=n,
        component_count=len(totals),
        largest_component_size=totals[largest][0] if totals else 0,
        largest_component_firms=totals[largest][1] if totals else 0,
        method="Hopcroft-Tarjan depth-first search in the undirected view",
        articulation_points=tuple(vertices),
        bridges=tuple(edges),
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
    if G.is_directed() and G.has_edge(a, b) != G.has_edge(b, a):
        return (a, b) if G.has_edge(a, b) else (b, a)
    return (a, b) if str(a) <= str(b) else (b, a)


def _cut_off(parts: list[Piece], whole: Piece, exclude: Piece) -> Piece:
    """What is cut off from the main body: the whole less the main part and the removed bit."""
    main = max(parts)
    return (whole[0] - main[0] - exclude[0], whole[1] - main[1] - exclude[1])
