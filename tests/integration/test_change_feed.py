"""The change feed over WebSocket (``graphql-transport-ws``), with two replicas of the service
as separate processes on one Neo4j: concurrent writers, several subscribers, resuming."""

from __future__ import annotations

import asyncio
import os
from typing import Any

import httpx

from tests.integration.feed_clients import Subscriber, client
from tests.integration.graphql_server import KEYS

WRITERS = 8
MUTATIONS = int(os.environ.get("FEED_TEST_MUTATIONS", "500"))
"""In all, across the writers (``make soak`` raises it)."""

CREATE = "mutation($id: ID!, $name: String!) { createFirm(input: {id: $id, name: $name}) { errors { code } } }"
UPDATE = "mutation($id: ID!, $town: String!) { updateFirm(id: $id, input: {town: $town}) { errors { code } } }"


async def write(base: str, writer: int, count: int, prefix: str = "feed-firm") -> None:
    """One writer: a firm of its own, created then updated ``count - 1`` times."""
    headers = {"authorization": f"Bearer {KEYS['editor'].secret}"}
    firm = f"{prefix}-{writer}"
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as http:
        for n in range(count):
            if n == 0:
                body: dict[str, Any] = {"query": CREATE, "variables": {"id": firm, "name": firm}}
            else:
                body = {"query": UPDATE, "variables": {"id": firm, "town": f"town-{n}"}}
            response = await http.post("/graphql", json=body)
            payload = response.json()["data"]
            assert all(not p["errors"] for p in payload.values()), payload


def _check_order(events: list[dict[str, Any]], expected: list[str]) -> None:
    """Exactly the committed changes, in commit order, each once: the positions of the feed
    (increasing), and each firm's own changes in the order they were made."""
    assert [e["position"] for e in events] == expected
    for writer in range(WRITERS):
        towns = [
            e["after"].get("town") for e in events if e["targetIds"] == [f"feed-firm-{writer}"]
        ]
        assert towns == [None, *(f"town-{n}" for n in range(1, len(towns)))]


def all_positions(base: str) -> list[str]:
    """Every position of the feed, read page by page with the ``changes`` query."""
    reader = client(base, "reader")
    positions: list[str] = []
    after = None
    while True:
        page = reader.query(
            "query($after: String) { changes(after: $after, first: 500) "
            "{ events { position } endPosition hasMore } }",
            {"after": after},
        )["changes"]
        positions += [e["position"] for e in page["events"]]
        after = page["endPosition"]
        if not page["hasMore"]:
            return positions


def test_concurrent_writers_reach_every_subscriber_once_in_commit_order(
    replicas: list[str],
) -> None:
    """8 writers spread over two replicas; 3 subscribers spread over both get every change
    once, in commit order; a 4th disconnects half-way and resumes on the other replica from its
    last position, missing nothing and seeing nothing twice."""
    per_writer = MUTATIONS // WRITERS

    async def scenario() -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
        subscribers = [await Subscriber.open(replicas[i % 2]) for i in range(3)]
        leaving = await Subscriber.open(replicas[0])
        writers = [
            asyncio.create_task(write(replicas[w % 2], w, per_writer)) for w in range(WRITERS)
        ]
        half = await leaving.receive(WRITERS * per_writer // 2)
        await leaving.close()
        last = half[-1]["position"]
        rest = await Subscriber.open(replicas[1], after=last)
        await asyncio.gather(*writers)
        total = WRITERS * per_writer
        for s in subscribers:
            await s.receive(total)
        await rest.receive(total - len(half))
        for s in [*subscribers, rest]:
            await s.quiet(0.5)  # nothing more, nothing twice
            await s.close()
        return [s.events for s in subscribers], half + rest.events

    received, resumed = asyncio.run(scenario())
    expected = all_positions(replicas[0])
    assert len(expected) == WRITERS * (MUTATIONS // WRITERS)
    for events in [*received, resumed]:
        _check_order(events, expected)
    assert {e["keyName"] for e in received[0]} == {KEYS["editor"].name}
