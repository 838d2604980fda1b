"""Opening the Neo4j driver, with Neo4j's errors translated into ours."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j
from neo4j import exceptions as neo4j_errors

from graph_service.config import Settings
from graph_service.errors import DatabaseAuthError, DatabaseUnavailable


def connect(settings: Settings) -> neo4j.Driver:
    """Open a driver to the configured Neo4j and check that it answers and accepts us."""
    uri = settings.effective_neo4j_uri
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=10.0,
            max_transaction_retry_time=15.0,
        )
    except (ValueError, neo4j_errors.ConfigurationError) as error:
        raise DatabaseUnavailable(f"cannot use Neo4j URI {uri}: {error}") from None
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
