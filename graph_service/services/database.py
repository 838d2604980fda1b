"""Getting a ready database: the local Neo4j when none is configured, the schema, the demo."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j
from graph_service.storage import schema
from graph_service.storage.database import Driver, connect
from graph_service.storage.errors import translated
from graph_service.storage.graph_store import GraphStore


@contextmanager
def running_database(settings: Settings) -> Iterator[Driver]:
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


def apply_schema(driver: Driver, database: str, transaction_timeout: float = 300.0) -> int:
    """Create the model's constraints and indexes where missing; how many are present."""
    with translated():
        return schema.apply_schema(driver, database, transaction_timeout)


def is_empty(driver: Driver, database: str) -> bool:
    """Whether the database holds no node of the graph model."""
    with translated():
        return GraphStore(driver, database).node_count() == 0


def schema_text() -> str:
    """The Neo4j schema file (``schema/neo4j.cypher``) generated from the model."""
    return schema.schema_file_text()
