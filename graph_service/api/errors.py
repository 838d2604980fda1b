"""The one table from an error's code to what a client gets: the GraphQL error's
``extensions.code`` and, where the whole request fails, the HTTP status.

Our errors carry their code (:mod:`graph_service.errors`); graphql-core's own (syntax,
validation, variables) get theirs here, with the names Apollo Server gives them, so that a
partner's client can tell every failure apart by ``extensions.code`` alone.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLEnumType, GraphQLError, GraphQLSchema

from graph_service.errors import GraphServiceError

log = logging.getLogger(__name__)

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
BAD_REQUEST = "BAD_REQUEST"
INTERNAL = "INTERNAL_SERVER_ERROR"

HTTP_STATUS: dict[str, int] = {
    PARSE_FAILED: 400,
    VALIDATION_FAILED: 400,
    BAD_USER_INPUT: 400,
    BAD_REQUEST: 400,
    "LIMIT_EXCEEDED": 400,
    "INVALID_INPUT": 400,
    "UNAUTHENTICATED": 401,
    "NOT_ACCEPTABLE": 406,
    "REQUEST_TIMEOUT": 408,
    "PAYLOAD_TOO_LARGE": 413,
    "UNSUPPORTED_MEDIA_TYPE": 415,
    "FORBIDDEN": 403,
    "NOT_FOUND": 404,
    "DUPLICATE_ID": 409,
    "CONFLICT": 409,
    "POSITION_EXPIRED": 410,
    "RATE_LIMITED": 429,
    "SERVICE_UNAVAILABLE": 503,
    "TIMEOUT": 504,
    INTERNAL: 500,
}
"""The status of a request that failed as a whole with this code (others: 200, the error in
the body next to whatever data could be answered)."""


def with_code(error: GraphQLError, code: str) -> GraphQLError:
    """``error`` with ``extensions.code`` set (kept if it has one already)."""
    if isinstance((error.extensions or {}).get("code"), str):
        return error
    return GraphQLError(
        error.message,
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        {**(error.extensions or {}), "code": code},
    )


_NOT_IN_ENUM = re.compile(
    r"does not exist in '(?P<enum>\w+)' enum|Enum '(?P<other>\w+)' cannot represent"
)


def with_allowed_values(error: GraphQLError, schema: GraphQLSchema) -> GraphQLError:
    """``error`` naming the allowed values when it is about a value outside an enum
    (graphql-core names only the enum, at best with a guess)."""
    match = _NOT_IN_ENUM.search(error.message)
    enum = schema.get_type(match["enum"] or match["other"]) if match else None
    if not isinstance(enum, GraphQLEnumType):
        return error
    allowed = ", ".join(enum.values)
    message = error.message.rstrip()
    separator = " " if message.endswith((".", "?")) else ". "
    return GraphQLError(
        f"{message}{separator}Allowed values: {allowed}.",
        error.nodes,
        error.source,
        error.positions,
        error.path,
        error.original_error,
        error.extensions,
    )


def formatted(error: GraphQLError) -> dict[str, Any]:
    """A field's error as it goes to the client: ours with their code and field, anything
    unexpected masked (and logged) as INTERNAL_SERVER_ERROR."""
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return dict(with_code(error, VALIDATION_FAILED).formatted)
    if isinstance(original, GraphServiceError):
        extensions: dict[str, Any] = {"code": original.code}
        if original.field is not None:
            extensions["field"] = original.field
        return {**dict(error.formatted), "extensions": extensions}
    log.error("unexpected error in %s", error.path, exc_info=original)
    return {
        "message": "Internal server error",
        "locations": [loc.formatted for loc in error.locations or ()],
        "path": error.path,
        "extensions": {"code": INTERNAL},
    }


def error_code(error: dict[str, Any]) -> str:
    """The code of a formatted GraphQL error."""
    extensions = error.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else None
    return code if isinstance(code, str) else BAD_REQUEST


def request_failure(
    error: GraphServiceError, path: list[str | int] | None = None
) -> dict[str, Any]:
    """One of our errors as a top-level GraphQL error (no field resolver involved)."""
    body: dict[str, Any] = {"message": str(error), "extensions": {"code": error.code}}
    if error.field is not None:
        body["extensions"]["field"] = error.field
    if path is not None:
        body["path"] = path
    return body
