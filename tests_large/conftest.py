"""The slow tests (`make test-large`): the main suite's fixtures, a real Neo4j and Chromium, and
its configuration (the session's Neo4j port, chosen before any test runs)."""

from tests.conftest import browser, neo4j_server, pytest_configure, session_db

__all__ = ["browser", "neo4j_server", "pytest_configure", "session_db"]
