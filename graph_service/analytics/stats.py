"""Network statistics: size, density, components and clustering, and their growth by year."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx
import numpy as np

from graph_service.analytics.engine import CompiledGraph, compile_graph, compiled_for, quiet_igraph
from graph_service.analytics.views import PROJECT, as_of_year, relationships
from graph_service.domain.analytics import Count, GrowthResult, NetworkStats


def network_statistics(
    G: nx.Graph[Any], *, year: int | None = None, compiled: CompiledGraph | None = None
) -> NetworkStats:
    """Counts by label and relationship type, density, components and average clustering.

    Density, components and clustering are those of the undirected view; the clustering is
    the mean local clustering coefficient with nodes of fewer than two ties counting as 0
    (as ``networkx.average_clustering``), computed by igraph.

    Parameters
    ----------
    G : networkx graph
        The projection.
    year : int, optional
        Only recorded in the result (see :func:`network_growth`).
    compiled : CompiledGraph, optional
        ``compile_graph(G)``, to reuse across analyses.

    Returns
    -------
    NetworkStats

    Examples
    --------
    >>> stats = network_statistics(nx.karate_club_graph())
    >>> stats.node_count, stats.ties, round(stats.density, 4), round(stats.average_clustering, 4)
    (34, 78, 0.139, 0.5706)

    References
    ----------
    .. [1] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
       Nature 393:440-442, 1998.
    """
    graph = compiled_for(G, compiled)
    n = graph.node_count
    labels = Counter("(none)" if label is None else label for label in graph.labels)
    types = Counter(type_ or "(none)" for _, _, type_ in relationships(G))
    sizes = np.bincount(graph.components()) if n else np.zeros(0, dtype=np.int64)
    with quiet_igraph():
        clustering = float(graph.graph.transitivity_avglocal_undirected(mode="zero")) if n else 0.0
    return NetworkStats(
        year=year,
        node_count=n,
        relationship_count=G.number_of_edges(),
        nodes_by_label=_counts(labels.items()),
        relationships_by_type=_counts(types.items()),
        ties=graph.tie_count,
        density=2 * graph.tie_count / (n * (n - 1)) if n > 1 else 0.0,
        component_count=int(sizes.size),
        largest_component_size=int(sizes.max()) if n else 0,
        isolated_nodes=int(np.sum(graph.degrees() == 0)),
        average_clustering=clustering,
    )


def network_growth(G: nx.Graph[Any], *, years: Iterable[int] | None = None) -> GrowthResult:
    """The network statistics as the network stood at the end of each project year.

    Parameters
    ----------
    G : networkx graph
        The projection.
    years : iterable of int, optional
        The years to report; by default every ``year`` a project has.

    Returns
    -------
    GrowthResult
        One :class:`NetworkStats` per year, oldest first (see :func:`~.views.as_of_year`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("f1", label="Firm")
    >>> for project, year in [("p1", 2018), ("p2", 2019)]:
    ...     G.add_node(project, label="Project", year=year)
    ...     _ = G.add_edge("f1", project, key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    >>> [(s.year, s.node_count, s.relationship_count) for s in network_growth(G).years]
    [(2018, 2, 1), (2019, 3, 2)]
    """
    if years is None:
        chosen = sorted(
            {
                year
                for _, attrs in G.nodes(data=True)
                if attrs.get("label") == PROJECT
                and isinstance(year := attrs.get("year"), int)
                and not isinstance(year, bool)
            }
        )
    else:
        chosen = sorted(set(years))
    return GrowthResult(
        tuple(
            network_statistics(view, year=year, compiled=compile_graph(view))
            for year in chosen
            for view in [as_of_year(G, year)]
        )
    )


def _counts(items: Iterable[tuple[str, int]]) -> tuple[Count, ...]:
    return tuple(Count(name, count) for name, count in sorted(items))


def statistics_as_of(
    G: nx.Graph[Any], *, year: int | None = None, compiled: CompiledGraph | None = None
) -> NetworkStats:
    """:func:`network_statistics` of the whole graph, or of the graph as it stood at the end of
    ``year`` (:func:`~graph_service.analytics.views.as_of_year`).

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("p", label="Project", year=2019)
    >>> G.add_node("f", label="Firm")
    >>> G.add_edge("f", "p", key="PARTICIPATES_IN", type="PARTICIPATES_IN")
    'PARTICIPATES_IN'
    >>> statistics_as_of(G).node_count, statistics_as_of(G, year=2018).node_count
    (2, 1)
    """
    if year is None:
        return network_statistics(G, compiled=compiled)
    return network_statistics(as_of_year(G, year), year=year)
