"""Pictures of the network, drawn on the server as SVG: where a picture says more than a table.

Two pictures: the map of the communities (a circle per community, sized by its members, a line
between two communities as thick as the ties between them) and the shortest paths between two
hubs (each path a row of its nodes, coloured by kind). Layouts are fixed by the data alone,
so the same result gives the same picture.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from graph_service.domain.analytics import CommunityLink, Path
from graph_service.domain.vocabulary import Language
from graph_service.reports.document import Picture
from graph_service.reports.locale import number_text
from graph_service.reports.svg import COLOURS, text_width

MAP_COMMUNITIES = 12
"""The map shows at most this many communities, the largest."""
PATH_ROWS = 8
"""At most this many paths are drawn."""

LABEL_COLOURS = {
    "Hub": "#a23b72",
    "Association": "#2f6f9f",
    "ServiceCentre": "#6b5b95",
    "Office": "#8c6d31",
    "Firm": "#3a8f5c",
    "Expert": "#d9822b",
    "Project": "#555555",
    "Topic": "#999999",
    "Instrument": "#bbbbbb",
}


def community_map(
    title: str,
    names: Sequence[str],
    sizes: Sequence[int],
    links: Sequence[CommunityLink],
    language: Language,
) -> Picture:
    """The communities on a circle, largest first clockwise from the top.

    Examples
    --------
    >>> picture = community_map("Map", ["A", "B"], [10, 5], [CommunityLink(0, 1, 3)], "en")
    >>> picture.svg.count('class="community"'), picture.svg.count('class="link"')
    (2, 1)
    """
    shown = min(len(names), MAP_COMMUNITIES)
    largest = max(sizes[:shown], default=1) or 1
    radii = [8 + 32 * math.sqrt(size / largest) for size in sizes[:shown]]
    label_space = max((text_width(n) for n in names[:shown]), default=0.0)
    ring = max(130.0, 20.0 * shown)
    reach = ring + 40 + 8
    width = max(2 * (reach + label_space + 10), text_width(title, 14, bold=True))
    height = 30 + 2 * (reach + 24)
    cx, cy = width / 2, 30 + reach + 24

    def angle(i: int) -> float:
        return -math.pi / 2 + 2 * math.pi * i / max(shown, 1)

    def centre(i: int) -> tuple[float, float]:
        return cx + ring * math.cos(angle(i)), cy + ring * math.sin(angle(i))

    parts = [_open(title, width, height), _title(title)]
    heaviest = max((link.ties for link in links), default=1) or 1
    for link in links:
        if link.first >= shown or link.second >= shown:
            continue
        (x1, y1), (x2, y2) = centre(link.first), centre(link.second)
        stroke = 1 + 7 * link.ties / heaviest
        parts.append(
            f'<line class="link" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#9aa7b1" stroke-opacity="0.7" stroke-width="{stroke:.1f}">'
            f"<title>{escape(names[link.first])} - {escape(names[link.second])}: "
            f"{escape(number_text(link.ties, language))}</title></line>"
        )
    for i in range(shown):
        x, y = centre(i)
        r = radii[i]
        # Labels go outside the ring, away from the centre: they never cross the picture.
        cos, sin = math.cos(angle(i)), math.sin(angle(i))
        if abs(cos) < 0.25:
            anchor, lx, ly = "middle", x, y + (r + 14 if sin > 0 else -r - 6)
        else:
            anchor = "start" if cos > 0 else "end"
            lx, ly = x + (r + 6) * (1 if cos > 0 else -1), y + 4
        parts.append(
            f'<circle class="community" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
            f'fill="{COLOURS[i % len(COLOURS)]}" fill-opacity="0.85">'
            f"<title>{escape(names[i])}: {escape(number_text(sizes[i], language))}</title>"
            f'</circle><text class="label" x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
            f'font-size="12" fill="#222">{escape(names[i])}</text>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#fff">{escape(number_text(sizes[i], language))}</text>'
        )
    parts.append("</svg>")
    return Picture(title, "\n".join(parts))


def path_rows(title: str, paths: Sequence[Path], proposed: str) -> Picture:
    """Each path as a row of its nodes joined by lines, names under them.

    Examples
    --------
    >>> from graph_service.domain.analytics import NodeRef
    >>> path = Path((NodeRef("a", "Hub", "Hub A"), NodeRef("b", "Hub", "Hub B")), ("X",))
    >>> path_rows("Paths", [path], "new").svg.count('class="node"')
    2
    """
    drawn = list(paths[:PATH_ROWS])
    steps = max((len(p.nodes) for p in drawn), default=1)
    column = max((text_width(node.name, 11) for p in drawn for node in p.nodes), default=60.0)
    # Labels alternate above and below the line, so each may take two columns' room.
    column = max(column / 2 + 12, 90.0)
    row = 78
    width = max(column * steps + 20, text_width(title, 14, bold=True))
    width = max(width, column * (steps + 1) + 20)
    height = 30 + row * len(drawn) + 10
    parts = [_open(title, width, height), _title(title)]
    for r, path in enumerate(drawn):
        y = 30 + r * row + 34
        xs = [10 + column * (i + 1) for i in range(len(path.nodes))]
        for i, relationship in enumerate(path.relationships):
            dashed = ' stroke-dasharray="5 4"' if relationship == "PROPOSED" else ""
            name = proposed if relationship == "PROPOSED" else relationship
            parts.append(
                f'<line x1="{xs[i]:.1f}" y1="{y}" x2="{xs[i + 1]:.1f}" y2="{y}" '
                f'stroke="#888" stroke-width="2"{dashed}><title>{escape(name)}</title></line>'
            )
        for i, (x, node) in enumerate(zip(xs, path.nodes, strict=True)):
            colour = LABEL_COLOURS.get(node.label or "", "#777")
            label_y = y + 24 if i % 2 == 0 else y - 14
            parts.append(
                f'<circle class="node" cx="{x:.1f}" cy="{y}" r="8" fill="{colour}">'
                f"<title>{escape(node.name)} ({escape(node.id)})</title></circle>"
                f'<text class="label" x="{x:.1f}" y="{label_y}" text-anchor="middle" '
                f'font-size="11" fill="#222">{escape(node.name)}</text>'
            )
    parts.append("</svg>")
    return Picture(title, "\n".join(parts))


def _open(title: str, width: float, height: float) -> str:
    return (
        f'<svg class="picture" role="img" aria-label="{escape(title)}" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">'
    )


def _title(title: str) -> str:
    return (
        f'<text class="title" x="0" y="18" font-size="14" font-weight="bold" fill="#222">'
        f"{escape(title)}</text>"
    )
