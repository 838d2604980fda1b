"""The one error hierarchy of graph_service; each boundary translates it once.

Every error raised on purpose derives from :class:`GraphServiceError` and carries a class-level
``code``: the stable word a client reads (GraphQL ``extensions.code``, the CLI's message). The
API keeps one table from code to HTTP status (``graph_service.api.errors``); nothing guesses a
code from an error's text or attributes. Storage turns every Neo4j error into one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


class GraphServiceError(Exception):
    """Base of every error graph_service raises on purpose."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    field: str | None = None
    """The input field at fault (``input.ownShare``, ``to``), when one is."""


# --- the service's surroundings ------------------------------------------------------------


class ConfigurationError(GraphServiceError):
    """A setting from the environment is missing or malformed."""

    code = "CONFIGURATION"


class DatabaseUnavailable(GraphServiceError):
    """Neo4j cannot be reached at the configured URI (or stopped answering)."""

    code = "SERVICE_UNAVAILABLE"


class DatabaseAuthError(GraphServiceError):
    """Neo4j refused the configured credentials."""

    code = "SERVICE_UNAVAILABLE"


class DatabaseError(GraphServiceError):
    """Neo4j refused or failed a query for a reason that is not the caller's input."""

    code = "DATABASE_ERROR"


class LocalNeo4jError(GraphServiceError):
    """The local Neo4j could not be built, started or stopped."""

    code = "LOCAL_NEO4J"


class Timeout(GraphServiceError):
    """A piece of work took longer than it is allowed to."""

    code = "TIMEOUT"


class OutputNotWritten(GraphServiceError):
    """A file the user asked for could not be written."""

    code = "OUTPUT_NOT_WRITTEN"


# --- what a caller asked for ---------------------------------------------------------------


class Forbidden(GraphServiceError):
    """The caller's role may not do this."""

    code = "FORBIDDEN"


class InvalidArgument(GraphServiceError):
    """An argument is out of range or malformed (a page too large, a bad cursor, ...)."""

    code = "INVALID_INPUT"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(GraphServiceError):
    """A node (or the relationship) named by the caller does not exist."""

    code = "NOT_FOUND"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class LimitExceeded(GraphServiceError):
    """A bound of the service would be passed (too long, too large, too many: views,
    subscriptions, webhooks, ...)."""

    code = "LIMIT_EXCEEDED"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class DuplicateId(GraphServiceError):
    """A node with this id already exists (ids are unique across labels)."""

    code = "DUPLICATE_ID"

    def __init__(self, message: str, field: str | None = "input.id") -> None:
        super().__init__(message)
        self.field = field


class VersionConflict(GraphServiceError):
    """Someone else changed the node since the caller read it."""

    code = "CONFLICT"

    def __init__(self, message: str, field: str | None = "expectedVersion") -> None:
        super().__init__(message)
        self.field = field


class ItemsRefused(GraphServiceError):
    """Items of a bulk change are wrong; each error names its item (``input.<index>...``).
    Nothing of the call was written."""

    code = "INVALID_INPUT"

    def __init__(self, errors: list[GraphServiceError]) -> None:
        self.errors = errors
        self.field = None
        count = len(errors)
        super().__init__(f"{count} item{'s' if count != 1 else ''} refused: nothing was written")


class TooManyItems(GraphServiceError):
    """A bulk change names more items than one call may."""

    code = "LIMIT_EXCEEDED"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.field = "input"


class PositionExpired(GraphServiceError):
    """A position of the change feed older than what is retained: the changes after it are
    gone, and the caller must read the current state again."""

    code = "POSITION_EXPIRED"

    def __init__(self, message: str, field: str | None = "after") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with an input: where (file, line, field) and what."""

    source: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        return f"{where}: {self.message}"


class InvalidInput(GraphServiceError):
    """An input (an import file, an argument) has problems; all of them are listed."""

    code = "INVALID_INPUT"

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")


# --- the analyses ----------------------------------------------------------------------------


class AnalyticsError(GraphServiceError):
    """Base of the errors an analysis raises on purpose."""

    code = "INVALID_INPUT"


class NodeNotFound(AnalyticsError):
    """A node id named in a request is not in the graph."""

    code = "NOT_FOUND"

    def __init__(self, node_id: str) -> None:
        self.node_id = node_id
        super().__init__(f"no node with id {node_id!r} in the graph")


class UnknownLabel(AnalyticsError):
    """A label that is not in the graph model."""

    def __init__(self, label: str) -> None:
        self.label = label
        super().__init__(f"{label!r} is not a label of the graph model")


class UnknownRelationshipType(AnalyticsError):
    """A relationship type that is not in the graph model."""

    def __init__(self, type_: str) -> None:
        self.type = type_
        super().__init__(f"{type_!r} is not a relationship type of the graph model")


class InvalidParameter(AnalyticsError):
    """A parameter of an analysis is out of range (a negative radius, zero sources, ...)."""
