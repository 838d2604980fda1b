"""The ``graph-service`` command: serve, neo4j, schema, load, export."""

from __future__ import annotations

import argparse
import dataclasses
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from graph_service.config import PROJECT_ROOT, ApiKey, Settings
from graph_service.domain.records import LoadSummary
from graph_service.errors import ConfigurationError, GraphServiceError, InvalidInput
from graph_service.local_neo4j import LocalNeo4j
from graph_service.services.database import running_database
from graph_service.storage.graph_store import GraphStore
from graph_service.storage.schema import apply_schema, schema_file_text
from loaders import load as loading
from loaders.progress import ProgressBar

SCHEMA_FILE = PROJECT_ROOT / "schema" / "neo4j.cypher"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        result: int = args.run(settings, args)
        return result
    except InvalidInput as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"graph-service: {error}; nothing was written", file=sys.stderr)
        return 1
    except GraphServiceError as error:
        print(f"graph-service: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graph-service",
        description="The network-graph service of the Imprese & Territorio I&T Hub.",
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="serve the API (starting a local Neo4j if needed)")
    serve.add_argument("--no-demo", action="store_true", help="do not load the demo when empty")
    serve.set_defaults(run=_serve)

    neo4j = commands.add_parser("neo4j", help="manage the local Neo4j")
    neo4j.add_argument("action", choices=("start", "stop", "status"))
    neo4j.set_defaults(run=_neo4j)

    schema = commands.add_parser(
        "schema", help="apply the Neo4j schema, or export it and the GraphQL SDL to schema/"
    )
    schema.add_argument("action", choices=("apply", "export"))
    schema.set_defaults(run=_schema)

    load = commands.add_parser("load", help="load a JSON file or CSV directory ('demo': the demo)")
    load.add_argument("path")
    load.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
    load.set_defaults(run=_load)

    export = commands.add_parser("export", help="export the whole graph (.json file or CSV dir)")
    export.add_argument("path", type=Path)
    export.set_defaults(run=_export)
    return parser


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from graph_service.api.app import create_app

    settings = _with_dev_key(settings)

    with running_database(settings) as driver:
        store = GraphStore(driver, settings.neo4j_database)
        apply_schema(driver, settings.neo4j_database)
        if not args.no_demo and store.node_count() == 0:
            print("graph-service: the database is empty, loading the demo network", file=sys.stderr)
            _print_summary(loading.load(loading.DEMO_PATH, store, progress=ProgressBar()))
        print(
            f"graph-service: serving on http://{settings.host}:{settings.port} "
            f"(Neo4j {settings.effective_neo4j_uri})",
            file=sys.stderr,
        )
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0


def _with_dev_key(settings: Settings) -> Settings:
    """With no keys configured, a local development run gets one admin key (kept under the data
    directory and printed); anywhere else, keys must be configured."""
    if settings.api_keys:
        return settings
    if not settings.uses_local_neo4j:
        raise ConfigurationError("set GRAPH_SERVICE_API_KEYS (name:role:key, comma-separated)")
    key_file = settings.data_dir / "dev-api-key"
    if not key_file.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(24))
        key_file.chmod(0o600)
    secret = key_file.read_text().strip()
    print(f"graph-service: development API key (role admin): {secret}", file=sys.stderr)
    print(f"  curl -H 'Authorization: Bearer {secret}' ...", file=sys.stderr)
    return dataclasses.replace(settings, api_keys=(ApiKey("dev", "admin", secret),))


def _neo4j(settings: Settings, args: argparse.Namespace) -> int:
    local = LocalNeo4j.from_settings(settings)
    if args.action == "start":
        started = local.start()
        print(f"{'started' if started else 'already running'}: {local.status()}")
    elif args.action == "stop":
        stopped = local.stop()
        print("stopped" if stopped else "not running")
    else:
        status = local.status()
        print(status)
        return 0 if status.running else 3
    return 0


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "export":
        from graph_service.api.schema import SDL_FILE, build_schema, sdl_text

        SCHEMA_FILE.write_text(schema_file_text(), encoding="utf-8")
        SDL_FILE.write_text(sdl_text(build_schema()), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE} and {SDL_FILE}")
        return 0
    with running_database(settings) as driver:
        count = apply_schema(driver, settings.neo4j_database)
    print(f"schema applied: {count} constraints and indexes present")
    return 0


def _load(settings: Settings, args: argparse.Namespace) -> int:
    path = loading.resolve_path(args.path)
    with running_database(settings) as driver:
        apply_schema(driver, settings.neo4j_database)
        store = GraphStore(driver, settings.neo4j_database)
        progress = None if args.dry_run else ProgressBar()
        _print_summary(loading.load(path, store, dry_run=args.dry_run, progress=progress))
    return 0


def _export(settings: Settings, args: argparse.Namespace) -> int:
    with running_database(settings) as driver:
        written = loading.export(GraphStore(driver, settings.neo4j_database), args.path)
    print(f"exported to {args.path} ({len(written)} file{'s' if len(written) != 1 else ''})")
    return 0


def _print_summary(summary: LoadSummary) -> None:
    verb = "would load" if summary.dry_run else "loaded"
    print(f"{verb}:")
    for title, created, updated, unchanged in (
        ("nodes", summary.nodes_created, summary.nodes_updated, summary.nodes_unchanged),
        (
            "relationships",
            summary.relationships_created,
            summary.relationships_updated,
            summary.relationships_unchanged,
        ),
    ):
        names = sorted(set(created) | set(updated) | set(unchanged))
        if not names:
            continue
        print(f"  {title:<18} {'created':>9} {'updated':>9} {'unchanged':>10}")
        for name in names:
            print(
                f"  {name:<18} {created.get(name, 0):>9} {updated.get(name, 0):>9} "
                f"{unchanged.get(name, 0):>10}"
            )
