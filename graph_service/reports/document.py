"""A report as every format sees it: a title, what was computed, tables and their charts.

The analyses' results differ in shape; :mod:`graph_service.reports.tables` lays each out as a
:class:`Report`, and the renderers (:mod:`graph_service.reports.render`) only know this
layout. Cells keep their raw values (a score stays a float) so each format decides how to
show them: the CSV at full precision, the terminal and the web page rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from graph_service.domain.explanations import Explanation
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, Language

Cell = str | int | float | None
"""One value of a table; None is an empty cell (an undefined measure, a missing name)."""


class ChartKind(StrEnum):
    BARS = "bars"
    """Horizontal bars, one per label, from the first series."""
    STACKED = "stacked"
    """Horizontal bars, one per label, each the sum of its series stacked end to end (roles
    adding up to a total, say)."""
    LINE = "line"
    """A line per series over the labels (years, say)."""


@dataclass(frozen=True)
class Series:
    """A named run of values, one per label of its chart."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class Chart:
    """A chart of a table's values (the top entries' scores, the growth by year)."""

    title: str
    kind: ChartKind
    labels: tuple[str, ...]
    series: tuple[Series, ...]


@dataclass(frozen=True)
class Note:
    """What a column means, in plain words."""

    column: str
    meaning: str


@dataclass(frozen=True)
class Picture:
    """A picture of the network drawn on the server, as one ``<svg>`` element."""

    title: str
    svg: str


@dataclass(frozen=True)
class Table:
    """One table of a report: ``rows`` of ``columns``, with the charts drawn from it.

    ``name`` is a short key for the table (the file or sheet it goes to); ``empty`` says what
    an empty table means to a reader ("no articulation points"); ``explanation`` what the
    table shows and what to do with it, ``notes`` what its less obvious columns mean.
    """

    name: str
    heading: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    charts: tuple[Chart, ...] = ()
    empty: str = "nothing to show"
    explanation: Explanation | None = None
    notes: tuple[Note, ...] = ()
    pictures: tuple[Picture, ...] = ()


@dataclass(frozen=True)
class Report:
    """A whole report: its title, what it means and what to do with it, a sentence of its
    findings, how it was computed, and its tables.

    ``dated`` is the line that says when it was made and on which version of the graph.
    """

    title: str
    description: str
    tables: tuple[Table, ...]
    explanation: Explanation | None = None
    method: str = ""
    language: Language = DEFAULT_LANGUAGE
    dated: str = ""

    @property
    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the report, in order."""
        return tuple(chart for table in self.tables for chart in table.charts)


CHART_BARS = 30
"""At most this many bars in one chart (the table under it lists every entry)."""


def bar_chart(
    title: str, items: Sequence[tuple[str, float | None]], *, first: str | None = None
) -> tuple[Chart, ...]:
    """A bar chart of the first :data:`CHART_BARS` ``(label, value)`` items (None counts as 0),
    or no chart at all when there are no items; ``first`` is the title when items were left
    out.

    Examples
    --------
    >>> (chart,) = bar_chart("Sizes", [("a", 3), ("b", None)])
    >>> chart.labels, chart.series[0].values
    (('a', 'b'), (3.0, 0.0))
    """
    shown = items[:CHART_BARS]
    if not shown:
        return ()
    values = tuple(0.0 if value is None else float(value) for _, value in shown)
    return (
        Chart(
            title=title if len(items) <= CHART_BARS else (first or f"{title} ({CHART_BARS})"),
            kind=ChartKind.BARS,
            labels=tuple(label for label, _ in shown),
            series=(Series(title, values),),
        ),
    )


def stacked_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    first: str | None = None,
) -> tuple[Chart, ...]:
    """Bars of ``series`` stacked end to end, one bar per label (the first
    :data:`CHART_BARS`); none without labels.

    Examples
    --------
    >>> (chart,) = stacked_chart("Roles", ["a", "b"], [("x", [1, 2]), ("y", [3, 0])])
    >>> chart.kind.value, [s.values for s in chart.series]
    ('stacked', [(1.0, 2.0), (3.0, 0.0)])
    """
    if not labels:
        return ()
    shown = len(labels[:CHART_BARS])
    return (
        Chart(
            title=title if len(labels) <= CHART_BARS else (first or f"{title} ({CHART_BARS})"),
            kind=ChartKind.STACKED,
            labels=tuple(labels[:shown]),
            series=tuple(
                Series(name, tuple(float(v) for v in values[:shown])) for name, values in series
            ),
        ),
    )


def line_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> tuple[Chart, ...]:
    """A line chart of each ``(name, values)`` series over ``labels``; none without labels."""
    if not labels:
        return ()
    return (
        Chart(
            title=title,
            kind=ChartKind.LINE,
            labels=tuple(labels),
            series=tuple(Series(name, tuple(float(v) for v in values)) for name, values in series),
        ),
    )
