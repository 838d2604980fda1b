"""The reports on the network's structure: its brokers and weak points, its size and growth."""

from __future__ import annotations

from graph_service.domain.analytics import Count, NetworkStats
from graph_service.reports.analyses import BrokersReport, StatsReport
from graph_service.reports.document import Cell, Report, Table, bar_chart, line_chart

GROWTH_COLUMNS = (
    "year",
    "nodes",
    "relationships",
    "ties",
    "density",
    "components",
    "largest component",
    "isolated nodes",
    "average clustering",
)


def brokers_report(result: BrokersReport) -> Report:
    """Structural holes, brokerage roles, articulation points and bridges, one table each."""
    holes, brokerage, cuts = result.structural_holes, result.brokerage, result.cuts
    among = f"{holes.label} nodes" if holes.label else "nodes"
    return Report(
        title="Brokers",
        description=(
            f"Three views of brokerage, all exact (not sampled). Structural holes: "
            f"{holes.method}, {holes.ranked_count} {among} ranked, least constrained first. "
            f"Brokerage roles: {brokerage.method} on the {brokerage.view}, groups by "
            f"{brokerage.grouping} ({brokerage.grouped_count} of {brokerage.node_count} firms "
            f"grouped). Single points of failure: {cuts.method}; {cuts.component_count} "
            f"component{'s' if cuts.component_count != 1 else ''}, the largest with "
            f"{cuts.largest_component_size} nodes ({cuts.largest_component_firms} firms)."
        ),
        tables=(
            Table(
                name="structural_holes",
                heading="Structural holes: low constraint, high effective size",
                columns=(
                    "rank",
                    "id",
                    "label",
                    "name",
                    "degree",
                    "effective size",
                    "efficiency",
                    "constraint",
                ),
                rows=tuple(
                    (
                        h.rank,
                        h.id,
                        h.label,
                        h.name,
                        h.degree,
                        h.effective_size,
                        h.efficiency,
                        h.constraint,
                    )
                    for h in holes.entries
                ),
                charts=bar_chart(
                    "Effective size", [(h.name, h.effective_size) for h in holes.entries]
                ),
                empty="no nodes to rank",
            ),
            Table(
                name="brokerage_roles",
                heading="Brokerage roles between associations (Gould and Fernandez)",
                columns=(
                    "rank",
                    "id",
                    "name",
                    "association",
                    "coordinator",
                    "itinerant",
                    "representative/gatekeeper",
                    "liaison",
                    "total",
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
                    for b in brokerage.entries
                ),
                charts=bar_chart(
                    "Brokerage (open two-paths)", [(b.name, b.total) for b in brokerage.entries]
                ),
                empty="no firm both collaborates and belongs to an association",
            ),
            Table(
                name="articulation_points",
                heading="Articulation points: nodes whose removal splits the network",
                columns=(
                    "id",
                    "label",
                    "name",
                    "component size",
                    "nodes cut off",
                    "firms cut off",
                ),
                rows=tuple(
                    (v.id, v.label, v.name, v.component_size, v.nodes_cut_off, v.firms_cut_off)
                    for v in cuts.articulation_points
                ),
                empty="no articulation points: no single node's removal splits the network",
            ),
            Table(
                name="bridges",
                heading="Bridges: ties whose removal splits the network",
                columns=(
                    "from id",
                    "from",
                    "relationships",
                    "to id",
                    "to",
                    "nodes cut off",
                    "firms cut off",
                ),
                rows=tuple(
                    (
                        e.source.id,
                        e.source.name,
                        e.relationships,
                        e.target.id,
                        e.target.name,
                        e.nodes_cut_off,
                        e.firms_cut_off,
                    )
                    for e in cuts.bridges
                ),
                empty="no bridges: every tie lies on a cycle",
            ),
        ),
    )


def stats_report(result: StatsReport) -> Report:
    """The network's size and shape now, its make-up, and its growth year by year."""
    now, years = result.network, result.growth.years
    span = f" ({years[0].year}-{years[-1].year})" if years else ""
    return Report(
        title="Network statistics",
        description=(
            "Exact counts over the whole graph (not sampled). Ties, density, components and "
            "clustering are those of the undirected view, where any relationships between two "
            "nodes make one tie; the clustering is the mean local clustering coefficient. The "
            f"growth is the network as it stood at the end of each project year{span}, projects "
            "of later years removed."
        ),
        tables=(
            Table(
                name="network",
                heading="The network now",
                columns=("metric", "value"),
                rows=tuple(zip(GROWTH_COLUMNS[1:], _figures(now)[1:], strict=True)),
            ),
            _counts("nodes_by_label", "Nodes by label", "label", now.nodes_by_label),
            _counts(
                "relationships_by_type", "Relationships by type", "type", now.relationships_by_type
            ),
            Table(
                name="growth",
                heading="Growth by year",
                columns=GROWTH_COLUMNS,
                rows=tuple(_figures(year) for year in years),
                charts=line_chart(
                    "Growth by year",
                    [str(year.year) for year in years],
                    [
                        ("nodes", [year.node_count for year in years]),
                        ("ties", [year.ties for year in years]),
                    ],
                ),
                empty="no project has a year",
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


def _counts(name: str, heading: str, what: str, counts: tuple[Count, ...]) -> Table:
    return Table(
        name=name,
        heading=heading,
        columns=(what, "count"),
        rows=tuple((c.name, c.count) for c in counts),
        charts=bar_chart(heading, [(c.name, c.count) for c in counts]),
        empty="none",
    )
