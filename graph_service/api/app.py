"""The Starlette application: GraphQL at ``/graphql`` (HTTP; subscriptions over WebSocket on
the same path), the graph browser at ``/explore``,
health at ``/healthz`` and ``/readyz``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import strawberry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from graph_service import __version__
from graph_service.api.auth import KeyRing
from graph_service.api.body_limit import BodyLimit
from graph_service.api.documents import Documents
from graph_service.api.executor import Executor
from graph_service.api.explore import explore_routes
from graph_service.api.graphiql import graphiql_routes
from graph_service.api.graphql_http import CYPHER_QUERIES_HEADER, GraphQLEndpoint
from graph_service.api.limits import Limits
from graph_service.api.metrics import Metrics
from graph_service.api.observability import REQUEST_ID_HEADER, RequestObserver
from graph_service.api.rate_limit import RateLimiter
from graph_service.api.schema import build_schema
from graph_service.api.subscriptions import SubscriptionEndpoint
from graph_service.api.turns import Turns
from graph_service.config import Settings
from graph_service.errors import GraphServiceError
from graph_service.services.container import Services, open_services

READY_WITHIN = 1.5
"""Seconds /readyz waits for Neo4j before it says not ready."""


class State(TypedDict):
    services: Services
    graphql: GraphQLEndpoint


def create_app(
    settings: Settings, schema: strawberry.Schema | None = None, limits: Limits | None = None
) -> Starlette:
    """The service's application; its lifespan owns the Neo4j driver."""
    schema = schema or build_schema()
    limits = limits or Limits(max_body_bytes=settings.max_body_bytes)
    keys = KeyRing(settings.api_keys)
    metrics = Metrics()
    subscriptions = SubscriptionEndpoint(
        schema,
        keys,
        settings.feed,
        Documents(schema._schema, limits, settings.introspection),
        settings.cors_origins,
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[State]:
        async with open_services(
            settings, observe=metrics.observe_neo4j, on_cache=metrics.observe_cache
        ) as services:
            executor = Executor(schema, services, limits, settings.introspection)
            limiter = RateLimiter(settings.rate_limit) if settings.rate_limit else None
            endpoint = GraphQLEndpoint(
                executor,
                keys,
                limits,
                settings.graphiql,
                limiter,
                schema=schema._schema,
                request_timeout=settings.request_timeout,
                turns=Turns(settings.max_active_requests),
            )
            yield {"services": services, "graphql": endpoint}

    routes = [
        Route("/healthz", healthz),
        Route("/readyz", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", subscriptions),
        *explore_routes(settings.node_modules, keys),
    ]
    if settings.graphiql:
        routes += graphiql_routes(settings.node_modules)
    if settings.metrics:
        routes.append(Route("/metrics", metrics.endpoint))
    middleware = [
        Middleware(RequestObserver, metrics=metrics),
        Middleware(
            BodyLimit, max_bytes=settings.max_body_bytes, read_timeout=settings.read_timeout
        ),
    ]
    if settings.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "accept", REQUEST_ID_HEADER],
                expose_headers=[REQUEST_ID_HEADER, CYPHER_QUERIES_HEADER],
                max_age=600,
            )
        )
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


async def graphql(request: Request) -> Response:
    endpoint: GraphQLEndpoint = request.state.graphql
    return await endpoint(request)


async def healthz(request: Request) -> JSONResponse:
    """The process is alive (says nothing of Neo4j)."""
    return JSONResponse({"status": "ok", "version": __version__})


async def readyz(request: Request) -> JSONResponse:
    """Neo4j answers a query: the service can serve requests."""
    services: Services = request.state.services
    try:
        async with asyncio.timeout(READY_WITHIN):
            await services.reads.ready()
    except TimeoutError:
        detail = f"Neo4j did not answer within {READY_WITHIN:g} s"
        return _unready("SERVICE_UNAVAILABLE", detail)
    except GraphServiceError as error:
        return _unready(error.code, str(error))
    return JSONResponse({"status": "ready"})


def _unready(code: str, detail: str) -> JSONResponse:
    body = {"status": "unavailable", "reason": code, "detail": detail}
    return JSONResponse(body, status_code=503)
