"""An optional per-key rate limit: a token bucket per key name, refilled continuously."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable


class RateLimiter:
    """At most ``per_minute`` requests a minute for each key, with bursts up to that many."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self._capacity = float(per_minute)
        self._rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def acquire(self, key_name: str) -> int | None:
        """Take one request for ``key_name``: None if allowed, else the seconds to wait."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key_name, (self._capacity, now))
            tokens = min(self._capacity, tokens + (now - last) * self._rate)
            if tokens >= 1.0:
                self._buckets[key_name] = (tokens - 1.0, now)
                return None
            self._buckets[key_name] = (tokens, now)
            return max(1, math.ceil((1.0 - tokens) / self._rate))
