"""Bulk changes: upsert many nodes of a label, link or unlink many relationships of a type.

A call is one write transaction, all or nothing: every item is checked against the model and
the graph first, and if any is wrong nothing is written and each wrong item's error names it
(``input.<index>.<field>``). The writes are batched (one statement per label or per pair of
end labels, whatever the number of items). An item that changes nothing writes nothing: it
bumps no version and gets no audit entry, so the same call twice changes nothing the second
time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from graph_service.config import ApiKey
from graph_service.domain.audit import Change, Operation
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.errors import (
    DuplicateId,
    GraphServiceError,
    InvalidArgument,
    ItemsRefused,
    NotFound,
    TooManyItems,
)
from graph_service.storage.access import WriteTransaction

MAX_ITEMS = 1000
"""The most items one bulk call may carry."""

MAX_REPORTED = 50
"""The most item errors one refused call reports (the first ones, by index)."""


@dataclass(frozen=True)
class NodeItem:
    """One node to create or update: its id and the values given (None: remove; a property
    left out is kept)."""

    node_id: str
    values: Mapping[str, PropertyValue | None] = field(default_factory=dict)


@dataclass(frozen=True)
class LinkItem:
    """One relationship to link (with its properties) or unlink."""

    from_id: str
    to_id: str
    values: Mapping[str, PropertyValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Upsert:
    label: str
    items: Sequence[NodeItem]


@dataclass(frozen=True)
class BulkLink:
    operation: Literal["link", "unlink"]
    rel_type: str
    items: Sequence[LinkItem]


BulkChange = Upsert | BulkLink


@dataclass(frozen=True)
class Audited:
    """One item's change to record: what it touched and how, and the labels of the nodes it
    touched (the node's, or the relationship's two ends')."""

    operation: Operation
    target_type: str
    target_ids: tuple[str, ...]
    change: Change
    labels: tuple[str, ...]


@dataclass(frozen=True)
class BulkOutcome:
    """How many items created (nodes or relationships), updated, removed and left unchanged;
    and the queries the call took."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    queries: int = 0


def checked(change: BulkChange) -> BulkChange:
    """``change`` if its items fit the model (values, no item twice); :class:`ItemsRefused`
    naming every wrong item otherwise."""
    if len(change.items) > MAX_ITEMS:
        raise TooManyItems(f"{len(change.items)} items; at most {MAX_ITEMS} per call")
    find = (
        LABELS[change.label].find_property
        if isinstance(change, Upsert)
        else RELATIONSHIPS[change.rel_type].find_property
    )
    problems: list[GraphServiceError] = []
    seen: dict[tuple[str, ...], int] = {}
    items: Sequence[NodeItem | LinkItem] = change.items
    for index, item in enumerate(items):
        where = f"input.{index}"
        if isinstance(item, NodeItem):
            identity: tuple[str, ...] = (item.node_id,)
            if not item.node_id.strip():
                problems.append(InvalidArgument("id must not be blank", f"{where}.id"))
        else:
            identity = (item.from_id, item.to_id)
        if identity in seen:
            problems.append(
                InvalidArgument(f"the same as item {seen[identity]}", f"{where}.{_key(item)}")
            )
        seen.setdefault(identity, index)
        for name, value in item.values.items():
            prop = find(name)
            if prop is None:
                problems.append(InvalidArgument(f"no property {name!r}", f"{where}.{name}"))
                continue
            error = _value_error(prop, value, f"{where}.{name}")
            if error is not None:
                problems.append(error)
    if problems:
        raise ItemsRefused(problems[:MAX_REPORTED])
    return change


async def apply(
    tx: WriteTransaction, change: BulkChange, key: ApiKey, mutation: str
) -> BulkOutcome:
    """Make ``change`` in ``tx`` (already checked), with an audit entry (a feed event) per
    changed item, in the items' order."""
    if isinstance(change, Upsert):
        outcome, audited = await _upsert(tx, change)
    else:
        outcome, audited = await _links(tx, change)
    for item in audited:
        await tx.audit(
            key_name=key.name,
            operation=item.operation,
            mutation=mutation,
            target_type=item.target_type,
            target_ids=item.target_ids,
            change=item.change,
            labels=item.labels,
        )
    return BulkOutcome(
        outcome.created, outcome.updated, outcome.removed, outcome.unchanged, tx.queries
    )


async def _upsert(tx: WriteTransaction, change: Upsert) -> tuple[BulkOutcome, list[Audited]]:
    if not change.items:
        return BulkOutcome(), []
    ids = [item.node_id for item in change.items]
    labels = await tx.labels_of(ids)
    spec = LABELS[change.label]
    problems: list[GraphServiceError] = []
    for index, item in enumerate(change.items):
        found = labels.get(item.node_id)
        if found is not None and found != change.label:
            problems.append(
                DuplicateId(
                    f"id {item.node_id!r} is already used by a {found}", f"input.{index}.id"
                )
            )
        elif found is None:
            problems += [
                InvalidArgument(f"{p.name} is required", f"input.{index}.{p.name}")
                for p in spec.properties
                if p.required and item.values.get(p.name) is None
            ]
    if problems:
        raise ItemsRefused(problems[:MAX_REPORTED])
    rows: list[dict[str, Any]] = [
        {"index": index, "id": item.node_id, "values": dict(item.values)}
        for index, item in enumerate(change.items)
    ]
    new = [row for row in rows if row["id"] not in labels]
    old = [row for row in rows if row["id"] in labels]
    done: dict[int, Change] = {}
    if new:
        for row in new:  # a new node's absent values are simply not set
            row["values"] = {k: v for k, v in row["values"].items() if v is not None}
        done |= await tx.create_nodes(change.label, new)
    if old:
        done |= await tx.update_nodes(change.label, old)
    audited = [
        Audited(
            Operation.CREATE if c.before is None else Operation.UPDATE,
            change.label,
            (change.items[index].node_id,),
            c,
            (change.label,),
        )
        for index, c in sorted(done.items())
        if c.changed
    ]
    return _counted(done.values()), audited


async def _links(tx: WriteTransaction, change: BulkLink) -> tuple[BulkOutcome, list[Audited]]:
    if not change.items:
        return BulkOutcome(), []
    spec = RELATIONSHIPS[change.rel_type]
    ids = sorted({i for item in change.items for i in (item.from_id, item.to_id)})
    labels = await tx.labels_of(ids)
    problems: list[GraphServiceError] = []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    ends_of: dict[int, tuple[str, str]] = {}
    starts = {a for a, _ in spec.endpoints}
    for index, item in enumerate(change.items):
        from_label, to_label = labels.get(item.from_id), labels.get(item.to_id)
        if from_label is None or to_label is None:
            end, node_id = ("from", item.from_id) if from_label is None else ("to", item.to_id)
            problems.append(NotFound(f"no node with id {node_id!r}", f"input.{index}.{end}"))
        elif not spec.joins(from_label, to_label):
            end = "to" if from_label in starts else "from"
            problems.append(
                InvalidArgument(
                    f"{change.rel_type} cannot join {from_label} -> {to_label}",
                    f"input.{index}.{end}",
                )
            )
        else:
            ends_of[index] = (from_label, to_label)
            groups.setdefault((from_label, to_label), []).append(
                {"index": index, "from": item.from_id, "to": item.to_id, "values": item.values}
            )
    if problems:
        raise ItemsRefused(problems[:MAX_REPORTED])
    done: dict[int, Change] = {}
    for ends, rows in groups.items():
        if change.operation == "link":
            done |= await tx.link_many(change.rel_type, ends, rows)
        else:
            done |= await tx.unlink_many(change.rel_type, ends, rows)
    if change.operation == "unlink":
        missing: list[GraphServiceError] = [
            NotFound(
                f"no {change.rel_type} relationship from {item.from_id!r} to {item.to_id!r}",
                f"input.{index}",
            )
            for index, item in enumerate(change.items)
            if index not in done
        ]
        if missing:
            raise ItemsRefused(missing[:MAX_REPORTED])
    operation = Operation.LINK if change.operation == "link" else Operation.UNLINK
    audited = [
        Audited(
            operation,
            change.rel_type,
            (change.items[index].from_id, change.items[index].to_id),
            c,
            ends_of[index],
        )
        for index, c in sorted(done.items())
        if c.changed
    ]
    return _counted(done.values()), audited


def _counted(changes: Any) -> BulkOutcome:
    created = updated = removed = unchanged = 0
    for c in changes:
        if c.before is None:
            created += 1
        elif c.after is None:
            removed += 1
        elif c.changed:
            updated += 1
        else:
            unchanged += 1
    return BulkOutcome(created, updated, removed, unchanged)


def _value_error(
    prop: PropertySpec, value: PropertyValue | None, where: str
) -> InvalidArgument | None:
    if value is None:
        return InvalidArgument(f"{prop.name} is required", where) if prop.required else None
    problem = prop.problem(value)
    return InvalidArgument(f"{prop.name}: {problem}", where) if problem else None


def _key(item: NodeItem | LinkItem) -> str:
    return "id" if isinstance(item, NodeItem) else "to"
