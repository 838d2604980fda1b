"""What each kind of report computes: a request checked, then run on the projected graph."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph_service.analytics.bridge import OTHER_HUB, bridge_to_hub
from graph_service.analytics.brokers import brokerage_roles, cut_points, structural_holes
from graph_service.analytics.centrality import centrality
from graph_service.analytics.communities import louvain_communities
from graph_service.analytics.comparison import compare_years
from graph_service.analytics.engine import compile_graph
from graph_service.analytics.nodes import check_label
from graph_service.analytics.opportunities import collaboration_opportunities
from graph_service.analytics.ranking import check_top
from graph_service.analytics.stats import network_growth, network_statistics
from graph_service.analytics.views import as_of_year
from graph_service.domain.analytics import (
    BridgeResult,
    BrokerageResult,
    CentralityResult,
    CommunityResult,
    CutResult,
    GrowthResult,
    NetworkStats,
    OpportunityResult,
    StructuralHolesResult,
)
from graph_service.domain.comparison import ComparisonResult
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.reports.options import ReportKind, ReportRequest


@dataclass(frozen=True)
class BrokersReport:
    """The three views of brokerage side by side: Burt's structural holes, Gould and
    Fernandez's roles between associations, and the single points of failure."""

    structural_holes: StructuralHolesResult
    brokerage: BrokerageResult
    cuts: CutResult


@dataclass(frozen=True)
class StatsReport:
    """The network as it stands, and as it stood at the end of each project year."""

    network: NetworkStats
    growth: GrowthResult


ReportResult = (
    CentralityResult
    | CommunityResult
    | BrokersReport
    | OpportunityResult
    | BridgeResult
    | StatsReport
    | ComparisonResult
)


def check_request(request: ReportRequest) -> None:
    """Raise the analytics' error for a request that cannot run, before any graph is read.

    Ids (a firm, a hub) can only be checked against the graph: :func:`analyse` does that.

    Examples
    --------
    >>> check_request(ReportRequest(ReportKind.CENTRALITY, label="Firma"))
    Traceback (most recent call last):
    ...
    graph_service.analytics.errors.UnknownLabel: 'Firma' is not a label of the graph model
    """
    check_label(request.label)
    check_top(request.top)


def analyse(G: nx.Graph[Any], request: ReportRequest) -> ReportResult:
    """Run the analysis ``request`` asks for on the projection ``G``.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The projection (:func:`graph_service.storage.network_projection.read_network`).
    request : ReportRequest

    Returns
    -------
    ReportResult
        The analysis' own result, or :class:`BrokersReport` / :class:`StatsReport` for the
        reports that combine several.

    Raises
    ------
    graph_service.analytics.errors.AnalyticsError
        An id that is not in the graph (``NodeNotFound``), a label outside the model, ...

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> result = analyse(G, ReportRequest(ReportKind.CENTRALITY, top=1, all_labels=True))
    >>> [(e.id, e.rank) for e in result.entries]
    [('b', 1)]
    """
    check_request(request)
    top = request.effective_top
    kind = request.kind
    actors = None if request.all_labels or request.label else ACTOR_LABELS
    if kind is ReportKind.COMPARE:
        return compare_years(
            G,
            request.first_year if request.first_year is not None else 0,
            request.second_year if request.second_year is not None else 0,
            measure=request.measure,
            labels=actors,
            top=top,
            seed=request.seed,
            resolution=request.resolution,
        )
    if request.year is not None:
        G = as_of_year(G, request.year)
    if kind is ReportKind.CENTRALITY:
        return centrality(
            G,
            request.measure,
            label=request.label,
            labels=actors,
            top=top,
            view=request.view,
            weight=request.weight,
            damping=request.damping,
            sources=request.sources,
            seed=request.seed,
        )
    if kind is ReportKind.COMMUNITIES:
        return louvain_communities(
            G,
            seed=request.seed,
            resolution=request.resolution,
            view=request.view,
            weight=request.weight,
        )
    if kind is ReportKind.BROKERS:
        compiled = compile_graph(G)
        return BrokersReport(
            structural_holes=structural_holes(
                G, label=request.label, labels=actors, top=top, compiled=compiled
            ),
            brokerage=brokerage_roles(G, top=top),
            cuts=cut_points(G, top=top, compiled=compiled),
        )
    if kind is ReportKind.OPPORTUNITIES:
        return collaboration_opportunities(G, request.firm, method=request.method, top=top)
    if kind is ReportKind.BRIDGE:
        return bridge_to_hub(G, other_hub=request.other_hub or OTHER_HUB, top=top)
    return StatsReport(network=network_statistics(G), growth=network_growth(G))
