"""Checks across records: ids, endpoints and duplicates. Values were checked while reading."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.domain.records import GraphRecords, Origin
from graph_service.errors import InputProblem

ExistingLabels = Callable[[Iterable[str]], dict[str, str]]
"""Given ids, the label of each one that is already a node of the database."""


def validate(
    graph: GraphRecords, existing_labels: ExistingLabels
) -> tuple[dict[str, str], list[InputProblem]]:
    """Check ids and endpoints; return the label of every id in play, and the problems found."""
    problems: list[InputProblem] = []
    labels: dict[str, str] = {}
    first_seen: dict[str, Origin | None] = {}
    for nodes in graph.nodes.values():
        for node in nodes:
            if node.id in labels:
                where = place_of(first_seen[node.id])
                problems.append(
                    problem_at(node.origin, "id", f"duplicate id {node.id!r} (first at {where})")
                )
                continue
            labels[node.id] = node.label
            first_seen[node.id] = node.origin

    endpoint_ids = {
        node_id
        for rels in graph.relationships.values()
        for rel in rels
        for node_id in (rel.from_id, rel.to_id)
    }
    in_database = existing_labels(set(labels) | endpoint_ids)
    for node_id, label in labels.items():
        stored = in_database.get(node_id)
        if stored is not None and stored != label:
            problems.append(
                problem_at(
                    first_seen[node_id],
                    "id",
                    f"id {node_id!r} is already a {stored} in the database",
                )
            )
    resolved = {**in_database, **labels}

    seen_pairs: dict[tuple[str, str, str], Origin | None] = {}
    for rel_type, rels in graph.relationships.items():
        spec = RELATIONSHIPS[rel_type]
        for rel in rels:
            from_label = resolved.get(rel.from_id)
            to_label = resolved.get(rel.to_id)
            ends = (("from", rel.from_id, from_label), ("to", rel.to_id, to_label))
            for field, node_id, end_label in ends:
                if end_label is None:
                    problems.append(
                        problem_at(
                            rel.origin,
                            field,
                            f"no node with id {node_id!r} (in this load or the database)",
                        )
                    )
            if from_label and to_label and not spec.joins(from_label, to_label):
                allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
                problems.append(
                    problem_at(
                        rel.origin,
                        None,
                        f"{rel_type} cannot join {from_label} -> {to_label} (allowed: {allowed})",
                    )
                )
            key = (rel_type, rel.from_id, rel.to_id)
            if key in seen_pairs:
                where = place_of(seen_pairs[key])
                problems.append(
                    problem_at(
                        rel.origin,
                        None,
                        f"duplicate {rel_type} {rel.from_id} -> {rel.to_id} (first at {where})",
                    )
                )
            else:
                seen_pairs[key] = rel.origin
    return resolved, problems


def problem_at(origin: Origin | None, field: str | None, message: str) -> InputProblem:
    if origin is None:
        return InputProblem("(input)", None, field, message)
    if origin.path:
        field = f"{origin.path}/{field}" if field else origin.path
    return InputProblem(origin.source, origin.line, field, message)


def place_of(origin: Origin | None) -> str:
    if origin is None:
        return "(input)"
    return f"{origin.source}:{origin.line}" if origin.line else origin.source


def property_problems(graph: GraphRecords) -> list[InputProblem]:
    """Check every value of records built in code (not read from a file) against the model,
    as the file readers do while parsing: known properties, required ones, allowed values."""
    problems: list[InputProblem] = []
    for label, nodes in graph.nodes.items():
        spec = LABELS.get(label)
        if spec is None:
            problems.append(InputProblem("(input)", None, None, f"unknown label {label!r}"))
            continue
        for node in nodes:
            problems += _value_problems(node.origin, node.properties, spec.properties)
    for rel_type, rels in graph.relationships.items():
        rel_spec = RELATIONSHIPS.get(rel_type)
        if rel_spec is None:
            problems.append(
                InputProblem("(input)", None, None, f"unknown relationship type {rel_type!r}")
            )
            continue
        for rel in rels:
            problems += _value_problems(rel.origin, rel.properties, rel_spec.properties)
    return problems


def _value_problems(
    origin: Origin | None, values: dict[str, PropertyValue], specs: Sequence[PropertySpec]
) -> list[InputProblem]:
    found = []
    by_name = {spec.name: spec for spec in specs}
    for spec in specs:
        if spec.required and spec.name not in values:
            found.append(problem_at(origin, spec.name, f"{spec.name} is required"))
    for name, value in values.items():
        prop = by_name.get(name)
        if prop is None:
            found.append(problem_at(origin, name, f"unknown property {name!r}"))
        elif message := prop.problem(value):
            found.append(problem_at(origin, name, message))
    return found


class CappedProblems(list[InputProblem]):
    """Problems, keeping the first ``cap`` and counting the rest: an input wrong on every one
    of its millions of lines is reported in bounded memory."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.cap = cap
        self.dropped = 0

    def append(self, problem: InputProblem) -> None:
        if len(self) < self.cap:
            super().append(problem)
        else:
            self.dropped += 1

    def extend(self, problems: Iterable[InputProblem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[InputProblem]) -> CappedProblems:  # type: ignore[override,misc]
        self.extend(problems)
        return self
