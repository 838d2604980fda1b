"""The Starlette application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import neo4j
from neo4j import exceptions as neo4j_errors
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from graph_service import __version__
from graph_service.config import Settings


class State(TypedDict):
    driver: neo4j.AsyncDriver
    database: str


def create_app(settings: Settings) -> Starlette:
    """The service's application; its lifespan owns the Neo4j driver."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        driver = neo4j.AsyncGraphDatabase.driver(
            settings.effective_neo4j_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=5.0,
        )
        try:
            yield {"driver": driver, "database": settings.neo4j_database}
        finally:
            await driver.close()

    return Starlette(
        routes=[Route("/healthz", healthz), Route("/readyz", readyz)],
        lifespan=lifespan,
    )


async def healthz(request: Request) -> JSONResponse:
    """The process is alive (says nothing of Neo4j)."""
    return JSONResponse({"status": "ok", "version": __version__})


async def readyz(request: Request) -> JSONResponse:
    """Neo4j answers a query: the service can serve requests."""
    driver: neo4j.AsyncDriver = request.state.driver
    try:
        await driver.execute_query("RETURN 1", database_=request.state.database)
    except (neo4j_errors.Neo4jError, neo4j_errors.DriverError, OSError) as error:
        return JSONResponse(
            {"status": "unavailable", "reason": type(error).__name__}, status_code=503
        )
    return JSONResponse({"status": "ready"})
