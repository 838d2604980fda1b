"""What each kind of report computes: its analyses from the catalogue, run on the projected
graph, and put together as the report's result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph_service.analytics.version import graph_version
from graph_service.analytics.views import as_of_year
from graph_service.config import Settings
from graph_service.domain.analytics import GraphVersion
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.reports.analyses import BrokersReport, ReportResult, StatsReport
from graph_service.reports.options import ReportKind, ReportRequest
from graph_service.services.catalogue import ANALYSES, REPORT_ANALYSES, Analysis
from graph_service.services.database import running_database
from graph_service.storage.access import NetworkSource


def prepared(request: ReportRequest) -> list[tuple[Analysis, dict[str, Any]]]:
    """The report's analyses with their checked parameters; raises
    :class:`~graph_service.errors.InvalidArgument` before any graph is read.

    Examples
    --------
    >>> prepared(ReportRequest(ReportKind.CENTRALITY, label="Firma"))
    Traceback (most recent call last):
    ...
    graph_service.errors.InvalidArgument: label: 'Firma' is not one of Association, ...
    """
    options = _options(request)
    chosen = []
    for name in REPORT_ANALYSES[request.kind.value]:
        entry = ANALYSES[name]
        given = {p.name: options[p.name] for p in entry.parameters if p.name in options}
        chosen.append((entry, entry.bind(given)))
    return chosen


def analyse(G: nx.Graph[Any], request: ReportRequest) -> ReportResult:
    """Run the analyses ``request`` asks for on the projection ``G``.

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> result = analyse(G, ReportRequest(ReportKind.CENTRALITY, top=1, all_labels=True))
    >>> [(e.id, e.rank) for e in result.entries]
    [('b', 1)]
    """
    if request.year is not None and request.kind is not ReportKind.COMPARE:
        G = as_of_year(G, request.year)
    results = [entry.function(G, **entry.keywords(bound)) for entry, bound in prepared(request)]
    if request.kind is ReportKind.BROKERS:
        return BrokersReport(*results)
    if request.kind is ReportKind.STATS:
        return StatsReport(*results)
    result: ReportResult = results[0]
    return result


@dataclass(frozen=True)
class ReportRun:
    """A report's result, the version of the graph it was computed on, and when (UTC)."""

    result: ReportResult
    version: GraphVersion
    computed_at: dt.datetime


def report(settings: Settings, request: ReportRequest, progress: Any = None) -> ReportRun:
    """The report ``request`` asks for, on the graph as it is in Neo4j now."""
    prepared(request)  # a bad request fails before the database is touched
    tell = progress or (lambda *args: None)
    with running_database(settings) as driver:
        tell("reading graph", 0, 3)
        graph = NetworkSource(driver, settings.neo4j_database).read()
    tell("computing", 1, 3)
    return ReportRun(analyse(graph, request), graph_version(graph), dt.datetime.now(dt.UTC))


def _options(request: ReportRequest) -> Mapping[str, Any]:
    options: dict[str, Any] = {
        **request.extra,
        "measure": request.measure,
        "label": request.label,
        "top": request.effective_top,
        "firm": request.firm,
        "method": request.method,
    }
    if request.other_hub is not None:
        options["other_hub"] = request.other_hub
    if not request.all_labels and request.label is None and "labels" not in request.extra:
        # Reports rank the network's actors, not what their ties are about.
        options["labels"] = ACTOR_LABELS
    return options
