"""Brokers: nodes whose ties span otherwise separate parts of the network.

Three views of brokerage: Burt's structural holes (constraint and effective size), Gould and
Fernandez's brokerage roles between associations, and the single points of failure
(articulation points and bridges: :func:`cut_points`, from :mod:`graph_service.analytics.cuts`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Mapping
from math import comb
from typing import Any

import igraph  # type: ignore[import-untyped]
import networkx as nx
import numpy as np

from graph_service.analytics.cuts import cut_points
from graph_service.analytics.engine import CompiledGraph, compiled_for
from graph_service.analytics.nodes import check_label, display_name, node_ref
from graph_service.analytics.ranking import best_first, check_top, competition_ranks, tie_key
from graph_service.analytics.stopping import check
from graph_service.analytics.views import FIRM, collaboration_graph, related
from graph_service.domain.analytics import (
    Broker,
    BrokerageResult,
    BrokerageRole,
    StructuralHole,
    StructuralHolesResult,
)

__all__ = ["brokerage_roles", "count_brokerage", "cut_points", "structural_holes"]

Roles = dict[BrokerageRole, int]


def structural_holes(
    G: nx.Graph[Any],
    *,
    label: str | None = None,
    top: int | None = None,
    compiled: CompiledGraph | None = None,
    labels: Collection[str] | None = None,
) -> StructuralHolesResult:
    """Burt's constraint, effective size and efficiency of each node, in the undirected view.

    A node ``v`` with ``d`` ties invests ``p = 1 / d`` in each. Its constraint is
    ``sum_j (p_vj + sum_q p_vq p_qj)**2`` over its contacts ``j`` (``q`` running over contacts
    tied to both); its effective size is ``d - 2 t / d`` with ``t`` the ties among its
    contacts; efficiency is effective size over ``d``. Low constraint and high effective size
    mark a broker. The sums run over each tie's common neighbours (a set intersection per
    tie), so the cost is that of listing triangles, not of products of adjacency matrices.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph; its undirected view is used).
    label : str, optional
        Rank only the nodes of this label.
    top : int, optional
        Keep the ``top`` least constrained; all when omitted.
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.
    labels : collection of str, optional
        Rank only the nodes of these labels (the network's actors, say).

    Returns
    -------
    StructuralHolesResult
        Values equal to ``networkx.constraint`` and ``networkx.effective_size`` on the
        undirected view; nodes without ties (undefined measures, None) rank last.

    Examples
    --------
    >>> G = nx.Graph([("broker", "a"), ("broker", "b"), ("broker", "c"), ("a", "b")])
    >>> best = structural_holes(G, top=1).entries[0]
    >>> best.id, round(best.constraint, 4), round(best.effective_size, 4)
    ('broker', 0.6111, 2.3333)

    References
    ----------
    .. [1] R. S. Burt, Structural Holes: The Social Structure of Competition,
       Harvard University Press, 1992.
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
       Connections 20(1):35-38, 1997.
    """
    check_label(label)
    check_top(top)
    graph = compiled_for(G, compiled)
    degree = graph.degrees().astype(np.float64)
    inverse = np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0)
    neighbours = [set(graph.neighbours(i).tolist()) for i in range(graph.node_count)]
    redundancy = np.zeros(graph.node_count)  # sum over ties of common neighbours
    constraint = np.zeros(graph.node_count)
    for v, contacts in enumerate(neighbours):
        check()
        for j in contacts:
            if j < v:
                continue
            common = contacts & neighbours[j]
            indirect = sum(inverse[q] for q in common) if common else 0.0
            redundancy[v] += len(common)
            redundancy[j] += len(common)
            constraint[v] += (inverse[v] * (1 + indirect)) ** 2
            constraint[j] += (inverse[j] * (1 + indirect)) ** 2
    effective = degree - np.divide(redundancy, degree, out=np.zeros_like(degree), where=degree > 0)
    mask = graph.label_mask(label)
    if labels is not None:
        wanted = frozenset(labels)
        mask &= np.fromiter((found in wanted for found in graph.labels), bool, graph.node_count)
    entries = [
        (i, int(degree[i]), float(effective[i]), float(constraint[i]))
        for i in np.flatnonzero(mask).tolist()
    ]
    chosen = best_first(
        entries,
        lambda e: (e[1] == 0, tie_key(e[3]), -tie_key(e[2]), str(graph.nodes[e[0]])),
        top,
    )
    ranks = competition_ranks([(e[1] == 0, tie_key(e[3])) for e in chosen])
    holes = []
    for (i, d, size, burt), rank in zip(chosen, ranks, strict=True):
        ref = node_ref(G, graph.nodes[i])
        defined = d > 0
        holes.append(
            StructuralHole(
                ref.id,
                ref.label,
                ref.name,
                d,
                effective_size=size if defined else None,
                efficiency=size / d if defined else None,
                constraint=burt if defined else None,
                rank=rank,
            )
        )
    return StructuralHolesResult(
        label=label,
        node_count=graph.node_count,
        ranked_count=len(entries),
        top=top,
        method="Burt's constraint and effective size (Borgatti's form) in the undirected view",
        entries=tuple(holes),
    )


def count_brokerage(graph: nx.Graph[Any], groups: Mapping[Any, Hashable]) -> dict[Hashable, Roles]:
    """Count each node's brokerage roles (Gould and Fernandez, undirected form).

    ``B`` brokers between ``A`` and ``C`` when ``A - B - C`` are tied and ``A``, ``C`` are not.
    With ``g`` the group of each node, the open two-path is ``B``'s as a

    - coordinator when ``g(A) == g(B) == g(C)``;
    - itinerant when ``g(A) == g(C) != g(B)``;
    - representative/gatekeeper when ``B`` shares its group with exactly one of ``A``, ``C``
      (the two roles differ only by direction, which an undirected tie does not have);
    - liaison when all three groups differ.

    Nodes without a group take part in no counted two-path. Each node's two-paths are
    counted by group sizes among its contacts, less those closed by a tie.

    Parameters
    ----------
    graph : networkx graph
        Undirected: only ties matter.
    groups : mapping
        The group of each node that has one.

    Returns
    -------
    dict
        For each node with a group, its count in each :class:`BrokerageRole`.

    Examples
    --------
    >>> G = nx.Graph([("a1", "b"), ("b", "a2"), ("b", "c")])
    >>> counts = count_brokerage(G, {"a1": "A", "a2": "A", "b": "B", "c": "C"})
    >>> {role.value: n for role, n in counts["b"].items() if n}
    {'itinerant': 1, 'liaison': 2}

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
       brokerage in transaction networks", Sociological Methodology 19:89-126, 1989.
    """
    counts: dict[Hashable, Roles] = {}
    for broker in graph:
        check()
        if broker not in groups:
            continue
        own = groups[broker]
        sizes = Counter(groups[c] for c in graph.adj[broker] if c != broker and c in groups)
        same = sizes.pop(own, 0)
        others = sum(sizes.values())
        counts[broker] = {
            BrokerageRole.COORDINATOR: comb(same, 2),
            BrokerageRole.ITINERANT: sum(comb(size, 2) for size in sizes.values()),
            BrokerageRole.REPRESENTATIVE_GATEKEEPER: same * others,
            BrokerageRole.LIAISON: (others**2 - sum(s * s for s in sizes.values())) // 2,
        }
    # Each triangle a - b - c closes the two-paths it holds: b's between a and c (and a's, c's
    # likewise), not brokered. Only triangles of grouped nodes count; igraph lists them in C,
    # and each corner's role is found for all of them at once.
    grouped = list(counts)
    place = {node: i for i, node in enumerate(grouped)}
    ties = [(place[a], place[c]) for a, c in graph.edges() if a != c and a in place and c in place]
    check()
    triangles = np.array(
        igraph.Graph(n=len(grouped), edges=ties).list_triangles(), dtype=np.int64
    ).reshape(-1, 3)
    check()
    ids = {group: i for i, group in enumerate(dict.fromkeys(groups[n] for n in grouped))}
    group = np.array([ids[groups[node]] for node in grouped], dtype=np.int64)
    closed = np.zeros((len(grouped), len(_ROLES)), dtype=np.int64)
    for corner in range(3):
        b = triangles[:, corner]
        a, c = triangles[:, (corner + 1) % 3], triangles[:, (corner + 2) % 3]
        ga, gb, gc = group[a], group[b], group[c]
        role = np.select(
            [(ga == gb) & (gb == gc), ga == gc, (ga == gb) | (gb == gc)], [0, 1, 2], default=3
        )
        np.add.at(closed, (b, role), 1)
    for i, node in enumerate(grouped):
        roles = counts[node]
        for j, name in enumerate(_ROLES):
            roles[name] -= int(closed[i, j])
    return counts


_ROLES = (
    BrokerageRole.COORDINATOR,
    BrokerageRole.ITINERANT,
    BrokerageRole.REPRESENTATIVE_GATEKEEPER,
    BrokerageRole.LIAISON,
)
"""The roles in the order of :func:`count_brokerage`'s columns: a corner whose two others and
itself share a group, whose two others share one, which shares its own with one of them, or
none of these."""


def brokerage_roles(G: nx.Graph[Any], *, top: int | None = None) -> BrokerageResult:
    """Gould-Fernandez brokerage of firms between associations.

    Counted on the collaboration graph (:func:`~.views.collaboration_graph`: firms tied when
    they share a project), each firm's group being its association (``MEMBER_OF``; a firm in
    several takes the one with the smallest id; firms in none are left out). A liaison firm
    links firms of two other associations; an itinerant one, two firms of another association;
    a representative/gatekeeper, its own association's firm with another's.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection.
    top : int, optional
        Keep the ``top`` brokers by total; all firms with a group when omitted.

    Returns
    -------
    BrokerageResult
        Firms by total brokerage, highest first (ties share the best rank).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> for firm, association in [("f1", "a"), ("f2", "b"), ("f3", "c")]:
    ...     G.add_node(firm, label="Firm", name=firm.upper())
    ...     _ = G.add_edge(firm, association, key="MEMBER_OF", type="MEMBER_OF")
    >>> G.add_nodes_from(["p1", "p2"], label="Project")
    >>> for firm, project in [("f1", "p1"), ("f2", "p1"), ("f2", "p2"), ("f3", "p2")]:
    ...     _ = G.add_edge(firm, project, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> best = brokerage_roles(G, top=1).entries[0]
    >>> best.name, best.liaison, best.total
    ('F2', 1, 1)

    References
    ----------
    .. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
       brokerage in transaction networks", Sociological Methodology 19:89-126, 1989.
    """
    check_top(top)
    collaboration = collaboration_graph(G)
    groups: dict[Hashable, Hashable] = {}
    for firm in collaboration:
        associations = sorted(
            (a for a in related(G, firm, "MEMBER_OF") if G.nodes[a].get("label") != FIRM),
            key=str,
        )
        if associations:
            groups[firm] = associations[0]
    counts = count_brokerage(collaboration, groups)
    totals = [(firm, sum(roles.values())) for firm, roles in counts.items()]
    chosen = best_first(totals, lambda item: (-item[1], str(item[0])), top)
    ranks = competition_ranks([total for _, total in chosen])
    entries = []
    for (firm, total), rank in zip(chosen, ranks, strict=True):
        ref, roles, group = node_ref(G, firm), counts[firm], groups[firm]
        entries.append(
            Broker(
                ref.id,
                ref.label,
                ref.name,
                str(group),
                display_name(G, group),
                coordinator=roles[BrokerageRole.COORDINATOR],
                itinerant=roles[BrokerageRole.ITINERANT],
                representative_gatekeeper=roles[BrokerageRole.REPRESENTATIVE_GATEKEEPER],
                liaison=roles[BrokerageRole.LIAISON],
                total=total,
                rank=rank,
            )
        )
    return BrokerageResult(
        view="collaboration graph (firms tied by shared projects)",
        grouping="association (MEMBER_OF)",
        node_count=collaboration.number_of_nodes(),
        grouped_count=len(groups),
        top=top,
        method="Gould and Fernandez brokerage roles, undirected form (open two-paths)",
        entries=tuple(entries),
    )
