"""Hostile and unlucky inputs to ``graph-service load``: refused with the exact place, nothing
half-written, and the service's own exports always load back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import neo4j
import pytest

from tests.conftest import Database
from tests.integration.graphql_server import KEYS

MB = 1024 * 1024


def _nodes(db: Database) -> int:
    return int(db.query("MATCH (n:Node) RETURN count(n) AS n")[0]["n"])


def _csv_dir(tmp_path: Path, label: str, text: bytes) -> Path:
    (tmp_path / "in" / "nodes").mkdir(parents=True)
    (tmp_path / "in" / "nodes" / f"{label}.csv").write_bytes(text)
    return tmp_path / "in"


def test_an_integer_neo4j_cannot_store_is_refused_and_nothing_is_written(
    empty_db: Database, tmp_path: Path
) -> None:
    associations = [
        {"id": f"a-{i}", "name": f"Associazione {i}", "representedFirms": i} for i in range(4500)
    ]
    associations[4200]["representedFirms"] = 2**63
    document = tmp_path / "overflow.json"
    records = ",\n".join(json.dumps(a) for a in associations)  # record n on line n + 2
    document.write_text('{"nodes": {"Association": [\n' + records + "\n]}}")
    result = empty_db.cli("load", str(document))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        f"{document}:4202 [/nodes/Association/4200/representedFirms]: "
        "9223372036854775808 is outside the integers Neo4j stores (64-bit)"
    ) in result.stderr, result.stderr
    assert _nodes(empty_db) == 0


def test_a_byte_order_mark_and_crlf_lines_load_as_plain_csv(
    empty_db: Database, tmp_path: Path
) -> None:
    text = "\ufeffid,name\r\ntopic-a,Cybersicurezza\r\ntopic-b,Agroalimentare\r\n"
    result = empty_db.cli("load", str(_csv_dir(tmp_path, "Topic", text.encode("utf-8"))))
    assert result.returncode == 0, result.stderr
    names = empty_db.query("MATCH (t:Topic) RETURN t.id AS id, t.name AS name ORDER BY id")
    assert [(r["id"], r["name"]) for r in names] == [
        ("topic-a", "Cybersicurezza"),
        ("topic-b", "Agroalimentare"),
    ]


def test_an_invalid_byte_is_reported_on_its_own_line(empty_db: Database, tmp_path: Path) -> None:
    lines = [b"id,name"] + [b"topic-%d,Tema %d" % (n, n) for n in range(2, 20_001)]
    lines[15_000] = b"topic-bad,Tema \xff rotto"  # line 15,001 of the file
    folder = _csv_dir(tmp_path, "Topic", b"\n".join(lines) + b"\n")
    result = empty_db.cli("load", str(folder))
    assert result.returncode == 1
    assert f"{folder / 'nodes' / 'Topic.csv'}:15001: not UTF-8 text (byte 0xff)" in result.stderr
    assert _nodes(empty_db) == 0


def test_json_nested_10000_deep_is_refused_in_one_line(empty_db: Database, tmp_path: Path) -> None:
    document = tmp_path / "deep.json"
    document.write_text('{"nodes": ' + "[" * 10_000 + "]" * 10_000 + "}")
    result = empty_db.cli("load", str(document))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
    assert "JSON nested too deeply" in result.stderr


def test_a_huge_integer_in_csv_is_a_problem_not_a_traceback(
    empty_db: Database, tmp_path: Path
) -> None:
    folder = _csv_dir(
        tmp_path, "Association", b"id,name,representedFirms\na,A," + b"9" * 5000 + b"\n"
    )
    result = empty_db.cli("load", str(folder))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "[representedFirms]:" in result.stderr and "64-bit" in result.stderr


def test_a_150_kb_name_set_through_the_api_exports_and_loads_back(
    empty_db: Database, service_url: str, tmp_path: Path
) -> None:
    name = "Impresa " + "molto lunga " * 12_500  # about 150 KB
    created = httpx.post(
        f"{service_url}/graphql",
        json={
            "query": 'mutation($name: String!) { createFirm(input: {id: "long", name: $name}) { errors { code } } }',
            "variables": {"name": name},
        },
        headers={"authorization": f"Bearer {KEYS['editor'].secret}"},
    )
    assert created.json()["data"]["createFirm"]["errors"] == []
    for target in (tmp_path / "backup", tmp_path / "backup.json"):
        assert empty_db.cli("export", str(target)).returncode == 0
        empty_db.wipe()
        loaded = empty_db.cli("load", str(target))
        assert loaded.returncode == 0, loaded.stderr
        assert empty_db.query("MATCH (f:Firm {id: 'long'}) RETURN f.name AS n")[0]["n"] == name


FIRM = "firm-%08d", "Impresa generata numero %08d con un nome lungo"


def _big_csv(folder: Path, size: int) -> int:
    """A CSV network of about ``size`` bytes: ten associations and as many firms as it takes,
    each a member of one of them; returns the number of firms."""
    (folder / "nodes").mkdir(parents=True)
    (folder / "relationships").mkdir()
    (folder / "nodes" / "Association.csv").write_text(
        "id,name\n" + "".join(f"assoc-{a},Associazione {a}\n" for a in range(10))
    )
    firm = f"{FIRM[0]},{FIRM[1]},Bergamo\n".encode()
    member = f"{FIRM[0]},assoc-%d\n".encode()
    firms = 0
    with (
        (folder / "nodes" / "Firm.csv").open("wb") as nodes,
        (folder / "relationships" / "MEMBER_OF.csv").open("wb") as links,
    ):
        nodes.write(b"id,name,town\n")
        links.write(b"from,to\n")
        while nodes.tell() + links.tell() < size:
            nodes.write(b"".join(firm % (n, n) for n in range(firms, firms + 10_000)))
            links.write(b"".join(member % (n, n % 10) for n in range(firms, firms + 10_000)))
            firms += 10_000
    return firms


def _big_json(file: Path, size: int) -> int:
    """The same network as one JSON document, written as the exporter writes it (one record a
    line, nodes before relationships); returns the number of firms."""
    firm = f'      {{"id": "{FIRM[0]}", "name": "{FIRM[1]}", "town": "Bergamo"}}'.encode()
    member = f'      {{"from": "{FIRM[0]}", "to": "assoc-%d"}}'.encode()
    # Each firm costs about as much in both sections: the firm count that fills ``size``.
    firms = size // (len(firm % (0, 0)) + len(member % (0, 0)) + 4) // 10_000 * 10_000
    firms = max(firms, 10_000)
    associations = ",\n".join(
        f'      {{"id": "assoc-{a}", "name": "Associazione {a}"}}' for a in range(10)
    )
    with file.open("wb") as out:
        out.write(b'{\n  "format": "graph-service/1",\n  "nodes": {\n    "Association": [\n')
        out.write(associations.encode() + b'\n    ],\n    "Firm": [\n')
        for start in range(0, firms, 10_000):
            rows = (firm % (n, n) for n in range(start, start + 10_000))
            out.write((b"" if start == 0 else b",\n") + b",\n".join(rows))
        out.write(b'\n    ]\n  },\n  "relationships": {\n    "MEMBER_OF": [\n')
        for start in range(0, firms, 10_000):
            rows = (member % (n, n % 10) for n in range(start, start + 10_000))
            out.write((b"" if start == 0 else b",\n") + b",\n".join(rows))
        out.write(b"\n    ]\n  }\n}\n")
    return firms


SOAK = os.environ.get("GRAPH_SERVICE_SOAK") == "1"
LARGE_MB = 200 if SOAK else 8
"""The streamed inputs: 8 MB in ``make test``, 200 MB in ``make soak``."""
PEAK_MB = 500
"""The bound on a load's peak memory (the issue's, for 200 MB of input)."""
GROWTH_MB = 24
"""The bound, at ``make test``'s size, on the load's memory beyond that of loading ten nodes:
a few batches of 2,000 records and some 30 bytes per record checked (holding the 8 MB input
whole took six times its size)."""

_PROBE = (
    "import resource, sys, time\n"
    "from graph_service.cli import main\n"
    "started = time.monotonic()\n"
    "code = main(['load', sys.argv[1]])\n"
    "print('seconds', time.monotonic() - started, file=sys.stderr)\n"
    "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _measured_load(db: Database, path: Path) -> tuple[float, float]:
    """``graph-service load path`` in its own process: its peak memory in MB, and seconds."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)],
        capture_output=True,
        text=True,
        env=db.env,
        timeout=3600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    peak_kb = int(result.stderr.split("peak ")[1].split()[0])
    seconds = float(result.stderr.split("seconds ")[1].split()[0])
    return peak_kb / 1024, seconds


@pytest.mark.timeout(3600 if SOAK else 600)
@pytest.mark.parametrize("form", ["csv", "json"])
def test_a_large_input_loads_streamed_with_peak_memory_under_500_mb(
    empty_db: Database, tmp_path: Path, form: str
) -> None:
    if form == "csv":
        path, firms = tmp_path / "big", _big_csv(tmp_path / "big", LARGE_MB * MB)
        _csv_dir(
            tmp_path / "small-parent",
            "Association",
            b"id,name\n" + b"".join(b"a%d,A\n" % n for n in range(10)),
        )
        small = tmp_path / "small-parent" / "in"
    else:
        path, firms = tmp_path / "big.json", _big_json(tmp_path / "big.json", LARGE_MB * MB)
        small = tmp_path / "small.json"
        small.write_text(
            json.dumps(
                {"nodes": {"Association": [{"id": f"a{n}", "name": "A"} for n in range(10)]}}
            )
        )
    size_mb = (
        path.stat().st_size / MB
        if path.is_file()
        else sum(f.stat().st_size for f in path.rglob("*.csv")) / MB
    )
    try:
        baseline_mb, _ = _measured_load(empty_db, small)
        peak_mb, seconds = _measured_load(empty_db, path)
        print(
            f"\n{form}: {size_mb:.0f} MB, {firms:,} firms and as many links loaded in {seconds:.0f} s;"
            f" peak memory {peak_mb:.0f} MB (loading ten nodes: {baseline_mb:.0f} MB)"
        )
        assert peak_mb < PEAK_MB, f"peak memory {peak_mb:.0f} MB"
        if not SOAK:
            assert peak_mb - baseline_mb < GROWTH_MB, (peak_mb, baseline_mb)
        counts = empty_db.query(
            "MATCH (f:Firm) WITH count(f) AS firms "
            "MATCH (:Firm)-[r:MEMBER_OF]->(:Association) RETURN firms, count(r) AS links"
        )
        assert (counts[0]["firms"], counts[0]["links"]) == (firms, firms)
    finally:
        _delete_everything(empty_db)


def _delete_everything(db: Database) -> None:
    """Empty the database a small transaction at a time (one deleting millions would exceed
    Neo4j's memory pool), waiting out a Neo4j too busy to answer for a while. Relationships go
    first: detaching an association deletes its hundreds of thousands of members' links."""
    deadline = time.monotonic() + 900
    for batch in (
        "MATCH ()-[r]->() WITH r LIMIT 10000 DELETE r RETURN count(*) AS n",
        "MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
    ):
        while True:
            try:
                deleted = db.query(batch)
            except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired):
                assert time.monotonic() < deadline, "Neo4j did not come back to be emptied"
                time.sleep(5)
                continue
            if not deleted[0]["n"]:
                break


def test_a_csv_wrong_on_every_line_is_reported_in_bounded_memory(
    empty_db: Database, tmp_path: Path
) -> None:
    folder = _csv_dir(
        tmp_path,
        "Association",
        b"id,name,representedFirms\n" + b"".join(b"a-%d,A,many\n" % n for n in range(500_000)),
    )
    result = empty_db.cli("load", str(folder))
    assert result.returncode == 1
    assert result.stderr.count("is not an integer") == 1000
    assert "and 499,000 more problems" in result.stderr
