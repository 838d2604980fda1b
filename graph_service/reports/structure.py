"""The reports on the network's structure: its brokers and weak points, its size and growth, and
how it changed between two years."""

from __future__ import annotations

from graph_service.domain.analytics import NetworkStats
from graph_service.domain.comparison import ComparisonResult
from graph_service.domain.explanations import explanation
from graph_service.domain.vocabulary import relationship_phrase
from graph_service.reports.analyses import BrokersReport, StatsReport
from graph_service.reports.communities import community_names, measure_name
from graph_service.reports.document import (
    CHART_BARS,
    Cell,
    Note,
    Report,
    Table,
    bar_chart,
    line_chart,
    stacked_chart,
)
from graph_service.reports.locale import number_text
from graph_service.reports.messages import Words

METRICS = (
    "metric_nodes",
    "metric_relationships",
    "metric_ties",
    "metric_density",
    "metric_components",
    "metric_largest",
    "metric_isolated",
    "metric_clustering",
)
ROLES = ("col_coordinator", "col_itinerant", "col_representative", "col_liaison")


def _columns(words: Words, *keys: str) -> tuple[str, ...]:
    return tuple(words(key) for key in keys)


def brokers_report(result: BrokersReport, words: Words) -> Report:
    """Structural holes, brokerage roles, articulation points and bridges, one table each."""
    language = words.language
    holes, brokerage, cuts = result.structural_holes, result.brokerage, result.cuts
    ranked_holes = [h for h in holes.entries if h.constraint is not None]
    brokers = [b for b in brokerage.entries if b.total > 0]
    holes_chart = words("holes_chart")
    roles_chart = words("roles_chart")
    return Report(
        title=words("brokers_title"),
        description=words(
            "brokers_summary" if cuts.component_count != 1 else "brokers_summary_one",
            components=number_text(cuts.component_count, language),
            largest=number_text(cuts.largest_component_size, language),
            firms=number_text(cuts.largest_component_firms, language),
        ),
        method=words("brokers_method"),
        language=language,
        tables=(
            Table(
                name="structural_holes",
                heading=words("holes_heading"),
                columns=_columns(
                    words,
                    "col_rank",
                    "col_id",
                    "col_type",
                    "col_name",
                    "col_degree",
                    "col_effective_size",
                    "col_efficiency",
                    "col_constraint",
                ),
                rows=tuple(
                    (
                        h.rank,
                        h.id,
                        words.label(h.label),
                        h.name,
                        h.degree,
                        h.effective_size,
                        h.efficiency,
                        h.constraint,
                    )
                    for h in holes.entries
                ),
                # Drawn by the value the table is sorted by: the constraint, lowest first.
                charts=bar_chart(
                    holes_chart,
                    [(h.name, h.constraint) for h in ranked_holes],
                    first=words("first_n", title=holes_chart, count=CHART_BARS),
                ),
                empty=words("centrality_empty"),
                explanation=explanation("structural_holes", language),
                notes=(
                    Note(words("col_constraint"), words("note_constraint")),
                    Note(words("col_effective_size"), words("note_effective_size")),
                    Note(words("col_efficiency"), words("note_efficiency")),
                ),
            ),
            Table(
                name="brokerage_roles",
                heading=words("roles_heading"),
                columns=_columns(
                    words, "col_rank", "col_id", "col_name", "col_association", *ROLES, "col_total"
                ),
                rows=tuple(
                    (
                        b.rank,
                        b.id,
                        b.name,
                        b.group_name,
                        b.coordinator,
                        b.itinerant,
                        b.representative_gatekeeper,
                        b.liaison,
                        b.total,
                    )
                    for b in brokers
                ),
                charts=stacked_chart(
                    roles_chart,
                    [b.name for b in brokers],
                    [
                        (words("col_coordinator"), [b.coordinator for b in brokers]),
                        (words("col_itinerant"), [b.itinerant for b in brokers]),
                        (
                            words("col_representative"),
                            [b.representative_gatekeeper for b in brokers],
                        ),
                        (words("col_liaison"), [b.liaison for b in brokers]),
                    ],
                    first=words("first_n", title=roles_chart, count=CHART_BARS),
                ),
                empty=words("roles_empty"),
                explanation=explanation("brokerage_roles", language),
                notes=tuple(Note(words(role), words(f"note_{role[4:]}")) for role in ROLES),
            ),
            Table(
                name="articulation_points",
                heading=words("cuts_heading"),
                columns=_columns(
                    words,
                    "col_id",
                    "col_type",
                    "col_name",
                    "col_component_size",
                    "col_cut_off",
                    "col_firms_cut_off",
                ),
                rows=tuple(
                    (
                        v.id,
                        words.label(v.label),
                        v.name,
                        v.component_size,
                        v.nodes_cut_off,
                        v.firms_cut_off,
                    )
                    for v in cuts.articulation_points
                ),
                empty=words("cuts_empty"),
                explanation=explanation("articulation_points", language),
                notes=(Note(words("col_cut_off"), words("note_cut_off")),),
            ),
            Table(
                name="bridges",
                heading=words("bridges_heading"),
                columns=_columns(
                    words,
                    "col_from",
                    "col_relationship",
                    "col_to",
                    "col_cut_off",
                    "col_firms_cut_off",
                ),
                rows=tuple(
                    (
                        e.source.name,
                        ", ".join(
                            relationship_phrase(t, language) for t in e.relationships.split("|")
                        ),
                        e.target.name,
                        e.nodes_cut_off,
                        e.firms_cut_off,
                    )
                    for e in cuts.bridges
                ),
                empty=words("bridges_empty"),
                explanation=explanation("bridges", language),
            ),
        ),
    )


def stats_report(result: StatsReport, words: Words) -> Report:
    """The network's size and shape now, its make-up, and its growth year by year."""
    language = words.language
    now, years = result.network, result.growth.years
    growth = words("stats_growth")
    return Report(
        title=words("stats_title"),
        description=f"{words('metric_nodes')}: {number_text(now.node_count, language)}; "
        f"{words('metric_ties')}: {number_text(now.ties, language)}; "
        f"{words('metric_components')}: {number_text(now.component_count, language)}.",
        explanation=explanation("stats", language),
        method=words("stats_method"),
        language=language,
        tables=(
            Table(
                name="network",
                heading=words("stats_heading"),
                columns=_columns(words, "col_metric", "col_value"),
                rows=tuple(
                    (words(metric), value)
                    for metric, value in zip(METRICS, _figures(now)[1:], strict=True)
                ),
            ),
            _counts(
                "nodes_by_label",
                words("by_label"),
                words("col_type"),
                [(words.label(c.name, many=True), c.count) for c in now.nodes_by_label],
                words,
            ),
            _counts(
                "relationships_by_type",
                words("by_type"),
                words("col_relationship"),
                [
                    (relationship_phrase(c.name, language), c.count)
                    for c in now.relationships_by_type
                ],
                words,
            ),
            Table(
                name="growth",
                heading=growth,
                columns=_columns(words, "col_year", *METRICS),
                rows=tuple(_figures(year) for year in years),
                charts=line_chart(
                    growth,
                    [str(year.year) for year in years],
                    [
                        (words("metric_nodes"), [year.node_count for year in years]),
                        (words("metric_ties"), [year.ties for year in years]),
                    ],
                ),
                empty=words("stats_growth_empty"),
            ),
        ),
    )


def _figures(stats: NetworkStats) -> tuple[Cell, ...]:
    return (
        stats.year,
        stats.node_count,
        stats.relationship_count,
        stats.ties,
        stats.density,
        stats.component_count,
        stats.largest_component_size,
        stats.isolated_nodes,
        stats.average_clustering,
    )


def _counts(
    name: str, heading: str, what: str, counts: list[tuple[str, int]], words: Words
) -> Table:
    ordered = sorted(counts, key=lambda c: (-c[1], c[0]))
    return Table(
        name=name,
        heading=heading,
        columns=(what, words("col_count")),
        rows=tuple(ordered),
        charts=bar_chart(heading, ordered),
        empty=words("nothing"),
    )


def comparison_report(result: ComparisonResult, words: Words) -> Report:
    """New firms and ties, who rose and fell, and the communities that merged or split."""
    language = words.language
    first, second = result.first_year, result.second_year
    measure = measure_name(result.measure, words)
    before_names = community_names(result.communities_before, words)
    after_names = community_names(result.communities_after, words)
    merged = sum(1 for c in result.community_changes if c.kind.value == "merged")
    split = len(result.community_changes) - merged
    chart = words("risers_chart")
    return Report(
        title=words("compare_title", first=first, second=second),
        description=words(
            "compare_summary",
            firms=number_text(result.new_firm_count, language),
            ties=number_text(result.new_tie_count, language),
            merged=merged,
            split=split,
        ),
        explanation=explanation("compare", language),
        method=words("compare_method", measure=measure),
        language=language,
        tables=(
            Table(
                name="new_firms",
                heading=words("new_firms_heading", first=first),
                columns=_columns(words, "col_id", "col_name", "col_first_year", "col_projects"),
                rows=tuple(
                    (f.firm.id, f.firm.name, f.first_year, f.projects) for f in result.new_firms
                ),
                empty=words("new_firms_empty"),
            ),
            Table(
                name="new_ties",
                heading=words("new_ties_heading"),
                columns=_columns(words, "col_firm", "col_firm", "col_projects"),
                rows=tuple((t.first.name, t.second.name, t.projects) for t in result.new_ties),
                empty=words("new_ties_empty"),
            ),
            Table(
                name="changes",
                heading=words("risers_heading", measure=measure),
                columns=(
                    words("col_id"),
                    words("col_type"),
                    words("col_name"),
                    words("col_before", year=first),
                    words("col_after", year=second),
                    words("col_change"),
                    words("col_rank_before", year=first),
                    words("col_rank_after", year=second),
                ),
                rows=tuple(
                    (
                        c.node.id,
                        words.label(c.node.label),
                        c.node.name,
                        c.score_before,
                        c.score_after,
                        c.change,
                        c.rank_before,
                        c.rank_after,
                    )
                    for c in result.changes
                ),
                charts=bar_chart(
                    chart,
                    [(c.node.name, c.change) for c in result.changes],
                    first=words("first_n", title=chart, count=CHART_BARS),
                ),
                empty=words("risers_empty"),
            ),
            Table(
                name="community_changes",
                heading=words("changes_heading"),
                columns=(
                    words("col_change_kind"),
                    words("col_communities_before", year=first),
                    words("col_communities_after", year=second),
                ),
                rows=tuple(
                    (
                        words(f"change_{c.kind.value}"),
                        "; ".join(before_names[i] for i in c.before),
                        "; ".join(after_names[i] for i in c.after),
                    )
                    for c in result.community_changes
                ),
                empty=words("changes_empty"),
            ),
        ),
    )


__all__ = ["brokers_report", "comparison_report", "stats_report"]
