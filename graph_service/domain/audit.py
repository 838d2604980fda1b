"""The audit trail: what each change through the API did, and who made it (by key name)."""

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


@dataclass(frozen=True)
class Audited:
    """One change to record: what it touched and how."""

    operation: Operation
    target_type: str
    target_ids: tuple[str, ...]
    change: Change
