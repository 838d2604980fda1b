"""Nothing of the change feed is lost across a restart of a replica and a restart of Neo4j:
two replicas on a Neo4j of this test's own, which it stops and starts."""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from graph_service.local_neo4j import LocalNeo4j, free_port
from tests.integration.feed_clients import Subscriber, client, replica, replica_env
from tests.integration.test_change_feed import all_positions, write


@pytest.fixture(scope="module")
def own_neo4j(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("restarted-neo4j"),
        port=free_port(),
        password=secrets.token_urlsafe(12),
        heap="512m",
    )
    server.start(600)
    try:
        yield server
    finally:
        server.stop()


def _ready(base: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while httpx.get(f"{base}/readyz", timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "the replica did not get Neo4j back"
        time.sleep(0.5)


def test_nothing_is_lost_across_restarts_of_a_replica_and_of_neo4j(
    own_neo4j: LocalNeo4j, tmp_path: Path
) -> None:
    env = replica_env(
        {**os.environ, "NEO4J_URI": own_neo4j.uri, "NEO4J_PASSWORD": own_neo4j.password}
    )
    port_a = free_port()
    log_a = tmp_path / "replica-a.log"

    async def started(stack: ExitStack, log: Path, port: int) -> str:
        # Blocking calls run in threads: the subscribers' connections must stay served.
        return await asyncio.to_thread(stack.enter_context, replica(env, log, port))

    async def scenario(b: str) -> tuple[list[str], list[str]]:
        with ExitStack() as stack_a:
            a = await started(stack_a, log_a, port_a)
            staying = await Subscriber.open(b)  # on B, through everything
            leaving = await Subscriber.open(a)
            await write(b, 0, 10, "restart")
            await leaving.receive(10)
            await leaving.close()
            await asyncio.to_thread(stack_a.close)
        last = leaving.events[-1]["position"]
        await write(b, 1, 10, "restart")  # while A is down
        with ExitStack() as stack_a:
            a = await started(stack_a, log_a, port_a)
            resumed = await Subscriber.open(a, after=last)
            await resumed.receive(10)
            await asyncio.to_thread(own_neo4j.stop)
            await asyncio.to_thread(own_neo4j.start, 600)
            await asyncio.to_thread(_ready, a)
            await asyncio.to_thread(_ready, b)
            await write(a, 2, 10, "restart")
            await resumed.receive(20)
            await staying.receive(30)
            for s in (resumed, staying):
                await s.quiet(0.5)
                await s.close()
            await asyncio.to_thread(stack_a.close)
        return (
            [e["position"] for e in leaving.events + resumed.events],
            [e["position"] for e in staying.events],
        )

    with replica(env, tmp_path / "replica-b.log") as b:
        resumed, staying = asyncio.run(scenario(b))
        expected = all_positions(b)
        assert len(expected) == 30
        assert resumed == expected and staying == expected
        counts = client(b).query("{ changes(first: 500) { events { targetIds } } }")
        assert len(counts["changes"]["events"]) == 30
