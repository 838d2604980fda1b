"""A report as one self-contained HTML file an analyst can e-mail.

Everything is inside the file: the CSS in a ``<style>`` element, the charts as inline SVG
(:mod:`graph_service.reports.svg`). No scripts, fonts, images or links to anywhere, so it
opens the same offline, in a mail client or in a browser that blocks remote content.
"""

from __future__ import annotations

from html import escape

from graph_service.reports.document import Report, Table
from graph_service.reports.svg import chart_svg
from graph_service.reports.text import cell_text, is_numeric

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
p.description { color: #444; max-width: 75ch; }
p.empty { color: #666; font-style: italic; }
figure { margin: 1rem 0; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
footer { color: #777; font-size: 0.8rem; margin-top: 2rem; }
""".strip()


def html_page(report: Report) -> str:
    """The whole report as one HTML document: title, description, then each table with its
    charts above it.

    Examples
    --------
    >>> from graph_service.reports.document import Table
    >>> page = html_page(Report("R&D <firms>", "What was computed.", (
    ...     Table("t", "Firms", ("name",), (("Ottica & Co",),)),)))
    >>> "<title>R&amp;D &lt;firms&gt;</title>" in page, "<td>Ottica &amp; Co</td>" in page
    (True, True)
    """
    body = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="description">{escape(report.description)}</p>',
    ]
    for table in report.tables:
        body.append(f"<h2>{escape(table.heading)}</h2>")
        body += [f"<figure>\n{chart_svg(chart)}\n</figure>" for chart in table.charts]
        body.append(_table(table))
    body.append("<footer>Innovation &amp; Technology Hub, Imprese &amp; Territorio</footer>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(report.title)}</title>",
            f"<style>\n{STYLE}\n</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def _table(table: Table) -> str:
    if not table.rows:
        return f'<p class="empty">{escape(table.empty)}</p>'
    numeric = [is_numeric(table, i) for i in range(len(table.columns))]
    head = "".join(
        f"<th{_number_class(n)}>{escape(c)}</th>"
        for c, n in zip(table.columns, numeric, strict=True)
    )
    rows = [
        "<tr>"
        + "".join(
            f"<td{_number_class(n)}>{escape(cell_text(cell))}</td>"
            for cell, n in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in table.rows
    ]
    return "\n".join(
        ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]
    )


def _number_class(numeric: bool) -> str:
    return ' class="number"' if numeric else ""
