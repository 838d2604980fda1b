"""The subscription protocol's edges (keys, limits, pings, wrong operations, bad positions),
the load's summary event, pruning, and the README's partner guide, run as written."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from graph_service.config import FeedSettings
from graph_service.services.database import apply_schema
from tests.conftest import Database
from tests.integration.feed_clients import Subscriber, WebhookReceiver, client
from tests.integration.graphql_server import KEYS, serving

README = Path(__file__).resolve().parents[2] / "README.md"
CREATE = 'mutation { createTopic(input: {id: "%s", name: "%s"}) { errors { code } } }'
CREATE_FIRM = 'mutation { createFirm(input: {id: "%s", name: "%s"}) { errors { code } } }'


@pytest.fixture(scope="module")
def server(session_db: Database) -> Iterator[str]:
    """The service with quick pings, 2 subscriptions per key, and quick webhook retries."""
    session_db.wipe()
    feed = FeedSettings(
        poll_seconds=0.05, ping_seconds=0.5, subscriptions_per_key=2, webhook_backoff_seconds=0.1
    )
    apply_schema(session_db.driver, session_db.database)
    with serving(replace(session_db.settings, feed=feed)) as url:
        yield url


def _ws(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"


def test_a_connection_without_a_known_key_is_closed_with_4403(server: str) -> None:
    async def run(payload: dict[str, Any]) -> int | None:
        async with connect(_ws(server), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
            with pytest.raises(ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
            return closed.value.rcvd.code if closed.value.rcvd else None

    assert asyncio.run(run({"Authorization": "Bearer wrong-key-0123456789"})) == 4403
    assert asyncio.run(run({})) == 4403


def test_readers_subscribe_within_their_limit_and_are_pinged(server: str) -> None:
    async def run() -> None:
        first = await Subscriber.open(server, "reader")
        second = await Subscriber.open(server, "reader")
        third = await Subscriber.open(server, "reader")
        await third.quiet(1)
        assert third.errors and third.errors[0]["type"] == "error"
        assert third.errors[0]["payload"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
        other = await Subscriber.open(server, "editor")  # another key has its own limit
        await asyncio.to_thread(client(server, "editor").query, CREATE % ("t-1", "Uno"))
        for s in (first, second, other):
            (event,) = await s.receive(1)
            assert event["targetIds"] == ["t-1"] and event["operation"] == "CREATE"
        await first.quiet(1.5)
        assert first.pings >= 2  # every 0.5 s here
        await first.close()
        # A closed one frees its slot, once the server has seen the connection end.
        deadline = time.monotonic() + 10
        again = await Subscriber.open(server, "reader")
        while not await again.settled():
            await again.close()
            assert time.monotonic() < deadline, again.errors
            again = await Subscriber.open(server, "reader")
        for s in (second, third, other, again):
            await s.close()

    asyncio.run(run())


def test_only_subscriptions_go_over_websocket_and_only_queries_over_http(server: str) -> None:
    async def run() -> dict[str, Any]:
        async with connect(_ws(server), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            init = {"Authorization": f"Bearer {KEYS['admin'].secret}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": init}))
            json.loads(await ws.recv())
            query = {"query": CREATE % ("t-ws", "No")}
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": query}))
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            return message

    message = asyncio.run(run())
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "BAD_REQUEST"
    response = client(server).post("subscription { changes { position } }")
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    topics = client(server).query('{ topics(where: {id: {eq: "t-ws"}}) { nodes { id } } }')
    assert topics == {"topics": {"nodes": []}}


def test_a_position_that_is_not_one_is_refused(server: str) -> None:
    body = client(server, "reader").post('{ changes(after: "nope") { endPosition } }').json()
    assert body["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "after"}

    async def run() -> dict[str, Any]:
        s = await Subscriber.open(server, after="bm9wZQ")
        await s.quiet(1)
        await s.close()
        return s.errors[0]  # type: ignore[no-any-return]

    error = asyncio.run(run())
    assert error["payload"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_a_load_is_one_summary_event_and_prune_drops_expired_changes(
    server: str, session_db: Database
) -> None:
    reader = client(server, "reader")
    start = reader.query("{ changes(first: 1) { endPosition } }")["changes"]["endPosition"]
    done = session_db.cli("load", "demo")
    assert done.returncode == 0, done.stderr
    page = reader.query(
        "query($after: String) { changes(after: $after, where: {operations: [LOAD]}) "
        "{ events { position operation keyName labels after } } }",
        {"after": start},
    )["changes"]
    (load,) = page["events"]
    assert load["keyName"] == "cli" and "Firm" in load["labels"]
    printed = re.search(r"Association\s+(\d+)", done.stdout)  # the summary it printed
    assert printed and load["after"]["nodesCreated"]["Association"] == int(printed[1]) > 0

    session_db.query("MATCH (e:AuditEntry) SET e.at = datetime() - duration({days: 40})")
    client(server, "editor").query(CREATE % ("t-fresh", "Fresca"))
    pruned = session_db.cli("feed", "prune")
    assert pruned.returncode == 0, pruned.stderr
    assert re.match(r"pruned \d+ changes? older than 30 days", pruned.stdout)
    body = reader.post(
        "query($after: String) { changes(after: $after) { endPosition } }", {"after": start}
    ).json()
    assert body["errors"][0]["extensions"] == {"code": "POSITION_EXPIRED", "field": "after"}
    left = reader.query("{ changes { events { targetIds } } }")["changes"]["events"]
    assert left == [{"targetIds": ["t-fresh"]}]


def _readme_examples() -> dict[str, Any]:
    """The Python examples of the README's partner guide, run as they are written."""
    text = README.read_text(encoding="utf-8")
    guide = text[text.index("## Following changes") : text.index("## Analytics")]
    namespace: dict[str, Any] = {}
    for block in re.findall(r"```python\n(.*?)```", guide, re.S):
        exec(compile(block, str(README), "exec"), namespace)
    return namespace


def test_the_readme_examples_follow_resume_and_verify(server: str) -> None:
    examples = _readme_examples()
    editor = client(server, "editor")

    async def follow_until(after: str | None, count: int, ids: list[str]) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        task = asyncio.create_task(
            examples["follow"](_ws(server), KEYS["reader"].secret, after, seen.append)
        )
        await asyncio.sleep(1)
        for i in ids:  # the example follows firms and projects
            await asyncio.to_thread(editor.query, CREATE_FIRM % (i, i))
        deadline = asyncio.get_running_loop().time() + 60
        while len(seen) < count:
            assert not task.done(), task
            assert asyncio.get_running_loop().time() < deadline, seen
            await asyncio.sleep(0.05)
        task.cancel()
        return seen

    first = asyncio.run(follow_until(None, 1, ["readme-1"]))
    assert [e["targetIds"] for e in first] == [["readme-1"]]
    editor.query(CREATE % ("readme-topic", "x"))  # not followed: a topic
    editor.query(CREATE_FIRM % ("readme-2", "x"))  # while nobody follows
    resumed = asyncio.run(follow_until(first[-1]["position"], 2, ["readme-3"]))
    assert [e["targetIds"] for e in resumed] == [["readme-2"], ["readme-3"]]

    with WebhookReceiver() as receiver:
        registered = client(server).query(
            "mutation($url: String!) { registerWebhook(url: $url) { secret } }",
            {"url": receiver.url},
        )["registerWebhook"]
        editor.query(CREATE % ("readme-4", "x"))
        (delivery,) = receiver.wait_for(1)
    verify = examples["verify"]
    assert verify(registered["secret"], delivery.signature, delivery.body)
    assert not verify(registered["secret"], delivery.signature, delivery.body + b" ")
    assert not verify("whsec_another", delivery.signature, delivery.body)
    assert json.loads(delivery.body)["targetIds"] == ["readme-4"]
    assert httpx.get(f"{server}/healthz").status_code == 200


def test_a_subscription_over_the_request_limits_is_refused(server: str) -> None:
    ids = [f"firm-{i}" for i in range(5_000)]  # the most a list argument may hold is 1,000

    async def run() -> dict[str, Any]:
        async with connect(_ws(server), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
            init = {"Authorization": f"Bearer {KEYS['reader'].secret}"}
            await ws.send(json.dumps({"type": "connection_init", "payload": init}))
            json.loads(await ws.recv())
            payload = {
                "query": "subscription($ids: [ID!]) { changes(where: {ids: $ids}) { position } }",
                "variables": {"ids": ids},
            }
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
            message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 10))
            return message

    message = asyncio.run(run())
    assert message["type"] == "error"
    assert message["payload"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert message["payload"][0]["extensions"]["limit"] == "maxListItems"
