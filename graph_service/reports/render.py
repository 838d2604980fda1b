"""A report in each of its five formats: terminal table, CSV, JSON, Markdown and HTML."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import textwrap
from enum import Enum

from graph_service.reports.analyses import ReportResult
from graph_service.reports.document import Cell, Report, Table
from graph_service.reports.html_page import html_page
from graph_service.reports.options import ReportFormat
from graph_service.reports.tables import report_of
from graph_service.reports.text import cell_text, is_numeric

TERMINAL_WIDTH = 100
"""Descriptions are wrapped at this width in the terminal."""
TERMINAL_CELL = 60
"""Longer cells are cut (with an ellipsis) in the terminal; every other format keeps them."""


def render(result: ReportResult, fmt: ReportFormat | str = ReportFormat.TABLE) -> str:
    """``result`` as text in the format ``fmt``.

    ``json`` is the result itself (:func:`as_json`); every other format shows its layout
    (:func:`graph_service.reports.tables.report_of`).

    Examples
    --------
    >>> import networkx as nx
    >>> from graph_service.services.reports import analyse
    >>> from graph_service.reports.options import ReportKind, ReportRequest
    >>> request = ReportRequest(ReportKind.CENTRALITY, measure="degree", top=2)
    >>> print(render(analyse(nx.star_graph(2), request), "csv"), end="")
    rank,id,label,name,score
    1,0,,0,1.0
    2,1,,1,0.5
    """
    chosen = ReportFormat(fmt)
    if chosen is ReportFormat.JSON:
        return as_json(result)
    report = report_of(result)
    if chosen is ReportFormat.CSV:
        return as_csv(report)
    if chosen is ReportFormat.MD:
        return as_markdown(report)
    if chosen is ReportFormat.HTML:
        return html_page(report)
    return as_table(report)


def as_json(result: ReportResult) -> str:
    """The result dataclass as JSON: keys sorted, dates and enumerations as strings."""
    return (
        json.dumps(
            dataclasses.asdict(result),
            sort_keys=True,
            indent=2,
            ensure_ascii=False,
            default=_json_value,
        )
        + "\n"
    )


def _json_value(value: object) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    raise TypeError(f"{type(value).__name__} is not serialisable")


def as_csv(report: Report) -> str:
    """One row per entry under a header line, values at full precision.

    A report of several tables (the brokers, the statistics) is one CSV all the same: its
    first column ``table`` names the table a row comes from, and the header is the union of
    the tables' columns (a column a table lacks is left empty).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if len(report.tables) == 1:
        (table,) = report.tables
        writer.writerow(table.columns)
        writer.writerows([_csv_cell(cell) for cell in row] for row in table.rows)
        return out.getvalue()
    columns = list(dict.fromkeys(c for table in report.tables for c in table.columns))
    writer.writerow(["table", *columns])
    for table in report.tables:
        for row in table.rows:
            values = dict(zip(table.columns, row, strict=True))
            writer.writerow([table.name, *(_csv_cell(values.get(c)) for c in columns)])
    return out.getvalue()


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    return repr(cell) if isinstance(cell, float) else str(cell)


def as_markdown(report: Report) -> str:
    """A Markdown document: the title, what was computed, and each table under its heading."""
    lines = [f"# {_md(report.title)}", "", _md(report.description), ""]
    for table in report.tables:
        lines += [f"## {_md(table.heading)}", ""]
        if not table.rows:
            lines += [f"*{_md(table.empty)}*", ""]
            continue
        numeric = [is_numeric(table, i) for i in range(len(table.columns))]
        lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
        lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
        lines += ["| " + " | ".join(_md(cell_text(c)) for c in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*[]<>|"})


def _md(text: str) -> str:
    """Text that Markdown shows as it is, on one line (a table cell cannot span lines)."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def as_table(report: Report) -> str:
    """Aligned columns for the terminal: numbers to the right, long cells cut."""
    lines = [report.title, "=" * len(report.title), ""]
    lines += textwrap.wrap(report.description, TERMINAL_WIDTH)
    for table in report.tables:
        lines += ["", table.heading, "-" * len(table.heading)]
        if not table.rows:
            lines.append(f"({table.empty})")
            continue
        lines += _aligned(table)
    return "\n".join(lines) + "\n"


def _aligned(table: Table) -> list[str]:
    # The last column can run on without pushing any other out of line: it is never cut.
    texts = [
        [*(_cut(cell_text(c)) for c in row[:-1]), _cut(cell_text(row[-1]), None)]
        for row in table.rows
    ]
    widths = [
        max(len(column), *(len(row[i]) for row in texts)) for i, column in enumerate(table.columns)
    ]
    numeric = [is_numeric(table, i) for i in range(len(table.columns))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    return [
        line(list(table.columns)),
        line(["-" * width for width in widths]),
        *(line(row) for row in texts),
    ]


def _cut(text: str, limit: int | None = TERMINAL_CELL) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"
