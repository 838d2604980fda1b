"""The graph browser's saved views: what a coordinator named and kept, per key."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ViewSummary:
    """A saved view in the list: its name, when it was last saved, its size in characters."""

    name: str
    updated_at: dt.datetime
    size: int


@dataclass(frozen=True)
class SavedView:
    """A saved view with its content: the page's own JSON document, kept as it was sent."""

    name: str
    content: str
    updated_at: dt.datetime
