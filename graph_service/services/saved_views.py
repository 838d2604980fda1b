"""Saved views of the graph browser: named, per key, bounded in number, name and size.

A view is what the page needs to reopen it: its address state (``hash``: what is shown, the
filters, the styling, the layout) and the positions of the nodes on screen. Anything else is
refused, so that the store keeps views and nothing else.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

import orjson

from graph_service.config import ApiKey
from graph_service.domain.saved_views import SavedView, ViewSummary
from graph_service.errors import InvalidArgument, LimitExceeded
from graph_service.storage.saved_views import ViewStore

MAX_NAME = 80
MAX_VIEWS_PER_KEY = 50
MAX_HASH = 8_000
MAX_POSITIONS = 25_000
MAX_ID = 200
MAX_CONTENT = 1_000_000  # characters of the stored JSON (25,000 positions fit)


def checked_name(name: object, field: str = "name") -> str:
    """A view's name: 1 to 80 characters, no control characters, spaces trimmed."""
    if not isinstance(name, str):
        raise InvalidArgument("a view's name must be a string", field)
    name = name.strip()
    if not name:
        raise InvalidArgument("a view needs a name", field)
    if len(name) > MAX_NAME:
        raise LimitExceeded(f"a view's name may have at most {MAX_NAME} characters", field)
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        raise InvalidArgument("a view's name may not contain control characters", field)
    return name


def checked_view(view: object) -> str:
    """The view as it will be stored (compact JSON), or an error naming what is wrong."""
    if not isinstance(view, dict):
        raise InvalidArgument("a view must be an object with 'hash' and 'positions'", "view")
    unknown = set(view) - {"hash", "positions"}
    if unknown:
        raise InvalidArgument(f"unknown field(s) in a view: {', '.join(sorted(unknown))}", "view")
    hash_ = view.get("hash", "")
    if not isinstance(hash_, str) or not hash_.startswith("#"):
        message = "a view's 'hash' must be the page's address state ('#…')"
        raise InvalidArgument(message, "view.hash")
    if len(hash_) > MAX_HASH:
        raise LimitExceeded(f"a view's 'hash' may have at most {MAX_HASH} characters", "view.hash")
    positions = view.get("positions", {})
    if not isinstance(positions, dict):
        raise InvalidArgument("a view's 'positions' must map node ids to [x, y]", "view.positions")
    if len(positions) > MAX_POSITIONS:
        raise LimitExceeded(f"a view may keep at most {MAX_POSITIONS} positions", "view.positions")
    clean: dict[str, list[float]] = {}
    for node_id, point in positions.items():
        if len(node_id) > MAX_ID or not _is_point(point):
            message = f"position of {node_id[:MAX_ID]!r} must be [x, y] (finite numbers)"
            raise InvalidArgument(message, "view.positions")
        clean[node_id] = [float(point[0]), float(point[1])]
    content = orjson.dumps({"hash": hash_, "positions": clean}).decode()
    if len(content) > MAX_CONTENT:
        raise LimitExceeded(f"a view may take at most {MAX_CONTENT} characters", "view")
    return content


def _is_point(point: Any) -> bool:
    return (
        isinstance(point, list)
        and len(point) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in point)
        and all(math.isfinite(v) and abs(v) < 1e9 for v in point)
    )


def _sort_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


class SavedViews:
    """The use cases of the saved views; every key (any role) keeps its own."""

    def __init__(self, store: ViewStore) -> None:
        self._store = store

    async def list(self, key: ApiKey) -> list[ViewSummary]:
        """The key's views in alphabetical order, accents and case aside (``àlfa`` < ``Ponte``)."""
        return sorted(await self._store.list(key.name), key=lambda v: (_sort_key(v.name), v.name))

    async def get(self, key: ApiKey, name: str) -> tuple[SavedView, dict[str, Any]]:
        view = await self._store.get(key.name, checked_name(name))
        return view, orjson.loads(view.content)

    async def save(self, key: ApiKey, name: str, view: object) -> bool:
        """Create or replace the view ``name``; True when it is new."""
        return await self._store.save(
            key.name, checked_name(name), checked_view(view), MAX_VIEWS_PER_KEY
        )

    async def rename(self, key: ApiKey, name: str, to: object) -> None:
        await self._store.rename(key.name, checked_name(name), checked_name(to, "to"))

    async def delete(self, key: ApiKey, name: str) -> None:
        await self._store.delete(key.name, checked_name(name))
