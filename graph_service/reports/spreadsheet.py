"""A report as an Excel workbook (openpyxl): one sheet per table, typed cells, frozen header.

Numbers stay numbers (Excel sums and sorts them, and shows them in the reader's locale), text
stays text, an empty cell is empty. A first sheet says what the report is: title, date and
graph version, what it means and how it was computed.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from graph_service.reports.document import Report, Table
from graph_service.reports.messages import Words

SHEET_NAME_LENGTH = 31
"""Excel's limit on a sheet's name."""
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def workbook(report: Report) -> bytes:
    """The report as the bytes of an ``.xlsx`` file."""
    words = Words(report.language)
    book = Workbook()
    about = book.active
    assert about is not None
    about.title = _sheet_name(report.title, set())
    lines: list[tuple[str, str]] = [(report.title, ""), (report.dated, "")]
    if report.explanation:
        lines += [
            (words("what_it_means"), report.explanation.what),
            (words("what_to_do"), report.explanation.action),
        ]
    lines += [(report.description, ""), (words("how_computed"), report.method)]
    for row in lines:
        about.append([_text(value) for value in row])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 100
    for cells in about.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    used = {about.title}
    for table in report.tables:
        _sheet(book, table, used)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet(book: Workbook, table: Table, used: set[str]) -> None:
    sheet = book.create_sheet(_sheet_name(table.heading, used))
    used.add(sheet.title)
    sheet.append([_text(c) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([_text(c) if isinstance(c, str) else c for c in row])
    sheet.freeze_panes = "A2"
    for i, column in enumerate(table.columns, start=1):
        longest = max(
            [len(column), *(len(str(row[i - 1])) for row in table.rows if row[i - 1] is not None)]
        )
        sheet.column_dimensions[get_column_letter(i)].width = min(max(longest + 2, 8), 60)


def _sheet_name(heading: str, used: set[str]) -> str:
    """A valid, unique sheet name from a heading (at most 31 characters, no ``[]:*?/\\``).

    Examples
    --------
    >>> _sheet_name("Chi è salito e chi è sceso (PageRank): i primi 20", set())
    'Chi è salito e chi è sceso (Pag'
    >>> _sheet_name("Firms", {"Firms"})
    'Firms (2)'
    """
    base = _NOT_IN_SHEET_NAMES.sub(" ", heading).strip()[:SHEET_NAME_LENGTH] or "sheet"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
        n += 1
    return name


def _text(value: str) -> str:
    # Control characters are not allowed in a worksheet; a leading "=" would be a formula.
    clean = _CONTROL.sub("", value)
    return "'" + clean if clean.startswith(("=", "+", "-", "@")) and len(clean) > 1 else clean
