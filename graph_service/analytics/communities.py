"""Communities: groups of nodes more tied to each other than to the rest, and what they are.

Louvain's method runs on the undirected view through igraph's multilevel implementation
(0.15 s against networkx's 5.2 s on an 86,000-node network shaped like the real one, for the
same modularity), with a private random generator seeded by ``seed``: the same graph and seed
give the same communities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Hashable, Iterable
from typing import Any

import networkx as nx

from graph_service.analytics.engine import (
    CompiledGraph,
    compiled_for,
    quiet_igraph,
    seeded_igraph,
)
from graph_service.analytics.errors import InvalidParameter
from graph_service.analytics.nodes import display_name
from graph_service.analytics.ranking import check_top
from graph_service.analytics.views import relationships
from graph_service.analytics.weights import weighted
from graph_service.domain.analytics import (
    Community,
    CommunityLink,
    CommunityResult,
    Count,
    Dominant,
)
from graph_service.domain.weighting import NetworkView, TieWeight

_DOMINANTS = {
    # community member label -> (relationship type to follow, label of what it leads to)
    "association": ("Firm", "MEMBER_OF", "Association"),
    "topic": ("Project", "ABOUT", "Topic"),
    "office": ("Expert", "WORKS_AT", "Office"),
}


def louvain_communities(
    G: nx.Graph[Any],
    *,
    seed: int = 0,
    resolution: float = 1.0,
    compiled: CompiledGraph | None = None,
    view: NetworkView | str = NetworkView.WHOLE,
    weight: TieWeight | str = TieWeight.NONE,
    top: int | None = None,
) -> CommunityResult:
    """Louvain communities of the undirected view, each with its dominant association, topic and
    office.

    A community's dominant association is the one most of its firms are members of
    (``MEMBER_OF``), its dominant topic the one most of its projects are about (``ABOUT``), its
    dominant office the one most of its experts work at (``WORKS_AT``); ties go to the smallest
    id, and a community without such members has none.

    Parameters
    ----------
    G : networkx graph
        The projection (any networkx graph; its undirected view is partitioned).
    seed : int
        Seeds the random node order of the method.
    resolution : float
        Above 1 favours smaller communities, below 1 larger ones.
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.
    view, weight : NetworkView, TieWeight
        Partition this view of the network, its ties weighed so
        (:func:`graph_service.analytics.weights.network_view`); the modularity is the
        weighted one.

    Returns
    -------
    CommunityResult
        Communities largest first (ties by their smallest member id), with the modularity of
        the partition.

    Examples
    --------
    >>> G = nx.barbell_graph(5, 0)
    >>> result = louvain_communities(G, seed=1)
    >>> [c.members for c in result.communities], round(result.modularity, 3)
    ([('0', '1', '2', '3', '4'), ('5', '6', '7', '8', '9')], 0.452)

    References
    ----------
    .. [1] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
       communities in large networks", Journal of Statistical Mechanics P10008, 2008.
    .. [2] M. E. J. Newman, "Modularity and community structure in networks",
       PNAS 103(23):8577-8582, 2006.
    """
    if resolution <= 0:
        raise InvalidParameter(f"resolution must be positive, not {resolution}")
    w = weighted(G, view, weight, compiled)
    graph = w.compiled
    with seeded_igraph(seed), quiet_igraph():
        membership = graph.graph.community_multilevel(
            weights=w.weights, resolution=resolution
        ).membership
    groups: dict[int, list[Hashable]] = {}
    for node, community in zip(graph.nodes, membership, strict=True):
        groups.setdefault(community, []).append(node)
    ordered = sorted(
        (sorted(members, key=str) for members in groups.values()),
        key=lambda members: (-len(members), str(members[0])),
    )
    modularity = (
        float(graph.graph.modularity(membership, weights=w.weights, resolution=resolution))
        if graph.tie_count
        else 0.0
    )
    check_top(top)
    targets = _targets(G)
    number = {node: i for i, members in enumerate(ordered) for node in members}
    kept = ordered if top is None else ordered[:top]
    return CommunityResult(
        method="Louvain (igraph multilevel) on the undirected view"
        + ("" if w.weights is None else ", ties weighed"),
        seed=seed,
        resolution=resolution,
        node_count=graph.node_count,
        modularity=modularity,
        communities=tuple(_describe(G, i, members, targets) for i, members in enumerate(kept)),
        view=w.view.value,
        weight=w.weight.value,
        links=tuple(
            link
            for link in _links(graph, [number[node] for node in graph.nodes])
            if link.second < len(kept)
        ),
        community_count=len(ordered),
    )


def _links(graph: CompiledGraph, community: list[int]) -> tuple[CommunityLink, ...]:
    """The ties between each two communities (``community[i]``: node i's)."""
    counts: Counter[tuple[int, int]] = Counter()
    for i, j in graph.graph.get_edgelist():
        a, b = community[i], community[j]
        if a != b:
            counts[min(a, b), max(a, b)] += 1
    return tuple(
        CommunityLink(a, b, ties)
        for (a, b), ties in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def modularity(
    G: nx.Graph[Any],
    communities: Iterable[Collection[Hashable]],
    *,
    resolution: float = 1.0,
    compiled: CompiledGraph | None = None,
) -> float:
    """The modularity of a partition of ``G``'s nodes, in the undirected view.

    Parameters
    ----------
    G : networkx graph
    communities : iterable of collections of nodes
        A partition of the nodes (every node in exactly one).
    resolution : float
    compiled : CompiledGraph, optional

    Returns
    -------
    float
        As ``networkx.community.modularity`` on the undirected view.

    Examples
    --------
    >>> round(modularity(nx.barbell_graph(3, 0), [{0, 1, 2}, {3, 4, 5}]), 4)
    0.3571

    References
    ----------
    .. [1] M. E. J. Newman, "Modularity and community structure in networks",
       PNAS 103(23):8577-8582, 2006.
    """
    graph = compiled_for(G, compiled)
    membership = [-1] * graph.node_count
    for number, members in enumerate(communities):
        for node in members:
            if node not in graph.index:
                raise InvalidParameter(f"{node!r} is not a node of the graph")
            if membership[graph.index[node]] != -1:
                raise InvalidParameter(f"{node!r} is in more than one community")
            membership[graph.index[node]] = number
    if -1 in membership:
        raise InvalidParameter("the communities do not cover every node")
    if graph.tie_count == 0:
        return 0.0
    return float(graph.graph.modularity(membership, resolution=resolution))


def _targets(G: nx.Graph[Any]) -> dict[str, dict[Hashable, set[Hashable]]]:
    """For each kind of dominant, what each member reaches: one pass over the edges."""
    found: dict[str, dict[Hashable, set[Hashable]]] = {name: {} for name in _DOMINANTS}
    if not G.is_directed():
        return found
    by_type = {
        type_: (name, member, target) for name, (member, type_, target) in _DOMINANTS.items()
    }
    labels = {node: data.get("label") for node, data in G.nodes(data=True)}
    for u, v, type_ in relationships(G):
        spec = by_type.get(type_) if type_ is not None else None
        if spec is not None and labels[u] == spec[1] and labels[v] == spec[2]:
            found[spec[0]].setdefault(u, set()).add(v)
    return found


def _describe(
    G: nx.Graph[Any],
    index: int,
    members: list[Hashable],
    targets: dict[str, dict[Hashable, set[Hashable]]],
) -> Community:
    labels = Counter(str(G.nodes[node].get("label")) for node in members)
    dominant = {name: _dominant(G, members, targets[name]) for name in _DOMINANTS}
    return Community(
        index=index,
        size=len(members),
        labels=tuple(Count(name, count) for name, count in sorted(labels.items())),
        dominant_association=dominant["association"],
        dominant_topic=dominant["topic"],
        dominant_office=dominant["office"],
        members=tuple(str(node) for node in members),
    )


def _dominant(
    G: nx.Graph[Any], members: list[Hashable], reached: dict[Hashable, set[Hashable]]
) -> Dominant | None:
    """The target most members reach (``reached``: member -> its targets), with its count."""
    counts: Counter[Hashable] = Counter()
    tied = 0
    for node in members:
        targets = reached.get(node)
        if targets:
            counts.update(targets)
            tied += 1
    if not counts:
        return None
    best, count = min(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return Dominant(str(best), display_name(G, best), count, count / tied)
