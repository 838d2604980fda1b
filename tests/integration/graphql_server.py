"""A live service for the GraphQL tests: uvicorn on a free loopback port, in a thread."""

from __future__ import annotations

import gc
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import uvicorn

from graph_service.api.app import create_app
from graph_service.api.http_server import server_options
from graph_service.config import ApiKey, Settings
from graph_service.local_neo4j import free_port

KEYS = {
    role: ApiKey(f"test-{role}", role, f"{role}-key-for-the-test-suite-0123")
    for role in ("reader", "editor", "analyst", "admin")
}


@dataclass
class GraphQLClient:
    url: str
    key: str = KEYS["admin"].secret

    def post(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> httpx.Response:
        body: dict[str, Any] = {"query": query}
        if variables is not None:
            body["variables"] = variables
        return httpx.post(
            self.url,
            json=body,
            headers={
                "authorization": f"Bearer {self.key}",
                "accept": "application/graphql-response+json",
                **headers,
            },
            timeout=30,
        )

    def query(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The data of a query that must succeed."""
        response = self.post(query, variables)
        body: dict[str, Any] = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def as_role(self, role: str) -> GraphQLClient:
        return GraphQLClient(self.url, KEYS[role].secret)


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """Serve the app until the block ends; yields the base URL."""
    port = free_port()
    settings = replace(settings, host="127.0.0.1", port=port, api_keys=tuple(KEYS.values()))
    config = uvicorn.Config(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **server_options(settings),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the service did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


REFUSED_SOCKETS = "ignore:unclosed <socket:ResourceWarning"
"""A filter for the tests that stop Neo4j on purpose: the driver leaves the socket of each
connection Neo4j refused, or closed under it, to Python's cycle collector (it sits in the
failed attempt's traceback), which warns of it wherever it passes next."""


def collect_refused_sockets() -> None:
    """Collect those sockets now, in the test that stopped Neo4j, rather than in whichever test
    runs when the collector next passes (whose run the warning would fail)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
