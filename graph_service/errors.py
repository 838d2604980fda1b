"""The one error hierarchy of graph_service; each boundary translates it once."""

from __future__ import annotations

from dataclasses import dataclass


class GraphServiceError(Exception):
    """Base of every error graph_service raises on purpose."""


class ConfigurationError(GraphServiceError):
    """A setting from the environment is missing or malformed."""


class DatabaseUnavailable(GraphServiceError):
    """Neo4j cannot be reached at the configured URI."""


class DatabaseAuthError(GraphServiceError):
    """Neo4j refused the configured credentials."""


class LocalNeo4jError(GraphServiceError):
    """The local Neo4j could not be built, started or stopped."""


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

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")
