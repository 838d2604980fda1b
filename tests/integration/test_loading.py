"""`graph-service load` and `export` against the real Neo4j."""

import csv
import dataclasses
import logging
import shutil
from pathlib import Path

import pytest

from graph_service.services import loading
from graph_service.storage.graph_store import GraphStore
from loaders.load import NodeGroups, RelationshipGroups, StreamedInput, stream
from tests.conftest import Database


def counts(db: Database) -> tuple[int, int]:
    records = db.query(
        "MATCH (n:Node) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n) AS n, count(r) AS r"
    )
    return records[0]["n"], records[0]["r"]


def snapshot(store: GraphStore, path: Path) -> str:
    loading.export(store, path)
    return path.read_text()


def test_the_demo_loads_with_a_summary_and_a_second_load_changes_nothing(
    empty_db: Database,
) -> None:
    first = empty_db.cli("load", "demo")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("loaded:")
    firm_row = next(
        line.split() for line in first.stdout.splitlines() if line.split()[:1] == ["Firm"]
    )
    graph = loading.read(loading.DEMO_PATH)
    assert firm_row == ["Firm", str(len(graph.nodes["Firm"])), "0", "0"]
    before = counts(empty_db)
    assert before == (graph.node_count, graph.relationship_count)

    second = empty_db.cli("load", "demo")
    assert second.returncode == 0, second.stderr
    firm_row = next(
        line.split() for line in second.stdout.splitlines() if line.split()[:1] == ["Firm"]
    )
    assert firm_row == ["Firm", "0", "0", str(len(graph.nodes["Firm"]))]
    assert counts(empty_db) == before


def test_export_then_load_into_an_empty_database_gives_identical_files(
    empty_db: Database, tmp_path: Path
) -> None:
    loading.load(loading.DEMO_PATH, empty_db.store)
    for target in ("export.json", "csv"):
        first = tmp_path / "first" / target
        second = tmp_path / "second" / target
        assert empty_db.cli("export", str(first)).returncode == 0
        empty_db.wipe()
        loaded = empty_db.cli("load", str(first))
        assert loaded.returncode == 0, loaded.stderr
        assert empty_db.cli("export", str(second)).returncode == 0
        files = (
            sorted(p.relative_to(first) for p in first.rglob("*")) if first.is_dir() else [Path()]
        )
        assert len(files) >= 1
        for name in files:
            a, b = first / name, second / name
            if a.is_file():
                assert a.read_bytes() == b.read_bytes(), f"{name} differs after the round trip"
    assert counts(empty_db)[0] == loading.read(loading.DEMO_PATH).node_count


def test_a_malformed_csv_is_reported_line_by_line_and_nothing_is_written(
    empty_db: Database, tmp_path: Path
) -> None:
    loading.load(loading.DEMO_PATH, empty_db.store)
    exported = tmp_path / "export"
    loading.export(empty_db.store, exported)
    before = snapshot(empty_db.store, tmp_path / "before.json")

    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    # As a new user would break it: a column dropped, a number mistyped, an id that is not there.
    _rewrite(broken / "relationships/FUNDED_BY.csv", drop_column="to")
    projects = broken / "nodes/Project.csv"
    rows = _rows(projects)
    rows[5][rows[0].index("year")] = "2O18"
    rows[7][rows[0].index("title")] = rows[7][rows[0].index("title")] + " (renamed)"
    _write(projects, rows)
    participants = broken / "relationships/PARTICIPATES_IN.csv"
    rows = _rows(participants)
    rows[3][rows[0].index("to")] = "project-that-does-not-exist"
    _write(participants, rows)

    result = empty_db.cli("load", str(broken))
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert f"{broken}/relationships/FUNDED_BY.csv:1 [to]: missing column 'to'" in errors
    assert f"{projects}:6 [year]: '2O18' is not an integer" in errors
    assert (
        f"{participants}:4 [to]: no node with id 'project-that-does-not-exist' "
        "(in this load or the database)"
    ) in errors
    assert errors[-1] == "graph-service: 3 problems found; nothing was written"
    assert snapshot(empty_db.store, tmp_path / "after.json") == before


def test_a_dry_run_writes_nothing(empty_db: Database) -> None:
    result = empty_db.cli("load", "demo", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("would load:")
    assert counts(empty_db) == (0, 0)


def test_a_rerun_after_an_interrupted_load_completes_it(empty_db: Database, tmp_path: Path) -> None:
    loading.load(loading.DEMO_PATH, empty_db.store)
    clean = snapshot(empty_db.store, tmp_path / "clean.json")
    empty_db.wipe()
    # An interrupted load: some labels' batches written, no relationships yet.
    graph = loading.read(loading.DEMO_PATH)
    for label in ("Association", "Firm"):
        empty_db.store.merge_nodes(label, graph.nodes[label][: len(graph.nodes[label]) // 2])
    summary = loading.load(loading.DEMO_PATH, empty_db.store)
    assert summary.nodes_unchanged["Firm"] == len(graph.nodes["Firm"]) // 2
    assert snapshot(empty_db.store, tmp_path / "rerun.json") == clean


def test_a_changed_file_updates_exactly_what_changed(empty_db: Database, tmp_path: Path) -> None:
    loading.load(loading.DEMO_PATH, empty_db.store)
    exported = tmp_path / "csv"
    loading.export(empty_db.store, exported)
    firms = exported / "nodes/Firm.csv"
    rows = _rows(firms)
    rows[1][rows[0].index("town")] = "Bergamo"
    rows[2][rows[0].index("town")] = "Bergamo"
    _write(firms, rows)
    summary = loading.load(exported, empty_db.store)
    assert summary.nodes_updated == {
        label: 2 if label == "Firm" else 0 for label in summary.nodes_updated
    }
    assert sum(summary.nodes_created.values()) == 0
    assert sum(summary.relationships_updated.values()) == 0
    towns = empty_db.query(
        "MATCH (f:Firm) WHERE f.id IN $ids RETURN f.town AS town", ids=[rows[1][0], rows[2][0]]
    )
    assert [r["town"] for r in towns] == ["Bergamo", "Bergamo"]


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _rewrite(path: Path, drop_column: str) -> None:
    rows = _rows(path)
    index = rows[0].index(drop_column)
    _write(path, [row[:index] + row[index + 1 :] for row in rows])


def test_queries_naming_what_the_database_never_held_print_no_warnings(
    empty_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    # A first load counts the relationships of each type before writing it: on a fresh database
    # none of them exists yet, and the driver used to log Neo4j's warning for each to stderr.
    with caplog.at_level(logging.INFO, logger="neo4j"):
        empty_db.query("MATCH ()-[r:NEVER_WRITTEN]->(:NeverLabelled) RETURN count(r) AS n")
        with empty_db.driver.session(database=empty_db.database) as session:
            session.run("MATCH (n:NeverLabelled {neverNamed: 1}) RETURN n").consume()
    assert not [r for r in caplog.records if "notification" in r.getMessage()]


def test_an_input_is_written_from_its_first_reading_unless_it_is_too_large_to_keep(
    empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading.load(loading.DEMO_PATH, empty_db.store)
    files = tmp_path / "csv"
    loading.export(empty_db.store, files)
    expected = snapshot(empty_db.store, tmp_path / "expected.json")
    read_again: list[str] = []
    real_stream = stream

    def counted(path: Path) -> StreamedInput:
        streamed = real_stream(path)

        def nodes() -> NodeGroups:
            read_again.append("nodes")
            return streamed.node_groups()

        def relationships() -> RelationshipGroups:
            read_again.append("relationships")
            return streamed.relationship_groups()

        return dataclasses.replace(streamed, node_groups=nodes, relationship_groups=relationships)

    monkeypatch.setattr(loading, "stream", counted)
    empty_db.wipe()
    loading.load(files, empty_db.store)
    assert read_again == []  # written from the records of the validating reading
    assert snapshot(empty_db.store, tmp_path / "kept.json") == expected
    monkeypatch.setattr(loading, "KEPT_RECORDS", 10)  # the demo has more: read again to write
    empty_db.wipe()
    loading.load(files, empty_db.store)
    assert read_again == ["nodes", "relationships"]
    assert snapshot(empty_db.store, tmp_path / "streamed.json") == expected
