"""Each analysis result laid out as a report: a title, what was computed, tables and charts."""

from __future__ import annotations

from functools import singledispatch

from graph_service.domain.analytics import (
    BridgeResult,
    CentralityMeasure,
    CentralityResult,
    CommunityResult,
    Dominant,
    OpportunityMethod,
    OpportunityResult,
    Path,
)
from graph_service.reports.analyses import BrokersReport, ReportResult, StatsReport
from graph_service.reports.document import Cell, Report, Table, bar_chart
from graph_service.reports.structure import brokers_report, stats_report

MEASURE_NAMES = {
    CentralityMeasure.DEGREE: "Degree",
    CentralityMeasure.BETWEENNESS: "Betweenness",
    CentralityMeasure.CLOSENESS: "Closeness",
    CentralityMeasure.EIGENVECTOR: "Eigenvector",
    CentralityMeasure.PAGERANK: "PageRank",
}

METHOD_NAMES = {
    OpportunityMethod.ADAMIC_ADAR: "Adamic-Adar",
    OpportunityMethod.RESOURCE_ALLOCATION: "resource-allocation",
    OpportunityMethod.JACCARD: "Jaccard",
}


def report_of(result: ReportResult) -> Report:
    """Lay ``result`` out as a :class:`Report`.

    Examples
    --------
    >>> from graph_service.services.reports import analyse
    >>> from graph_service.reports.options import ReportKind, ReportRequest
    >>> import networkx as nx
    >>> report = report_of(analyse(nx.star_graph(3), ReportRequest(ReportKind.CENTRALITY)))
    >>> report.title, report.tables[0].columns
    ('PageRank centrality', ('rank', 'id', 'label', 'name', 'score'))
    """
    return _report(result)


@singledispatch
def _report(result: object) -> Report:
    raise TypeError(f"no report layout for {type(result).__name__}")


@_report.register
def _centrality(result: CentralityResult) -> Report:
    measure = MEASURE_NAMES[result.measure]
    among = f"the {result.ranked_count} {result.label} nodes" if result.label else "all nodes"
    if result.sampled:
        exactness = (
            f"Sampled: estimated from {result.sources} source nodes drawn with seed "
            f"{result.seed}; each score is within {result.error_bound:.3g} of the exact value "
            f"with probability {result.confidence:.0%}."
        )
    else:
        exactness = "Exact: computed over the whole graph, not sampled."
    entries = result.entries
    return Report(
        title=f"{measure} centrality" + (f" of {result.label} nodes" if result.label else ""),
        description=(
            f"{measure} centrality over the {result.node_count} nodes of the network, ranked "
            f"among {among}; the top {len(entries)} are shown. Method: {result.method}. "
            f"{exactness}"
        ),
        tables=(
            Table(
                name="centrality",
                heading=f"Top {len(entries)} by {measure.lower()}",
                columns=("rank", "id", "label", "name", "score"),
                rows=tuple((e.rank, e.id, e.label, e.name, e.score) for e in entries),
                charts=bar_chart(
                    f"{measure} (top {len(entries)})", [(e.name, e.score) for e in entries]
                ),
                empty="no nodes to rank",
            ),
        ),
    )


@_report.register
def _communities(result: CommunityResult) -> Report:
    communities = result.communities
    rows = tuple(
        (
            c.index + 1,
            c.size,
            ", ".join(f"{count.name} {count.count}" for count in c.labels),
            _dominant(c.dominant_association),
            _dominant(c.dominant_topic),
            _dominant(c.dominant_office),
        )
        for c in communities
    )
    return Report(
        title="Communities",
        description=(
            f"{len(communities)} communities over {result.node_count} nodes, modularity "
            f"{result.modularity:.3f}. Method: {result.method}, seed {result.seed}, resolution "
            f"{result.resolution:g}; exact (the whole graph, not sampled). A community's dominant "
            "association, topic and office are those most of its firms, projects and experts "
            "are tied to."
        ),
        tables=(
            Table(
                name="communities",
                heading="Communities, largest first",
                columns=(
                    "community",
                    "size",
                    "make-up",
                    "dominant association",
                    "dominant topic",
                    "dominant office",
                ),
                rows=rows,
                charts=bar_chart(
                    "Community sizes", [(f"Community {c.index + 1}", c.size) for c in communities]
                ),
                empty="no communities: the graph is empty",
            ),
        ),
    )


@_report.register
def _brokers(result: BrokersReport) -> Report:
    return brokers_report(result)


@_report.register
def _opportunities(result: OpportunityResult) -> Report:
    suggestions = result.suggestions
    if result.firm is None:
        subject = "across the network"
    else:
        name = suggestions[0].source.name if suggestions else result.firm
        subject = f"for {name}"
    projects = ", ".join(
        f"{what} {' or '.join(allowed)}"
        for what, allowed in (("kind", result.project_kinds), ("status", result.project_statuses))
        if allowed is not None
    )
    return Report(
        title=f"Collaboration opportunities {subject}",
        description=(
            f"Pairs not tied yet, scored by the {METHOD_NAMES[result.method]} index in the "
            f"{result.view.replace(' (', ' view (', 1)}. Suggesting: "
            f"{', '.join(k.value for k in result.kinds)}"
            + (f" (projects of {projects})" if projects else "")
            + f". {result.candidates_scored} candidate pairs scored exactly (not sampled); the "
            f"top {result.top} are kept."
        ),
        tables=(
            Table(
                name="opportunities",
                heading="Suggestions, best first",
                columns=(
                    "rank",
                    "firm id",
                    "firm",
                    "suggested id",
                    "suggested",
                    "kind",
                    "score",
                    "reasons",
                ),
                rows=tuple(
                    (
                        s.rank,
                        s.source.id,
                        s.source.name,
                        s.target.id,
                        s.target.name,
                        s.kind.value,
                        s.score,
                        "; ".join(reason.text for reason in s.reasons),
                    )
                    for s in suggestions
                ),
                charts=bar_chart(
                    "Scores",
                    [
                        (
                            s.target.name if result.firm else f"{s.source.name} → {s.target.name}",
                            s.score,
                        )
                        for s in suggestions
                    ],
                ),
                empty="no opportunities: no untied pair has anything in common",
            ),
        ),
    )


@_report.register
def _bridge(result: BridgeResult) -> Report:
    home, other = result.home_hub.name, result.other_hub.name
    apart = (
        f"{result.distance} steps apart" if result.distance is not None else "not connected at all"
    )
    paths = result.shortest_paths
    candidates = result.candidates
    return Report(
        title=f"The bridge from {home} to {other}",
        description=(
            f"The two hubs are {apart}. The home network holds {result.home_nodes} nodes "
            f"({result.home_firms} firms), the other {result.other_nodes}. "
            f"{result.candidates_evaluated} candidate bridges evaluated exactly (not sampled). "
            f"Method: {result.method}."
        ),
        tables=(
            Table(
                name="shortest_paths",
                heading="Shortest paths between the hubs"
                + (f" (the first {len(paths)})" if result.paths_truncated else ""),
                columns=("path", "length", "route"),
                rows=tuple((i, path.length, route(path)) for i, path in enumerate(paths, 1)),
                empty="no path: the hubs are not connected",
            ),
            Table(
                name="bridge_candidates",
                heading="Best new bridges: tied directly to the other hub, they bring firms closer",
                columns=(
                    "rank",
                    "id",
                    "label",
                    "name",
                    "firms closer",
                    "mean gain",
                    "firms connected",
                    "mean new distance",
                    "current distance",
                    "alike",
                    "example",
                ),
                rows=tuple(
                    (
                        c.rank,
                        c.node.id,
                        c.node.label,
                        c.node.name,
                        c.firms_closer,
                        c.mean_gain,
                        c.firms_connected,
                        c.mean_new_distance,
                        c.current_distance,
                        c.alike,
                        route(c.example) if c.example else None,
                    )
                    for c in candidates
                ),
                charts=bar_chart(
                    "Firms brought closer", [(c.node.name, c.firms_closer) for c in candidates]
                ),
                empty="no candidate would bring any firm closer",
            ),
        ),
    )


@_report.register
def _stats(result: StatsReport) -> Report:
    return stats_report(result)


def route(path: Path) -> str:
    """A path as a reader follows it: ``A -TYPE- B -TYPE- C``, with display names.

    Examples
    --------
    >>> from graph_service.domain.analytics import NodeRef
    >>> route(Path((NodeRef("f1", "Firm", "Ottica Serio"), NodeRef("p1", "Project", "Rete")),
    ...            ("PARTICIPATES_IN",)))
    'Ottica Serio -PARTICIPATES_IN- Rete'
    """
    parts = [path.nodes[0].name]
    for relationship, node in zip(path.relationships, path.nodes[1:], strict=True):
        parts.append(f"-{relationship}- {node.name}")
    return " ".join(parts)


def _dominant(dominant: Dominant | None) -> Cell:
    if dominant is None:
        return None
    return f"{dominant.name} ({dominant.count}, {dominant.share:.0%})"
