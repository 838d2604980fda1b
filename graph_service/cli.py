"""The ``graph-service`` command: serve, neo4j, schema, load, export, report, feed."""

from __future__ import annotations

import argparse
import dataclasses
import secrets
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from graph_service.config import PROJECT_ROOT, ApiKey, Settings
from graph_service.domain.analytics import CentralityMeasure, OpportunityMethod
from graph_service.domain.records import GraphRecords, LoadSummary
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, LANGUAGES
from graph_service.errors import ConfigurationError, GraphServiceError, InvalidInput
from graph_service.local_neo4j import LocalNeo4j
from graph_service.reports.options import CsvDialect, ReportFormat, ReportKind, ReportRequest
from graph_service.services import feed_upkeep, loading
from graph_service.services.catalogue import Parameter, report_parameters
from graph_service.services.database import apply_schema, is_empty, running_database, schema_text
from loaders import synthetic
from loaders.progress import ProgressBar
from loaders.synthetic import FULL_SIZE

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

    size = argparse.ArgumentParser(add_help=False)
    size.add_argument(
        "--firms",
        type=_firm_count,
        default=FULL_SIZE,
        help=f"synthetic network: firms (default {FULL_SIZE})",
    )
    size.add_argument("--seed", type=int, default=1, help="synthetic network: seed (default 1)")

    load = commands.add_parser(
        "load",
        help="load a JSON file or CSV directory ('demo': the demo; 'synthetic': a generated one)",
        parents=[size],
    )
    load.add_argument("path")
    load.add_argument("--dry-run", action="store_true", help="validate and count, write nothing")
    load.set_defaults(run=_load)

    synthetic = commands.add_parser(
        "synthetic", help="write a seeded synthetic network in the import format", parents=[size]
    )
    synthetic.add_argument("--out", type=Path, required=True, help="a directory (csv) or file")
    synthetic.add_argument("--format", choices=("csv", "json"), default="csv")
    synthetic.set_defaults(run=_synthetic)

    export = commands.add_parser("export", help="export the whole graph (.json file or CSV dir)")
    export.add_argument("path", type=Path)
    export.add_argument(
        "--format",
        choices=("gexf", "graphml"),
        help="for Gephi: one file, measures and communities as node attributes",
    )
    export.set_defaults(run=_export)

    feed = commands.add_parser("feed", help="the change feed's upkeep")
    feed.add_argument("action", choices=("prune",))
    feed.add_argument(
        "--days",
        type=_days,
        default=None,
        help="delete changes older than this many days (default: "
        "GRAPH_SERVICE_FEED_RETENTION_DAYS, 30)",
    )
    feed.set_defaults(run=_feed)

    _add_report(commands)
    return parser


def _add_report(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = commands.add_parser(
        "report",
        help="an analysis of the network for analysts (table, csv, json, md, html, xlsx)",
    )
    kinds = report.add_subparsers(required=True, metavar="KIND")
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "--format",
        choices=[f.value for f in ReportFormat],
        default=ReportFormat.TABLE.value,
        help="table (the default, for the terminal), csv (one file per table), json, md, "
        "html (one file) or xlsx (one sheet per table)",
    )
    output.add_argument(
        "--out", type=Path, metavar="FILE", help="write here, not to stdout (csv: FILE-<table>)"
    )
    output.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="it (the default) or en"
    )
    output.add_argument(
        "--csv-dialect",
        choices=[d.value for d in CsvDialect],
        default=CsvDialect.PLAIN.value,
        help="plain (commas, decimal points) or excel-it (semicolons, decimal commas, BOM)",
    )
    summaries = {
        ReportKind.CENTRALITY: "who sits at the centre of the network",
        ReportKind.COMMUNITIES: "Louvain communities and what dominates each",
        ReportKind.BROKERS: "structural holes, brokerage roles between associations, "
        "articulation points, bridges",
        ReportKind.OPPORTUNITIES: "collaboration opportunities and why",
        ReportKind.BRIDGE: "how the I&T Hub's network meets another hub's",
        ReportKind.STATS: "network statistics and growth by year",
        ReportKind.COMPARE: "two years side by side: new firms and ties, who rose and fell, "
        "communities merged or split",
    }
    for name, summary in summaries.items():
        parser = kinds.add_parser(name.value, help=summary, parents=[output])
        parser.set_defaults(run=_report, kind=name)
        parameters = report_parameters(name.value)
        for parameter in parameters:
            _add_option(parser, parameter)
        names = {p.name for p in parameters}
        if "year" not in names and name is not ReportKind.COMPARE:
            parser.add_argument(
                "--year", type=int, metavar="Y", help="the network as it stood at the end of Y"
            )
        if "labels" in names:
            parser.add_argument(
                "--all-labels",
                action="store_true",
                help="rank every node (by default the actors only: no projects, topics, "
                "funding instruments)",
            )


def _add_option(parser: argparse.ArgumentParser, parameter: Parameter) -> None:
    """A report option made from a parameter of the catalogue of analyses: its type, its
    choices, its range and its default (None here: the catalogue's default applies)."""
    flag = "--" + parameter.name.replace("_", "-")
    aliases = OPTION_ALIASES.get(parameter.name, ())
    default = None if parameter.required or parameter.default is None else parameter.default
    shown = getattr(default, "value", default)
    help_text = parameter.description.rstrip(".") + ("" if shown is None else f" (default {shown})")
    choices = parameter.choices
    if choices is not None:
        values = [str(m.value) for m in choices]
        nargs = "+" if parameter.is_list else None
        parser.add_argument(*aliases, flag, choices=values, nargs=nargs, help=help_text)
    elif parameter.base_type in (int, float):
        parser.add_argument(
            *aliases,
            flag,
            dest=parameter.name,
            type=_ranged(parameter),
            metavar="N",
            help=help_text,
            required=parameter.required,
        )
    else:
        parser.add_argument(*aliases, flag, dest=parameter.name, metavar="ID", help=help_text)


OPTION_ALIASES = {"first_year": ("--from",), "second_year": ("--to",)}
"""Shorter flags an analyst types (``report compare --from 2018 --to 2019``)."""


def _ranged(parameter: Parameter) -> Callable[[str], object]:
    def convert(text: str) -> object:
        try:
            value = parameter.base_type(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        low, high = parameter.minimum, parameter.maximum
        if (low is not None and value < low) or (high is not None and value > high):
            raise argparse.ArgumentTypeError(f"{text} is not between {low:g} and {high:g}")
        return value

    return convert


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from graph_service.api.app import create_app
    from graph_service.api.http_server import freeze_startup_objects, server_options
    from graph_service.api.observability import configure_logging

    settings = _with_dev_key(settings)

    with running_database(settings) as driver:
        apply_schema(driver, settings.neo4j_database)
        if not args.no_demo and is_empty(driver, settings.neo4j_database):
            print("graph-service: the database is empty, loading the demo network", file=sys.stderr)
            store = loading.store_for(driver, settings)
            _print_summary(loading.load(loading.DEMO_PATH, store, progress=ProgressBar()))
        print(
            f"graph-service: serving on http://{settings.host}:{settings.port} "
            f"(Neo4j {settings.effective_neo4j_uri})",
            file=sys.stderr,
        )
        configure_logging()
        # uvicorn shuts down gracefully on SIGTERM, then raises the signal again; by default that
        # would end the process before the Neo4j started above is stopped.
        previous = signal.signal(signal.SIGTERM, _exit_cleanly)
        app = create_app(settings)
        freeze_startup_objects()
        try:
            uvicorn.run(
                app,
                host=settings.host,
                port=settings.port,
                log_config=None,  # JSON lines, configured above
                access_log=False,  # the service writes its own, with request ids and key names
                **server_options(settings),
            )
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


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
    explore = f"http://{settings.host}:{settings.port}/explore#key={secret}"
    print(f"  graph browser: {explore}", file=sys.stderr)
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

        SCHEMA_FILE.write_text(schema_text(), encoding="utf-8")
        SDL_FILE.write_text(sdl_text(build_schema()), encoding="utf-8")
        print(f"wrote {SCHEMA_FILE} and {SDL_FILE}")
        return 0
    with running_database(settings) as driver:
        count = apply_schema(driver, settings.neo4j_database)
    print(f"schema applied: {count} constraints and indexes present")
    return 0


def _load(settings: Settings, args: argparse.Namespace) -> int:
    generated = _generate(args) if args.path == "synthetic" else None
    path = loading.resolve_path(args.path)
    with running_database(settings) as driver:
        apply_schema(driver, settings.neo4j_database)
        store = loading.store_for(driver, settings)
        progress = None if args.dry_run else ProgressBar()
        if generated is not None:
            summary = loading.load_records(
                generated, store, dry_run=args.dry_run, progress=progress
            )
        else:
            summary = loading.load(
                path,
                store,
                dry_run=args.dry_run,
                progress=progress,
            )
        feed_upkeep.record_load(driver, settings.neo4j_database, summary, args.path)
        _print_summary(summary)
    return 0


def _feed(settings: Settings, args: argparse.Namespace) -> int:
    days = args.days or settings.feed.retention_days
    with running_database(settings) as driver:
        deleted, through = feed_upkeep.prune(driver, settings.neo4j_database, days)
    kept = f"; the feed now starts after position {through}" if through else ""
    print(f"pruned {deleted} change{'s' if deleted != 1 else ''} older than {days} days{kept}")
    return 0


def _days(text: str) -> int:
    try:
        days = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of days") from None
    if days < 1:
        raise argparse.ArgumentTypeError(f"at least 1 day, got {days}")
    return days


def _synthetic(settings: Settings, args: argparse.Namespace) -> int:
    written = synthetic.write(_generate(args), args.out, args.format)
    print(f"wrote {len(written)} file{'s' if len(written) != 1 else ''} under {args.out}")
    return 0


def _generate(args: argparse.Namespace) -> GraphRecords:
    return synthetic.generate(args.firms, args.seed)


def _firm_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if count < synthetic.MIN_FIRMS:
        raise argparse.ArgumentTypeError(f"at least {synthetic.MIN_FIRMS} firms, got {count}")
    return count


def _export(settings: Settings, args: argparse.Namespace) -> int:
    if args.format is not None:
        return _export_graph_file(settings, args)
    with running_database(settings) as driver:
        written = loading.export(loading.store_for(driver, settings), args.path)
    print(f"exported to {args.path} ({len(written)} file{'s' if len(written) != 1 else ''})")
    return 0


def _export_graph_file(settings: Settings, args: argparse.Namespace) -> int:
    from graph_service.services.graph_exports import export_graph_file

    nodes = export_graph_file(settings, args.path, args.format)
    print(f"exported {nodes} nodes with their measures to {args.path} ({args.format})")
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    from graph_service.reports.output import write_report
    from graph_service.reports.render import RenderOptions, render
    from graph_service.services.reports import report

    named = {"measure", "label", "top", "firm", "method", "other_hub"}
    given = {
        p.name: getattr(args, p.name)
        for p in report_parameters(args.kind.value)
        if getattr(args, p.name, None) is not None
    }
    request = ReportRequest(
        kind=args.kind,
        measure=CentralityMeasure(given.get("measure", CentralityMeasure.PAGERANK)),
        label=given.get("label"),
        top=given.get("top"),
        firm=given.get("firm"),
        method=OpportunityMethod(given.get("method", OpportunityMethod.ADAMIC_ADAR)),
        other_hub=given.get("other_hub"),
        language=args.lang,
        all_labels=getattr(args, "all_labels", False),
        year=getattr(args, "year", None) if "year" not in given else None,
        extra={k: v for k, v in given.items() if k not in named},
    )
    progress = ProgressBar()
    try:
        run = report(settings, request, progress)
        progress("rendering", 2, 3)
        rendered = render(
            run.result,
            args.format,
            RenderOptions(
                language=request.language,
                csv_dialect=CsvDialect(args.csv_dialect),
                generated_at=run.computed_at,
                version=run.version,
                year=request.year if request.year is not None else given.get("year"),
                top=request.top,
            ),
        )
        progress("done", 3, 3)
    except BaseException:
        if sys.stderr.isatty():
            print(file=sys.stderr)  # the error goes on a line of its own, not after the bar
        raise
    written = write_report(rendered, args.out)
    if len(written) > 1:
        print(f"wrote {len(written)} files: {', '.join(map(str, written))}", file=sys.stderr)
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
