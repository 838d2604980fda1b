"""Each analysis result laid out as a report, in the reader's language: a title, what it
means and what to do with it, its findings, its tables and charts, how it was computed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import singledispatch

from graph_service.domain.analytics import (
    BridgeResult,
    CentralityResult,
    CommunityResult,
    Opportunity,
    OpportunityKind,
    OpportunityResult,
    Path,
    ReasonKind,
)
from graph_service.domain.comparison import ComparisonResult
from graph_service.domain.explanations import explanation, reason_text
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, Language
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.reports.analyses import BrokersReport, ReportResult, StatsReport
from graph_service.reports.communities import (
    communities_report,
    community_names,
    measure_name,
    view_line,
)
from graph_service.reports.document import CHART_BARS, Note, Report, Table, bar_chart
from graph_service.reports.locale import number_text, percent_text
from graph_service.reports.messages import Words
from graph_service.reports.pictures import path_rows
from graph_service.reports.structure import brokers_report, comparison_report, stats_report


@dataclass(frozen=True)
class ReportContext:
    """What a report says about itself: its language, when and on which graph it was made
    (``dated``, already in words), and the year the network was cut at."""

    language: Language = DEFAULT_LANGUAGE
    dated: str = ""
    year: int | None = None
    top: int | None = None
    """How many rows a report whose analysis keeps them all shows (the communities)."""


def report_of(result: ReportResult, context: ReportContext | None = None) -> Report:
    """Lay ``result`` out as a :class:`Report` in ``context``'s language.

    Examples
    --------
    >>> from graph_service.services.reports import analyse
    >>> from graph_service.reports.options import ReportKind, ReportRequest
    >>> import networkx as nx
    >>> result = analyse(nx.star_graph(3), ReportRequest(ReportKind.CENTRALITY, all_labels=True))
    >>> report = report_of(result, ReportContext("en"))
    >>> report.title, report.tables[0].columns
    ('PageRank: who counts in the network', ('rank', 'id', 'type', 'name', 'score'))
    >>> report_of(result).tables[0].columns
    ('posizione', 'id', 'tipo', 'nome', 'punteggio')
    """
    context = context or ReportContext()
    report = _report(result, Words(context.language), context)
    description = report.description
    if context.year is not None and not isinstance(result, ComparisonResult):
        description = f"{Words(context.language)('as_of', year=context.year)} {description}"
    return replace(report, description=description, dated=context.dated)


@singledispatch
def _report(result: object, words: Words, context: ReportContext) -> Report:
    raise TypeError(f"no report layout for {type(result).__name__}")


def ranked_line(result: CentralityResult, words: Words) -> str:
    """Whom a centrality ranks, in words."""
    if result.label:
        return words("ranked_label", label=words.label(result.label, many=True))
    if result.ranked_labels is not None and set(result.ranked_labels) == set(ACTOR_LABELS):
        labels = ", ".join(words.label(label, many=True) for label in ACTOR_LABELS)
        return words("ranked_actors", labels=labels)
    return words("ranked_all")


@_report.register
def _centrality(result: CentralityResult, words: Words, context: ReportContext) -> Report:
    measure = measure_name(result.measure, words)
    language = words.language
    if result.sampled:
        exactness = words("sampled", sources=result.sources, seed=result.seed) + (
            words(
                "sampled_bound",
                bound=number_text(result.error_bound, language),
                confidence=percent_text(result.confidence or 0.0, language),
            )
            if result.error_bound is not None
            else words("sampled_no_bound")
        )
    else:
        exactness = words("exact")
    method_key = f"method_{result.measure.value}"
    method = [words(method_key, damping=number_text(result.damping or 0.85, language))]
    if result.weight != "none":
        method.append(words("method_weighted"))
    method += [exactness, view_line(result.view, result.weight, words)]
    entries = result.entries
    return Report(
        title=words("centrality_title", measure=measure),
        description=" ".join(
            [
                words(
                    "centrality_summary",
                    ranked=number_text(result.ranked_count, language),
                    nodes=number_text(result.node_count, language),
                    count=len(entries),
                ),
                ranked_line(result, words),
            ]
        ),
        explanation=explanation(result.measure.value, language),
        method=" ".join(method),
        language=language,
        tables=(
            Table(
                name="centrality",
                heading=words("centrality_heading", count=len(entries), measure=measure),
                columns=tuple(
                    words(c) for c in ("col_rank", "col_id", "col_type", "col_name", "col_score")
                ),
                rows=tuple((e.rank, e.id, words.label(e.label), e.name, e.score) for e in entries),
                charts=bar_chart(
                    measure,
                    [(e.name, e.score) for e in entries],
                    first=words("first_n", title=measure, count=CHART_BARS),
                ),
                empty=words("centrality_empty"),
                notes=(Note(words("col_score"), words(f"note_score_{result.measure.value}")),),
            ),
        ),
    )


@_report.register
def _communities(result: CommunityResult, words: Words, context: ReportContext) -> Report:
    return communities_report(result, words, context.top)


@_report.register
def _brokers(result: BrokersReport, words: Words, context: ReportContext) -> Report:
    return brokers_report(result, words)


@_report.register
def _stats(result: StatsReport, words: Words, context: ReportContext) -> Report:
    return stats_report(result, words)


@_report.register
def _comparison(result: ComparisonResult, words: Words, context: ReportContext) -> Report:
    return comparison_report(result, words)


@_report.register
def _opportunities(result: OpportunityResult, words: Words, context: ReportContext) -> Report:
    language = words.language
    suggestions = result.suggestions
    if result.firm is None:
        title = words("opportunities_title")
    else:
        name = suggestions[0].source.name if suggestions else result.firm
        title = words("opportunities_title_firm", firm=name)
    chart = words("opportunities_chart")
    return Report(
        title=title,
        description=words(
            "opportunities_summary",
            scored=number_text(result.candidates_scored, language),
            count=len(suggestions),
        ),
        explanation=explanation("opportunities", language),
        method=words("opportunities_method", method=words(f"index_{result.method.value}")),
        language=language,
        tables=(
            Table(
                name="opportunities",
                heading=words("opportunities_heading"),
                columns=tuple(
                    words(c)
                    for c in (
                        "col_rank",
                        "col_firm",
                        "col_suggested",
                        "col_kind",
                        "col_score",
                        "col_reasons",
                    )
                ),
                rows=tuple(
                    (
                        s.rank,
                        s.source.name,
                        s.target.name,
                        words(f"kind_{s.kind.value}"),
                        s.score,
                        "; ".join(
                            suggestion_reason(reason.kind, [n.name for n in reason.nodes], s, words)
                            for reason in s.reasons
                        ),
                    )
                    for s in suggestions
                ),
                charts=bar_chart(
                    chart,
                    [
                        (
                            s.target.name if result.firm else f"{s.source.name} → {s.target.name}",
                            s.score,
                        )
                        for s in suggestions
                    ],
                    first=words("first_n", title=chart, count=CHART_BARS),
                ),
                empty=words("opportunities_empty"),
                notes=(Note(words("col_score"), words("note_opportunity_score")),),
            ),
        ),
    )


def _pair(suggestion: Opportunity, one_firm: bool) -> str:
    if one_firm:
        return suggestion.target.name
    return f"{suggestion.source.name} → {suggestion.target.name}"


def suggestion_reason(
    kind: ReasonKind, names: list[str], suggestion: Opportunity, words: Words
) -> str:
    """A reason for a suggestion in the reader's language, from its kind and its nodes."""
    project = suggestion.kind is OpportunityKind.PROJECT
    return reason_text(kind.value, names, suggestion.source.name, words.language, project=project)


@_report.register
def _bridge(result: BridgeResult, words: Words, context: ReportContext) -> Report:
    language = words.language
    home, other = result.home_hub.name, result.other_hub.name
    apart = (
        words("bridge_apart", distance=result.distance)
        if result.distance is not None
        else words("bridge_unconnected")
    )
    paths = result.shortest_paths
    candidates = result.candidates
    connected = any(c.firms_connected for c in candidates)
    columns = [
        ("col_rank", None),
        ("col_id", None),
        ("col_type", None),
        ("col_name", None),
        ("col_firms_closer", "note_firms_closer"),
        ("col_mean_gain", "note_mean_gain"),
        ("col_current_distance", "note_current_distance"),
        ("col_alike", "note_alike"),
        ("col_example", "note_example"),
    ]
    if connected:
        columns.insert(5, ("col_firms_connected", "note_firms_connected"))
    chart = words("candidates_chart")
    return Report(
        title=words("bridge_title", home=home, other=other),
        description=" ".join(
            [
                apart,
                words(
                    "bridge_summary",
                    home=home,
                    nodes=number_text(result.home_nodes, language),
                    firms=number_text(result.home_firms, language),
                    evaluated=number_text(result.candidates_evaluated, language),
                ),
            ]
        ),
        explanation=explanation("hub_bridge", language),
        method=words("bridge_method"),
        language=language,
        tables=(
            Table(
                name="shortest_paths",
                heading=words("paths_heading"),
                columns=tuple(words(c) for c in ("col_path", "col_length", "col_route")),
                rows=tuple((i, path.length, route(path, words)) for i, path in enumerate(paths, 1)),
                empty=words("paths_empty"),
                pictures=(path_rows(words("paths_picture"), paths, words("proposed")),)
                if paths
                else (),
            ),
            Table(
                name="bridge_candidates",
                heading=words("candidates_heading"),
                columns=tuple(words(c) for c, _ in columns),
                rows=tuple(
                    (
                        c.rank,
                        c.node.id,
                        words.label(c.node.label),
                        c.node.name,
                        c.firms_closer,
                        *((c.firms_connected,) if connected else ()),
                        c.mean_gain,
                        c.current_distance,
                        c.alike,
                        route(c.example, words) if c.example else None,
                    )
                    for c in candidates
                ),
                charts=bar_chart(
                    chart,
                    [(c.node.name, c.firms_closer) for c in candidates],
                    first=words("first_n", title=chart, count=CHART_BARS),
                ),
                empty=words("candidates_empty"),
                notes=tuple(Note(words(c), words(note)) for c, note in columns if note),
            ),
        ),
    )


def route(path: Path, words: Words | None = None) -> str:
    """A path as a reader follows it: ``A → B → C``, the proposed tie marked.

    Examples
    --------
    >>> from graph_service.domain.analytics import NodeRef
    >>> route(Path((NodeRef("f1", "Firm", "Ottica Serio"), NodeRef("p1", "Project", "Rete")),
    ...            ("PARTICIPATES_IN",)))
    'Ottica Serio → Rete'
    """
    proposed = (words or Words(DEFAULT_LANGUAGE))("proposed")
    parts = [path.nodes[0].name]
    for relationship, node in zip(path.relationships, path.nodes[1:], strict=True):
        arrow = f" ⇢ ({proposed}) " if relationship == "PROPOSED" else " → "
        parts.append(f"{arrow}{node.name}")
    return "".join(parts)


__all__ = ["ReportContext", "community_names", "report_of", "route"]
