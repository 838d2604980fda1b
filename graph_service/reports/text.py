"""Cells as a reader sees them: numbers rounded for reading, empty cells left blank."""

from __future__ import annotations

from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, Language
from graph_service.reports.document import Cell, Table
from graph_service.reports.locale import number_text


def cell_text(cell: Cell, language: Language = DEFAULT_LANGUAGE) -> str:
    """A cell for reading in ``language``: numbers as :func:`~.locale.number_text` writes them,
    None as nothing.

    Examples
    --------
    >>> [cell_text(c, "en") for c in (0.062331885, 2.5, 12, None, "Ottica Serio", 123456.78)]
    ['0.06233', '2.5', '12', '', 'Ottica Serio', '123,456.8']
    >>> cell_text(0.062331885), cell_text(123456.78)
    ('0,06233', '123.456,8')
    """
    if cell is None:
        return ""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return number_text(cell, language)
    return str(cell)


def is_numeric(table: Table, column: int) -> bool:
    """Whether a column holds only numbers (and blanks): it is then aligned to the right."""
    values = [row[column] for row in table.rows if row[column] is not None]
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )
