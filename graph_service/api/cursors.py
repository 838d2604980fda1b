"""Cursors as clients see them: opaque, versioned text around an item's keyset (its list's
order and the values it sorts by; see :mod:`graph_service.storage.keyset`).

``k1.`` then the base64url of a JSON list ``[order, value, ...]``: a later version can change
the inside and still tell old cursors apart.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import orjson

from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertyType
from graph_service.domain.selection import Cursor, SortKey, cursor_length, order_signature

_VERSION = "k1."
MAX_CURSOR = 8192
"""Characters of a cursor (an item's sort values: long names make long cursors)."""


def encode(values: Any) -> Any:
    """The cursor of an item whose keyset the query answered (``None`` stays ``None``)."""
    if not isinstance(values, list):
        return values
    return _VERSION + base64.urlsafe_b64encode(orjson.dumps(values)).decode().rstrip("=")


def decode(
    text: str, label: str, keys: tuple[SortKey, ...], rel_type: str | None = None
) -> Cursor | None:
    """The keyset of a cursor of the list of ``label`` in the order ``keys``; None if ``text``
    is not one."""
    if not text.startswith(_VERSION) or len(text) > MAX_CURSOR:
        return None
    raw = text[len(_VERSION) :]
    try:
        values = orjson.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(values, list) or not values or values[0] != order_signature(keys):
        return None
    keyset = values[1:]
    if len(keyset) != cursor_length(keys):
        return None
    if any(isinstance(v, list | dict) for v in keyset) or not isinstance(keyset[-1], str):
        return None
    for index, key in enumerate(keys):
        missing, value = keyset[2 * index], keyset[2 * index + 1]
        if not isinstance(missing, bool) or missing != (value is None):
            return None
        owner = RELATIONSHIPS[rel_type] if key.edge and rel_type else LABELS[label]
        spec = owner.find_property(key.property)
        if value is not None and spec is not None and spec.type is PropertyType.DATE:
            try:
                keyset[2 * index + 1] = dt.date.fromisoformat(str(value))
            except ValueError:
                return None
    return tuple(keyset)
