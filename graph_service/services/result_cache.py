"""A bounded cache of analysis results: least recently used first out, by count and by size."""

from __future__ import annotations

import pickle
import sys
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

MAX_ENTRIES = 256
MAX_BYTES = 64 * 1024 * 1024


def approximate_size(value: Any) -> int:
    """Bytes ``value`` takes, about: its pickled length (what it holds, not Python's overhead
    per object, which is within a small factor of it)."""
    try:
        return len(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        return sys.getsizeof(value)


class ResultCache:
    """Results by key, at most ``max_entries`` of them and ``max_bytes`` in all; a result
    larger than the whole bound is returned to its caller but not kept."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def size(self) -> int:
        """Approximate bytes held."""
        return self._bytes

    def lookup(self, key: Hashable) -> tuple[bool, Any]:
        """(True, the result) if ``key`` is cached (it becomes the most recently used)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return False, None
            self._entries.move_to_end(key)
            return True, entry[0]

    def store(self, key: Hashable, value: Any) -> None:
        size = approximate_size(value)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return
            self._entries[key] = (value, size)
            self._bytes += size
            while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted
