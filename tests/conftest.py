"""Test fixtures. Integration tests run against a real Neo4j that the session starts on a free
loopback port, with its own data directory and a random password, and stops at the end."""

from __future__ import annotations

import dataclasses
import gc
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import neo4j
import pytest
from playwright.sync_api import Browser, sync_playwright

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j, free_port
from graph_service.services import loading
from graph_service.storage.database import connect
from graph_service.storage.graph_store import GraphStore
from graph_service.storage.schema import apply_schema

INTEGRATION_DIR = Path(__file__).parent / "integration"
ADVERSARIAL_DIR = Path(__file__).parent / "adversarial"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
"""Screenshots and files the browser tests keep for people to look at."""
CHROMIUM = Path("/usr/bin/chromium")


@dataclass
class Database:
    """The test session's Neo4j database, and what it currently holds."""

    settings: Settings
    driver: neo4j.Driver
    server_version: str
    demo_commit: frozenset[str] | None = field(default=None)
    """Neo4j's last commit when the demo network was loaded: any write since makes it another."""

    @property
    def database(self) -> str:
        return self.settings.neo4j_database

    @property
    def store(self) -> GraphStore:
        return GraphStore(self.driver, self.database)

    @property
    def env(self) -> dict[str, str]:
        """The environment a ``graph-service`` subprocess needs to use this database."""
        return {
            **os.environ,
            "NEO4J_URI": self.settings.effective_neo4j_uri,
            "NEO4J_PASSWORD": self.settings.neo4j_password,
        }

    def cli(self, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """``graph-service ARGS`` run as a user would, against this database."""
        return subprocess.run(
            [sys.executable, "-m", "graph_service", *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )

    def query(self, cypher: str, **params: object) -> list[neo4j.Record]:
        records, _, _ = self.driver.execute_query(cypher, params, database_=self.database)
        return records

    def wipe(self) -> None:
        self.driver.execute_query("MATCH (n) DETACH DELETE n", database_=self.database)

    def last_commit(self) -> frozenset[str]:
        """The bookmark of Neo4j's last committed transaction (it changes with any write)."""
        with self.driver.session(database=self.database) as session:
            session.execute_read(lambda tx: tx.run("RETURN 1").consume())
            return frozenset(session.last_bookmarks().raw_values)

    def fingerprint(self) -> tuple[int, ...]:
        """Counts that any write changes: nodes, relationships, audit entries, versions, and a
        hash of every property (a rolled-back transaction moves the bookmark, not these)."""
        (record,) = self.query(
            "MATCH (n) WITH count(n) AS nodes, sum(coalesce(n.version, 0)) AS versions, "
            "collect(properties(n)) AS props "
            "CALL { MATCH ()-[r]->() RETURN count(r) AS rels } "
            "RETURN nodes, versions, rels, props"
        )
        props = hash(tuple(sorted(str(sorted(p.items())) for p in record["props"])))
        return (record["nodes"], record["versions"], record["rels"], props)

    def ensure_demo(self) -> None:
        """Exactly the demo network: reloaded when anything was written since it was loaded,
        whichever test wrote it (no test has to say that it did)."""
        if self.demo_commit is None or self.last_commit() != self.demo_commit:
            self.wipe()
            loading.load(loading.DEMO_PATH, self.store)
            self.demo_commit = self.last_commit()


_NEO4J_PORT = pytest.StashKey[int]()
DRIVER_SOCKETS = (
    r"ignore:unclosed <socket\.socket [^>]*raddr=\('127\.0\.0\.1', {port}\)>:ResourceWarning"
)
"""A filter for the sockets that the neo4j driver of a test process opened to the Neo4j on
``port``: the driver leaves some of them to Python's cycle collector (one whose connection
failed, or was closed by Neo4j, stays in the failed attempt's traceback), which warns of them
wherever it passes next, in any later test. Sockets to anything else still fail the test."""
GONE_PEER_SOCKETS = (
    r"ignore:unclosed <socket\.socket [^>]*laddr=\('127\.0\.0\.1', \d+\)>:ResourceWarning"
)
"""The same for a socket whose peer has already closed the connection: it no longer has a peer
address to name (no ``raddr``), so the driver's cannot be told from any other; a socket left open
to a live peer still fails the test."""


def pytest_configure(config: pytest.Config) -> None:
    """The session's Neo4j port is chosen before any test runs, so that the filter of its
    driver's sockets applies to every test."""
    port = free_port()
    config.stash[_NEO4J_PORT] = port
    config.addinivalue_line("filterwarnings", DRIVER_SOCKETS.format(port=port))
    config.addinivalue_line("filterwarnings", GONE_PEER_SOCKETS)


@pytest.fixture(scope="module", autouse=True)
def _garbage_of_this_module() -> Iterator[None]:
    """What a module's tests left to Python's cycle collector is collected when the module
    ends: a warning about it (an unclosed socket, file or driver) then fails this module's
    last teardown, and names it, rather than whichever later test the collector passes in."""
    yield
    gc.collect()


@pytest.fixture(scope="session")
def neo4j_server(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[LocalNeo4j]:
    server = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j"),
        port=pytestconfig.stash[_NEO4J_PORT],
        password=secrets.token_urlsafe(12),
        # Millions of nodes (`make soak`) need more than the suite's small heap: a 1 GB Neo4j
        # ran out of memory indexing 2.2 million firms.
        heap="4g" if os.environ.get("GRAPH_SERVICE_SOAK") == "1" else "1g",
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def session_db(neo4j_server: LocalNeo4j, pytestconfig: pytest.Config) -> Iterator[Database]:
    settings = Settings(neo4j_uri=neo4j_server.uri, neo4j_password=neo4j_server.password)
    driver = connect(settings)
    apply_schema(driver, settings.neo4j_database)
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition")
    version = f"Neo4j {records[0]['versions'][0]} {records[0]['edition']} at {neo4j_server.uri}"
    pytestconfig.stash[_SERVER_KEY] = version
    try:
        yield Database(settings, driver, version)
    finally:
        driver.close()


@pytest.fixture
def empty_db(session_db: Database) -> Database:
    """The session database, emptied (schema kept); the test may write anything."""
    session_db.wipe()
    return session_db


@pytest.fixture
def demo_db(session_db: Database) -> Database:
    """The session database holding exactly the demo network (reloaded if an earlier test
    changed anything)."""
    session_db.ensure_demo()
    return session_db


@pytest.fixture(scope="session")
def service_url(session_db: Database) -> Iterator[str]:
    """The service, running on a free loopback port against the session database."""
    from tests.integration.feed_clients import WEBHOOK_ENV
    from tests.integration.graphql_server import serving

    # It delivers webhooks too, beside any replica a test starts: with the same retry settings.
    webhooks = Settings.from_env(WEBHOOK_ENV).feed
    feed = dataclasses.replace(
        session_db.settings.feed,
        webhook_backoff_seconds=webhooks.webhook_backoff_seconds,
        webhook_backoff_cap_seconds=webhooks.webhook_backoff_cap_seconds,
        webhook_failures=webhooks.webhook_failures,
    )
    with serving(dataclasses.replace(session_db.settings, feed=feed)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (which downloads no browser here).

    Per module: Playwright's synchronous API runs an event loop in this thread while it is open,
    and other tests need the thread free for their own (``anyio.run``)."""
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make setup` installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


_SERVER_KEY = pytest.StashKey[str]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if INTEGRATION_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.integration)
        if ADVERSARIAL_DIR in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.adversarial)
            item.add_marker(pytest.mark.integration)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    server = config.stash.get(_SERVER_KEY, None)
    passed = [
        report
        for report in terminalreporter.stats.get("passed", [])
        if "integration" in report.keywords and report.when == "call"
    ]
    if server:
        terminalreporter.write_line(f"integration tests: {len(passed)} passed against {server}")
