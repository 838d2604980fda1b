"""Neo4j's errors turned into graph_service's, once, at the edge of storage.

Nothing of the driver's exceptions (nor Neo4j's own status codes) leaves the storage layer:
an unreachable database is :class:`~graph_service.errors.DatabaseUnavailable`, a transaction
that ran past its time is :class:`~graph_service.errors.Timeout`, anything else Neo4j refuses is
:class:`~graph_service.errors.DatabaseError`, with the details in the log only.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from neo4j import exceptions as neo4j_errors

from graph_service.errors import (
    DatabaseAuthError,
    DatabaseError,
    DatabaseUnavailable,
    GraphServiceError,
    Timeout,
)

log = logging.getLogger(__name__)

_TIMED_OUT = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
    "Neo.TransientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.TransactionTimedOutClientConfiguration",
)


def translate(error: BaseException) -> GraphServiceError | None:
    """Ours for a driver error (or a socket's); None for anything else.

    Examples
    --------
    >>> translate(neo4j_errors.ServiceUnavailable("connection refused")).code
    'SERVICE_UNAVAILABLE'
    >>> translate(ValueError("not a driver error")) is None
    True
    """
    if isinstance(error, GraphServiceError):
        return error
    if isinstance(error, neo4j_errors.AuthError):
        return DatabaseAuthError("Neo4j refused the configured credentials")
    if isinstance(
        error,
        neo4j_errors.ServiceUnavailable
        | neo4j_errors.SessionExpired
        | neo4j_errors.ConnectionPoolError
        | OSError,
    ):
        return DatabaseUnavailable("the graph database is unavailable; try again shortly")
    if isinstance(error, neo4j_errors.Neo4jError):
        if error.code in _TIMED_OUT or "Terminated" in (error.code or ""):
            return Timeout("the graph database gave up on the query: it took too long")
        if isinstance(error, neo4j_errors.TransientError):
            return DatabaseUnavailable("the graph database is busy; try again shortly")
        log.error("Neo4j refused a query: %s %s", error.code, error.message)
        return DatabaseError("the graph database could not answer this request")
    if isinstance(error, neo4j_errors.DriverError):
        log.error("the Neo4j driver failed: %r", error)
        return DatabaseError("the graph database could not answer this request")
    return None


@contextmanager
def translated() -> Iterator[None]:
    """Run a block of driver calls with their errors translated."""
    try:
        yield
    except Exception as error:
        ours = translate(error)
        if ours is None or ours is error:
            raise
        raise ours from error


@asynccontextmanager
async def translated_async() -> AsyncIterator[None]:
    """:func:`translated` for ``async with``."""
    try:
        yield
    except Exception as error:
        ours = translate(error)
        if ours is None or ours is error:
            raise
        raise ours from error
