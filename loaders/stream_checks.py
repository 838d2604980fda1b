"""The checks of ``validation.validate`` on an input too large to hold, fed one record at a time
and finished with one more pass over it.

While reading, each record leaves a few numbers in compact arrays: a 64-bit hash of its id (or
of its ends), its label or type, its line. At the end, sorting the hashes finds duplicate ids,
duplicate relationships and each relationship's end labels in the load; a last pass over the
input then looks ids up in the database a batch at a time and writes the messages, with the ids
themselves (a duplicate is confirmed on the ids, never on their hashes). Memory is about 20
bytes per node and 30 per relationship, where dictionaries of ids took over 200.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.domain.records import NodeRecord, Origin, RelationshipRecord
from graph_service.errors import InputProblem
from loaders.validation import ExistingLabels, place_of, problem_at

LABEL_NAMES = tuple(LABELS)
TYPE_NAMES = tuple(RELATIONSHIPS)
_LABEL_INDEX = {name: index for index, name in enumerate(LABEL_NAMES)}
_TYPE_INDEX = {name: index for index, name in enumerate(TYPE_NAMES)}
_NOWHERE = 255
"""The label index of an end that is not a node of the load."""


def _allowed_ends() -> npt.NDArray[np.bool_]:
    """Per relationship type, the (from label, to label) pairs it may join, as a table."""
    allowed = np.zeros((len(TYPE_NAMES), len(LABEL_NAMES), len(LABEL_NAMES)), dtype=bool)
    for rel_type, spec in RELATIONSHIPS.items():
        for from_label, to_label in spec.endpoints:
            allowed[_TYPE_INDEX[rel_type], _LABEL_INDEX[from_label], _LABEL_INDEX[to_label]] = 1
    return allowed


_ALLOWED = _allowed_ends()
LOOKUP_BATCH = 20_000
"""Ids looked up in the database at once in the last pass."""

Records = Callable[[], Iterator[NodeRecord | RelationshipRecord]]
"""The input's records again, in the order they were fed."""


@dataclass
class _Marks:
    """What sorting the hashes found, by record ordinal (the n-th node, the n-th relationship)."""

    node_repeats: set[int] = field(default_factory=set)
    """Nodes whose id hash was seen before: duplicates, once the ids are compared."""
    node_firsts: set[int] = field(default_factory=set)
    pair_repeats: dict[int, int] = field(default_factory=dict)
    """A relationship whose (type, from, to) hash was seen before → the first one's ordinal."""
    pair_firsts: set[int] = field(default_factory=set)
    ends: npt.NDArray[np.uint8] | None = None
    """Per relationship, the label indexes of its ends in the load (``_NOWHERE`` if not)."""


class StreamChecks:
    """Ids unique, ends that exist with labels their type allows, no relationship twice; fed
    nodes and relationships in any order, then ``finish``-ed with a pass over the records."""

    def __init__(self, problems: list[InputProblem] | None = None) -> None:
        self.problems = [] if problems is None else problems
        self.nodes = 0
        self.relationships = 0
        self.in_database: dict[str, int] = {}
        """Per label, the nodes of the load already in the database (known after ``finish``)."""
        self.by_label: dict[str, int] = {}
        self._node_hash = array("q")
        self._node_label = array("B")
        self._rel_type = array("B")
        self._rel_from = array("q")
        self._rel_to = array("q")
        self._rel_pair = array("q")

    def node(self, node: NodeRecord) -> None:
        self.nodes += 1
        self.by_label[node.label] = self.by_label.get(node.label, 0) + 1
        self._node_hash.append(hash(node.id))
        self._node_label.append(_LABEL_INDEX[node.label])

    def relationship(self, rel: RelationshipRecord) -> None:
        self.relationships += 1
        self._rel_type.append(_TYPE_INDEX[rel.type])
        self._rel_from.append(hash(rel.from_id))
        self._rel_to.append(hash(rel.to_id))
        self._rel_pair.append(hash((rel.type, rel.from_id, rel.to_id)))

    def finish(
        self, existing_labels: ExistingLabels, records: Records, *, database_empty: bool = False
    ) -> list[InputProblem]:
        """Check across records and against the database; return every problem found.
        ``database_empty``: the database holds no node of the model (nothing to look up)."""
        marks = self._marks()
        del self._rel_from, self._rel_to, self._rel_pair, self._node_hash
        if database_empty and self._clean(marks):
            return self.problems  # the last pass would find nothing: not read again
        _LastPass(self, marks, existing_labels).run(records())
        return self.problems

    def _clean(self, marks: _Marks) -> bool:
        """No two hashes equal, every end a node of the load, every end label one its type
        allows: what the last pass checks, known from the arrays alone."""
        if marks.node_repeats or marks.pair_repeats:
            return False
        assert marks.ends is not None
        if not len(marks.ends):
            return True
        if (marks.ends == _NOWHERE).any():
            return False
        types = np.frombuffer(self._rel_type, dtype=np.uint8)
        return bool(_ALLOWED[types, marks.ends[:, 0], marks.ends[:, 1]].all())

    def _marks(self) -> _Marks:
        marks = _Marks()
        hashes = np.frombuffer(self._node_hash, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        same = np.flatnonzero(ordered[1:] == ordered[:-1])
        marks.node_repeats = set(order[same + 1].tolist())
        marks.node_firsts = set(order[same].tolist()) - marks.node_repeats
        labels = np.frombuffer(self._node_label, dtype=np.uint8)
        ends = []
        for column in (self._rel_from, self._rel_to):
            wanted = np.frombuffer(column, dtype=np.int64)
            at = np.minimum(np.searchsorted(ordered, wanted), max(len(ordered) - 1, 0))
            if len(ordered):
                found = ordered[at] == wanted
                ends.append(np.where(found, labels[order[at]], _NOWHERE).astype(np.uint8))
            else:
                ends.append(np.full(len(wanted), _NOWHERE, dtype=np.uint8))
        marks.ends = np.stack(ends, axis=1) if ends[0].size else np.empty((0, 2), np.uint8)
        pairs = np.frombuffer(self._rel_pair, dtype=np.int64)
        if len(pairs) < 2:
            return marks
        pair_order = np.argsort(pairs, kind="stable")
        pair_sorted = pairs[pair_order]
        same = np.flatnonzero(pair_sorted[1:] == pair_sorted[:-1])
        # The first of a run of equal hashes is the run's first ordinal (the sort is stable).
        run_start = np.maximum.accumulate(
            np.where(np.r_[True, pair_sorted[1:] != pair_sorted[:-1]], np.arange(len(pairs)), 0)
        )
        firsts = pair_order[run_start[same + 1]].tolist()
        marks.pair_repeats = dict(zip(pair_order[same + 1].tolist(), firsts, strict=True))
        marks.pair_firsts = set(firsts)
        return marks


class _LastPass:
    """The pass over the records that turns marks into messages and asks the database."""

    def __init__(self, checks: StreamChecks, marks: _Marks, existing: ExistingLabels) -> None:
        self.checks = checks
        self.marks = marks
        self.existing = existing
        self.first_ids: dict[int, tuple[str, Origin | None]] = {}
        self.seen_ids: dict[str, Origin | None] = {}
        self.first_pairs: dict[int, tuple[tuple[str, str, str], Origin | None]] = {}
        self.node_batch: list[NodeRecord] = []
        self.rel_batch: list[tuple[RelationshipRecord, int, int]] = []

    def run(self, records: Iterator[NodeRecord | RelationshipRecord]) -> None:
        node_ordinal = rel_ordinal = 0
        for record in records:
            if isinstance(record, NodeRecord):
                self._node(record, node_ordinal)
                node_ordinal += 1
            else:
                self._relationship(record, rel_ordinal)
                rel_ordinal += 1
        self._flush_nodes()
        self._flush_relationships()

    def _node(self, node: NodeRecord, ordinal: int) -> None:
        if ordinal in self.marks.node_firsts or ordinal in self.marks.node_repeats:
            # Equal hashes: compare the ids themselves (a handful, or a file of duplicates).
            first = self.seen_ids.get(node.id, ...)
            if first is not ...:
                message = f"duplicate id {node.id!r} (first at {place_of(first)})"
                self.checks.problems.append(problem_at(node.origin, "id", message))
                return
            self.seen_ids[node.id] = node.origin
        self.node_batch.append(node)
        if len(self.node_batch) >= LOOKUP_BATCH:
            self._flush_nodes()

    def _flush_nodes(self) -> None:
        stored = self.existing(node.id for node in self.node_batch)
        for node in self.node_batch:
            label = stored.get(node.id)
            if label is None:
                continue
            if label != node.label:
                message = f"id {node.id!r} is already a {label} in the database"
                self.checks.problems.append(problem_at(node.origin, "id", message))
            else:
                in_database = self.checks.in_database
                in_database[label] = in_database.get(label, 0) + 1
        self.node_batch.clear()

    def _relationship(self, rel: RelationshipRecord, ordinal: int) -> None:
        assert self.marks.ends is not None
        key = (rel.type, rel.from_id, rel.to_id)
        first = self.marks.pair_repeats.get(ordinal)
        if first is not None:
            first_key, first_origin = self.first_pairs[first]
            if first_key == key:  # not merely the same hash
                where = place_of(first_origin)
                message = f"duplicate {rel.type} {rel.from_id} -> {rel.to_id} (first at {where})"
                self.checks.problems.append(problem_at(rel.origin, None, message))
        if ordinal in self.marks.pair_firsts:
            self.first_pairs[ordinal] = (key, rel.origin)
        from_label, to_label = (int(x) for x in self.marks.ends[ordinal])
        if from_label == _NOWHERE or to_label == _NOWHERE:
            self.rel_batch.append((rel, from_label, to_label))
            if len(self.rel_batch) >= LOOKUP_BATCH:
                self._flush_relationships()
        else:
            self._check_ends(rel, LABEL_NAMES[from_label], LABEL_NAMES[to_label])

    def _flush_relationships(self) -> None:
        """Relationships with an end outside the load: that end must be in the database."""
        wanted = {
            node_id
            for rel, from_label, to_label in self.rel_batch
            for node_id, label in ((rel.from_id, from_label), (rel.to_id, to_label))
            if label == _NOWHERE
        }
        stored = self.existing(wanted) if wanted else {}
        for rel, from_index, to_index in self.rel_batch:
            from_label = LABEL_NAMES[from_index] if from_index != _NOWHERE else None
            to_label = LABEL_NAMES[to_index] if to_index != _NOWHERE else None
            self._check_ends(
                rel, from_label or stored.get(rel.from_id), to_label or stored.get(rel.to_id)
            )
        self.rel_batch.clear()

    def _check_ends(
        self, rel: RelationshipRecord, from_label: str | None, to_label: str | None
    ) -> None:
        spec = RELATIONSHIPS[rel.type]
        for name, node_id, label in (
            ("from", rel.from_id, from_label),
            ("to", rel.to_id, to_label),
        ):
            if label is None:
                message = f"no node with id {node_id!r} (in this load or the database)"
                self.checks.problems.append(problem_at(rel.origin, name, message))
        if from_label and to_label and not spec.joins(from_label, to_label):
            allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
            message = f"{rel.type} cannot join {from_label} -> {to_label} (allowed: {allowed})"
            self.checks.problems.append(problem_at(rel.origin, None, message))
