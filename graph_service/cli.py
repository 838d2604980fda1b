"""The ``graph-service`` command: serve, neo4j, schema, load, export, report."""

from __future__ import annotations

import argparse
import dataclasses
import secrets
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from graph_service.config import PROJECT_ROOT, ApiKey, Settings
from graph_service.domain.analytics import CentralityMeasure, OpportunityMethod
from graph_service.domain.records import GraphRecords, LoadSummary
from graph_service.domain.vocabulary import DEFAULT_LANGUAGE, LANGUAGES
from graph_service.domain.weighting import NetworkView, TieWeight
from graph_service.errors import ConfigurationError, GraphServiceError, InvalidInput
from graph_service.local_neo4j import LocalNeo4j
from graph_service.reports.options import CsvDialect, ReportFormat, ReportKind, ReportRequest
from graph_service.services.database import running_database
from graph_service.storage.graph_store import GraphStore
from graph_service.storage.schema import apply_schema, schema_file_text
from loaders import load as loading
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
    output.add_argument(
        "--top", type=_count, metavar="N", help="how many entries to show (default 20; bridge 10)"
    )
    output.add_argument("--seed", type=int, default=0, help="seed of the random draws (0)")
    year = argparse.ArgumentParser(add_help=False)
    year.add_argument("--year", type=int, metavar="Y", help="the network as of the end of Y")
    weighing = argparse.ArgumentParser(add_help=False)
    weighing.add_argument(
        "--view",
        choices=[v.value for v in NetworkView],
        default=NetworkView.WHOLE.value,
        help="whole (default), firms (tied by shared projects), associations (by shared firms)",
    )
    weighing.add_argument(
        "--weight",
        choices=[w.value for w in TieWeight],
        default=TieWeight.NONE.value,
        help="none (default); whole view: declared; firms: shared_projects, investment; "
        "associations: shared_firms",
    )
    every = argparse.ArgumentParser(add_help=False)
    every.add_argument(
        "--all-labels",
        action="store_true",
        help="rank every node (by default only actors: no projects, topics, instruments)",
    )
    measure = argparse.ArgumentParser(add_help=False)
    measure.add_argument(
        "--measure",
        choices=[m.value for m in CentralityMeasure],
        default=CentralityMeasure.PAGERANK.value,
    )
    resolution = argparse.ArgumentParser(add_help=False)
    resolution.add_argument(
        "--resolution", type=_positive, default=1.0, help="Louvain: above 1 smaller communities"
    )

    def kind(
        name: ReportKind, summary: str, *parents: argparse.ArgumentParser
    ) -> argparse.ArgumentParser:
        parser = kinds.add_parser(name.value, help=summary, parents=[*parents, output])
        parser.set_defaults(run=_report, kind=name)
        return parser

    centrality = kind(
        ReportKind.CENTRALITY,
        "who sits at the centre of the network",
        measure,
        year,
        weighing,
        every,
    )
    centrality.add_argument("--label", help="rank only the nodes of this label (e.g. Firm)")
    centrality.add_argument("--damping", type=float, default=0.85, help="PageRank (0.85)")
    centrality.add_argument(
        "--sources", type=_count, default=500, help="betweenness/closeness samples (500)"
    )
    kind(
        ReportKind.COMMUNITIES,
        "Louvain communities and what dominates each",
        year,
        weighing,
        resolution,
    )
    brokers = kind(
        ReportKind.BROKERS,
        "structural holes, brokerage roles between associations, articulation points, bridges",
        year,
        every,
    )
    brokers.add_argument("--label", help="rank structural holes among this label only")
    opportunities = kind(ReportKind.OPPORTUNITIES, "collaboration opportunities and why", year)
    opportunities.add_argument("--firm", metavar="ID", help="for this firm (else network-wide)")
    opportunities.add_argument(
        "--method",
        choices=[m.value for m in OpportunityMethod],
        default=OpportunityMethod.ADAMIC_ADAR.value,
    )
    bridge = kind(ReportKind.BRIDGE, "how the I&T Hub's network meets another hub's", year)
    bridge.add_argument(
        "--other-hub", metavar="ID", help="the other hub's id (default: confindustria-dih)"
    )
    kind(ReportKind.STATS, "network statistics and growth by year", year)
    compare = kind(
        ReportKind.COMPARE,
        "two years side by side: new firms and ties, who rose and fell, communities",
        measure,
        resolution,
        every,
    )
    compare.add_argument("--from", dest="first_year", type=int, required=True, metavar="YEAR")
    compare.add_argument("--to", dest="second_year", type=int, required=True, metavar="YEAR")


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from graph_service.api.app import create_app
    from graph_service.api.observability import configure_logging

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
        configure_logging()
        # uvicorn shuts down gracefully on SIGTERM, then raises the signal again; by default that
        # would end the process before the Neo4j started above is stopped.
        previous = signal.signal(signal.SIGTERM, _exit_cleanly)
        try:
            uvicorn.run(
                create_app(settings),
                host=settings.host,
                port=settings.port,
                log_config=None,  # JSON lines, configured above
                access_log=False,  # the service writes its own, with request ids and key names
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

        SCHEMA_FILE.write_text(schema_file_text(), encoding="utf-8")
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
        store = GraphStore(driver, settings.neo4j_database)
        progress = None if args.dry_run else ProgressBar()
        if generated is not None:
            summary = loading.load_records(
                generated, store, dry_run=args.dry_run, progress=progress
            )
        else:
            summary = loading.load(path, store, dry_run=args.dry_run, progress=progress)
        _print_summary(summary)
    return 0


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
        written = loading.export(GraphStore(driver, settings.neo4j_database), args.path)
    print(f"exported to {args.path} ({len(written)} file{'s' if len(written) != 1 else ''})")
    return 0


def _export_graph_file(settings: Settings, args: argparse.Namespace) -> int:
    from graph_service.services.graph_exports import export_graph_file

    nodes = export_graph_file(settings, args.path, args.format)
    print(f"exported {nodes} nodes with their measures to {args.path} ({args.format})")
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    from graph_service.reports.analyses import analyse, check_request
    from graph_service.reports.output import write_report
    from graph_service.reports.render import RenderOptions, render
    from graph_service.services.reporting import project_network

    request = ReportRequest(
        kind=args.kind,
        measure=CentralityMeasure(getattr(args, "measure", CentralityMeasure.PAGERANK)),
        label=getattr(args, "label", None),
        top=args.top,
        firm=getattr(args, "firm", None),
        method=OpportunityMethod(getattr(args, "method", OpportunityMethod.ADAMIC_ADAR)),
        other_hub=getattr(args, "other_hub", None),
        language=args.lang,
        view=NetworkView(getattr(args, "view", NetworkView.WHOLE)),
        weight=TieWeight(getattr(args, "weight", TieWeight.NONE)),
        all_labels=getattr(args, "all_labels", False),
        damping=getattr(args, "damping", 0.85),
        resolution=getattr(args, "resolution", 1.0),
        seed=args.seed,
        sources=getattr(args, "sources", 500),
        year=getattr(args, "year", None),
        first_year=getattr(args, "first_year", None),
        second_year=getattr(args, "second_year", None),
    )
    check_request(request)
    progress = ProgressBar()
    try:
        progress("reading graph", 0, 3)
        network = project_network(settings)
        progress("computing", 1, 3)
        result = analyse(network.graph, request)
        progress("rendering", 2, 3)
        rendered = render(
            result,
            args.format,
            RenderOptions(
                language=request.language,
                csv_dialect=CsvDialect(args.csv_dialect),
                generated_at=network.read_at,
                version=network.version,
                year=request.year,
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
        print(f"wrote {len(written)} files: {', '.join(str(p) for p in written)}", file=sys.stderr)
    return 0


def _count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if count < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more, not {count}")
    return count


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, not {text}")
    return value


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
