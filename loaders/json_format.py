"""The JSON form of the import format: one document of nodes by label and relationships by type."""

from __future__ import annotations

import bisect
import json
from pathlib import Path
from typing import Any

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.domain.records import GraphRecords, NodeRecord, Origin, RelationshipRecord
from graph_service.errors import InputProblem
from loaders.values import BadValue, from_json, to_json

FORMAT = "graph-service/1"


def read_document(file: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Read a JSON document; problems are collected, not raised."""
    graph = GraphRecords()
    source = str(file)
    try:
        raw = file.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as error:
        return graph, [InputProblem(source, None, None, f"cannot read: {error.strerror}")]
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[error.start]:02x})"
        return graph, [InputProblem(source, line, None, message)]
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg} (column {error.colno})"
        return graph, [InputProblem(source, error.lineno, None, message)]
    except RecursionError:
        message = "JSON nested too deeply (a record is an object of plain values)"
        return graph, [InputProblem(source, None, None, message)]
    problems: list[InputProblem] = []
    if not isinstance(document, dict):
        return graph, [InputProblem(source, 1, None, "the document must be a JSON object")]
    lines = _record_lines(text)
    unknown = set(document) - {"format", "nodes", "relationships"}
    for key in sorted(unknown):
        problems.append(InputProblem(source, None, f"/{key}", f"unknown key {key!r}"))
    if document.get("format", FORMAT) != FORMAT:
        problems.append(InputProblem(source, None, "/format", f"format must be {FORMAT!r}"))
    for label, records in _groups(document, "nodes", source, problems):
        spec = LABELS.get(label)
        if spec is None:
            problems.append(
                InputProblem(
                    source,
                    lines.get(("nodes", label)),
                    f"/nodes/{label}",
                    f"unknown label {label!r}",
                )
            )
            continue
        for index, record in enumerate(records):
            origin = Origin(source, lines.get(("nodes", label, index)), f"/nodes/{label}/{index}")
            fields = _fields(record, ("id",), spec.properties, origin, problems)
            if fields is None:
                continue
            node_id, props = fields
            graph.add_node(NodeRecord(label, node_id[0], props, origin))
    for rel_type, records in _groups(document, "relationships", source, problems):
        rel_spec = RELATIONSHIPS.get(rel_type)
        if rel_spec is None:
            problems.append(
                InputProblem(
                    source,
                    lines.get(("relationships", rel_type)),
                    f"/relationships/{rel_type}",
                    f"unknown relationship type {rel_type!r}",
                )
            )
            continue
        for index, record in enumerate(records):
            path = f"/relationships/{rel_type}/{index}"
            origin = Origin(source, lines.get(("relationships", rel_type, index)), path)
            fields = _fields(record, ("from", "to"), rel_spec.properties, origin, problems)
            if fields is None:
                continue
            (from_id, to_id), props = fields
            graph.add_relationship(RelationshipRecord(rel_type, from_id, to_id, props, origin))
    return graph, problems


def _groups(
    document: dict[str, Any], section: str, source: str, problems: list[InputProblem]
) -> list[tuple[str, list[Any]]]:
    groups = document.get(section, {})
    if not isinstance(groups, dict):
        problems.append(InputProblem(source, None, f"/{section}", "must be an object of lists"))
        return []
    result = []
    for name, records in groups.items():
        if not isinstance(records, list):
            problems.append(InputProblem(source, None, f"/{section}/{name}", "must be a list"))
            continue
        result.append((name, records))
    return result


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


def _record_lines(text: str) -> dict[tuple[Any, ...], int]:
    """The line each group and record starts on, keyed by (section, name[, index])."""
    newlines = [i for i, char in enumerate(text) if char == "\n"]
    decoder = json.JSONDecoder()
    lines: dict[tuple[Any, ...], int] = {}
    pos = 0

    def skip() -> None:
        nonlocal pos
        while pos < len(text) and text[pos] in " \t\r\n,:":
            pos += 1

    def walk(path: tuple[Any, ...]) -> None:
        nonlocal pos
        skip()
        if len(path) in (2, 3):
            lines[path] = bisect.bisect_right(newlines, pos - 1) + 1
        opening = text[pos]
        if len(path) >= 3 or opening not in "{[":
            _, pos = decoder.raw_decode(text, pos)
            return
        pos += 1
        index = 0
        while True:
            skip()
            if text[pos] in "}]":
                pos += 1
                return
            if opening == "{":
                key, pos = decoder.raw_decode(text, pos)
                walk((*path, key))
            else:
                walk((*path, index))
                index += 1

    walk(())
    return lines


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
