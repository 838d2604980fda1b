"""The streamed checks of a large load find what the in-memory ones find, with the same words."""

from collections.abc import Iterator
from pathlib import Path

from graph_service.domain.records import NodeRecord, RelationshipRecord
from loaders.csv_format import read_directory
from loaders.stream_checks import StreamChecks
from loaders.validation import validate


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def database(ids: object) -> dict[str, str]:
    return {"it-hub": "Hub", "assoc-db": "Association"}


def test_streamed_checks_report_what_validation_reports(tmp_path: Path) -> None:
    write(tmp_path / "nodes/Association.csv", "id,name\na1,Uno\na2,Due\n")
    write(
        tmp_path / "nodes/Firm.csv",
        "id,name\nf1,Alfa\nf2,Beta\nf1,Alfa again\nit-hub,Not a hub\na2,Firm named like an association\n",
    )
    write(
        tmp_path / "relationships/MEMBER_OF.csv",
        "from,to\nf1,a1\nf2,a1\nf1,a1\nf2,nowhere\nf2,assoc-db\na1,f1\nghost,a2\n",
    )
    graph, problems = read_directory(tmp_path)
    assert problems == []
    _, expected = validate(graph, database)

    checks = StreamChecks()
    records: list[NodeRecord | RelationshipRecord] = [
        *(n for nodes in graph.nodes.values() for n in nodes),
        *(r for rels in graph.relationships.values() for r in rels),
    ]
    for record in records:
        if isinstance(record, NodeRecord):
            checks.node(record)
        else:
            checks.relationship(record)
    found = checks.finish(database, lambda: iter(records))
    assert sorted(map(str, found)) == sorted(map(str, expected))
    assert len(found) == 7
    assert checks.by_label == {"Association": 2, "Firm": 5}


def test_a_load_already_in_the_database_is_counted_as_such(tmp_path: Path) -> None:
    nodes = [NodeRecord("Association", f"a{n}", {"name": f"A {n}"}) for n in range(50)]
    checks = StreamChecks()
    for node in nodes:
        checks.node(node)
    stored = {f"a{n}": "Association" for n in range(0, 50, 5)}
    assert (
        checks.finish(lambda ids: {i: stored[i] for i in ids if i in stored}, lambda: iter(nodes))
        == []
    )
    assert checks.in_database == {"Association": 10}


def _fed(records: list[NodeRecord | RelationshipRecord]) -> StreamChecks:
    checks = StreamChecks()
    for record in records:
        if isinstance(record, NodeRecord):
            checks.node(record)
        else:
            checks.relationship(record)
    return checks


def _never_read_again() -> Iterator[NodeRecord | RelationshipRecord]:
    raise AssertionError("the input was read again")


def test_a_clean_load_into_an_empty_database_is_not_read_a_second_time() -> None:
    records: list[NodeRecord | RelationshipRecord] = [
        NodeRecord("Association", "a1", {"name": "Uno"}),
        *(NodeRecord("Firm", f"f{n}", {"name": f"F {n}"}) for n in range(100)),
        *(RelationshipRecord("MEMBER_OF", f"f{n}", "a1", {}) for n in range(100)),
    ]
    checks = _fed(records)
    assert checks.finish(lambda ids: {}, _never_read_again, database_empty=True) == []


def test_into_an_empty_database_every_kind_of_problem_is_still_found(tmp_path: Path) -> None:
    """Each problem the last pass names, alone in an otherwise clean load: the shortcut that
    skips that pass must see it and take the pass."""
    cases = {
        "duplicate id": ("f1,Alfa\nf1,Again\n", "from,to\nf1,a1\n"),
        "duplicate MEMBER_OF": ("f1,Alfa\n", "from,to\nf1,a1\nf1,a1\n"),
        "no node with id": ("f1,Alfa\n", "from,to\nghost,a1\n"),
        "cannot join": ("f1,Alfa\n", "from,to\na1,f1\n"),
    }
    for words, (firms, links) in cases.items():
        folder = tmp_path / words.replace(" ", "-")
        write(folder / "nodes/Association.csv", "id,name\na1,Uno\n")
        write(folder / "nodes/Firm.csv", "id,name\n" + firms)
        write(folder / "relationships/MEMBER_OF.csv", links)
        graph, problems = read_directory(folder)
        assert problems == []
        records: list[NodeRecord | RelationshipRecord] = [
            *(n for nodes in graph.nodes.values() for n in nodes),
            *(r for rels in graph.relationships.values() for r in rels),
        ]
        found = _fed(records).finish(lambda ids: {}, iter(records).__iter__, database_empty=True)
        assert len(found) == 1 and words in str(found[0]), (words, found)
