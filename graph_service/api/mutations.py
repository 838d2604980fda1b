"""The mutations: inputs checked against the graph model, each one transaction, the payload's
node read back in the same transaction with the same compiled projection as queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import neo4j
from graphql import FieldNode

from graph_service.api import naming
from graph_service.api.selection import Selection, merged
from graph_service.config import ApiKey
from graph_service.domain.audit import Change, Operation
from graph_service.domain.model import (
    LABELS,
    RELATIONSHIPS,
    PropertySpec,
    PropertyType,
    PropertyValue,
)
from graph_service.domain.selection import NodesById, NodeShape
from graph_service.storage import audit, graph_writes
from graph_service.storage.projection import compile_read

_CREATE = {f"create{label}": label for label in LABELS}
_UPDATE = {f"update{label}": label for label in LABELS}
_DELETE = {f"delete{label}": label for label in LABELS}
_LINK = {f"link{naming.pascal(t)}": t for t in RELATIONSHIPS}
_UNLINK = {f"unlink{naming.pascal(t)}": t for t in RELATIONSHIPS}


@dataclass(frozen=True)
class UserError(Exception):
    code: str
    message: str
    field: str | None = None


class Mutation:
    """One root field of a mutation operation."""

    def __init__(self, fields: list[FieldNode], selection: Selection, key: ApiKey) -> None:
        self._fields = fields
        self._selection = selection
        self._key = key
        self.name = fields[0].name.value
        self._args = selection.arguments(fields[0])
        self.queries = 0
        self.wrote = False
        self.error_codes: list[str] = []
        self.transacted = False

    async def run(self, session: neo4j.AsyncSession) -> dict[str, Any]:
        """The payload, shaped as selected. Expected failures are in its errors; nothing of a
        failed mutation is written."""
        try:
            if not self._key.can_write:
                raise UserError(
                    "FORBIDDEN", f"the role {self._key.role!r} may not change the graph"
                )
            change = self._change()
            self.transacted = True
            payload = await session.execute_write(self._transaction, change)
            self.wrote = True
            return payload
        except UserError as error:
            self.error_codes.append(error.code)
            return self._payload({}, [error])

    def _change(self) -> tuple[str, Any]:
        name, args = self.name, self._args
        if name in _CREATE:
            label = _CREATE[name]
            data = dict(args["input"])
            node_id = str(data.pop("id"))
            if not node_id.strip():
                raise UserError("INVALID_INPUT", "id must not be blank", "input.id")
            return "create", (label, node_id, _properties(label, data, creating=True))
        if name in _UPDATE:
            label = _UPDATE[name]
            return "update", (
                label,
                str(args["id"]),
                _properties(label, args["input"], creating=False),
                args.get("expectedVersion"),
            )
        if name in _DELETE:
            return "delete", (_DELETE[name], str(args["id"]))
        if name in _LINK:
            rel_type = _LINK[name]
            props = {k: v for k, v in args.items() if k not in ("from", "to")}
            return "link", (
                rel_type,
                str(args["from"]),
                str(args["to"]),
                _rel_properties(rel_type, props),
            )
        if name in _UNLINK:
            return "unlink", (_UNLINK[name], str(args["from"]), str(args["to"]))
        raise ValueError(f"unknown mutation {name}")

    async def _transaction(
        self, tx: neo4j.AsyncManagedTransaction, change: tuple[str, Any]
    ) -> dict[str, Any]:
        kind, args = change
        try:
            if kind in ("create", "update", "delete"):
                label, node_id = args[:2]
                if kind == "create":
                    done = await graph_writes.create_node(tx, label, node_id, args[2])
                elif kind == "update":
                    done = await graph_writes.update_node(tx, label, node_id, args[2], args[3])
                else:
                    done = await graph_writes.delete_node(tx, label, node_id)
                await self._audit(tx, kind, label, (node_id,), done)
                if kind == "delete":
                    return self._payload({"deletedId": node_id}, [])
                return self._payload(await self._read(tx, label, [node_id]), [])
            rel_type, from_id, to_id = args[:3]
            ends = await _ends(tx, rel_type, from_id, to_id)
            if kind == "link":
                done = await graph_writes.link(tx, rel_type, ends, args[3])
            else:
                done = await graph_writes.unlink(tx, rel_type, ends)
            await self._audit(tx, kind, rel_type, (from_id, to_id), done)
            return self._payload(await self._read_ends(tx, ends), [])
        except graph_writes.NotFound as error:
            raise UserError("NOT_FOUND", str(error), "id") from None
        except graph_writes.DuplicateId as error:
            raise UserError("DUPLICATE_ID", str(error), "input.id") from None
        except graph_writes.VersionConflict as error:
            raise UserError("CONFLICT", str(error), "expectedVersion") from None

    async def _audit(
        self,
        tx: neo4j.AsyncManagedTransaction,
        kind: str,
        target_type: str,
        target_ids: tuple[str, ...],
        change: Change,
    ) -> None:
        """The change's audit entry, in the change's transaction: both or neither."""
        await audit.record(
            tx,
            key_name=self._key.name,
            operation=Operation(kind),
            mutation=self.name,
            target_type=target_type,
            target_ids=target_ids,
            change=change,
        )
        self.queries += 1

    async def _read(
        self, tx: neo4j.AsyncManagedTransaction, label: str, ids: list[str]
    ) -> dict[str, Any]:
        """The payload's node field(s), read back in the transaction."""
        values: dict[str, Any] = {}
        payload = f"{label}Payload"
        for key, fields in self._selection.fields(merged(self._fields), (payload,)):
            if fields[0].name.value == naming.singular_field(label):
                shape = self._selection.node_shape(fields, (label,))
                values[key] = await self._fetch(
                    tx, NodesById(tuple(ids), (label,), shape, single=True)
                )
        return values

    async def _read_ends(
        self, tx: neo4j.AsyncManagedTransaction, ends: tuple[tuple[str, str], tuple[str, str]]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, fields in self._selection.fields(merged(self._fields), ("LinkPayload",)):
            which = fields[0].name.value
            if which in ("from", "to"):
                label, node_id = ends[0] if which == "from" else ends[1]
                shape: NodeShape = self._selection.node_shape(fields, tuple(LABELS))
                values[key] = await self._fetch(
                    tx, NodesById((node_id,), (label,), shape, single=True)
                )
        return values

    async def _fetch(self, tx: neo4j.AsyncManagedTransaction, read: NodesById) -> Any:
        query, params = compile_read(read)
        self.queries += 1
        result = await tx.run(query, params)
        record = await result.single(strict=True)
        return record["result"]

    def _payload(self, values: dict[str, Any], errors: list[UserError]) -> dict[str, Any]:
        """The payload's answer: by response key, in the selection's order."""
        payload_type = self._payload_type()
        answer: dict[str, Any] = {}
        for key, fields in self._selection.fields(merged(self._fields), (payload_type,)):
            name = fields[0].name.value
            if name == "errors":
                answer[key] = [_error(e, fields, self._selection) for e in errors]
            elif name == "__typename":
                answer[key] = payload_type
            else:
                answer[key] = values.get(key, values.get(name))
        return answer

    def _payload_type(self) -> str:
        label = _CREATE.get(self.name) or _UPDATE.get(self.name)
        if label is not None:
            return f"{label}Payload"
        return "DeletePayload" if self.name in _DELETE else "LinkPayload"


def _error(error: UserError, fields: list[FieldNode], selection: Selection) -> dict[str, Any]:
    values = {
        "code": error.code,
        "message": error.message,
        "field": error.field,
        "__typename": "UserError",
    }
    return {
        key: values[f[0].name.value] for key, f in selection.fields(merged(fields), ("UserError",))
    }


async def _ends(
    tx: neo4j.AsyncManagedTransaction, rel_type: str, from_id: str, to_id: str
) -> tuple[tuple[str, str], tuple[str, str]]:
    from_label = await graph_writes.label_of(tx, from_id)
    to_label = await graph_writes.label_of(tx, to_id)
    for name, node_id, found in (("from", from_id, from_label), ("to", to_id, to_label)):
        if found is None:
            raise UserError("NOT_FOUND", f"no node with id {node_id!r}", name)
    assert from_label is not None and to_label is not None
    spec = RELATIONSHIPS[rel_type]
    if not spec.joins(from_label, to_label):
        allowed = ", ".join(f"{a} -> {b}" for a, b in spec.endpoints)
        raise UserError(
            "INVALID_INPUT",
            f"{rel_type} cannot join {from_label} -> {to_label} (allowed: {allowed})",
            "to",
        )
    return (from_label, from_id), (to_label, to_id)


def _properties(label: str, data: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    spec = LABELS[label]
    values: dict[str, Any] = {}
    for name, raw in data.items():
        prop = spec.find_property(name)
        assert prop is not None, name  # the schema only offers the model's properties
        if raw is None:
            if prop.required:
                raise UserError("INVALID_INPUT", f"{name} is required", f"input.{name}")
            if not creating:
                values[name] = None
            continue
        values[name] = _value(prop, raw, f"input.{name}")
    return values


def _rel_properties(rel_type: str, data: dict[str, Any]) -> dict[str, PropertyValue]:
    values: dict[str, PropertyValue] = {}
    for name, raw in data.items():
        prop = RELATIONSHIPS[rel_type].find_property(name)
        if prop is not None and raw is not None:
            values[name] = _value(prop, raw, name)
    return values


def _value(prop: PropertySpec, raw: Any, field: str) -> PropertyValue:
    value: PropertyValue
    if prop.choices:
        value = {naming.enum_value(c): c for c in prop.choices}[str(raw)]
    elif prop.type is PropertyType.DATE:
        value = dt.date.fromisoformat(str(raw))
    elif prop.type is PropertyType.FLOAT:
        value = float(raw)
    else:
        value = raw
    problem = prop.problem(value)
    if problem:
        raise UserError("INVALID_INPUT", f"{prop.name}: {problem}", field)
    return value
