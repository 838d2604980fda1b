"""Reading an input (a JSON document or a CSV directory) into records, with every problem
found; writing them is the loading service's (``graph_service.services.loading``)."""

from __future__ import annotations

from pathlib import Path

from graph_service.domain.records import GraphRecords
from graph_service.errors import InputProblem, InvalidInput
from loaders import csv_format, json_format

DEMO_PATH = Path(__file__).resolve().parent / "demo" / "bergamo.json"

MAX_INPUT_BYTES = 64 * 1024 * 1024
"""Largest input read in one load by default (``GRAPH_SERVICE_MAX_LOAD_BYTES``): an input is
held whole while it is validated, at about six times its size. A larger one is refused before
it is read; split it, since loads merge on ids (a part may link to nodes an earlier one loaded)."""


def resolve_path(path: str) -> Path:
    """``demo`` names the shipped Bergamo network; anything else is a file or directory."""
    return DEMO_PATH if path == "demo" else Path(path)


def read(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> GraphRecords:
    """Parse a JSON document or a CSV directory; raise InvalidInput listing every problem."""
    problems = input_size_problems(path, max_bytes)
    if problems:
        raise InvalidInput(problems)
    graph, problems = parse(path)
    if problems:
        raise InvalidInput(problems)
    return graph


def input_size_problems(path: Path, limit: int = MAX_INPUT_BYTES) -> list[InputProblem]:
    """The input refused for its size, before it is read (empty if it fits)."""
    files = [path] if path.is_file() else [f for f in path.rglob("*.csv") if f.is_file()]
    size = sum(f.stat().st_size for f in files) if path.exists() else 0
    if size <= limit:
        return []
    message = (
        f"the input is {size / 2**20:,.0f} MB; at most {limit / 2**20:,.0f} MB are loaded at once "
        "(GRAPH_SERVICE_MAX_LOAD_BYTES): split it into several loads, which merge on ids"
    )
    return [InputProblem(str(path), None, None, message)]


def parse(path: Path) -> tuple[GraphRecords, list[InputProblem]]:
    """Parse a JSON document or a CSV directory: the records that parsed, and the problems."""
    if path.is_dir():
        graph, problems = csv_format.read_directory(path)
    elif path.suffix.lower() == ".json":
        graph, problems = json_format.read_document(path)
    else:
        reason = "expected a .json file or a CSV directory" if path.exists() else "no such file"
        graph, problems = GraphRecords(), [InputProblem(str(path), None, None, reason)]
    return graph, problems
