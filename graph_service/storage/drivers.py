"""The Neo4j drivers of a running service: one for the API's async work, one for the
analytics' worker threads, both from the settings and with the same timeouts."""

from __future__ import annotations

import neo4j

from graph_service.config import Settings

Driver = neo4j.Driver
"""A synchronous driver, for those who hold one without using it (the CLI's commands)."""
AsyncDriver = neo4j.AsyncDriver

CONNECTION_TIMEOUT = 5.0
ACQUISITION_TIMEOUT = 10.0
RETRY_TIME = 10.0


def async_driver(settings: Settings) -> neo4j.AsyncDriver:
    return neo4j.AsyncGraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=CONNECTION_TIMEOUT,
        connection_acquisition_timeout=ACQUISITION_TIMEOUT,
        max_transaction_retry_time=RETRY_TIME,
    )


def sync_driver(settings: Settings) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(
        settings.effective_neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=CONNECTION_TIMEOUT,
        connection_acquisition_timeout=ACQUISITION_TIMEOUT,
        max_transaction_retry_time=RETRY_TIME,
    )
