"""The real ``graph-service serve`` process, for what only a real process shows (its memory,
its HTTP protocol, its timeouts)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from graph_service.local_neo4j import free_port
from tests.integration.graphql_server import KEYS

API_KEYS = ",".join(f"{k.name}:{k.role}:{k.secret}" for k in KEYS.values())


@dataclass(frozen=True)
class Served:
    base: str
    port: int
    pid: int
    log: Path
    """The service's log: one JSON line per request (method, path, status, duration_ms,
    request_id, ...)."""

    def durations_ms(self, request_ids: set[str]) -> dict[str, float]:
        """How long the service itself took over each of ``request_ids``, from its log (a line
        is written just after its answer is sent: waited for, a few seconds at most)."""
        deadline = time.monotonic() + 5
        while True:
            found = {}
            for line in self.log.read_text().splitlines():
                if '"request_id"' not in line:
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:  # a line some library wrote on its own
                    continue
                if isinstance(entry, dict) and entry.get("request_id") in request_ids:
                    found[entry["request_id"]] = float(entry["duration_ms"])
            if len(found) == len(request_ids) or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    def rss_mb(self) -> float:
        """The process's resident memory, from /proc, in MB."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise AssertionError("no VmRSS")

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=30)


@contextmanager
def graph_service_serve(env: dict[str, str], log: Path) -> Iterator[Served]:
    port = free_port()
    env = {
        **env,
        "GRAPH_SERVICE_PORT": str(port),
        "GRAPH_SERVICE_HOST": "127.0.0.1",
        "GRAPH_SERVICE_API_KEYS": API_KEYS,
    }
    with log.open("w") as output:
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
        yield Served(base, port, process.pid, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
