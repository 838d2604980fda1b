"""Settings, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from graph_service.errors import ConfigurationError

ROLES = ("reader", "editor", "analyst", "admin")
"""reader: read everything; editor: read and write data; analyst: read and run analytics;
admin: all of it."""


@dataclass(frozen=True)
class ApiKey:
    """A partner's key: who it is (``name``, logged), what it may do (``role``), the secret."""

    name: str
    role: str
    secret: str = field(repr=False)

    @property
    def can_write(self) -> bool:
        return self.role in ("editor", "admin")

    @property
    def can_analyse(self) -> bool:
        return self.role in ("analyst", "admin")


@dataclass(frozen=True)
class FeedSettings:
    """The change feed, its subscriptions and webhooks (``GRAPH_SERVICE_FEED_*``,
    ``GRAPH_SERVICE_WEBHOOK_*``; see the README's partner guide)."""

    poll_seconds: float = 0.2
    """How often each replica reads new changes from Neo4j for its live subscribers/webhooks."""
    retention_days: int = 30
    """How long changes are kept (``graph-service feed prune`` deletes older ones)."""
    subscriptions_per_key: int = 5
    """Live subscriptions one key may hold at once on one replica."""
    ping_seconds: float = 15.0
    """Keep-alive: a ``ping`` to every WebSocket client this often."""
    webhooks: int = 20
    """Webhooks that may be registered at most."""
    webhook_timeout_seconds: float = 10.0
    webhook_backoff_seconds: float = 1.0
    """The wait after a first failed delivery; doubled after each further one."""
    webhook_backoff_cap_seconds: float = 600.0
    webhook_failures: int = 10
    """Failures in a row after which a webhook is paused."""
    webhook_lease_seconds: float = 30.0


DEV_PASSWORD = "graph-service-dev"
"""The documented development password of the local Neo4j (never use it in production)."""

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Everything graph_service is configured with.

    ``neo4j_uri`` is None when ``NEO4J_URI`` is not set: the service then starts and uses its
    own local Neo4j, listening on ``local_neo4j_port`` with its data under ``data_dir``.
    """

    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_password: str = DEV_PASSWORD
    neo4j_database: str = "neo4j"
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = PROJECT_ROOT / ".data"
    local_neo4j_port: int = 7687
    api_keys: tuple[ApiKey, ...] = ()
    introspection: bool = True
    graphiql: bool = True
    node_modules: Path = PROJECT_ROOT / "node_modules"
    """Where npm installed the graph browser's library (``GRAPH_SERVICE_NODE_MODULES``)."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser; empty: no CORS headers at all."""
    rate_limit: int | None = None
    """Requests per minute allowed to each key (by name); None: no limit."""
    metrics: bool = True
    """Whether ``/metrics`` (Prometheus text format, no key needed) is served."""
    neo4j_connection_timeout: float = 5.0
    """Seconds to open a connection to Neo4j (``NEO4J_CONNECTION_TIMEOUT``)."""
    neo4j_acquisition_timeout: float = 10.0
    """Seconds to wait for a free pooled connection when all are busy
    (``NEO4J_ACQUISITION_TIMEOUT``; a refused or silent Neo4j fails after the connection
    timeout all the same)."""
    neo4j_transaction_timeout: float = 30.0
    """Seconds any one read or write transaction may run before Neo4j terminates it
    (``NEO4J_TRANSACTION_TIMEOUT``; also the local Neo4j's ``db.transaction.timeout``)."""
    neo4j_retry_time: float = 3.0
    """Seconds a failed transaction is retried (``NEO4J_RETRY_TIME``)."""
    max_body_bytes: int = 1_000_000
    """Largest request body (``GRAPH_SERVICE_MAX_BODY_BYTES``)."""
    max_header_bytes: int = 16_384
    """Request line and headers together, in bytes (``GRAPH_SERVICE_MAX_HEADER_BYTES``)."""
    max_headers: int = 64
    """Headers of one request (``GRAPH_SERVICE_MAX_HEADERS``)."""
    read_timeout: float = 10.0
    """Seconds a client may take to send a request's headers, or between two parts of its
    body (``GRAPH_SERVICE_READ_TIMEOUT``)."""
    keep_alive_timeout: float = 5.0
    """Seconds an idle connection is kept open (``GRAPH_SERVICE_KEEP_ALIVE_TIMEOUT``)."""
    request_timeout: float = 130.0
    """Seconds a GraphQL request may take in all, after which it answers ``TIMEOUT``
    (``GRAPH_SERVICE_REQUEST_TIMEOUT``; longer than the analytics' own 120 s)."""
    max_concurrency: int = 256
    """Connections and requests served at once; past it, 503 (``GRAPH_SERVICE_MAX_CONCURRENCY``)."""
    max_active_requests: int = 8
    """Compiled reads and writes one service process works on at once; the others wait their
    turn, first come first served, within their deadline (``GRAPH_SERVICE_MAX_ACTIVE_REQUESTS``;
    see :mod:`graph_service.api.turns`)."""
    max_concurrent_writes: int = 4
    """Write transactions one service process runs at once; the other writes wait their turn,
    first come first served (``GRAPH_SERVICE_MAX_CONCURRENT_WRITES``). Every write takes the
    change feed's counter last, so more at once would only queue inside Neo4j holding locks."""
    feed: FeedSettings = field(default_factory=FeedSettings)

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None

    @property
    def effective_neo4j_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.local_neo4j_port}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        defaults = cls()
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER") or defaults.neo4j_user,
            neo4j_password=env.get("NEO4J_PASSWORD") or defaults.neo4j_password,
            neo4j_database=env.get("NEO4J_DATABASE") or defaults.neo4j_database,
            host=env.get("GRAPH_SERVICE_HOST") or defaults.host,
            port=_port(env, "GRAPH_SERVICE_PORT", defaults.port),
            data_dir=Path(env.get("GRAPH_SERVICE_DATA_DIR") or defaults.data_dir),
            local_neo4j_port=_port(env, "NEO4J_LOCAL_PORT", defaults.local_neo4j_port),
            api_keys=_api_keys(env),
            introspection=_flag(env, "GRAPH_SERVICE_INTROSPECTION", defaults.introspection),
            graphiql=_flag(env, "GRAPH_SERVICE_GRAPHIQL", defaults.graphiql),
            node_modules=Path(env.get("GRAPH_SERVICE_NODE_MODULES") or defaults.node_modules),
            cors_origins=_origins(env, "GRAPH_SERVICE_CORS_ORIGINS"),
            rate_limit=_rate_limit(env, "GRAPH_SERVICE_RATE_LIMIT"),
            metrics=_flag(env, "GRAPH_SERVICE_METRICS", defaults.metrics),
            neo4j_connection_timeout=_number(
                env, "NEO4J_CONNECTION_TIMEOUT", defaults.neo4j_connection_timeout
            ),
            neo4j_acquisition_timeout=_number(
                env, "NEO4J_ACQUISITION_TIMEOUT", defaults.neo4j_acquisition_timeout
            ),
            neo4j_transaction_timeout=_number(
                env, "NEO4J_TRANSACTION_TIMEOUT", defaults.neo4j_transaction_timeout
            ),
            neo4j_retry_time=_number(env, "NEO4J_RETRY_TIME", defaults.neo4j_retry_time),
            max_body_bytes=int(
                _number(env, "GRAPH_SERVICE_MAX_BODY_BYTES", defaults.max_body_bytes)
            ),
            max_header_bytes=int(
                _number(env, "GRAPH_SERVICE_MAX_HEADER_BYTES", defaults.max_header_bytes)
            ),
            max_headers=int(_number(env, "GRAPH_SERVICE_MAX_HEADERS", defaults.max_headers)),
            read_timeout=_number(env, "GRAPH_SERVICE_READ_TIMEOUT", defaults.read_timeout),
            keep_alive_timeout=_number(
                env, "GRAPH_SERVICE_KEEP_ALIVE_TIMEOUT", defaults.keep_alive_timeout
            ),
            request_timeout=_number(env, "GRAPH_SERVICE_REQUEST_TIMEOUT", defaults.request_timeout),
            max_concurrency=int(
                _number(env, "GRAPH_SERVICE_MAX_CONCURRENCY", defaults.max_concurrency)
            ),
            max_active_requests=int(
                _number(
                    env, "GRAPH_SERVICE_MAX_ACTIVE_REQUESTS", defaults.max_active_requests, 1, 1024
                )
            ),
            max_concurrent_writes=int(
                _number(env, "GRAPH_SERVICE_MAX_CONCURRENT_WRITES", defaults.max_concurrent_writes)
            ),
            feed=_feed(env),
        )


def _feed(env: Mapping[str, str]) -> FeedSettings:
    d = FeedSettings()
    return FeedSettings(
        poll_seconds=_number(env, "GRAPH_SERVICE_FEED_POLL_SECONDS", d.poll_seconds, 0.01, 60),
        retention_days=int(
            _number(env, "GRAPH_SERVICE_FEED_RETENTION_DAYS", d.retention_days, 1, 36500)
        ),
        subscriptions_per_key=int(
            _number(env, "GRAPH_SERVICE_FEED_SUBSCRIPTIONS_PER_KEY", 5, 1, 1000)
        ),
        ping_seconds=_number(env, "GRAPH_SERVICE_FEED_PING_SECONDS", d.ping_seconds, 0.1, 3600),
        webhooks=int(_number(env, "GRAPH_SERVICE_WEBHOOKS", d.webhooks, 0, 1000)),
        webhook_timeout_seconds=_number(
            env, "GRAPH_SERVICE_WEBHOOK_TIMEOUT_SECONDS", d.webhook_timeout_seconds, 0.1, 120
        ),
        webhook_backoff_seconds=_number(
            env, "GRAPH_SERVICE_WEBHOOK_BACKOFF_SECONDS", d.webhook_backoff_seconds, 0.01, 3600
        ),
        webhook_backoff_cap_seconds=_number(
            env,
            "GRAPH_SERVICE_WEBHOOK_BACKOFF_CAP_SECONDS",
            d.webhook_backoff_cap_seconds,
            0.01,
            86400,
        ),
        webhook_failures=int(
            _number(env, "GRAPH_SERVICE_WEBHOOK_FAILURES", d.webhook_failures, 1, 10000)
        ),
        webhook_lease_seconds=_number(
            env, "GRAPH_SERVICE_WEBHOOK_LEASE_SECONDS", d.webhook_lease_seconds, 1, 3600
        ),
    )


def _number(
    env: Mapping[str, str],
    name: str,
    default: float,
    least: float = 0.0,
    most: float = 1e12,
) -> float:
    """A positive number of seconds, bytes or items, between ``least`` and ``most``."""
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a number") from None
    if not 0 < value < 1e12:
        raise ConfigurationError(f"{name}={raw!r} must be a positive number")
    if not least <= value <= most:
        raise ConfigurationError(f"{name}={raw!r} must be between {least:g} and {most:g}")
    return value


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a port number") from None
    if not 0 < port < 65536:
        raise ConfigurationError(f"{name}={raw!r} is not between 1 and 65535")
    return port


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if not raw:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name}={raw!r} is not one of true/false/1/0/yes/no/on/off")


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma-separated origins such as ``https://crm.example.org``; ``*`` is refused, since
    the API takes credentials and an allow-list must name who is allowed."""
    origins = tuple(o.strip().rstrip("/") for o in env.get(name, "").split(",") if o.strip())
    for origin in origins:
        scheme, _, host = origin.partition("://")
        if scheme not in ("http", "https") or not host or "/" in host:
            raise ConfigurationError(
                f"{name}: {origin!r} is not an origin (scheme://host[:port], no path, no *)"
            )
    return origins


def _rate_limit(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name)
    if not raw or raw.lower() in ("0", "off", "none"):
        return None
    try:
        limit = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a number of requests per minute") from None
    if limit < 1:
        raise ConfigurationError(f"{name}={raw!r} must be at least 1 (or 0/off for no limit)")
    return limit


def _api_keys(env: Mapping[str, str]) -> tuple[ApiKey, ...]:
    """Keys from ``GRAPH_SERVICE_API_KEYS`` (comma-separated ``name:role:key``) and from the file
    named by ``GRAPH_SERVICE_API_KEYS_FILE`` (one ``name:role:key`` per line, ``#`` comments)."""
    entries = [
        (f"GRAPH_SERVICE_API_KEYS entry {i}", e)
        for i, e in enumerate(
            (e.strip() for e in env.get("GRAPH_SERVICE_API_KEYS", "").split(",")), 1
        )
        if e
    ]
    path = env.get("GRAPH_SERVICE_API_KEYS_FILE")
    if path:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ConfigurationError(
                f"GRAPH_SERVICE_API_KEYS_FILE {path}: {error.strerror}"
            ) from None
        entries += [
            (f"{path}:{number}", line.strip())
            for number, line in enumerate(lines, 1)
            if line.strip() and not line.lstrip().startswith("#")
        ]
    keys: list[ApiKey] = []
    for where, entry in entries:
        name, _, rest = entry.partition(":")
        role, _, secret = rest.partition(":")
        if not name or not secret:
            raise ConfigurationError(f"{where}: expected name:role:key")
        if role not in ROLES:
            raise ConfigurationError(f"{where}: role {role!r} is not one of {', '.join(ROLES)}")
        if len(secret) < 16:
            raise ConfigurationError(f"{where}: the key of {name!r} is shorter than 16 characters")
        if any(k.name == name for k in keys):
            raise ConfigurationError(f"{where}: a second key named {name!r}")
        keys.append(ApiKey(name, role, secret))
    return tuple(keys)
