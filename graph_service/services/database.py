"""Getting a ready database: the local Neo4j when none is configured, the schema, the demo;
and the service's own drivers, with its readiness check."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j
from graph_service.storage import database as storage


@contextmanager
def running_database(settings: Settings) -> Iterator[storage.Driver]:
    """A connected driver. With no ``NEO4J_URI`` the local Neo4j is started if needed, and
    stopped again on exit if this call started it."""
    local = LocalNeo4j.from_settings(settings) if settings.uses_local_neo4j else None
    started = local.start() if local else False
    try:
        driver = storage.connect(settings)
        try:
            yield driver
        finally:
            driver.close()
    finally:
        if local and started:
            local.stop()


failure_code = storage.failure_code


class ServiceDatabase:
    """The service's two drivers (async for requests, sync for the analytics' worker threads),
    both from the one factory in storage, with the same timeouts."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = settings.neo4j_database
        self.async_driver = storage.async_driver(settings)
        self.sync_driver = storage.sync_driver(settings)

    async def unready_reason(self, within: float) -> str | None:
        """None if Neo4j answers a query within ``within`` seconds, else why not."""
        try:
            async with asyncio.timeout(within):
                await storage.ping(self.async_driver, self.name)
        except TimeoutError:
            return f"Neo4j did not answer within {within:g} s"
        except storage.Unreachable as error:
            return str(error)
        return None

    async def close(self) -> None:
        await self.async_driver.close()
        self.sync_driver.close()
