"""The CSV form of the import format: ``nodes/<Label>.csv`` and ``relationships/<TYPE>.csv``."""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from graph_service.domain.model import (
    LABELS,
    MAX_TEXT_LENGTH,
    RELATIONSHIPS,
    PropertySpec,
    PropertyType,
    PropertyValue,
)
from graph_service.domain.records import GraphRecords, NodeRecord, Origin, RelationshipRecord
from graph_service.errors import InputProblem
from loaders.values import BadValue, from_text, to_text

# A cell may hold any text the model allows (csv's own default stops at 128 KB): the service's
# exports always load back.
csv.field_size_limit(MAX_TEXT_LENGTH + 1)

NODES_DIR = "nodes"
RELATIONSHIPS_DIR = "relationships"


def read_directory(path: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Read every CSV file of ``path``; problems are collected, not raised."""
    graph = GraphRecords()
    node_files, rel_files, problems = directory_files(path)
    for file in node_files:
        for node in iter_nodes(file, problems):
            graph.add_node(node)
    for file in rel_files:
        for rel in iter_relationships(file, problems):
            graph.add_relationship(rel)
    return graph, problems


def directory_files(path: Path) -> tuple[list[Path], list[Path], list[InputProblem]]:
    """The node files and relationship files of a CSV directory (nodes first, as they must be
    read), and the problems with the directory itself."""
    problems: list[InputProblem] = []
    node_files = sorted((path / NODES_DIR).glob("*.csv"))
    rel_files = sorted((path / RELATIONSHIPS_DIR).glob("*.csv"))
    if not node_files and not rel_files:
        problems.append(
            InputProblem(
                str(path), None, None, f"no {NODES_DIR}/*.csv or {RELATIONSHIPS_DIR}/*.csv files"
            )
        )
    for file in node_files:
        if file.stem not in LABELS:
            known = ", ".join(LABELS)
            message = f"unknown label {file.stem!r} (known: {known})"
            problems.append(InputProblem(str(file), None, None, message))
    for file in rel_files:
        if file.stem not in RELATIONSHIPS:
            known = ", ".join(RELATIONSHIPS)
            message = f"unknown relationship type {file.stem!r} (known: {known})"
            problems.append(InputProblem(str(file), None, None, message))
    return (
        [f for f in node_files if f.stem in LABELS],
        [f for f in rel_files if f.stem in RELATIONSHIPS],
        problems,
    )


def iter_nodes(file: Path, problems: list[InputProblem]) -> Iterator[NodeRecord]:
    """The nodes of ``file`` (named after their label), one row at a time."""
    spec = LABELS[file.stem]
    source = str(file)
    columns: _Columns | None = None
    for header, line, cells in _rows(file, ("id",), spec.properties, problems):
        if columns is None:
            columns = _Columns(source, header, spec.properties)
            at_id = header["id"]
        node_id = cells[at_id].strip()
        properties = columns.values(line, cells, problems)
        if not node_id:
            problems.append(InputProblem(source, line, "id", "missing id"))
            continue
        yield NodeRecord(spec.name, node_id, properties, Origin(source, line))


def iter_relationships(file: Path, problems: list[InputProblem]) -> Iterator[RelationshipRecord]:
    """The relationships of ``file`` (named after their type), one row at a time."""
    spec = RELATIONSHIPS[file.stem]
    source = str(file)
    columns: _Columns | None = None
    for header, line, cells in _rows(file, ("from", "to"), spec.properties, problems):
        if columns is None:
            columns = _Columns(source, header, spec.properties)
            at_from, at_to = header["from"], header["to"]
        from_id, to_id = cells[at_from].strip(), cells[at_to].strip()
        properties = columns.values(line, cells, problems)
        if not from_id or not to_id:
            for name, value in (("from", from_id), ("to", to_id)):
                if not value:
                    problems.append(InputProblem(source, line, name, f"missing {name} id"))
            continue
        yield RelationshipRecord(spec.type, from_id, to_id, properties, Origin(source, line))


def _rows(
    file: Path,
    keys: Sequence[str],
    properties: Sequence[PropertySpec],
    problems: list[InputProblem],
) -> Iterable[tuple[dict[str, int], int, list[str]]]:
    """The data rows of ``file`` with their line numbers, after checking its header (each
    with the header: the position of each column)."""
    try:
        # utf-8-sig: a byte-order mark (what Excel writes) is not part of the first column's name.
        handle = file.open(newline="", encoding="utf-8-sig")
    except OSError as error:
        problems.append(InputProblem(str(file), None, None, f"cannot read: {error.strerror}"))
        return
    with handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                problems.append(
                    InputProblem(str(file), 1, None, "empty file: a header line is required")
                )
                return
            header = [name.strip() for name in header]
            allowed = {*keys, *(p.name for p in properties)}
            header_ok = True
            for name in keys:
                if name not in header:
                    problems.append(InputProblem(str(file), 1, name, f"missing column {name!r}"))
                    header_ok = False
            for name in header:
                if name not in allowed:
                    problems.append(
                        InputProblem(
                            str(file),
                            1,
                            name,
                            f"unknown column {name!r} (known: {', '.join(sorted(allowed))})",
                        )
                    )
                    header_ok = False
                elif header.count(name) > 1:
                    problems.append(
                        InputProblem(str(file), 1, name, f"column {name!r} appears twice")
                    )
                    header_ok = False
            if not header_ok:
                return
            position = {name: index for index, name in enumerate(header)}
            for cells in reader:
                line = reader.line_num
                if not "".join(cells).strip():  # a blank line (one C call, not a loop per cell)
                    continue
                if len(cells) != len(header):
                    problems.append(
                        InputProblem(
                            str(file),
                            line,
                            None,
                            f"{len(cells)} cells where the header has {len(header)}",
                        )
                    )
                    continue
                # Cells as written: a text's own spaces are part of it (exports load back
                # exactly); ids, numbers, dates and choices are read without surrounding spaces.
                yield position, line, cells
        except csv.Error as error:
            problems.append(
                InputProblem(str(file), reader.line_num, None, f"malformed CSV: {error}")
            )
        except UnicodeDecodeError as error:
            bad_line = _undecodable_line(file)
            message = f"not UTF-8 text (byte 0x{error.object[error.start]:02x})"
            problems.append(InputProblem(str(file), bad_line, None, message))


def _undecodable_line(file: Path) -> int | None:
    """The first line of ``file`` that is not UTF-8 (the decoder reads ahead of the CSV
    reader, so the reader's line number is not where the bad byte is)."""
    with file.open("rb") as raw:
        for number, line in enumerate(raw, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return None


class _Columns:
    """How one file's cells become a record's properties: per property of its label or type,
    the cell it is in (if its column is there) and how its text is read. The common values
    (plain text, a listed choice, a number within its bounds) are read on a short path; any
    other goes through ``from_text``, which says what is wrong with it."""

    def __init__(self, source: str, header: dict[str, int], specs: Sequence[PropertySpec]) -> None:
        self.source = source
        self.columns = [
            (
                spec,
                header.get(spec.name),
                spec.type is not PropertyType.STRING or bool(spec.choices),
                _quick_reader(spec),
            )
            for spec in specs
        ]

    def values(
        self, line: int, cells: list[str], problems: list[InputProblem]
    ) -> dict[str, PropertyValue]:
        values: dict[str, PropertyValue] = {}
        for spec, at, trimmed, read in self.columns:
            text = "" if at is None else cells[at]
            if trimmed:
                text = text.strip()
            if not (text if trimmed else text.strip()):
                if spec.required:
                    problems.append(
                        InputProblem(self.source, line, spec.name, f"{spec.name} is required")
                    )
                continue
            try:
                values[spec.name] = read(text)
            except BadValue as error:
                problems.append(InputProblem(self.source, line, spec.name, str(error)))
        return values


def _quick_reader(spec: PropertySpec) -> Callable[[str], PropertyValue]:
    """``from_text`` for ``spec``, with the values that need no more than a look taken at once
    (the same values and the same errors: anything unusual is left to ``from_text``)."""

    def slow(text: str) -> PropertyValue:
        return from_text(spec, text)

    if spec.type is PropertyType.STRING and spec.choices:
        choices = frozenset(spec.choices)
        return lambda text: text if text in choices else slow(text)
    if spec.type is PropertyType.STRING:
        return lambda text: text if len(text) <= MAX_TEXT_LENGTH else slow(text)
    low = -math.inf if spec.minimum is None else spec.minimum
    high = math.inf if spec.maximum is None else spec.maximum
    if spec.positive:
        low = max(low, 0.0)
    positive = spec.positive
    if spec.type is PropertyType.INTEGER:

        def integer(text: str) -> PropertyValue:
            if len(text) <= 18 and text.isascii() and text.isdigit():
                value = int(text)
                if low <= value <= high and (value > 0 or not positive):
                    return value
            return slow(text)

        return integer
    if spec.type is PropertyType.FLOAT:

        def number(text: str) -> PropertyValue:
            try:
                value = float(text)
            except ValueError:
                return slow(text)
            if math.isfinite(value) and low <= value <= high and (value > 0 or not positive):
                return value
            return slow(text)

        return number
    return slow


def write_directory(path: Path, graph: GraphRecords) -> list[Path]:
    """Write ``graph`` as CSV files under ``path``; return the files written."""
    written = []
    (path / NODES_DIR).mkdir(parents=True, exist_ok=True)
    (path / RELATIONSHIPS_DIR).mkdir(parents=True, exist_ok=True)
    for label, spec in LABELS.items():
        file = path / NODES_DIR / f"{label}.csv"
        header = ["id", *(p.name for p in spec.properties)]
        rows = ([n.id, *_cells(n.properties, spec.properties)] for n in graph.nodes.get(label, []))
        _write(file, header, rows)
        written.append(file)
    for rel_type, rel_spec in RELATIONSHIPS.items():
        file = path / RELATIONSHIPS_DIR / f"{rel_type}.csv"
        header = ["from", "to", *(p.name for p in rel_spec.properties)]
        rel_rows = (
            [r.from_id, r.to_id, *_cells(r.properties, rel_spec.properties)]
            for r in graph.relationships.get(rel_type, [])
        )
        _write(file, header, rel_rows)
        written.append(file)
    return written


def _cells(values: dict[str, PropertyValue], specs: Sequence[PropertySpec]) -> list[str]:
    return [to_text(values[p.name]) if p.name in values else "" for p in specs]


def _write(file: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with file.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
