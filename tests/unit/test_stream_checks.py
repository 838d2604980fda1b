"""The streamed checks of a large load find what the in-memory ones find, with the same words."""

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
