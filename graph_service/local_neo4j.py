"""The local Neo4j: Neo4j Community embedded by the Maven-built launcher in ``neo4j-local/``.

It listens on loopback only, with auth on, and keeps its data, log and pid file under one home
directory, so several instances (a developer's, a test run's) never meet.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph_service.config import PROJECT_ROOT, Settings
from graph_service.errors import LocalNeo4jError

LAUNCHER_DIR = PROJECT_ROOT / "neo4j-local"
LAUNCHER_JAR = LAUNCHER_DIR / "target" / "neo4j-local.jar"
_BOLT_MAGIC = b"\x60\x60\xb0\x17"
_BOLT_VERSIONS = struct.pack(">4I", 0x00000405, 0x00000404, 0, 0)
_started_here: dict[int, subprocess.Popen[bytes]] = {}
"""Launchers this process started, kept so that stopping one also reaps it."""


@dataclass(frozen=True)
class Status:
    running: bool
    pid: int | None
    uri: str | None
    home: Path

    def __str__(self) -> str:
        if self.running:
            return f"running: {self.uri} (pid {self.pid}, data in {self.home})"
        return f"stopped (data in {self.home})"


@dataclass(frozen=True)
class LocalNeo4j:
    """One local Neo4j instance, identified by its home directory."""

    home: Path
    port: int
    password: str
    heap: str = "2g"
    transaction_timeout: float = Settings.neo4j_transaction_timeout
    """Seconds after which Neo4j terminates any transaction (``db.transaction.timeout``)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4j:
        return cls(
            settings.data_dir / "neo4j",
            settings.local_neo4j_port,
            settings.neo4j_password,
            transaction_timeout=settings.neo4j_transaction_timeout,
        )

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def log_file(self) -> Path:
        return self.home / "neo4j.log"

    @property
    def _state_file(self) -> Path:
        return self.home / "neo4j.pid.json"

    def status(self) -> Status:
        state = self._read_state()
        if state is None:
            return Status(False, None, None, self.home)
        pid, port = state
        return Status(True, pid, f"bolt://127.0.0.1:{port}", self.home)

    def start(self, timeout: float = 180.0) -> bool:
        """Start the instance and wait until Bolt answers; False if it was already running."""
        if self.status().running:
            return False
        if len(self.password) < 8:
            raise LocalNeo4jError("NEO4J_PASSWORD must have at least 8 characters for Neo4j")
        if _port_in_use(self.port):
            raise LocalNeo4jError(
                f"port {self.port} on 127.0.0.1 is already in use by another process; "
                "set NEO4J_LOCAL_PORT to a free port"
            )
        ensure_launcher()
        self.home.mkdir(parents=True, exist_ok=True)
        java = shutil.which("java")
        if java is None:
            raise LocalNeo4jError("java (17 or newer) is not on PATH")
        command = [
            java,
            f"-Xmx{self.heap}",
            "-XX:+UseG1GC",
            "-jar",
            str(LAUNCHER_JAR),
            "--home",
            str(self.home / "db"),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--transaction-timeout-ms",
            str(round(self.transaction_timeout * 1000)),
        ]
        env = {**os.environ, "NEO4J_PASSWORD": self.password}
        with self.log_file.open("ab") as log:
            log_start = log.tell()
            log.write(f"--- starting on port {self.port} at {time.ctime()}\n".encode())
            log.flush()
            process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
        _started_here[process.pid] = process
        self._state_file.write_text(json.dumps({"pid": process.pid, "port": self.port}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                _started_here.pop(process.pid, None)
                self._state_file.unlink(missing_ok=True)
                raise LocalNeo4jError(
                    f"the local Neo4j exited with code {process.returncode} while starting; "
                    f"its log {self.log_file} ends with:\n{_tail(self.log_file)}"
                )
            # Bolt opens a moment before the launcher has set the password: wait for both.
            if _says_ready(self.log_file, log_start) and _bolt_answers(self.port, 1.0):
                return True
            time.sleep(0.25)
        self.stop()
        raise LocalNeo4jError(
            f"the local Neo4j did not answer on {self.uri} within {timeout:.0f} s; "
            f"see {self.log_file}"
        )

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the instance cleanly (SIGTERM, then SIGKILL after ``timeout``); False if stopped."""
        state = self._read_state()
        if state is None:
            return False
        pid, _ = state
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _is_launcher(pid):
            time.sleep(0.2)
        if _is_launcher(pid):
            os.kill(pid, signal.SIGKILL)
        child = _started_here.pop(pid, None)
        if child is not None:
            child.wait(timeout=10)
        self._state_file.unlink(missing_ok=True)
        return True

    def _read_state(self) -> tuple[int, int] | None:
        """The pid and port of the running instance; a stale state file is removed."""
        try:
            state = json.loads(self._state_file.read_text())
            pid, port = int(state["pid"]), int(state["port"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            self._state_file.unlink(missing_ok=True)
            return None
        if not _is_launcher(pid):
            self._state_file.unlink(missing_ok=True)
            return None
        return pid, port


def ensure_launcher() -> Path:
    """Build the launcher with Maven unless it is built already."""
    if LAUNCHER_JAR.exists() and (LAUNCHER_JAR.parent / "lib").is_dir():
        return LAUNCHER_JAR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise LocalNeo4jError(f"{LAUNCHER_JAR} is not built and Maven (mvn) is not on PATH")
    result = subprocess.run(
        [mvn, "-q", "-B", "-f", str(LAUNCHER_DIR / "pom.xml"), "package"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise LocalNeo4jError(f"building the local Neo4j launcher failed:\n{result.stdout[-2000:]}")
    return LAUNCHER_JAR


def _is_launcher(pid: int) -> bool:
    """True if ``pid`` is a live local-Neo4j launcher (not a recycled pid of another program)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state != "Z" and b"neo4j-local.jar" in cmdline


def _bolt_answers(port: int, timeout: float) -> bool:
    """Do the Bolt handshake with 127.0.0.1:port and say whether a Bolt server answered."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(_BOLT_MAGIC + _BOLT_VERSIONS)
            reply = sock.recv(4)
    except OSError:
        return False
    return len(reply) == 4 and reply != b"\x00\x00\x00\x00"


def _says_ready(log_file: Path, offset: int) -> bool:
    with log_file.open("rb") as log:
        log.seek(offset)
        return b" ready, home " in log.read()


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
