"""Charts drawn as inline SVG, so a report is one file that needs nothing else to show them.

Plain markup, no scripts, no fonts, no links: the SVG sits inside the HTML page and is drawn
by whatever opens it. Every label and value is escaped. Nothing is cut: the label column is
as wide as the longest label and the picture as wide as it needs, each text's width
estimated on the generous side (:func:`text_width`).
"""

from __future__ import annotations

from html import escape

from graph_service.domain.vocabulary import Language
from graph_service.reports.document import Chart, ChartKind
from graph_service.reports.locale import number_text

BAR_SPACE = 360
"""The longest bar's length; every other bar is in proportion to its value."""
ROW = 22
TITLE_SPACE = 30
FONT = 12
COLOURS = ("#2f6f9f", "#d9822b", "#3a8f5c", "#a23b72", "#6b5b95", "#8c6d31")

_WIDE = frozenset("MWmw@%&—")
_NARROW = frozenset("ijlrtfI.,:;'!|() ")


def text_width(text: str, size: float = FONT, *, bold: bool = False) -> float:
    """A generous estimate of ``text``'s width in pixels at ``size`` in a sans-serif font.

    Wider than any common sans-serif draws it (capitals and m/w count as wide), so a box
    sized by it never cuts the text.

    Examples
    --------
    >>> text_width("Ottica Zirafa") > 13 * 12 * 0.5
    True
    """
    units = 0.0
    for char in text:
        if char in _WIDE:
            units += 0.95
        elif char in _NARROW:
            units += 0.4
        elif char.isupper() or char.isdigit():
            units += 0.72
        else:
            units += 0.6
    return units * size * (1.1 if bold else 1.0) + 4


def chart_svg(chart: Chart, language: Language = "it") -> str:
    """``chart`` as one ``<svg>`` element.

    Examples
    --------
    >>> from graph_service.reports.document import bar_chart
    >>> (chart,) = bar_chart("Scores", [("Ottica Serio", 2.0), ("Bottega <Alfa>", 1.0)])
    >>> svg = chart_svg(chart, "en")
    >>> svg.count('class="bar"'), 'width="360.00"' in svg, 'width="180.00"' in svg
    (2, True, True)
    >>> "&lt;Alfa&gt;" in svg
    True
    """
    if chart.kind is ChartKind.LINE:
        return line_svg(chart, language)
    return bars_svg(chart, language)


def bars_svg(chart: Chart, language: Language = "it") -> str:
    """Horizontal bars, the longest :data:`BAR_SPACE` wide; a stacked chart's bars are its
    series end to end, with a legend. Each bar's value is written after it."""
    stacked = chart.kind is ChartKind.STACKED
    count = len(chart.labels)
    totals = [sum(s.values[i] for s in chart.series) if stacked else 0.0 for i in range(count)]
    values = totals if stacked else list(chart.series[0].values if chart.series else ())
    largest = max((abs(v) for v in values), default=0.0)
    negative = any(v < 0 for v in values)
    shown = [number_text(_plain(v), language) for v in values]
    label_width = max((text_width(label) for label in chart.labels), default=0.0) + 12
    half = BAR_SPACE / 2 if negative else 0.0
    zero = label_width + half
    value_width = max((text_width(text) for text in shown), default=0.0) + 8
    legend_height = ROW if stacked else 0
    width = max(
        label_width + BAR_SPACE + value_width + 8,
        text_width(chart.title, 14, bold=True),
        _legend_width(chart) if stacked else 0.0,
    )
    height = TITLE_SPACE + legend_height + ROW * count + 8
    parts = [_open(chart.title, width, height), _title_text(chart.title)]
    if stacked:
        parts.append(_legend(chart, TITLE_SPACE))
    scale = (BAR_SPACE - half) / largest if largest else 0.0
    for i, label in enumerate(chart.labels):
        y = TITLE_SPACE + legend_height + i * ROW
        parts.append(
            f'<text class="label" x="{label_width - 8:.2f}" y="{y + 15}" text-anchor="end" '
            f'font-size="{FONT}" fill="#333">{escape(label)}</text>'
        )
        x = zero
        segments = chart.series if stacked else chart.series[:1]
        for n, series in enumerate(segments):
            value = series.values[i]
            length = abs(value) * scale
            start = x if value >= 0 else x - length
            role = f' data-series="{escape(series.name)}"' if stacked else ""
            parts.append(
                f'<rect class="{"segment" if stacked else "bar"}" x="{start:.2f}" y="{y + 3}" '
                f'width="{length:.2f}" height="16" fill="{COLOURS[n % len(COLOURS)]}" '
                f'data-value="{value!r}"{role}><title>{escape(label)}: {escape(series.name)} '
                f"{escape(number_text(_plain(value), language))}</title></rect>"
            )
            if value >= 0:
                x += length
        end = zero + values[i] * scale if values[i] >= 0 else zero
        parts.append(
            f'<text class="value" x="{max(end, zero) + 6:.2f}" y="{y + 15}" '
            f'font-size="{FONT}" fill="#333" data-total="{values[i]!r}">'
            f"{escape(shown[i])}</text>"
        )
    if negative:
        top, bottom = TITLE_SPACE + legend_height, TITLE_SPACE + legend_height + ROW * count
        parts.append(f'<line x1="{zero}" y1="{top}" x2="{zero}" y2="{bottom}" stroke="#999"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def line_svg(chart: Chart, language: Language = "it") -> str:
    """A line per series over the chart's labels, from zero to the largest value."""
    ticks = [number_text(_plain(f * _largest(chart)), language) for f in (0.0, 0.5, 1.0)]
    left = max(text_width(t, 11) for t in ticks) + 10
    legend = max((text_width(s.name) for s in chart.series), default=0.0) + 40
    top, bottom, height, plot_width = TITLE_SPACE + 10, 40, 280, 520.0
    width = max(left + plot_width + legend, text_width(chart.title, 14, bold=True))
    plot_height = height - top - bottom
    count = len(chart.labels)
    largest = _largest(chart)

    def x(i: int) -> float:
        return left + (plot_width * i / (count - 1) if count > 1 else plot_width / 2)

    def y(value: float) -> float:
        return top + plot_height - plot_height * max(value, 0.0) / largest

    parts = [_open(chart.title, width, height), _title_text(chart.title)]
    parts.append(
        f'<line x1="{left}" y1="{top + plot_height}" x2="{left + plot_width}" '
        f'y2="{top + plot_height}" stroke="#999"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_height}" stroke="#999"/>'
    )
    for fraction, tick_text in zip((0.0, 0.5, 1.0), ticks, strict=True):
        tick = y(largest * fraction)
        parts.append(
            f'<text x="{left - 6:.2f}" y="{tick + 4:.2f}" text-anchor="end" font-size="11" '
            f'fill="#555">{escape(tick_text)}</text>'
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
                f"<title>{escape(series.name)} {escape(label)}: "
                f"{escape(number_text(_plain(value), language))}</title></circle>"
            )
        legend_y = top + 16 * n
        parts.append(
            f'<rect x="{left + plot_width + 16:.2f}" y="{legend_y}" width="12" height="12" '
            f'fill="{colour}"/><text x="{left + plot_width + 34:.2f}" y="{legend_y + 10}" '
            f'font-size="{FONT}" fill="#333">{escape(series.name)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _largest(chart: Chart) -> float:
    return max((v for s in chart.series for v in s.values), default=0.0) or 1.0


def _plain(value: float) -> float | int:
    """Whole values as integers (``3`` rather than ``3,0``)."""
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def _legend_width(chart: Chart) -> float:
    return sum(text_width(s.name) + 24 for s in chart.series) + 8


def _legend(chart: Chart, y: int) -> str:
    parts, x = [], 0.0
    for n, series in enumerate(chart.series):
        parts.append(
            f'<rect x="{x:.2f}" y="{y}" width="12" height="12" '
            f'fill="{COLOURS[n % len(COLOURS)]}"/><text class="legend" x="{x + 16:.2f}" '
            f'y="{y + 10}" font-size="{FONT}" fill="#333">{escape(series.name)}</text>'
        )
        x += text_width(series.name) + 24
    return "".join(parts)


def _open(title: str, width: float, height: float) -> str:
    # No xmlns: inline SVG in HTML needs none, and the page must not name any URL.
    return (
        f'<svg class="chart" role="img" aria-label="{escape(title)}" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
    )


def _title_text(title: str) -> str:
    return (
        f'<text class="title" x="0" y="18" font-size="14" font-weight="bold" fill="#222">'
        f"{escape(title)}</text>"
    )
