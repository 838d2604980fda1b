from pathlib import Path

import pytest

from graph_service.cli import SCHEMA_FILE
from graph_service.config import DEV_PASSWORD, Settings
from graph_service.domain.model import LABELS
from graph_service.errors import ConfigurationError
from graph_service.storage.schema import schema_file_text, schema_statements


def test_settings_default_to_a_local_neo4j_with_the_dev_password() -> None:
    settings = Settings.from_env({})
    assert settings.uses_local_neo4j
    assert settings.effective_neo4j_uri == "bolt://127.0.0.1:7687"
    assert settings.neo4j_password == DEV_PASSWORD
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)


def test_settings_come_from_the_environment() -> None:
    settings = Settings.from_env(
        {
            "NEO4J_URI": "neo4j://db.example:7687",
            "NEO4J_USER": "svc",
            "NEO4J_PASSWORD": "s3cret-pass",
            "NEO4J_DATABASE": "network",
            "GRAPH_SERVICE_HOST": "0.0.0.0",
            "GRAPH_SERVICE_PORT": "9000",
            "GRAPH_SERVICE_DATA_DIR": "/var/lib/gs",
        }
    )
    assert not settings.uses_local_neo4j
    assert settings.effective_neo4j_uri == "neo4j://db.example:7687"
    assert (settings.neo4j_user, settings.neo4j_password) == ("svc", "s3cret-pass")
    assert settings.neo4j_database == "network"
    assert (settings.host, settings.port) == ("0.0.0.0", 9000)
    assert settings.data_dir == Path("/var/lib/gs")


@pytest.mark.parametrize("value", ["eighty", "0", "70000"])
def test_a_bad_port_is_named_in_the_error(value: str) -> None:
    with pytest.raises(ConfigurationError, match=f"GRAPH_SERVICE_PORT='{value}'"):
        Settings.from_env({"GRAPH_SERVICE_PORT": value})


def test_the_schema_file_is_the_schema_the_code_applies() -> None:
    assert SCHEMA_FILE.read_text() == schema_file_text(), (
        "schema/neo4j.cypher is out of date: run `graph-service schema export`"
    )


def test_every_label_has_a_unique_id_and_a_place_in_the_fulltext_index() -> None:
    statements = schema_statements()
    for label in LABELS:
        unique = f"FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        assert any(s.startswith("CREATE CONSTRAINT") and s.endswith(unique) for s in statements)
    fulltext = statements[-1]
    assert fulltext.startswith("CREATE FULLTEXT INDEX node_names IF NOT EXISTS FOR (n:")
    assert all(label in fulltext for label in LABELS)
    assert "ON EACH [n.name, n.title]" in fulltext
    assert all("IF NOT EXISTS" in statement for statement in statements)


def test_the_exported_sdl_is_the_schema_the_service_serves() -> None:
    from graph_service.api.schema import SDL_FILE, build_schema, sdl_text

    assert SDL_FILE.read_text() == sdl_text(build_schema()), (
        "schema/schema.graphql is out of date: run `graph-service schema export`"
    )


def test_api_keys_come_from_the_environment_and_a_file(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys"
    keys_file.write_text("# partners\ncrm:editor:crm-secret-0123456789\n")
    settings = Settings.from_env(
        {
            "GRAPH_SERVICE_API_KEYS": "a:reader:reader-secret-0123456, b:admin:admin-secret-01234567",
            "GRAPH_SERVICE_API_KEYS_FILE": str(keys_file),
        }
    )
    assert [(k.name, k.role) for k in settings.api_keys] == [
        ("a", "reader"),
        ("b", "admin"),
        ("crm", "editor"),
    ]
    assert "secret" not in repr(settings.api_keys)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ("a:boss:0123456789abcdefgh", "role 'boss' is not one of reader, editor, analyst, admin"),
        ("a:reader:short", "shorter than 16 characters"),
        ("a:reader", "expected name:role:key"),
    ],
)
def test_bad_api_keys_are_named(entries: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({"GRAPH_SERVICE_API_KEYS": entries})


def test_operations_settings_come_from_the_environment() -> None:
    defaults = Settings.from_env({})
    assert (defaults.cors_origins, defaults.rate_limit, defaults.metrics) == ((), None, True)
    settings = Settings.from_env(
        {
            "GRAPH_SERVICE_CORS_ORIGINS": "https://crm.example.org, http://127.0.0.1:5173/",
            "GRAPH_SERVICE_RATE_LIMIT": "120",
            "GRAPH_SERVICE_METRICS": "false",
        }
    )
    assert settings.cors_origins == ("https://crm.example.org", "http://127.0.0.1:5173")
    assert (settings.rate_limit, settings.metrics) == (120, False)
    assert Settings.from_env({"GRAPH_SERVICE_RATE_LIMIT": "off"}).rate_limit is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("GRAPH_SERVICE_CORS_ORIGINS", "*", "is not an origin"),
        ("GRAPH_SERVICE_CORS_ORIGINS", "https://crm.example.org/app", "is not an origin"),
        ("GRAPH_SERVICE_RATE_LIMIT", "lots", "requests per minute"),
        ("GRAPH_SERVICE_RATE_LIMIT", "-5", "at least 1"),
    ],
)
def test_bad_operations_settings_are_named(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({name: value})
