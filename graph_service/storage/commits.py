"""The bookmarks of this process's commits that change nothing the analyses read.

A webhook's lease and delivery records and a coordinator's saved views are written to Neo4j
like anything else, so they move its bookmark, which is how the analytics' projection notices
a write made past the service (direct Cypher, a load from Python) and reads the graph again.
Such commits are noted here, so that the projection can tell them from a write past the
service and is not read again for them.

Only this process's commits are known: another replica's (or the ``feed prune`` command's)
still count as writes past the service, and cost the next analysis on this replica a read of
the whole graph. A write past the service immediately followed by one of these commits, with
no analysis in between, hides behind it until the next commit that is not explained.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterable
from typing import Any, LiteralString

import neo4j

KEEP = 256
"""Bookmarks remembered; an analysis compares only the latest one with them."""


class QuietCommits:
    """Bookmarks of commits that change no node or relationship of the model (thread-safe)."""

    def __init__(self, keep: int = KEEP) -> None:
        self._seen: deque[str] = deque(maxlen=keep)
        self._lock = threading.Lock()

    def note(self, bookmarks: Iterable[str]) -> None:
        with self._lock:
            self._seen.extend(bookmarks)

    def explain(self, bookmarks: frozenset[str]) -> bool:
        """Whether Neo4j's latest bookmark is one of these commits'."""
        if not bookmarks:
            return False
        with self._lock:
            return bookmarks <= set(self._seen)


async def write_quietly(
    session: neo4j.AsyncSession, query: LiteralString, params: dict[str, Any], quiet: QuietCommits
) -> list[neo4j.Record]:
    """``query`` in a write transaction of ``session``; its bookmark is noted in ``quiet`` when
    it changed something (a transaction that changed nothing names the last commit before it,
    which may be a write past the service)."""

    async def work(tx: neo4j.AsyncManagedTransaction) -> tuple[list[neo4j.Record], bool]:
        result = await tx.run(query, params)
        records = [record async for record in result]
        return records, (await result.consume()).counters.contains_updates

    records, wrote = await session.execute_write(work)
    if wrote:
        quiet.note((await session.last_bookmarks()).raw_values)
    return records
