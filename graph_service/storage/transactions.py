"""Running a unit of work in one transaction that fails fast when Neo4j is away.

The driver's managed transactions retry every failure it deems retryable, a refused connection
included, for up to its retry time and then sleep once more: a request would wait twice that
before it could say that Neo4j is gone. Here only what a retry can cure is retried (a deadlock
between writers, a transient error), with a short backoff inside ``retry_time``; a connection
that cannot be made fails at once.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

T = TypeVar("T")

Tx = neo4j.AsyncManagedTransaction | neo4j.AsyncTransaction
"""A transaction the storage functions run their Cypher in."""

FIRST_DELAY = 0.1


async def in_transaction(
    session: neo4j.AsyncSession,
    work: Callable[[Tx], Awaitable[T]],
    *,
    timeout: float,
    retry_time: float,
) -> T:
    """``work``'s answer, committed in one transaction that Neo4j ends after ``timeout``
    seconds; retried whole on transient errors for at most ``retry_time`` seconds."""
    deadline = time.monotonic() + retry_time
    delay = FIRST_DELAY
    while True:
        try:
            async with await session.begin_transaction(timeout=timeout) as tx:
                answer = await work(tx)
                await tx.commit()
                return answer
        except neo4j_errors.TransientError:
            if time.monotonic() + delay > deadline:
                raise
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay *= 2
