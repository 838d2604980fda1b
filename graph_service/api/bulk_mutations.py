"""A bulk mutation's root field: its ``input`` list turned into a change of
:mod:`graph_service.services.bulk`, the outcome shaped as the payload asked.

A refused call's payload lists each wrong item (``field``: ``input.<index>.<field>``) and
counts nothing: nothing of it was written.
"""

from __future__ import annotations

from typing import Any

from graphql import FieldNode

from graph_service.api.fields import merged
from graph_service.api.graphql_bulk import (
    BULK_PAYLOAD,
    link_each_field,
    unlink_each_field,
    upsert_field,
)
from graph_service.api.mutations import _error, _node_values, _property, _stored
from graph_service.api.selection import Selection
from graph_service.config import ApiKey
from graph_service.domain.model import LABELS, RELATIONSHIPS
from graph_service.errors import (
    DatabaseUnavailable,
    GraphServiceError,
    InvalidArgument,
    ItemsRefused,
)
from graph_service.services.bulk import (
    BulkChange,
    BulkLink,
    BulkOutcome,
    LinkItem,
    NodeItem,
    Upsert,
)
from graph_service.services.writes import GraphWrites

_UPSERT = {upsert_field(label): label for label in LABELS}
_LINK_EACH = {link_each_field(t): t for t in RELATIONSHIPS}
_UNLINK_EACH = {unlink_each_field(t): t for t in RELATIONSHIPS}


def is_bulk(name: str) -> bool:
    return name in _UPSERT or name in _LINK_EACH or name in _UNLINK_EACH


class BulkMutationField:
    """One bulk root field of a mutation operation."""

    def __init__(self, fields: list[FieldNode], selection: Selection, key: ApiKey) -> None:
        self._fields = fields
        self._selection = selection
        self._key = key
        self.name = fields[0].name.value
        self._args = selection.arguments(fields[0])
        self.queries = 0
        self.error_codes: list[str] = []

    async def run(self, writes: GraphWrites) -> dict[str, Any]:
        try:
            outcome = await writes.apply_bulk(self._change(), key=self._key, mutation=self.name)
        except DatabaseUnavailable:
            raise
        except ItemsRefused as refused:
            self.error_codes += [e.code for e in refused.errors]
            return self._payload(BulkOutcome(), refused.errors)
        except GraphServiceError as error:
            self.error_codes.append(error.code)
            return self._payload(BulkOutcome(), [error])
        self.queries += outcome.queries
        return self._payload(outcome, [])

    def _change(self) -> BulkChange:
        raw = self._args.get("input") or []
        items: list[dict[str, Any]] = [raw] if isinstance(raw, dict) else list(raw)
        problems: list[GraphServiceError] = []
        change: BulkChange
        if self.name in _UPSERT:
            label = _UPSERT[self.name]
            nodes = []
            for index, item in enumerate(items):
                data = dict(item)
                node_id = str(data.pop("id"))
                try:
                    values = _node_values(label, data)
                except InvalidArgument as error:
                    problems.append(_at(error, index))
                    values = {}
                nodes.append(NodeItem(node_id, values))
            change = Upsert(label, nodes)
        else:
            rel_type = _LINK_EACH.get(self.name) or _UNLINK_EACH[self.name]
            spec = RELATIONSHIPS[rel_type]
            links = []
            for index, item in enumerate(items):
                props = {k: v for k, v in item.items() if k not in ("from", "to") and v is not None}
                try:
                    values = {
                        k: _stored(_property(spec.find_property(k), k), v, field=k)
                        for k, v in props.items()
                    }
                except InvalidArgument as error:
                    problems.append(_at(error, index, prefix=""))
                    values = {}
                links.append(LinkItem(str(item["from"]), str(item["to"]), values))
            change = BulkLink("link" if self.name in _LINK_EACH else "unlink", rel_type, links)
        if problems:
            raise ItemsRefused(problems)
        return change

    def _payload(self, outcome: BulkOutcome, errors: list[GraphServiceError]) -> dict[str, Any]:
        values = {
            "created": outcome.created,
            "updated": outcome.updated,
            "removed": outcome.removed,
            "unchanged": outcome.unchanged,
            "__typename": BULK_PAYLOAD,
        }
        answer: dict[str, Any] = {}
        for key, fields in self._selection.fields(merged(self._fields), (BULK_PAYLOAD,)):
            name = fields[0].name.value
            if name == "errors":
                answer[key] = [_error(e, fields, self._selection) for e in errors]
            else:
                answer[key] = values[name]
        return answer


def _at(error: InvalidArgument, index: int, prefix: str = "input.") -> InvalidArgument:
    """``error`` with its field placed in item ``index`` of the input list."""
    field = (error.field or "").removeprefix(prefix)
    return InvalidArgument(str(error), f"input.{index}.{field}")
