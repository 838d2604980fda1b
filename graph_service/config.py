"""Settings, read once from the environment and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graph_service.errors import ConfigurationError

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
        )


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
