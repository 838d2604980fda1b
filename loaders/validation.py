"""Checks across records: ids, endpoints and duplicates. Values were checked while reading."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.domain.records import GraphRecords, NodeRecord, Origin, RelationshipRecord
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
                where = _where(first_seen[node.id])
                problems.append(
                    _problem(node.origin, "id", f"duplicate id {node.id!r} (first at {where})")
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
                _problem(
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
                        _problem(
                            rel.origin,
                            field,
                            f"no node with id {node_id!r} (in this load or the database)",
                        )
                    )
            if from_label and to_label and not spec.joins(from_label, to_label):
                allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
                problems.append(
                    _problem(
                        rel.origin,
                        None,
                        f"{rel_type} cannot join {from_label} -> {to_label} (allowed: {allowed})",
                    )
                )
            key = (rel_type, rel.from_id, rel.to_id)
            if key in seen_pairs:
                where = _where(seen_pairs[key])
                problems.append(
                    _problem(
                        rel.origin,
                        None,
                        f"duplicate {rel_type} {rel.from_id} -> {rel.to_id} (first at {where})",
                    )
                )
            else:
                seen_pairs[key] = rel.origin
    return resolved, problems


def _problem(origin: Origin | None, field: str | None, message: str) -> InputProblem:
    if origin is None:
        return InputProblem("(input)", None, field, message)
    if origin.path:
        field = f"{origin.path}/{field}" if field else origin.path
    return InputProblem(origin.source, origin.line, field, message)


def _where(origin: Origin | None) -> str:
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
            found.append(_problem(origin, spec.name, f"{spec.name} is required"))
    for name, value in values.items():
        prop = by_name.get(name)
        if prop is None:
            found.append(_problem(origin, name, f"unknown property {name!r}"))
        elif message := prop.problem(value):
            found.append(_problem(origin, name, message))
    return found


class StreamChecks:
    """The checks of ``validate`` on records fed one at a time (nodes first), for inputs too
    large to hold: per node only its label and line are kept, per relationship a hash of its
    ends, and whole records only for relationships that reach into the database."""

    def __init__(self, problems: list[InputProblem] | None = None) -> None:
        self.labels: dict[str, str] = {}
        self.problems = [] if problems is None else problems
        self.nodes = 0
        self.relationships = 0
        self._lines: dict[str, int | None] = {}
        self._sources: dict[str, str] = {}
        self._pairs: dict[int, int | None] = {}
        """Hash of (type, from, to) → the line where it was first seen (files hold one type)."""
        self._deferred: list[RelationshipRecord] = []

    def node(self, node: NodeRecord) -> None:
        self.nodes += 1
        if node.id in self.labels:
            label = self.labels[node.id]
            where = f"{self._sources[label]}:{self._lines[node.id]}"
            self.problems.append(
                _problem(node.origin, "id", f"duplicate id {node.id!r} (first at {where})")
            )
            return
        self.labels[node.id] = node.label
        self._lines[node.id] = node.origin.line if node.origin else None
        if node.origin is not None:
            self._sources.setdefault(node.label, node.origin.source)

    def relationship(self, rel: RelationshipRecord) -> None:
        self.relationships += 1
        if rel.from_id in self.labels and rel.to_id in self.labels:
            self._check(rel, self.labels)
        else:
            self._deferred.append(rel)

    def finish(self, existing_labels: ExistingLabels) -> list[InputProblem]:
        """Check against the database; return every problem found."""
        wanted = set(self.labels) | {
            node_id for rel in self._deferred for node_id in (rel.from_id, rel.to_id)
        }
        in_database = existing_labels(wanted)
        for node_id, stored in in_database.items():
            label = self.labels.get(node_id)
            if label is not None and stored != label:
                origin = Origin(self._sources.get(label, "(input)"), self._lines.get(node_id))
                message = f"id {node_id!r} is already a {stored} in the database"
                self.problems.append(_problem(origin, "id", message))
        resolved = {**in_database, **{k: self.labels[k] for k in wanted if k in self.labels}}
        for rel in self._deferred:
            self._check(rel, resolved)
        self._deferred.clear()
        return self.problems

    def _check(self, rel: RelationshipRecord, labels: dict[str, str]) -> None:
        spec = RELATIONSHIPS[rel.type]
        from_label, to_label = labels.get(rel.from_id), labels.get(rel.to_id)
        for field, node_id, end_label in (
            ("from", rel.from_id, from_label),
            ("to", rel.to_id, to_label),
        ):
            if end_label is None:
                message = f"no node with id {node_id!r} (in this load or the database)"
                self.problems.append(_problem(rel.origin, field, message))
        if from_label and to_label and not spec.joins(from_label, to_label):
            allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
            message = f"{rel.type} cannot join {from_label} -> {to_label} (allowed: {allowed})"
            self.problems.append(_problem(rel.origin, None, message))
        # A 64-bit hash of the ends, not the ends themselves: a load of millions of
        # relationships fits in memory (two different pairs sharing a hash: about one chance in
        # 10^7 at two million).
        key = hash((rel.type, rel.from_id, rel.to_id))
        line = rel.origin.line if rel.origin else None
        if key in self._pairs:
            first = Origin(rel.origin.source, self._pairs[key]) if rel.origin else None
            where = _where(first)
            message = f"duplicate {rel.type} {rel.from_id} -> {rel.to_id} (first at {where})"
            self.problems.append(_problem(rel.origin, None, message))
        else:
            self._pairs[key] = line


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
