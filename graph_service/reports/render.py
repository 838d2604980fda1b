"""A report in each of its formats: terminal table, CSV, JSON, Markdown, HTML and xlsx.

Every format but JSON shows the report's layout (:func:`graph_service.reports.tables.report_of`)
in the reader's language; JSON is the result itself, for programs. CSV is one file per table.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import textwrap
from dataclasses import dataclass
from enum import Enum

from graph_service.domain.analytics import GraphVersion
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, Language
from graph_service.reports.analyses import ReportResult
from graph_service.reports.document import Cell, Report, Table
from graph_service.reports.html_page import html_page
from graph_service.reports.locale import date_text, number_text
from graph_service.reports.messages import Words
from graph_service.reports.options import CsvDialect, ReportFormat
from graph_service.reports.spreadsheet import workbook
from graph_service.reports.tables import ReportContext, report_of
from graph_service.reports.text import cell_text, is_numeric

TERMINAL_WIDTH = 100
"""Descriptions are wrapped at this width in the terminal."""
TERMINAL_CELL = 60
"""Longer cells are cut (with an ellipsis) in the terminal; every other format keeps them."""
BOM = "\ufeff"


@dataclass(frozen=True)
class RenderOptions:
    """How to render: the language, the CSV dialect, and what the report says about itself
    (when it was made, on which graph, as of which year, how many rows to show)."""

    language: Language = DEFAULT_LANGUAGE
    csv_dialect: CsvDialect = CsvDialect.PLAIN
    generated_at: dt.datetime | None = None
    version: GraphVersion | None = None
    year: int | None = None
    top: int | None = None

    def context(self) -> ReportContext:
        dated = ""
        if self.generated_at is not None and self.version is not None:
            dated = Words(self.language)(
                "dated",
                date=date_text(self.generated_at, self.language),
                version=self.version.fingerprint,
                nodes=number_text(self.version.nodes, self.language),
                ties=number_text(self.version.relationships, self.language),
            )
        return ReportContext(self.language, dated, self.year, self.top)


@dataclass(frozen=True)
class RenderedFile:
    """One file of a rendered report: ``part`` is empty for a whole report, else the name of
    the table it holds (a CSV report is one file per table)."""

    part: str
    data: bytes


@dataclass(frozen=True)
class Rendered:
    extension: str
    binary: bool
    files: tuple[RenderedFile, ...]

    @property
    def text(self) -> str:
        """The single file as text (a textual format of one file only)."""
        (only,) = self.files
        return only.data.decode("utf-8")


def render(
    result: ReportResult,
    fmt: ReportFormat | str = ReportFormat.TABLE,
    options: RenderOptions | None = None,
) -> Rendered:
    """``result`` in the format ``fmt``.

    Examples
    --------
    >>> import networkx as nx
    >>> from graph_service.services.reports import analyse
    >>> from graph_service.reports.options import ReportKind, ReportRequest
    >>> request = ReportRequest(ReportKind.CENTRALITY, measure="degree", top=2, all_labels=True)
    >>> print(render(analyse(nx.star_graph(2), request), "csv").text, end="")
    posizione,id,tipo,nome,punteggio
    1,0,,0,1.0
    2,1,,1,0.5
    >>> options = RenderOptions(csv_dialect=CsvDialect.EXCEL_IT)
    >>> render(analyse(nx.star_graph(2), request), "csv", options).files[0].data[:3]
    b'\\xef\\xbb\\xbf'
    """
    options = options or RenderOptions()
    chosen = ReportFormat(fmt)
    if chosen is ReportFormat.JSON:
        return _one("json", as_json(result, options))
    report = report_of(result, options.context())
    if chosen is ReportFormat.CSV:
        return Rendered(
            "csv",
            False,
            tuple(
                RenderedFile(
                    table.name if len(report.tables) > 1 else "",
                    as_csv(table, options.csv_dialect).encode("utf-8"),
                )
                for table in report.tables
            ),
        )
    if chosen is ReportFormat.XLSX:
        return Rendered("xlsx", True, (RenderedFile("", workbook(report)),))
    if chosen is ReportFormat.MD:
        return _one("md", as_markdown(report))
    if chosen is ReportFormat.HTML:
        return _one("html", html_page(report))
    return _one("txt", as_table(report))


def _one(extension: str, text: str) -> Rendered:
    return Rendered(extension, False, (RenderedFile("", text.encode("utf-8")),))


def as_json(result: ReportResult, options: RenderOptions | None = None) -> str:
    """``{"about": ..., "result": ...}``: when and on which graph, then the result dataclass;
    keys sorted, dates and enumerations as strings."""
    options = options or RenderOptions()
    about: dict[str, object] = {"language": options.language, "year": options.year}
    if options.generated_at is not None:
        about["generated_at"] = options.generated_at.isoformat()
    if options.version is not None:
        about["graph_version"] = dataclasses.asdict(options.version)
    document = {"about": about, "result": dataclasses.asdict(result)}
    return (
        json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False, default=_json_value)
        + "\n"
    )


def _json_value(value: object) -> str:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Enum):
        return str(value.value)
    raise TypeError(f"{type(value).__name__} is not serialisable")


def as_csv(table: Table, dialect: CsvDialect = CsvDialect.PLAIN) -> str:
    """One table: a header line and a row per entry, numbers at full precision.

    ``excel-it`` is what Italian Excel opens with a double click: a UTF-8 byte-order mark,
    semicolons between fields, decimal commas, CRLF line ends.
    """
    out = io.StringIO()
    italian = dialect is CsvDialect.EXCEL_IT
    writer = csv.writer(
        out, delimiter=";" if italian else ",", lineterminator="\r\n" if italian else "\n"
    )
    writer.writerow(table.columns)
    writer.writerows([_csv_cell(cell, italian) for cell in row] for row in table.rows)
    return (BOM if italian else "") + out.getvalue()


def _csv_cell(cell: Cell, decimal_comma: bool) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        text = repr(cell)
        return text.replace(".", ",") if decimal_comma else text
    return str(cell)


def as_markdown(report: Report) -> str:
    """A Markdown document: the title, the date line, what it means, the findings, each table
    under its heading, and how it was computed."""
    words = Words(report.language)
    lines = [f"# {_md(report.title)}", ""]
    if report.dated:
        lines += [f"*{_md(report.dated)}*", ""]
    if report.explanation:
        lines += [
            f"**{_md(words('what_it_means'))}:** {_md(report.explanation.what)}  ",
            f"**{_md(words('what_to_do'))}:** {_md(report.explanation.action)}",
            "",
        ]
    lines += [_md(report.description), ""]
    for table in report.tables:
        lines += [f"## {_md(table.heading)}", ""]
        if table.explanation:
            lines += [f"{_md(table.explanation.what)} {_md(table.explanation.action)}", ""]
        if not table.rows:
            lines += [f"*{_md(table.empty)}*", ""]
            continue
        numeric = [is_numeric(table, i) for i in range(len(table.columns))]
        lines.append("| " + " | ".join(_md(c) for c in table.columns) + " |")
        lines.append("| " + " | ".join("---:" if n else "---" for n in numeric) + " |")
        lines += [
            "| " + " | ".join(_md(cell_text(c, report.language)) for c in row) + " |"
            for row in table.rows
        ]
        lines.append("")
        lines += [f"- **{_md(n.column)}**: {_md(n.meaning)}" for n in table.notes]
        if table.notes:
            lines.append("")
    if report.method:
        lines += [f"## {_md(words('how_computed'))}", "", _md(report.method), ""]
    return "\n".join(lines)


_MD_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*[]<>|"})


def _md(text: str) -> str:
    """Text that Markdown shows as it is, on one line (a table cell cannot span lines)."""
    return " ".join(text.split()).translate(_MD_SPECIAL)


def as_table(report: Report) -> str:
    """Aligned columns for the terminal: numbers to the right, long cells cut."""
    words = Words(report.language)
    lines = [report.title, "=" * len(report.title)]
    if report.dated:
        lines.append(report.dated)
    lines.append("")
    if report.explanation:
        lines += textwrap.wrap(
            f"{words('what_it_means')}: {report.explanation.what}", TERMINAL_WIDTH
        )
        lines += textwrap.wrap(
            f"{words('what_to_do')}: {report.explanation.action}", TERMINAL_WIDTH
        )
        lines.append("")
    lines += textwrap.wrap(report.description, TERMINAL_WIDTH)
    for table in report.tables:
        lines += ["", table.heading, "-" * len(table.heading)]
        if not table.rows:
            lines.append(f"({table.empty})")
            continue
        lines += _aligned(table, report.language)
    if report.method:
        lines += ["", words("how_computed"), "-" * len(words("how_computed"))]
        lines += textwrap.wrap(report.method, TERMINAL_WIDTH)
    return "\n".join(lines) + "\n"


def _aligned(table: Table, language: Language) -> list[str]:
    # The last column can run on without pushing any other out of line: it is never cut.
    texts = [
        [
            *(_cut(cell_text(c, language)) for c in row[:-1]),
            _cut(cell_text(row[-1], language), None),
        ]
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


__all__ = ["RenderOptions", "Rendered", "RenderedFile", "number_text", "render"]
