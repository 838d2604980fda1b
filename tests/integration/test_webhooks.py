"""Webhooks: a partner's endpoint on loopback receives the change feed, signed, once, in order,
through retries, a pause and a replay, with two replicas competing to deliver."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from typing import Any

from tests.integration.feed_clients import WebhookReceiver, client
from tests.integration.test_change_feed import write

REGISTER = (
    "mutation($url: String!, $where: ChangeFilter) { registerWebhook(url: $url, where: $where) "
    "{ secret webhook { id state position } } }"
)
STATE = (
    "{ webhooks { id state failures lastError position "
    "deliveries(first: 50) { position attempt ok status error at } } }"
)


def _valid(secret: str, header: str, body: bytes) -> bool:
    fields = dict(part.split("=", 1) for part in header.split(","))
    expected = hmac.new(
        secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    return abs(time.time() - int(fields["t"])) < 60 and hmac.compare_digest(expected, fields["v1"])


def _write_all(replicas: list[str], writers: int, each: int, prefix: str) -> None:
    async def run() -> None:
        await asyncio.gather(*(write(replicas[w % 2], w, each, prefix) for w in range(writers)))

    asyncio.run(run())


def _webhook(replicas: list[str], webhook_id: str) -> dict[str, Any]:
    hooks = client(replicas[1]).query(STATE)["webhooks"]
    (found,) = [h for h in hooks if h["id"] == webhook_id]
    assert isinstance(found, dict)
    return found


def _wait(replicas: list[str], webhook_id: str, state: str, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (hook := _webhook(replicas, webhook_id))["state"] != state:
        assert time.monotonic() < deadline, hook
        time.sleep(0.1)
    return hook


def test_a_webhook_gets_every_event_once_signed_in_order_through_failures_and_replays(
    replicas: list[str],
) -> None:
    admin = client(replicas[0])
    with WebhookReceiver() as receiver:
        registered = admin.query(REGISTER, {"url": receiver.url})["registerWebhook"]
        secret, webhook_id = registered["secret"], registered["webhook"]["id"]
        assert registered["webhook"]["state"] == "ACTIVE" and secret.startswith("whsec_")

        # 30 changes through both replicas, while both replicas run deliveries.
        _write_all(replicas, 6, 5, "hook-a")
        first = receiver.wait_for(30)
        time.sleep(1)  # nothing more may come: no replica delivers what the other did
        assert len(receiver.received) == 30
        positions = [r.position for r in first]
        feed = admin.query("{ changes(first: 500) { events { position } } }")["changes"]
        assert positions == [e["position"] for e in feed["events"]][-30:]
        assert all(_valid(secret, r.signature, r.body) for r in first)
        assert not _valid(secret, first[0].signature, first[0].body.replace(b"hook-a", b"hook-b"))
        assert [r.idempotency_key for r in first] == positions

        # The endpoint fails: retries with growing waits, then the webhook is paused.
        receiver.status = 500
        _write_all(replicas, 2, 3, "hook-b")
        paused = _wait(replicas, webhook_id, "PAUSED")
        failed = [d for d in paused["deliveries"] if not d["ok"]]
        assert receiver.refused == len(failed) == 4  # GRAPH_SERVICE_WEBHOOK_FAILURES
        assert {d["status"] for d in failed} == {500} and paused["lastError"] == "HTTP 500"
        assert {d["position"] for d in failed} == {positions[-1]} or len(
            {d["position"] for d in failed}
        ) == 1
        times = sorted(d["at"] for d in failed)
        # waits of 0.1, 0.2 and 0.4 s at least (GRAPH_SERVICE_WEBHOOK_BACKOFF_SECONDS=0.1)
        assert _seconds(times[0], times[-1]) >= 0.6
        assert [d["attempt"] for d in sorted(failed, key=lambda d: d["at"])] == [1, 2, 3, 4]

        # It recovers; an admin resumes: the backlog arrives in order.
        receiver.status = 200
        admin.query(f'mutation {{ resumeWebhook(id: "{webhook_id}") {{ state }} }}')
        backlog = receiver.wait_for(36)[30:]
        feed = admin.query("{ changes(first: 500) { events { position } } }")["changes"]
        all_positions = [e["position"] for e in feed["events"]]
        assert [r.position for r in backlog] == all_positions[-6:]

        # A replay from the 10th event: the same events again, with the same keys.
        admin.query(
            f'mutation {{ resumeWebhook(id: "{webhook_id}", after: "{positions[9]}") {{ state }} }}'
        )
        replayed = receiver.wait_for(36 + 26)[36:]
        time.sleep(0.5)
        assert len(receiver.received) == 62
        assert [r.idempotency_key for r in replayed] == positions[10:] + all_positions[-6:]
        assert all(_valid(secret, r.signature, r.body) for r in replayed)
        admin.query(f'mutation {{ deleteWebhook(id: "{webhook_id}") }}')


def _seconds(start: str, end: str) -> float:
    import datetime as dt

    return (dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)).total_seconds()


def test_webhooks_are_for_admins_and_bounded(replicas: list[str]) -> None:
    reader = client(replicas[0], "reader")
    body = reader.post(REGISTER, {"url": "https://crm.example.org/hook"}).json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = client(replicas[0])
    for url, field in (
        ("ftp://crm.example.org/hook", "url"),
        ("file:///etc/passwd", "url"),
        ("https://user:pw@crm.example.org/", "url"),
        ("https://crm.example.org/" + "a" * 3000, "url"),
        ("not a url", "url"),
    ):
        errors = admin.post(REGISTER, {"url": url}).json()["errors"]
        assert errors[0]["extensions"] == {"code": "INVALID_INPUT", "field": field}, url
    errors = admin.post(
        REGISTER, {"url": "https://crm.example.org/h", "where": {"labels": ["Nope"]}}
    ).json()["errors"]
    assert errors[0]["extensions"]["code"] == "INVALID_INPUT"
    assert admin.query("{ webhooks { id } }")["webhooks"] == []
