"""Changes to the graph: create, update and delete a node, link and unlink two nodes.

Each change is checked against the graph model, then made in one write transaction together
with its audit entry and the read-back of the nodes the caller wants to see: all of it or
nothing. Expected failures are errors of :mod:`graph_service.errors` naming the input field at
fault (``NOT_FOUND``, ``DUPLICATE_ID``, ``CONFLICT``, ``INVALID_INPUT``, ``FORBIDDEN``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from graph_service.config import ApiKey
from graph_service.domain.audit import Change, Operation
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyValue
from graph_service.domain.selection import NodesById, NodeShape
from graph_service.errors import Forbidden, InvalidArgument, NotFound
from graph_service.services import bulk
from graph_service.services.bulk import BulkChange, BulkOutcome
from graph_service.storage.access import GraphWriter, WriteTransaction

Ends = tuple[tuple[str, str], tuple[str, str]]
"""A relationship's two ends as (label, id): from, then to."""


@dataclass(frozen=True)
class NodeChange:
    """Create, update or delete one node. ``properties`` are typed values of the model (None:
    remove the property on update)."""

    operation: Literal["create", "update", "delete"]
    label: str
    node_id: str
    properties: Mapping[str, PropertyValue | None] = field(default_factory=dict)
    expected_version: int | None = None


@dataclass(frozen=True)
class LinkChange:
    """Link (merge) or unlink one relationship between two existing nodes."""

    operation: Literal["link", "unlink"]
    rel_type: str
    from_id: str
    to_id: str
    properties: Mapping[str, PropertyValue] = field(default_factory=dict)


GraphChange = NodeChange | LinkChange


@dataclass(frozen=True)
class ReadBack:
    """What the caller wants to see after the change, by response key: the changed node
    (``node``) or a relationship's ends (``ends``: ``from`` or ``to``)."""

    node: tuple[tuple[str, NodeShape], ...] = ()
    ends: tuple[tuple[str, Literal["from", "to"], NodeShape], ...] = ()


@dataclass(frozen=True)
class Written:
    """A change made: the read-back values by response key, and the queries it took."""

    values: dict[str, Any]
    queries: int


class GraphWrites:
    def __init__(self, writer: GraphWriter) -> None:
        """Each committed change goes to the writer's commit listener (the analytics'
        projection) with its feed event."""
        self._writer = writer

    async def apply(
        self, change: GraphChange, *, key: ApiKey, mutation: str, read_back: ReadBack
    ) -> Written:
        """Make ``change`` as ``key``, recorded in the audit trail under ``mutation``."""
        if not key.can_write:
            raise Forbidden(f"the role {key.role!r} may not change the graph")
        checked = _checked(change)

        async def work(tx: WriteTransaction) -> Written:
            if isinstance(checked, NodeChange):
                values = await _node_change(tx, checked, key, mutation, read_back)
            else:
                values = await _link_change(tx, checked, key, mutation, read_back)
            return Written(values, tx.queries)

        return await self._writer.transaction(work)

    async def apply_bulk(self, change: BulkChange, *, key: ApiKey, mutation: str) -> BulkOutcome:
        """Make a bulk ``change`` as ``key`` in one transaction (see :mod:`.bulk`)."""
        if not key.can_write:
            raise Forbidden(f"the role {key.role!r} may not change the graph")
        checked = bulk.checked(change)
        return await self._writer.transaction(lambda tx: bulk.apply(tx, checked, key, mutation))


async def _node_change(
    tx: WriteTransaction, change: NodeChange, key: ApiKey, mutation: str, read_back: ReadBack
) -> dict[str, Any]:
    label, node_id = change.label, change.node_id
    done: Change
    if change.operation == "create":
        props = {k: v for k, v in change.properties.items() if v is not None}
        done = await tx.create_node(label, node_id, props)
    elif change.operation == "update":
        done = await tx.update_node(
            label, node_id, dict(change.properties), change.expected_version
        )
    else:
        done = await tx.delete_node(label, node_id)
    if done.changed:
        await tx.audit(
            key_name=key.name,
            operation=Operation(change.operation),
            mutation=mutation,
            target_type=label,
            target_ids=(node_id,),
            change=done,
            labels=(label,),
        )
    if change.operation == "delete":
        return {}
    return {
        response_key: await tx.read(NodesById((node_id,), (label,), shape, single=True))
        for response_key, shape in read_back.node
    }


async def _link_change(
    tx: WriteTransaction, change: LinkChange, key: ApiKey, mutation: str, read_back: ReadBack
) -> dict[str, Any]:
    ends = await _ends(tx, change)
    if change.operation == "link":
        done = await tx.link(change.rel_type, ends, dict(change.properties))
    else:
        done = await tx.unlink(change.rel_type, ends)
    if done.changed:
        await tx.audit(
            key_name=key.name,
            operation=Operation(change.operation),
            mutation=mutation,
            target_type=change.rel_type,
            target_ids=(change.from_id, change.to_id),
            change=done,
            labels=(ends[0][0], ends[1][0]),
        )
    values = {}
    for response_key, which, shape in read_back.ends:
        label, node_id = ends[0] if which == "from" else ends[1]
        values[response_key] = await tx.read(NodesById((node_id,), (label,), shape, single=True))
    return values


async def _ends(tx: WriteTransaction, change: LinkChange) -> Ends:
    from_label = await tx.label_of(change.from_id)
    to_label = await tx.label_of(change.to_id)
    for name, node_id, found in (
        ("from", change.from_id, from_label),
        ("to", change.to_id, to_label),
    ):
        if found is None:
            raise NotFound(f"no node with id {node_id!r}", name)
    assert from_label is not None and to_label is not None
    spec = RELATIONSHIPS[change.rel_type]
    if not spec.joins(from_label, to_label):
        allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
        starts = {a for a, _ in spec.endpoints}
        raise InvalidArgument(
            f"{change.rel_type} cannot join {from_label} -> {to_label} (allowed: {allowed})",
            "to" if from_label in starts else "from",
        )
    return (from_label, change.from_id), (to_label, change.to_id)


def _checked(change: GraphChange) -> GraphChange:
    """``change`` if its values fit the model; :class:`InvalidArgument` naming the field
    otherwise."""
    if isinstance(change, NodeChange):
        if change.operation == "create" and not change.node_id.strip():
            raise InvalidArgument("id must not be blank", "input.id")
        for name, value in change.properties.items():
            prop = LABELS[change.label].find_property(name)
            if prop is None:
                raise InvalidArgument(f"{change.label} has no property {name!r}", f"input.{name}")
            _check(prop, value, f"input.{name}")
        return change
    for name, value in change.properties.items():
        prop = RELATIONSHIPS[change.rel_type].find_property(name)
        if prop is None:
            raise InvalidArgument(f"{change.rel_type} has no property {name!r}", name)
        _check(prop, value, name)
    return change


def _check(prop: PropertySpec, value: PropertyValue | None, field: str) -> None:
    if value is None:
        if prop.required:
            raise InvalidArgument(f"{prop.name} is required", field)
        return
    problem = prop.problem(value)
    if problem:
        raise InvalidArgument(f"{prop.name}: {problem}", field)
