"""A report as one self-contained HTML file an analyst can e-mail.

Everything is inside the file: the CSS in a ``<style>`` element, the charts and pictures as
inline SVG (:mod:`graph_service.reports.svg`, :mod:`graph_service.reports.pictures`). No
scripts, fonts, images or links to anywhere, so it opens the same offline, in a mail client or
in a browser that blocks remote content.
"""

from __future__ import annotations

from html import escape

from graph_service.domain.explanations import Explanation
from graph_service.reports.document import Report, Table
from graph_service.reports.messages import Words
from graph_service.reports.svg import chart_svg
from graph_service.reports.text import cell_text, is_numeric

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #222; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: 0.2rem; }
h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
p.dated { color: #666; font-size: 0.85rem; margin-top: 0; }
p.description { color: #333; max-width: 80ch; }
p.empty { color: #666; font-style: italic; }
div.explanation { background: #f3f7fa; border-left: 4px solid #2f6f9f; padding: 0.5rem 0.9rem;
                  margin: 0.8rem 0; max-width: 80ch; }
div.explanation p { margin: 0.2rem 0; }
dl.notes { font-size: 0.85rem; color: #444; max-width: 90ch; }
dl.notes dt { font-weight: 600; float: left; clear: left; margin-right: 0.4rem; }
dl.notes dd { margin: 0 0 0.2rem 0; }
section.method { color: #444; font-size: 0.9rem; max-width: 85ch; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0 1rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f3f5f7; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
footer { color: #777; font-size: 0.8rem; margin-top: 2rem; }
""".strip()


def html_page(report: Report) -> str:
    """The whole report as one HTML document in the report's language: title, date and graph
    version, what it means and what to do with it, its findings, each table with its
    explanation, charts and column notes, and how it was computed at the end.

    Examples
    --------
    >>> from graph_service.reports.document import Table
    >>> page = html_page(Report("R&D <firms>", "What was found.", (
    ...     Table("t", "Firms", ("name",), (("Ottica & Co",),)),), language="en"))
    >>> "<title>R&amp;D &lt;firms&gt;</title>" in page, "<td>Ottica &amp; Co</td>" in page
    (True, True)
    >>> '<html lang="en">' in page
    True
    """
    words = Words(report.language)
    body = [f"<h1>{escape(report.title)}</h1>"]
    if report.dated:
        body.append(f'<p class="dated">{escape(report.dated)}</p>')
    if report.explanation:
        body.append(_explanation(report.explanation, words))
    body.append(f'<p class="description">{escape(report.description)}</p>')
    for table in report.tables:
        body.append(f"<h2>{escape(table.heading)}</h2>")
        if table.explanation:
            body.append(_explanation(table.explanation, words))
        body += [f"<figure>\n{picture.svg}\n</figure>" for picture in table.pictures]
        body += [
            f"<figure>\n{chart_svg(chart, report.language)}\n</figure>" for chart in table.charts
        ]
        body.append(_table(table, report))
        if table.notes and table.rows:
            body.append(_notes(table, words))
    if report.method:
        body.append(
            f'<section class="method"><h2>{escape(words("how_computed"))}</h2>'
            f"<p>{escape(report.method)}</p></section>"
        )
    body.append(f"<footer>{escape(words('footer'))}</footer>")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{report.language}">',
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


def _explanation(explanation: Explanation, words: Words) -> str:
    return (
        '<div class="explanation">'
        f"<p><strong>{escape(words('what_it_means'))}:</strong> {escape(explanation.what)}</p>"
        f"<p><strong>{escape(words('what_to_do'))}:</strong> {escape(explanation.action)}</p>"
        "</div>"
    )


def _notes(table: Table, words: Words) -> str:
    items = "".join(
        f"<dt>{escape(note.column)}:</dt><dd>{escape(note.meaning)}</dd>" for note in table.notes
    )
    return f'<dl class="notes" aria-label="{escape(words("columns"))}">{items}</dl>'


def _table(table: Table, report: Report) -> str:
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
            f"<td{_number_class(n)}>{escape(cell_text(cell, report.language))}</td>"
            for cell, n in zip(row, numeric, strict=True)
        )
        + "</tr>"
        for row in table.rows
    ]
    return "\n".join(
        [
            f'<table data-name="{escape(table.name)}">',
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *rows,
            "</tbody>",
            "</table>",
        ]
    )


def _number_class(numeric: bool) -> str:
    return ' class="number"' if numeric else ""
