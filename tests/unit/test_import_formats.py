"""Reading the CSV and JSON forms: every problem found, each with its file, line and field."""

from pathlib import Path

from graph_service.errors import InputProblem
from loaders.csv_format import read_directory, write_directory
from loaders.json_format import read_document, render_document
from loaders.validation import validate


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def no_database(ids: object) -> dict[str, str]:
    return {}


def messages(problems: list[InputProblem]) -> list[str]:
    return [str(p) for p in problems]


def test_a_valid_csv_directory_is_read(tmp_path: Path) -> None:
    write(tmp_path / "nodes/Firm.csv", "id,name,size\nf1,Alfa (demo),small\nf2,Beta (demo),\n")
    write(tmp_path / "nodes/Association.csv", "id,name,representedFirms\na1,Assoc (demo),12000\n")
    write(tmp_path / "relationships/MEMBER_OF.csv", "from,to\nf1,a1\nf2,a1\n")
    graph, problems = read_directory(tmp_path)
    assert problems == []
    assert [n.properties for n in graph.nodes["Firm"]] == [
        {"name": "Alfa (demo)", "size": "small"},
        {"name": "Beta (demo)"},
    ]
    assert graph.nodes["Association"][0].properties["representedFirms"] == 12000
    labels, more = validate(graph, no_database)
    assert more == []
    assert labels == {"f1": "Firm", "f2": "Firm", "a1": "Association"}


def test_every_csv_problem_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    firms = write(
        tmp_path / "nodes/Firm.csv", "id,name,size\nf1,Alfa,huge\n,Beta,small\nf3,,micro\n"
    )
    projects = write(tmp_path / "nodes/Project.csv", "title,year\nNo id,2018\n")
    member = write(tmp_path / "relationships/MEMBER_OF.csv", "from,to,strength\nf1,a1,3\n")
    unknown = write(tmp_path / "nodes/Person.csv", "id,name\np1,Someone\n")
    _, problems = read_directory(tmp_path)
    assert sorted(messages(problems)) == sorted(
        [
            f"{firms}:2 [size]: 'huge' is not one of micro, small, medium, large",
            f"{firms}:3 [id]: missing id",
            f"{firms}:4 [name]: name is required",
            f"{projects}:1 [id]: missing column 'id'",
            f"{member}:1 [strength]: unknown column 'strength' (known: from, to, weight)",
            f"{unknown}: unknown label 'Person' (known: Association, ServiceCentre, Office, "
            "Firm, Expert, Project, Hub, Topic, Instrument)",
        ]
    )


def test_dangling_duplicate_and_ill_typed_links_are_reported(tmp_path: Path) -> None:
    write(tmp_path / "nodes/Firm.csv", "id,name\nf1,Alfa\nf1,Alfa again\n")
    write(tmp_path / "nodes/Topic.csv", "id,name\nt1,Cybersecurity\n")
    rels = write(tmp_path / "relationships/MEMBER_OF.csv", "from,to\nf1,ghost\nf1,t1\nf1,t1\n")
    graph, problems = read_directory(tmp_path)
    assert problems == []
    _, problems = validate(graph, no_database)
    firms = tmp_path / "nodes/Firm.csv"
    assert messages(problems) == [
        f"{firms}:3 [id]: duplicate id 'f1' (first at {firms}:2)",
        f"{rels}:2 [to]: no node with id 'ghost' (in this load or the database)",
        f"{rels}:3: MEMBER_OF cannot join Firm -> Topic "
        "(allowed: Firm -> Association, Association -> Association)",
        f"{rels}:4: MEMBER_OF cannot join Firm -> Topic "
        "(allowed: Firm -> Association, Association -> Association)",
        f"{rels}:4: duplicate MEMBER_OF f1 -> t1 (first at {rels}:3)",
    ]


def test_endpoints_and_ids_already_in_the_database_count(tmp_path: Path) -> None:
    write(tmp_path / "nodes/Firm.csv", "id,name\nf1,Alfa\nit-hub,Not a hub\n")
    write(tmp_path / "relationships/AFFILIATED_WITH.csv", "from,to,role\nf1,it-hub,member\n")
    graph, _ = read_directory(tmp_path)
    _, problems = validate(graph, lambda ids: {"it-hub": "Hub"})
    assert messages(problems)[0].endswith("[id]: id 'it-hub' is already a Hub in the database")


def test_json_problems_carry_the_line_of_the_record(tmp_path: Path) -> None:
    file = write(
        tmp_path / "graph.json",
        """{
  "format": "graph-service/1",
  "nodes": {
    "Firm": [
      {"id": "f1", "name": "Alfa"},
      {"id": "f2",
       "name": "Beta", "size": 3}
    ],
    "Robot": []
  },
  "relationships": {"MEMBER_OF": [
    {"from": "f1"}
  ]}
}
""",
    )
    _, problems = read_document(file)
    assert messages(problems) == [
        f"{file}:6 [/nodes/Firm/1/size]: 3 is not a string",
        f"{file}:9 [/nodes/Robot]: unknown label 'Robot'",
        f"{file}:12 [/relationships/MEMBER_OF/0/to]: missing to",
    ]


def test_malformed_json_names_the_line(tmp_path: Path) -> None:
    file = write(tmp_path / "graph.json", '{\n  "nodes": {\n    "Firm": [,]\n  }\n}\n')
    _, problems = read_document(file)
    assert len(problems) == 1
    assert problems[0].line == 3
    assert "not valid JSON" in problems[0].message


def test_json_read_in_pieces_keeps_lines_paths_and_byte_order_marks(tmp_path: Path) -> None:
    # A byte-order mark, a record longer than one piece fed to the parser, a number past 64 bits.
    long_name = "Impresa " * 20_000  # 160 KB: read in three pieces
    file = tmp_path / "graph.json"
    file.write_bytes(
        b"\xef\xbb\xbf{\n"
        b'"nodes": {"Firm": [\n'
        + f'{{"id": "f1", "name": "{long_name}"}},\n'.encode()
        + b'{"id": "f2", "name": "Beta", "size": 3},\n'
        b"{}\n"
        b"]},\n"
        b'"relationships": {"MEMBER_OF": [\n'
        b'{"from": "f1", "to": "f2", "weight": 9223372036854775808}\n'
        b"]}}\n"
    )
    graph, problems = read_document(file)
    assert [n.id for n in graph.nodes["Firm"]] == ["f1", "f2"]
    assert graph.nodes["Firm"][0].properties["name"] == long_name
    assert messages(problems) == [
        f"{file}:4 [/nodes/Firm/1/size]: 3 is not a string",
        f"{file}:5 [/nodes/Firm/2/id]: missing id",
        f"{file}:5 [/nodes/Firm/2/name]: name is required",
        f"{file}:8 [/relationships/MEMBER_OF/0/weight]: "
        "9223372036854775808 is outside the integers Neo4j stores (64-bit)",
    ]


def test_json_that_cannot_be_read_stops_at_its_line(tmp_path: Path) -> None:
    cases = {
        b'{"nodes": {"Firm": [\n{"id": "f1", "name": "Caf\xe9"}]}}': "2: not UTF-8 text (byte 0xe9)",
        b'{"nodes": {"Firm": [\n{"id": "f1", "name": ' + b"[" * 40 + b"]" * 40 + b"}]}}": (
            "2: JSON nested too deeply (a record is an object of plain values)"
        ),
        b'{"nodes": {}}\n\n{"nodes": {}}\n': "3: not valid JSON: parse error: trailing garbage",
        b'{"nodes": {"Firm": [\n{"id": "f1"}': "2: not valid JSON: parse error: premature EOF",
        b"[]": "1: the document must be a JSON object",
    }
    for text, message in cases.items():
        file = tmp_path / "graph.json"
        file.write_bytes(text)
        _, problems = read_document(file)
        assert messages(problems)[-1] == f"{file}:{message}", text


def test_csv_and_json_renderings_read_back_identically(tmp_path: Path) -> None:
    write(tmp_path / "in/nodes/Project.csv", "id,title,year,ownShare\np1,Cyber (demo),2018,0.67\n")
    write(tmp_path / "in/nodes/Instrument.csv", "id,name\nvoucher-misura-a,Misura A\n")
    write(
        tmp_path / "in/relationships/FUNDED_BY.csv", "from,to,amount\np1,voucher-misura-a,1500.5\n"
    )
    graph, problems = read_directory(tmp_path / "in")
    assert problems == []
    json_file = write(tmp_path / "out.json", render_document(graph))
    from_json, problems = read_document(json_file)
    assert problems == []
    assert from_json.nodes["Project"][0].properties == graph.nodes["Project"][0].properties
    write_directory(tmp_path / "out", from_json)
    from_csv, problems = read_directory(tmp_path / "out")
    assert problems == []
    assert render_document(from_csv) == json_file.read_text()
    assert from_csv.relationships["FUNDED_BY"][0].properties == {"amount": 1500.5}
