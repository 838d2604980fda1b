"""GraphQL over HTTP at ``/graphql``: GET for queries, POST for everything, the
``application/graphql-response+json`` media type and its status codes, Bearer keys."""

from __future__ import annotations

import asyncio
import json
import logging
from contextlib import nullcontext
from typing import Any

import orjson
from graphql import GraphQLSchema
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from graph_service.api.auth import KeyRing
from graph_service.api.errors import HTTP_STATUS, error_code
from graph_service.api.executor import Executor, Outcome, RequestError
from graph_service.api.graphiql import graphiql_headers, graphiql_html
from graph_service.api.limits import Limits
from graph_service.api.observability import request_info
from graph_service.api.rate_limit import RateLimiter
from graph_service.api.request_limits import check_request
from graph_service.api.turns import Turns
from graph_service.config import Settings
from graph_service.errors import GraphServiceError

log = logging.getLogger(__name__)

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
CYPHER_QUERIES_HEADER = "graph-service-cypher-queries"


class GraphQLEndpoint:
    def __init__(
        self,
        executor: Executor,
        keys: KeyRing,
        limits: Limits,
        graphiql: bool,
        rate_limiter: RateLimiter | None = None,
        *,
        schema: GraphQLSchema,
        request_timeout: float = 130.0,
        turns: Turns | None = None,
    ) -> None:
        self._schema = schema
        self._request_timeout = request_timeout
        self._turns = turns or Turns(Settings.max_active_requests)
        self._executor = executor
        self._keys = keys
        self._limits = limits
        self._graphiql = graphiql
        self._rate_limiter = rate_limiter

    async def __call__(self, request: Request) -> Response:
        response = await self._answer(request)
        if response.status_code != 200 and response.media_type in (JSON, GRAPHQL_RESPONSE):
            # Small error bodies; a 200's codes were noted while answering.
            request_info(request).error_codes += _codes(response.body)
        return response

    async def _answer(self, request: Request) -> Response:
        info = request_info(request)
        media_type = _negotiate(request.headers.get("accept"))
        if request.method == "GET" and self._graphiql and _wants_html(request):
            return HTMLResponse(graphiql_html(), headers=graphiql_headers())
        if media_type is None:
            return _plain(406, f"accepts {GRAPHQL_RESPONSE} or {JSON}")
        # A wrong key and a missing one get the very same answer (and take the same time:
        # KeyRing compares digests in constant time), so a caller learns nothing from it.
        key = self._keys.identify(request.headers.getlist("authorization"))
        if key is None:
            return _error_response(
                401,
                media_type,
                "a valid API key is required: Authorization: Bearer <key>",
                "UNAUTHENTICATED",
                {"www-authenticate": 'Bearer realm="graph_service"'},
            )
        info.key_name = key.name
        if self._rate_limiter is not None:
            wait = self._rate_limiter.acquire(key.name)
            if wait is not None:
                return _error_response(
                    429,
                    media_type,
                    f"too many requests for this key: try again in {wait} s",
                    "RATE_LIMITED",
                    {"retry-after": str(wait)},
                )
        params = await self._params(request, media_type)
        if isinstance(params, Response):
            return params
        query, variables, operation_name = params
        deadline = asyncio.timeout(self._request_timeout)
        try:
            prepared = self._executor.prepare(query, operation_name)
            if prepared.is_mutation and request.method == "GET":
                return _error_response(
                    405,
                    media_type,
                    "mutations must be sent with POST",
                    "BAD_REQUEST",
                    {"allow": "POST"},
                )
            problems = check_request(
                prepared.arguments,
                prepared.operation,
                prepared.fragments,
                variables,
                key.role,
                self._limits,
            )
            if problems:
                raise RequestError(problems)
            async with deadline:
                turn = self._turns.turn() if self._executor.takes_turns(prepared) else nullcontext()
                async with turn:
                    outcome = await self._executor.run(prepared, variables, key)
        except RequestError as error:
            status = 400 if media_type == GRAPHQL_RESPONSE else 200
            body = {"errors": [e.formatted for e in error.errors]}
            if status == 200:
                info.error_codes += [error_code(dict(e.formatted)) for e in error.errors]
            return Response(orjson.dumps(body), status, media_type=media_type)
        except Exception as error:
            if isinstance(error, TimeoutError) and deadline.expired():
                message = f"the request took longer than {self._request_timeout:g} s"
                return _error_response(504, media_type, message, "TIMEOUT")
            if isinstance(error, GraphServiceError):  # Neo4j's failures, translated by storage
                log.warning("the request failed: %s (%s)", error, error.code)
                status = HTTP_STATUS.get(error.code, 500)
                return _error_response(status, media_type, str(error), error.code)
            log.exception("unexpected error executing a GraphQL request by %s", key.name)
            return _error_response(
                500, media_type, "Internal server error", "INTERNAL_SERVER_ERROR"
            )
        info.cypher_queries = outcome.cypher_queries
        response = _outcome_response(outcome, media_type)
        if response.status_code == 200:  # other statuses: codes are read from the body
            info.error_codes += outcome.error_codes
        return response

    async def _params(
        self, request: Request, media_type: str
    ) -> tuple[str, dict[str, Any] | None, str | None] | Response:
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            if "variables" in raw:
                try:
                    raw["variables"] = json.loads(raw["variables"])
                except ValueError:
                    return _error_response(400, media_type, "variables is not JSON", "BAD_REQUEST")
            if "extensions" in raw:
                try:
                    raw["extensions"] = json.loads(raw["extensions"])
                except ValueError:
                    return _error_response(400, media_type, "extensions is not JSON", "BAD_REQUEST")
        else:
            content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type != JSON:
                return _plain(415, f"POST a {JSON} body")
            body = await request.body()  # bounded by the BodyLimit middleware
            try:
                raw = orjson.loads(body)
            except orjson.JSONDecodeError:
                return _error_response(400, media_type, "the body is not JSON", "BAD_REQUEST")
            if not isinstance(raw, dict):
                return _error_response(
                    400, media_type, "the body must be a JSON object", "BAD_REQUEST"
                )
        query = raw.get("query")
        variables = raw.get("variables")
        operation_name = raw.get("operationName")
        extensions = raw.get("extensions")
        if not isinstance(query, str) or not query.strip():
            return _error_response(
                400, media_type, "query must be a non-empty string", "BAD_REQUEST"
            )
        if variables is not None and not isinstance(variables, dict):
            return _error_response(400, media_type, "variables must be an object", "BAD_REQUEST")
        if operation_name is not None and not isinstance(operation_name, str):
            return _error_response(400, media_type, "operationName must be a string", "BAD_REQUEST")
        if extensions is not None and not isinstance(extensions, dict):
            return _error_response(400, media_type, "extensions must be an object", "BAD_REQUEST")
        return query, variables, operation_name


def _codes(body: bytes | memoryview) -> list[str]:
    try:
        parsed = orjson.loads(bytes(body))
    except orjson.JSONDecodeError:
        return []
    errors = parsed.get("errors") if isinstance(parsed, dict) else None
    if not isinstance(errors, list):
        return []
    return [error_code(e) if isinstance(e, dict) else "BAD_REQUEST" for e in errors]


def _negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header; None if nothing acceptable."""
    if not accept:
        return JSON
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for media in wanted:
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media == JSON:
            return JSON
        if media in ("*/*", "application/*"):
            return JSON  # what a client asking for anything most likely understands
    return None


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "") and "query" not in request.query_params


def _outcome_response(outcome: Outcome, media_type: str) -> Response:
    status = 200
    if media_type == GRAPHQL_RESPONSE and outcome.unavailable:
        status = 503
    return Response(
        orjson.dumps(outcome.body()),
        status,
        media_type=media_type,
        headers={CYPHER_QUERIES_HEADER: str(outcome.cypher_queries)},
    )


def _error_response(
    status: int, media_type: str, message: str, code: str, headers: dict[str, str] | None = None
) -> Response:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    return Response(orjson.dumps(body), status, media_type=media_type, headers=headers)


_PLAIN_CODES = {406: "NOT_ACCEPTABLE", 413: "PAYLOAD_TOO_LARGE", 415: "UNSUPPORTED_MEDIA_TYPE"}


def _plain(status: int, message: str) -> Response:
    """An answer in plain JSON, for a client that cannot take (or did not send) GraphQL's."""
    body = {"errors": [{"message": message, "extensions": {"code": _PLAIN_CODES[status]}}]}
    return Response(orjson.dumps(body), status, media_type=JSON)
