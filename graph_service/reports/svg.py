"""Charts drawn as inline SVG, so a report is one file that needs nothing else to show them.

Plain markup, no scripts, no fonts, no links: the SVG sits inside the HTML page and is drawn
by whatever opens it. Every label and value is escaped.
"""

from __future__ import annotations

from html import escape

from graph_service.reports.document import Chart, ChartKind
from graph_service.reports.text import cell_text

WIDTH = 720
LABEL_WIDTH = 230
BAR_SPACE = 400
"""The longest bar's length; every other bar is in proportion to its value."""
ROW = 22
TITLE_SPACE = 30
LABEL_CHARACTERS = 34
COLOURS = ("#2f6f9f", "#d9822b", "#3a8f5c", "#a23b72", "#6b5b95")


def chart_svg(chart: Chart) -> str:
    """``chart`` as one ``<svg>`` element.

    Examples
    --------
    >>> from graph_service.reports.document import bar_chart
    >>> (chart,) = bar_chart("Scores", [("Ottica Serio", 2.0), ("Bottega <Alfa>", 1.0)])
    >>> svg = chart_svg(chart)
    >>> svg.count("<rect"), 'width="400.00"' in svg, 'width="200.00"' in svg, "&lt;Alfa&gt;" in svg
    (2, True, True, True)
    """
    if chart.kind is ChartKind.LINE:
        return line_svg(chart)
    return bars_svg(chart)


def bars_svg(chart: Chart) -> str:
    """Horizontal bars of the chart's first series, the longest :data:`BAR_SPACE` wide."""
    values = chart.series[0].values if chart.series else ()
    largest = max((v for v in values if v > 0), default=0.0)
    height = TITLE_SPACE + ROW * len(values) + 8
    parts = [_open(chart.title, height), _title_text(chart.title)]
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        y = TITLE_SPACE + i * ROW
        length = BAR_SPACE * max(value, 0.0) / largest if largest else 0.0
        shown = cell_text(value)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#333">{escape(_short(label))}</text>'
            f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 3}" width="{length:.2f}" height="16" '
            f'fill="{COLOURS[0]}" data-value="{value!r}">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 6:.2f}" y="{y + 15}" font-size="12" '
            f'fill="#333">{escape(shown)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def line_svg(chart: Chart) -> str:
    """A line per series over the chart's labels, from zero to the largest value."""
    left, right, top, bottom, height = 60, 120, TITLE_SPACE + 10, 40, 280
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    count = len(chart.labels)
    largest = max((v for s in chart.series for v in s.values), default=0.0) or 1.0

    def x(i: int) -> float:
        return left + (plot_width * i / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return top + plot_height - plot_height * max(value, 0.0) / largest

    parts = [_open(chart.title, height), _title_text(chart.title)]
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" '
        f'y2="{top + plot_height}" stroke="#999"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#999"/>'
    )
    for fraction in (0.0, 0.5, 1.0):
        tick = y(largest * fraction)
        parts.append(
            f'<text x="{left - 6}" y="{tick + 4:.2f}" text-anchor="end" font-size="11" '
            f'fill="#555">{escape(cell_text(largest * fraction))}</text>'
        )
    for i, label in enumerate(chart.labels):
        parts.append(
            f'<text x="{x(i):.2f}" y="{top + plot_height + 18}" text-anchor="middle" '
            f'font-size="11" fill="#555">{escape(label)}</text>'
        )
    for n, series in enumerate(chart.series):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.2f},{y(v):.2f}" for i, v in enumerate(series.values))
        parts.append(
            f'<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" '
            f'points="{points}"/>'
        )
        for i, (label, value) in enumerate(zip(chart.labels, series.values, strict=True)):
            parts.append(
                f'<circle cx="{x(i):.2f}" cy="{y(value):.2f}" r="3" fill="{colour}">'
                f"<title>{escape(series.name)} {escape(label)}: {escape(cell_text(value))}"
                "</title></circle>"
            )
        legend_y = top + 16 * n
        parts.append(
            f'<rect x="{left + plot_width + 16}" y="{legend_y}" width="12" height="12" '
            f'fill="{colour}"/><text x="{left + plot_width + 34}" y="{legend_y + 10}" '
            f'font-size="12" fill="#333">{escape(series.name)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _open(title: str, height: int) -> str:
    # No xmlns: inline SVG in HTML needs none, and the page must not name any URL.
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}">'
    )


def _title_text(title: str) -> str:
    return (
        f'<text x="0" y="18" font-size="14" font-weight="bold" fill="#222">{escape(title)}</text>'
    )


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"
