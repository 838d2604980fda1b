"""Turns for the requests this process works on: at most ``size`` compiled reads and writes at
once, the others waiting in the order they came.

Why: one process runs every request's Python on one event loop. With 32 requests in flight,
each of a request's steps (parse, plan, send, decode, serialise) waits behind everyone else's,
and a write waits that long between its last statement and its commit, holding the change
feed's counter (see :mod:`graph_service.storage.audit`), so every other write waits for it
too. Measured at 32 clients on the bench mix, writes took 0.5 s on average and the p95 of all
requests was 0.6 s. Working on a few requests at a time keeps each step's wait short and the
counter's hold to a few milliseconds; the others wait here, holding nothing.

Analyses, the audit trail and the feed's reads do not take turns: they spend their time in
worker threads or waiting on their own limits, and must not hold up the compiled reads.

>>> import asyncio
>>> async def demo() -> list[str]:
...     turns, done = Turns(1), []
...     async def request(name: str) -> None:
...         async with turns.turn():
...             await asyncio.sleep(0)
...             done.append(name)
...     await asyncio.gather(request("a"), request("b"), request("c"))
...     return done
>>> asyncio.run(demo())
['a', 'b', 'c']
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Turns:
    """At most ``size`` holders at once; the others wait first come, first served."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"turns need a size of at least 1, not {size}")
        self.size = size
        self._slots = asyncio.Semaphore(size)
        self.waiting = 0
        """Requests waiting for a turn now."""

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Hold a turn for the block (a waiter cancelled by its deadline leaves the line)."""
        self.waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
        try:
            yield
        finally:
            self._slots.release()
