"""docker-compose.yml cannot run here (no Docker engine); check that it is well-formed and wired."""

from pathlib import Path
from typing import Any

import yaml

from graph_service.config import PROJECT_ROOT, Settings

COMPOSE = PROJECT_ROOT / "docker-compose.yml"


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def test_neo4j_is_the_official_526_image_with_auth_and_a_healthcheck() -> None:
    neo4j = compose()["services"]["neo4j"]
    assert neo4j["image"].startswith("neo4j:5.26")
    assert neo4j["environment"]["NEO4J_AUTH"].startswith("neo4j/${NEO4J_PASSWORD")
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(str(port).endswith(":7687") for port in neo4j["ports"])


def test_the_service_waits_for_a_healthy_neo4j_and_reaches_it_by_name() -> None:
    services = compose()["services"]
    service = services["graph-service"]
    assert service["build"] == "."
    assert (PROJECT_ROOT / "Dockerfile").exists()
    assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
    settings = Settings.from_env({k: str(v) for k, v in service["environment"].items()})
    assert settings.effective_neo4j_uri == "bolt://neo4j:7687"
    assert settings.neo4j_password == "${NEO4J_PASSWORD:?set NEO4J_PASSWORD}"
    assert f"{settings.port}:{settings.port}" in service["ports"]
    assert settings.host == "0.0.0.0"


def test_the_image_installs_the_pinned_package_and_serves_it() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir -c requirements.lock ." in dockerfile
    assert 'CMD ["graph-service", "serve"]' in dockerfile
    for copied in ("graph_service", "loaders", "schema"):
        assert f"COPY {copied} " in dockerfile
        assert (PROJECT_ROOT / copied).is_dir()
    assert Path(PROJECT_ROOT / "requirements.lock").exists()


def test_the_image_serves_the_graph_browser_library_installed_from_the_lock_file() -> None:
    dockerfile = (PROJECT_ROOT / "Dockerfile").read_text()
    assert "COPY package.json package-lock.json" in dockerfile and "npm ci --omit=dev" in dockerfile
    assert "COPY --from=browser-library /build/node_modules ./node_modules" in dockerfile
    settings = Settings.from_env({"GRAPH_SERVICE_NODE_MODULES": "/app/node_modules"})
    assert "GRAPH_SERVICE_NODE_MODULES=/app/node_modules" in dockerfile
    assert settings.node_modules == Path("/app/node_modules")
