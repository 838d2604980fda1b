"""The JSON form of the import format: one document of nodes by label and relationships by type.

A document is streamed, never held whole: it is fed to ijson's C parser a line at a time (at
most ``CHUNK_BYTES`` of one), so every event is known to come from the line being fed, and
memory follows one record, not the file."""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import ijson

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.domain.records import GraphRecords, NodeRecord, Origin, RelationshipRecord
from graph_service.errors import InputProblem
from loaders.values import BadValue, from_json, to_json

FORMAT = "graph-service/1"
SECTIONS = ("nodes", "relationships")
CHUNK_BYTES = 64 * 1024
"""Most bytes fed to the parser at once: a document written on one line is read in pieces."""
MAX_DEPTH = 32
"""Deepest nesting read (a valid document nests four deep: records are objects of plain
values); deeper, the reading stops with a one-line problem instead of building it."""

_TOO_DEEP = "JSON nested too deeply (a record is an object of plain values)"
_BOM = codecs.BOM_UTF8
_PARSER = ijson.get_backend("yajl2_c")
_OVERFLOW = ("integer overflow", "numeric (floating point) overflow")
_NUMBER_FIELD = re.compile(
    rb'("(?:[^"\\]|\\.)*")\s*:\s*(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)'
)
Record = NodeRecord | RelationshipRecord


def _out_of_range(number: str) -> str | None:
    """Why a JSON number cannot be stored, if it cannot (what the parser refuses to read)."""
    if number.lstrip("-").isdigit():
        if not -(2**63) <= int(number) < 2**63:
            return f"{number} is outside the integers Neo4j stores (64-bit)"
    elif not math.isfinite(float(number)):
        return f"{number!r} is not a finite number"
    return None


class _Unreadable(Exception):
    """The document cannot be read past this point; the problem says where and why."""

    def __init__(self, problem: InputProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_document(file: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Read a whole JSON document into memory; problems are collected, not raised."""
    graph = GraphRecords()
    problems: list[InputProblem] = []
    for record in iter_records(file, problems):
        if isinstance(record, NodeRecord):
            graph.add_node(record)
        else:
            graph.add_relationship(record)
    return graph, problems


def iter_records(
    file: Path, problems: list[InputProblem], sections: Collection[str] = SECTIONS
) -> Iterator[Record]:
    """The records of ``file``'s ``sections``, in document order, one at a time; problems are
    appended to ``problems`` as they are met (the other sections are parsed, not built)."""
    reader = _Reader(file, problems, sections)
    try:
        yield from reader.document()
    except _Unreadable as error:
        problems.append(error.problem)


class _Reader:
    """One pass over a document: the events of its lines, and the records they make."""

    def __init__(self, file: Path, problems: list[InputProblem], sections: Collection[str]):
        self.file = file
        self.source = str(file)
        self.problems = problems
        self.sections = sections
        self.line = 1
        self.record_path = ""
        """The JSON path of the record being read, to place a number too large to parse."""
        self.next_record_path = ""
        """The path of the record that would start next, for the same."""
        self.key = ""
        self.events = self._events()

    def problem(self, line: int | None, path: str | None, message: str) -> None:
        self.problems.append(InputProblem(self.source, line, path, message))

    def _events(self) -> Iterator[tuple[int, str, Any]]:
        """(line, event, value) for each of ijson's basic events, depth checked."""
        decoder = codecs.getincrementaldecoder("utf-8")()
        parsed = ijson.sendable_list()
        parser = _PARSER.basic_parse_coro(parsed, use_float=True)
        depth = 0
        try:
            handle = self.file.open("rb")
        except OSError as error:
            raise self._stop(None, f"cannot read: {error.strerror}") from None
        with handle:
            chunk = handle.readline(CHUNK_BYTES)
            if chunk.startswith(_BOM):  # what Excel and Windows editors write
                chunk = chunk[len(_BOM) :]
            while True:
                try:
                    decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as error:
                    message = f"not UTF-8 text (byte 0x{error.object[error.start]:02x})"
                    raise self._stop(self.line, message) from None
                try:
                    if chunk:
                        parser.send(chunk)
                    else:
                        parser.close()
                except ijson.JSONError as error:
                    raise self._syntax(error, chunk) from None
                for event, value in parsed:
                    if event in ("start_map", "start_array"):
                        depth += 1
                        if depth > MAX_DEPTH:
                            message = (
                                "JSON nested too deeply (a record is an object of plain values)"
                            )
                            raise self._stop(self.line, message)
                    elif event in ("end_map", "end_array"):
                        depth -= 1
                    elif event == "map_key":
                        self.key = value
                    yield self.line, event, value
                del parsed[:]
                if not chunk:
                    return
                if chunk.endswith(b"\n"):
                    self.line += 1
                chunk = handle.readline(CHUNK_BYTES)

    def _stop(self, line: int | None, message: str, path: str | None = None) -> _Unreadable:
        return _Unreadable(InputProblem(self.source, line, path, message))

    def _syntax(self, error: Exception, chunk: bytes) -> _Unreadable:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        if any(overflow in reason for overflow in _OVERFLOW):
            # The parser refuses numbers past 64 bits itself: name the number and its field.
            for key, number in _NUMBER_FIELD.findall(chunk):
                message = _out_of_range(number.decode())
                if message:
                    field = json.loads(key)
                    record = self.record_path or self.next_record_path
                    path = f"{record}/{field}" if record else field
                    return self._stop(self.line, message, path)
        return self._stop(self.line, f"not valid JSON: {reason}")

    def _next(self) -> tuple[int, str, Any]:
        try:
            return next(self.events)
        except StopIteration:  # the parser reports a document cut short before this
            raise self._stop(self.line, "not valid JSON: the document ends early") from None

    def document(self) -> Iterator[Record]:
        line, event, _ = self._next()
        if event != "start_map":
            raise self._stop(line, "the document must be a JSON object")
        fmt: Any = FORMAT
        while True:
            line, event, key = self._next()
            if event == "end_map":
                break
            line, event, value = self._next()
            if key in SECTIONS:
                if event != "start_map":
                    self.problem(line, f"/{key}", "must be an object of lists")
                    self._skip(event)
                else:
                    yield from self._section(key)
            elif key == "format":
                fmt = self._value(event, value)
            else:
                self.problem(line, f"/{key}", f"unknown key {key!r}")
                self._skip(event)
        for _ in self.events:  # the parser refuses anything after the document
            pass
        if fmt != FORMAT:
            self.problem(None, "/format", f"format must be {FORMAT!r}")

    def _section(self, section: str) -> Iterator[Record]:
        wanted = section in self.sections
        nodes = section == "nodes"
        while True:
            _, event, name = self._next()
            if event == "end_map":
                return
            line, event, _ = self._next()
            path = f"/{section}/{name}"
            spec = LABELS.get(name) if nodes else RELATIONSHIPS.get(name)
            if event != "start_array":
                self.problem(line, path, "must be a list")
                self._skip(event)
                continue
            if spec is None:
                kind = "label" if nodes else "relationship type"
                self.problem(line, path, f"unknown {kind} {name!r}")
                self._skip(event)
                continue
            index = 0
            while True:
                self.next_record_path = f"{path}/{index}"
                line, event, value = self._next()
                if event == "end_array":
                    self.next_record_path = ""
                    break
                if not wanted:
                    self._skip(event)
                    index += 1
                    continue
                self.record_path = f"{path}/{index}"
                raw = self._value(event, value)
                origin = Origin(self.source, line, self.record_path)
                keys = ("id",) if nodes else ("from", "to")
                fields = _fields(raw, keys, spec.properties, origin, self.problems)
                self.record_path = ""
                index += 1
                if fields is None:
                    continue
                ids, props = fields
                if nodes:
                    yield NodeRecord(name, ids[0], props, origin)
                else:
                    yield RelationshipRecord(name, ids[0], ids[1], props, origin)

    def _value(self, event: str, value: Any) -> Any:
        """The value that starts with ``event`` (nesting is bounded by the event reader)."""
        if event == "start_map":
            built: dict[str, Any] = {}
            while True:
                _, event, key = self._next()
                if event == "end_map":
                    return built
                _, event, value = self._next()
                built[key] = self._value(event, value)
        if event == "start_array":
            items: list[Any] = []
            while True:
                _, event, value = self._next()
                if event == "end_array":
                    return items
                items.append(self._value(event, value))
        return value

    def _skip(self, event: str) -> None:
        if event not in ("start_map", "start_array"):
            return
        depth = 1
        while depth:
            _, event, _ = self._next()
            if event in ("start_map", "start_array"):
                depth += 1
            elif event in ("end_map", "end_array"):
                depth -= 1


def _fields(
    record: Any,
    keys: tuple[str, ...],
    specs: tuple[PropertySpec, ...],
    origin: Origin,
    problems: list[InputProblem],
) -> tuple[list[str], dict[str, PropertyValue]] | None:
    def problem(field: str | None, message: str) -> None:
        path = f"{origin.path}/{field}" if field else origin.path
        problems.append(InputProblem(origin.source, origin.line, path, message))

    if not isinstance(record, dict):
        problem(None, "a record must be a JSON object")
        return None
    known = {*keys, *(s.name for s in specs)}
    for name in record:
        if name not in known:
            problem(name, f"unknown field {name!r} (known: {', '.join(sorted(known))})")
    key_values = []
    for key in keys:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            problem(
                key,
                f"missing {key}" if value in (None, "") else f"{key} must be a non-empty string",
            )
        else:
            key_values.append(value)
    props: dict[str, PropertyValue] = {}
    for spec in specs:
        raw = record.get(spec.name)
        if raw is None or raw == "":
            if spec.required:
                problem(spec.name, f"{spec.name} is required")
            continue
        try:
            props[spec.name] = from_json(spec, raw)
        except BadValue as error:
            problem(spec.name, str(error))
    if len(key_values) != len(keys):
        return None
    return key_values, props


def render_document(graph: GraphRecords) -> str:
    """The JSON text of ``graph``: one record per line, in model order, so exports can be diffed."""
    parts = ['{\n  "format": ' + json.dumps(FORMAT) + ',\n  "nodes": {']
    groups = []
    for label, spec in LABELS.items():
        records = [
            {
                "id": n.id,
                **{
                    p.name: to_json(n.properties[p.name])
                    for p in spec.properties
                    if p.name in n.properties
                },
            }
            for n in graph.nodes.get(label, [])
        ]
        groups.append(_group(label, records))
    parts.append(",".join(groups))
    parts.append('\n  },\n  "relationships": {')
    groups = []
    for rel_type, rel_spec in RELATIONSHIPS.items():
        records = [
            {
                "from": r.from_id,
                "to": r.to_id,
                **{
                    p.name: to_json(r.properties[p.name])
                    for p in rel_spec.properties
                    if p.name in r.properties
                },
            }
            for r in graph.relationships.get(rel_type, [])
        ]
        groups.append(_group(rel_type, records))
    parts.append(",".join(groups))
    parts.append("\n  }\n}\n")
    return "".join(parts)


def _group(name: str, records: list[dict[str, Any]]) -> str:
    if not records:
        return f"\n    {json.dumps(name)}: []"
    body = ",\n".join(f"      {json.dumps(r, ensure_ascii=False)}" for r in records)
    return f"\n    {json.dumps(name)}: [\n{body}\n    ]"
