"""Fixtures of the integration tests that need more than the session's Neo4j."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from tests.conftest import Database
from tests.integration.feed_clients import replica, replica_env


@pytest.fixture(scope="module")
def replicas(session_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two ``graph-service serve`` processes on the session's Neo4j."""
    session_db.wipe()
    logs = tmp_path_factory.mktemp("replicas")
    env = replica_env(session_db.env)
    with ExitStack() as stack:
        yield [stack.enter_context(replica(env, logs / f"replica-{i}.log")) for i in (1, 2)]
