"""Getting a ready database: the local Neo4j when none is configured, the schema, the demo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import neo4j

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j
from graph_service.storage.database import connect


@contextmanager
def running_database(settings: Settings) -> Iterator[neo4j.Driver]:
    """A connected driver. With no ``NEO4J_URI`` the local Neo4j is started if needed, and
    stopped again on exit if this call started it."""
    local = LocalNeo4j.from_settings(settings) if settings.uses_local_neo4j else None
    started = local.start() if local else False
    try:
        driver = connect(settings)
        try:
            yield driver
        finally:
            driver.close()
    finally:
        if local and started:
            local.stop()
