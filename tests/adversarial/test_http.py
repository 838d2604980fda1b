"""Slow, oversized and malformed HTTP against the real ``graph-service serve`` process: refused
early, memory kept flat, the event loop free for everyone else."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx
import pytest

from tests.adversarial.conftest import KEEP_ALIVE, READ_TIMEOUT
from tests.adversarial.served import Served
from tests.conftest import Database
from tests.integration.graphql_server import KEYS

MB = 1024 * 1024


class Exchange:
    """One raw connection: what the server answered, read while the request is still sent."""

    def __init__(self, served: Served) -> None:
        self.sock = served.connect()
        self.answer = b""
        self._reader = threading.Thread(target=self._read)
        self._reader.start()

    def _read(self) -> None:
        try:
            while chunk := self.sock.recv(65536):
                self.answer += chunk
        except OSError:
            pass

    def send(self, data: bytes) -> bool:
        """False once the server has closed the connection."""
        try:
            self.sock.sendall(data)
        except OSError:
            return False
        return True

    def status(self, timeout: float = 30) -> int:
        self._reader.join(timeout)
        self.sock.close()
        return int(self.answer.split(b" ", 2)[1]) if self.answer else 0


def _huge_declared_body(served: Served) -> int:
    exchange = Exchange(served)
    exchange.send(
        b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Content-Length: %d\r\n\r\n" % (100 * MB)
    )
    chunk = b"a" * MB
    for _ in range(100):
        if not exchange.send(chunk):
            break
    return exchange.status()


def _huge_chunked_body(served: Served) -> int:
    exchange = Exchange(served)
    exchange.send(
        b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer %s\r\nTransfer-Encoding: chunked\r\n\r\n"
        % KEYS["reader"].secret.encode()
    )
    chunk = b"%x\r\n%s\r\n" % (MB, b"a" * MB)
    for _ in range(100):
        if not exchange.send(chunk):
            break
    return exchange.status()


def _huge_header(served: Served) -> int:
    exchange = Exchange(served)
    exchange.send(b"GET /healthz HTTP/1.1\r\nHost: t\r\nX-Padding: ")
    chunk = b"a" * MB
    for _ in range(50):
        if not exchange.send(chunk):
            break
    return exchange.status()


def _flood(served: Served, attack: Callable[[Served], int]) -> tuple[list[int], float, float]:
    """Four attacks at once; (their statuses, RSS growth in MB, slowest /healthz meanwhile)."""
    before = served.rss_mb()
    statuses: list[int] = []
    attackers = [threading.Thread(target=lambda: statuses.append(attack(served))) for _ in range(4)]
    for thread in attackers:
        thread.start()
    slowest = 0.0
    with httpx.Client(base_url=served.base, timeout=30) as client:
        while any(thread.is_alive() for thread in attackers):
            started = time.perf_counter()
            assert client.get("/healthz").status_code == 200
            slowest = max(slowest, time.perf_counter() - started)
            time.sleep(0.05)
    return statuses, served.rss_mb() - before, slowest


@pytest.mark.parametrize(
    ("attack", "status"),
    [(_huge_declared_body, 413), (_huge_chunked_body, 413), (_huge_header, 431)],
    ids=["4 x 100 MB declared bodies", "4 x 100 MB chunked bodies", "4 x 50 MB headers"],
)
def test_oversized_requests_are_refused_with_memory_within_50_mb(
    served: Served, attack: Callable[[Served], int], status: int
) -> None:
    statuses, growth, slowest = _flood(served, attack)
    assert statuses == [status] * 4
    assert growth < 50, f"RSS grew by {growth:.0f} MB"
    assert slowest < 1.0, f"/healthz took {slowest:.2f} s during the attack"


def test_too_many_headers_are_refused(served: Served) -> None:
    exchange = Exchange(served)
    headers = b"".join(b"X-H%d: v\r\n" % i for i in range(100))
    exchange.send(b"GET /healthz HTTP/1.1\r\nHost: t\r\n" + headers + b"\r\n")
    assert exchange.status() == 431


def test_a_client_sending_its_headers_slowly_is_cut_off_after_the_read_timeout(
    served: Served,
) -> None:
    exchange = Exchange(served)
    started = time.monotonic()
    exchange.send(b"GET /healthz HTTP/1.1\r\n")
    for _ in range(10):  # a header every second: slower than the service waits for
        time.sleep(0.5)
        if not exchange.send(b"X-Slow: 1\r\n"):
            break
    assert exchange.status() == 408
    assert time.monotonic() - started < READ_TIMEOUT + 2


def test_a_client_stalling_in_its_body_is_cut_off_after_the_read_timeout(served: Served) -> None:
    exchange = Exchange(served)
    started = time.monotonic()
    exchange.send(
        b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        b'Authorization: Bearer %s\r\nContent-Length: 100\r\n\r\n{"query":'
        % KEYS["reader"].secret.encode()
    )
    assert exchange.status() == 408
    assert time.monotonic() - started < READ_TIMEOUT + 2


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(served: Served) -> None:
    sock = served.connect()
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    answer = b""
    while not answer.endswith(b"}"):  # the whole JSON answer, however it was split
        answer += sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    sock.settimeout(KEEP_ALIVE + 5)
    assert sock.recv(65536) == b""  # closed by the service
    assert time.monotonic() - started < KEEP_ALIVE + 2
    sock.close()


def _graphql(served: Served, headers: list[tuple[bytes, bytes]]) -> httpx.Response:
    return httpx.post(
        f"{served.base}/graphql",
        json={"query": "{ topics { totalCount } }"},
        headers=[(b"content-type", b"application/json"), *headers],
    )


def test_the_key_is_compared_byte_for_byte_and_must_be_sent_once(served: Served) -> None:
    key = KEYS["reader"].secret.encode()
    assert _graphql(served, [(b"authorization", b"Bearer " + key)]).status_code == 200
    refused = [
        [(b"authorization", b"Bearer " + key + b"\xa0")],
        [(b"authorization", b"Bearer \xa0" + key)],
        [(b"authorization", b"Bearer " + key), (b"authorization", b"Bearer " + key)],
        [(b"authorization", b"Bearer " + key), (b"authorization", b"Bearer wrong-key-000000000")],
        [(b"authorization", b"Bearer wrong-key-000000000"), (b"authorization", b"Bearer " + key)],
    ]
    answers = [_graphql(served, headers) for headers in refused]
    missing = _graphql(served, [])
    for answer in answers:
        assert answer.status_code == 401
        assert answer.content == missing.content
        assert answer.headers["www-authenticate"] == missing.headers["www-authenticate"]


def test_every_html_page_has_the_same_frame_ancestors_and_script_policy(served: Served) -> None:
    graphiql = httpx.get(f"{served.base}/graphql", headers={"accept": "text/html"})
    explorer = httpx.get(f"{served.base}/explore")
    assert graphiql.headers["content-type"].startswith("text/html")
    assert explorer.headers["content-type"].startswith("text/html")
    for page in (graphiql, explorer):
        policy = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy
        assert "default-src 'self'" in policy and "script-src 'self'" in policy
        assert page.headers["x-content-type-options"] == "nosniff"


def test_a_flood_of_distinct_analyses_leaves_memory_bounded(
    served: Served, session_db: Database
) -> None:
    ids = [
        r["id"] for r in session_db.query("MATCH (f:Firm) RETURN f.id AS id ORDER BY id LIMIT 100")
    ]
    headers = {"authorization": f"Bearer {KEYS['analyst'].secret}"}
    query = (
        "query($id: ID!, $max: Int!) { neighbourhood(id: $id, radius: 3, maxNodes: $max) "
        "{ result { truncated } } }"
    )
    with httpx.Client(base_url=served.base, headers=headers, timeout=60) as client:
        client.post("/graphql", json={"query": query, "variables": {"id": ids[0], "max": 2000}})
        before = served.rss_mb()
        for n in range(800):
            answer = client.post(
                "/graphql",
                json={"query": query, "variables": {"id": ids[n % len(ids)], "max": 2000 + n}},
            )
            assert "errors" not in answer.json(), answer.text
    growth = served.rss_mb() - before
    # The cache keeps at most 64 MB of results: here RSS grew by about 50 MB; with no bound,
    # by about 150 MB on the demo network (260 MB on a larger one).
    assert growth < 64 + 50, f"RSS grew by {growth:.0f} MB"
