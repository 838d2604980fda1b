"""The slow tests (`make test-large`): the main suite's fixtures, a real Neo4j and Chromium."""

from tests.conftest import browser, neo4j_server, session_db

__all__ = ["browser", "neo4j_server", "session_db"]
