"""The audit trail, which is also the change feed: what each committed change did, who made
it (by key name), and its position in commit order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any


class Operation(Enum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LINK = "link"
    UNLINK = "unlink"
    LOAD = "load"
    """A ``graph-service load``: one summary entry (counts per label and type) for the load."""


@dataclass(frozen=True)
class Change:
    """A node's or relationship's properties before and after a change (None: did not exist)."""

    before: dict[str, Any] | None
    after: dict[str, Any] | None
    removed_relationships: tuple[dict[str, Any], ...] = ()
    """For a deleted node: the relationships that went with it (type, from, to, properties)."""

    @property
    def changed(self) -> bool:
        """Whether anything changed (an update or a link setting the values already there
        changes nothing, and is neither audited nor versioned)."""
        return self.before != self.after or bool(self.removed_relationships)


@dataclass(frozen=True)
class AuditEntry:
    """One successful mutation. ``target_type`` is a label or a relationship type;
    ``target_ids`` the node's id, or the relationship's two ends (from, to)."""

    entry_id: str
    at: dt.datetime
    key_name: str
    operation: Operation
    mutation: str
    target_type: str
    target_ids: tuple[str, ...]
    change: Change
    position: int | None = None
    """Its place in the change feed, handed out in commit order (None: written before the
    feed existed)."""
    labels: tuple[str, ...] = ()
    """The labels of the nodes it touched: the node's, or the relationship's two ends'."""


@dataclass(frozen=True)
class FeedFilter:
    """Which changes a reader of the feed wants: any of ``labels`` (a node's label, either end
    of a relationship, or the relationship's type), any of ``ids``, any of ``operations``.
    An empty tuple does not filter."""

    labels: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    operations: tuple[Operation, ...] = ()

    def matches(self, entry: AuditEntry) -> bool:
        if self.labels and not (
            entry.target_type in self.labels or any(lab in self.labels for lab in entry.labels)
        ):
            return False
        if self.ids and not any(i in self.ids for i in entry.target_ids):
            return False
        return not self.operations or entry.operation in self.operations


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list: by key name, from a time on, touching a node id."""

    key_name: str | None = None
    since: dt.datetime | None = None
    target: str | None = None


@dataclass(frozen=True)
class AuditPosition:
    """Where a page of the trail (newest first) starts after: an entry's time and id."""

    at: dt.datetime
    entry_id: str
