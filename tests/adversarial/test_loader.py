"""Hostile and unlucky inputs to ``graph-service load``: refused with the exact place, nothing
half-written, and the service's own exports always load back."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx

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


def _big_network(folder: Path, size: int) -> int:
    """A CSV network of about ``size`` bytes: ten associations and as many firms as it takes,
    each a member of one of them; returns the number of firms."""
    (folder / "nodes").mkdir(parents=True)
    (folder / "relationships").mkdir()
    (folder / "nodes" / "Association.csv").write_text(
        "id,name\n" + "".join(f"assoc-{a},Associazione {a}\n" for a in range(10))
    )
    firm = b"firm-%08d,Impresa generata numero %08d con un nome lungo,Bergamo\n"
    member = b"firm-%08d,assoc-%d\n"
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


SOAK = os.environ.get("GRAPH_SERVICE_SOAK") == "1"
CSV_MB = 200 if SOAK else 4
"""The streamed CSV: 4 MB in ``make test``, 200 MB in ``make soak``."""


def test_a_large_csv_loads_streamed_with_peak_memory_under_500_mb(
    empty_db: Database, tmp_path: Path
) -> None:
    firms = _big_network(tmp_path / "big", CSV_MB * MB)
    probe = (
        "import resource, sys\n"
        "from graph_service.cli import main\n"
        "code = main(['load', sys.argv[1]])\n"
        "print('peak', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "big")],
        capture_output=True,
        text=True,
        env=empty_db.env,
        timeout=3600,
        check=False,
    )
    try:
        assert result.returncode == 0, result.stderr[-3000:]
        peak_mb = int(result.stderr.split("peak ")[1].split()[0]) / 1024
        print(f"\n{CSV_MB} MB CSV ({firms:,} firms): peak memory {peak_mb:.0f} MB")
        assert peak_mb < 500, f"peak memory {peak_mb:.0f} MB"
        counts = empty_db.query(
            "MATCH (f:Firm) WITH count(f) AS firms "
            "MATCH (:Firm)-[r:MEMBER_OF]->(:Association) RETURN firms, count(r) AS links"
        )
        assert (counts[0]["firms"], counts[0]["links"]) == (firms, firms)
    finally:  # in batches: one transaction deleting millions would exceed Neo4j's memory pool
        with empty_db.driver.session(database=empty_db.database) as session:
            session.run(
                "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
            ).consume()


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
