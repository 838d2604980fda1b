"""Clients of the change feed for the tests: replicas of the service as separate processes, a
``graphql-transport-ws`` subscriber (the ``websockets`` library), and a webhook receiver."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from graph_service.local_neo4j import free_port
from tests.integration.graphql_server import KEYS, GraphQLClient

SUBSCRIBE = (
    "subscription Follow($after: String, $where: ChangeFilter) { changes(after: $after, "
    "where: $where) { position operation targetType targetIds labels keyName after } }"
)


WEBHOOK_ENV = {
    "GRAPH_SERVICE_WEBHOOK_BACKOFF_SECONDS": "0.1",
    "GRAPH_SERVICE_WEBHOOK_BACKOFF_CAP_SECONDS": "0.5",
    "GRAPH_SERVICE_WEBHOOK_FAILURES": "4",
}
"""Quick webhook retries, paused after 4 failures. Every service process on a database takes
part in delivering its webhooks (whoever claims a lease delivers), so every process the tests
run on the session's database has these: with another's defaults (10 failures), it could
claim a retry and let a webhook fail more times than the tests expect."""


def replica_env(base: dict[str, str], **extra: str) -> dict[str, str]:
    keys = ",".join(f"{k.name}:{k.role}:{k.secret}" for k in KEYS.values())
    return {
        **base,
        "GRAPH_SERVICE_API_KEYS": keys,
        "GRAPH_SERVICE_FEED_POLL_SECONDS": "0.05",
        **WEBHOOK_ENV,
        "GRAPH_SERVICE_FEED_PING_SECONDS": "1",
        **extra,
    }


@contextmanager
def replica(env: dict[str, str], log: Path, port: int | None = None) -> Iterator[str]:
    """One ``graph-service serve`` process until the block ends (stopped as by Ctrl-C)."""
    port = port or free_port()
    env = {**env, "GRAPH_SERVICE_PORT": str(port), "GRAPH_SERVICE_HOST": "127.0.0.1"}
    with log.open("a") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "graph_service", "serve", "--no-demo"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def client(base: str, role: str = "admin") -> GraphQLClient:
    return GraphQLClient(f"{base}/graphql", KEYS[role].secret)


@dataclass
class Subscriber:
    """One ``graphql-transport-ws`` connection with one subscription to ``changes``."""

    ws: ClientConnection
    events: list[dict[str, Any]] = field(default_factory=list)
    pings: int = 0
    errors: list[Any] = field(default_factory=list)
    pongs: list[asyncio.Future[None]] = field(default_factory=list)
    reader: asyncio.Task[None] = field(init=False)

    @classmethod
    async def open(
        cls,
        base: str,
        role: str = "reader",
        after: str | None = None,
        where: dict[str, Any] | None = None,
        key: str | None = None,
    ) -> Subscriber:
        url = base.replace("http://", "ws://") + "/graphql"
        # No WebSocket-level pings from this side: the protocol's own pings come from the server,
        # and a busy test machine must not time out a connection the test is about.
        ws = await connect(
            url,
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            ping_interval=None,
        )
        secret = key or KEYS[role].secret
        await ws.send(
            json.dumps(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {secret}"}}
            )
        )
        ack = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert ack["type"] == "connection_ack", ack
        await ws.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": SUBSCRIBE, "variables": {"after": after, "where": where}},
                }
            )
        )
        return cls(ws)

    def __post_init__(self) -> None:
        # Read all the time, as a real client does: unread messages would stop the library
        # from answering the server's WebSocket pings.
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in self.ws:
                self.handle(json.loads(raw))

    async def receive(self, count: int, timeout: float = 120) -> list[dict[str, Any]]:
        """Wait until ``count`` events in all have arrived."""
        deadline = time.monotonic() + timeout
        while len(self.events) < count:
            assert not self.reader.done(), f"the connection ended: {self.errors}"
            assert time.monotonic() < deadline, f"{len(self.events)} of {count} events arrived"
            await asyncio.sleep(0.02)
        return self.events

    def handle(self, message: dict[str, Any]) -> None:
        if message["type"] == "next":
            assert "errors" not in message["payload"], message
            self.events.append(message["payload"]["data"]["changes"])
        elif message["type"] == "ping":
            self.pings += 1
            self.pongs.append(asyncio.ensure_future(self.ws.send(json.dumps({"type": "pong"}))))
        else:
            self.errors.append(message)

    async def quiet(self, seconds: float) -> None:
        """Let ``seconds`` pass, reading whatever arrives (nothing more is expected)."""
        await asyncio.sleep(seconds)

    async def settled(self, seconds: float = 0.5) -> bool:
        """Whether the subscription still stands, with no error, after ``seconds``."""
        await self.quiet(seconds)
        return not self.errors

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.reader


@dataclass
class Received:
    position: str
    body: bytes
    signature: str
    idempotency_key: str


class WebhookReceiver:
    """A partner's endpoint on loopback: records each POST; answers ``status``."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.status = 200
        self.refused = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                with receiver.lock:
                    status = receiver.status
                    if status == 200:
                        receiver.received.append(
                            Received(
                                json.loads(body)["position"],
                                body,
                                self.headers["graph-service-signature"],
                                self.headers["idempotency-key"],
                            )
                        )
                    else:
                        receiver.refused += 1
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, count: int, timeout: float = 60) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            assert time.monotonic() < deadline, f"{len(self.received)} of {count} arrived"
            time.sleep(0.05)
        return list(self.received)
