"""The real ``graph-service serve`` process, shared by the adversarial tests that measure it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.adversarial.served import Served, graph_service_serve
from tests.conftest import Database

READ_TIMEOUT = 2
KEEP_ALIVE = 1


@pytest.fixture(scope="session")
def served(session_db: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    session_db.ensure_demo()
    env = {
        **session_db.env,
        "GRAPH_SERVICE_READ_TIMEOUT": str(READ_TIMEOUT),
        "GRAPH_SERVICE_KEEP_ALIVE_TIMEOUT": str(KEEP_ALIVE),
    }
    with graph_service_serve(env, tmp_path_factory.mktemp("serve") / "serve.log") as server:
        yield server
