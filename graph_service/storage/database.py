"""The one place Neo4j drivers are made: sync and async, from ``Settings``, with one set of
timeouts; Neo4j's connection errors translated into ours."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j import exceptions as neo4j_errors

from graph_service.config import Settings
from graph_service.errors import DatabaseAuthError, DatabaseUnavailable

F = TypeVar("F", bound=Callable[..., Any])
Driver = neo4j.Driver
AsyncDriver = neo4j.AsyncDriver


def _options(settings: Settings) -> dict[str, Any]:
    # Fail fast when Neo4j is away: a refused or silent connection is given up after the
    # connection timeout, a busy pool after the acquisition timeout, and a transaction that
    # failed for want of a connection is retried for the retry time only.
    return {
        "auth": (settings.neo4j_user, settings.neo4j_password),
        "connection_timeout": settings.neo4j_connection_timeout,
        "connection_acquisition_timeout": max(
            settings.neo4j_acquisition_timeout, settings.neo4j_connection_timeout
        ),
        "max_transaction_retry_time": settings.neo4j_retry_time,
        # Short first delays: a deadlock between concurrent writers is retried several times
        # within the retry time, and a Neo4j that is down still fails within it.
        "initial_retry_delay": 0.1,
        "retry_delay_multiplier": 2.0,
        "liveness_check_timeout": 30.0,
        # The queries are written from the model: on a database that holds no node of a label
        # (a fresh one, or one a partner filled in part) Neo4j would send, and the driver log
        # to stderr, a warning that the label, type or property is unknown, for every query
        # naming it (a first load printed one per relationship type).
        "notifications_disabled_classifications": [
            neo4j.NotificationDisabledClassification.UNRECOGNIZED
        ],
    }


def sync_driver(settings: Settings) -> neo4j.Driver:
    """A driver for the CLI, the loaders' services and the analytics projection."""
    uri = settings.effective_neo4j_uri
    try:
        return neo4j.GraphDatabase.driver(uri, **_options(settings))
    except (ValueError, neo4j_errors.ConfigurationError) as error:
        raise DatabaseUnavailable(f"cannot use Neo4j URI {uri}: {error}") from None


def async_driver(settings: Settings) -> neo4j.AsyncDriver:
    """A driver for the service's event loop."""
    uri = settings.effective_neo4j_uri
    try:
        return neo4j.AsyncGraphDatabase.driver(uri, **_options(settings))
    except (ValueError, neo4j_errors.ConfigurationError) as error:
        raise DatabaseUnavailable(f"cannot use Neo4j URI {uri}: {error}") from None


def timed(work: F, seconds: float) -> F:
    """``work`` (a transaction function) marked so that Neo4j terminates its transaction
    after ``seconds``."""
    marked: F = neo4j.unit_of_work(timeout=seconds)(work)
    return marked


def connect(settings: Settings) -> neo4j.Driver:
    """Open a driver to the configured Neo4j and check that it answers and accepts us."""
    uri = settings.effective_neo4j_uri
    driver = sync_driver(settings)
    try:
        with translated_errors(uri):
            driver.verify_connectivity()
    except BaseException:
        driver.close()
        raise
    return driver


@contextmanager
def translated_errors(uri: str) -> Iterator[None]:
    """Turn the driver's connection and authentication errors into one-line errors of ours."""
    try:
        yield
    except neo4j_errors.AuthError:
        raise DatabaseAuthError(
            f"Neo4j at {uri} refused the credentials (check NEO4J_USER and NEO4J_PASSWORD)"
        ) from None
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError) as error:
        raise DatabaseUnavailable(f"Neo4j at {uri} is unreachable: {_first_line(error)}") from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
