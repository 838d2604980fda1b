"""Cells as a reader sees them: numbers rounded for reading, empty cells left blank."""

from __future__ import annotations

from graph_service.reports.document import Cell, Table


def cell_text(cell: Cell) -> str:
    """A cell for reading: floats to four significant digits, None as nothing.

    Examples
    --------
    >>> [cell_text(c) for c in (0.062331885, 2.5, 12, None, "Ottica Serio", 123456.78)]
    ['0.06233', '2.5', '12', '', 'Ottica Serio', '123456.8']
    """
    if cell is None:
        return ""
    if isinstance(cell, float):
        return f"{cell:.4g}" if abs(cell) < 10_000 else f"{cell:.1f}"
    return str(cell)


def is_numeric(table: Table, column: int) -> bool:
    """Whether a column holds only numbers (and blanks): it is then aligned to the right."""
    values = [row[column] for row in table.rows if row[column] is not None]
    return bool(values) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in values
    )
