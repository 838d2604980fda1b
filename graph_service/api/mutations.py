"""The mutations' GraphQL side: a root field's arguments turned into a change of
:mod:`graph_service.services.writes`, and the service's answer shaped as the payload asked.

Expected failures (our errors, with their code and field) become the payload's ``errors``;
nothing of a failed mutation is written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphql import FieldNode

from graph_service.api import naming
from graph_service.api.fields import merged
from graph_service.api.ordering import node_plan
from graph_service.api.selection import Selection
from graph_service.config import ApiKey
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec, PropertyType
from graph_service.errors import DatabaseUnavailable, GraphServiceError, InvalidArgument
from graph_service.services.writes import GraphChange, GraphWrites, LinkChange, NodeChange, ReadBack

_CREATE = {f"create{label}": label for label in LABELS}
_UPDATE = {f"update{label}": label for label in LABELS}
_DELETE = {f"delete{label}": label for label in LABELS}
_LINK = {f"link{naming.pascal(t)}": t for t in RELATIONSHIPS}
_UNLINK = {f"unlink{naming.pascal(t)}": t for t in RELATIONSHIPS}


class MutationField:
    """One root field of a mutation operation."""

    def __init__(self, fields: list[FieldNode], selection: Selection, key: ApiKey) -> None:
        self._fields = fields
        self._selection = selection
        self._key = key
        self.name = fields[0].name.value
        self._args = selection.arguments(fields[0])
        self.queries = 0
        self.error_codes: list[str] = []

    async def run(self, writes: GraphWrites) -> dict[str, Any]:
        """The payload, shaped as selected. Expected failures are in its errors; an
        unreachable database fails the whole request (it is not the caller's doing)."""
        try:
            read_back = self._read_back()
            written = await writes.apply(
                self._change(), key=self._key, mutation=self.name, read_back=read_back
            )
        except DatabaseUnavailable:
            raise
        except GraphServiceError as error:
            self.error_codes.append(error.code)
            return self._payload({}, [error])
        self.queries += written.queries
        plans = {key: node_plan(shape) for key, shape in read_back.node} | {
            key: node_plan(shape) for key, _, shape in read_back.ends
        }
        values = {key: plans[key](value) for key, value in written.values.items()}
        if self.name in _DELETE:
            values["deletedId"] = str(self._args["id"])
        return self._payload(values, [])

    def _change(self) -> GraphChange:
        name, args = self.name, self._args
        if name in _CREATE:
            label = _CREATE[name]
            data = dict(args["input"])
            node_id = str(data.pop("id"))
            return NodeChange("create", label, node_id, _node_values(label, data))
        if name in _UPDATE:
            label = _UPDATE[name]
            return NodeChange(
                "update",
                label,
                str(args["id"]),
                _node_values(label, args["input"]),
                args.get("expectedVersion"),
            )
        if name in _DELETE:
            return NodeChange("delete", _DELETE[name], str(args["id"]))
        rel_type = _LINK.get(name) or _UNLINK[name]
        props = {k: v for k, v in args.items() if k not in ("from", "to") and v is not None}
        return LinkChange(
            "link" if name in _LINK else "unlink",
            rel_type,
            str(args["from"]),
            str(args["to"]),
            {
                k: _stored(_property(RELATIONSHIPS[rel_type].find_property(k), k), v, field=k)
                for k, v in props.items()
            },
        )

    def _read_back(self) -> ReadBack:
        """The node fields the payload selects, as shapes the service reads back."""
        label = _CREATE.get(self.name) or _UPDATE.get(self.name)
        selected = self._selection.fields(merged(self._fields), (self._payload_type(),))
        if label is not None:
            node_field = naming.singular_field(label)
            return ReadBack(
                node=tuple(
                    (key, self._selection.node_shape(fields, (label,)))
                    for key, fields in selected
                    if fields[0].name.value == node_field
                )
            )
        if self.name in _LINK or self.name in _UNLINK:
            return ReadBack(
                ends=tuple(
                    (
                        key,
                        "from" if name == "from" else "to",
                        self._selection.node_shape(fields, tuple(LABELS)),
                    )
                    for key, fields in selected
                    if (name := fields[0].name.value) in ("from", "to")
                )
            )
        return ReadBack()

    def _payload(self, values: dict[str, Any], errors: list[GraphServiceError]) -> dict[str, Any]:
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


def _error(
    error: GraphServiceError, fields: list[FieldNode], selection: Selection
) -> dict[str, Any]:
    values = {
        "code": error.code,
        "message": str(error),
        "field": error.field,
        "__typename": "UserError",
    }
    return {
        key: values[f[0].name.value] for key, f in selection.fields(merged(fields), ("UserError",))
    }


def _node_values(label: str, data: dict[str, Any]) -> dict[str, Any]:
    """GraphQL input values as the model stores them (enum names back to stored values)."""
    spec = LABELS[label]
    return {
        name: None
        if raw is None
        else _stored(_property(spec.find_property(name), name), raw, field=f"input.{name}")
        for name, raw in data.items()
    }


def _property(prop: PropertySpec | None, name: str) -> PropertySpec:
    assert prop is not None, name  # the schema only offers the model's properties
    return prop


def _stored(prop: PropertySpec, raw: Any, *, field: str) -> Any:
    if prop.choices:
        return {naming.enum_value(c): c for c in prop.choices}.get(str(raw), str(raw))
    if prop.type is PropertyType.DATE:
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            raise InvalidArgument(f"{raw!r} is not a date (YYYY-MM-DD)", field) from None
    if prop.type is PropertyType.FLOAT:
        return float(raw)
    return raw
