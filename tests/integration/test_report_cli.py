"""`graph-service report` against the demo network in the real Neo4j: what an analyst runs and
opens."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graph_service.analytics.centrality import pagerank
from graph_service.analytics.views import as_of_year
from graph_service.domain.weighting import ACTOR_LABELS
from graph_service.storage.network_projection import read_network
from tests.conftest import Database


def test_the_top_five_actors_by_pagerank_as_csv(demo_db: Database) -> None:
    result = demo_db.cli("report", "centrality", "--top", "5", "--format", "csv", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line: stderr is not a terminal
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == "rank,id,type,name,score"
    graph = read_network(demo_db.driver, demo_db.database)
    expected = pagerank(graph, top=5, labels=ACTOR_LABELS).entries
    assert [(r["rank"], r["id"], r["name"]) for r in rows] == [
        (str(e.rank), e.id, e.name) for e in expected
    ]
    assert [float(r["score"]) for r in rows] == [e.score for e in expected]
    assert {graph.nodes[r["id"]]["label"] for r in rows} <= set(ACTOR_LABELS)


def test_the_bridge_report_in_markdown_names_who_belongs_to_both_hubs(demo_db: Database) -> None:
    both = {
        r["name"]
        for r in demo_db.query(
            "MATCH (x)-[:AFFILIATED_WITH]->(:Hub {id: 'confindustria-dih'}) "
            "WHERE (x:Firm AND EXISTS { (x)-[:MEMBER_OF]->(:Association)-[:RUNS]->(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: 'it-hub'}) }) "
            "OR (x:Expert AND EXISTS { (x)-[:ADVISES]->(:Project)<-[:COORDINATES]-(:ServiceCentre)-[:PARTY_TO]->(:Hub {id: 'it-hub'}) }) "
            "RETURN x.name AS name"
        )
    }
    assert both
    result = demo_db.cli("report", "bridge", "--format", "md", "--lang", "en")
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    assert markdown.startswith("# The bridge between ")
    assert "| path | steps | route |" in markdown
    assert "## How this was computed" in markdown
    named = {name for name in both if name in markdown}
    assert named, f"none of {sorted(both)} in the report"


def test_an_html_report_is_one_file_in_the_language_asked_for(
    demo_db: Database, tmp_path: Path
) -> None:
    target = tmp_path / "brokers.html"
    result = demo_db.cli(
        "report", "brokers", "--lang", "en", "--format", "html", "--out", str(target)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<svg" in page and "How this was computed" in page
    assert "http://" not in page and "https://" not in page
    assert [p.name for p in tmp_path.iterdir()] == ["brokers.html"]


def test_an_xlsx_report_opens_with_typed_cells(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "centralità.xlsx"
    result = demo_db.cli(
        "report", "centrality", "--measure", "betweenness", "--format", "xlsx", "--out", str(target)
    )
    assert result.returncode == 0, result.stderr
    book = load_workbook(target)
    sheet = book[book.sheetnames[1]]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["posizione", "id", "tipo", "nome", "punteggio"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 20
    assert all(isinstance(r[0], int) and isinstance(r[4], float) for r in rows)
    about = book[book.sheetnames[0]]
    assert "versione del grafo" in str(about["A2"].value)


def test_an_excel_it_csv_is_one_file_per_table(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "mediatori.csv"
    result = demo_db.cli(
        "report", "brokers", "--format", "csv", "--csv-dialect", "excel-it", "--out", str(target)
    )
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [
        "mediatori-articulation_points.csv",
        "mediatori-bridges.csv",
        "mediatori-brokerage_roles.csv",
        "mediatori-structural_holes.csv",
    ]
    raw = (tmp_path / "mediatori-structural_holes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["posizione", "id", "tipo", "nome"]
    constraint = rows[1][-1]
    assert "," in constraint and float(constraint.replace(",", ".")) > 0
    without_out = demo_db.cli("report", "brokers", "--format", "csv")
    assert without_out.returncode == 1
    assert "give --out FILE" in without_out.stderr


def test_communities_top_ten(demo_db: Database) -> None:
    result = demo_db.cli("report", "communities", "--top", "3", "--format", "json")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)["result"]
    assert len(loaded["communities"]) == 3
    assert loaded["community_count"] > 3
    result = demo_db.cli("report", "communities", "--top", "10", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "community" in result.stdout


def test_the_network_as_of_a_year(demo_db: Database) -> None:
    result = demo_db.cli("report", "centrality", "--year", "2018", "--top", "5", "--format", "json")
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["about"]["year"] == 2018
    graph = as_of_year(read_network(demo_db.driver, demo_db.database), 2018)
    expected = pagerank(graph, top=5, labels=ACTOR_LABELS).entries
    assert [e["id"] for e in loaded["result"]["entries"]] == [e.id for e in expected]
    text = demo_db.cli("report", "centrality", "--year", "2018", "--format", "md").stdout
    assert "La rete com'era alla fine del 2018." in text


def test_compare_lists_the_firms_that_joined_as_the_database_says(demo_db: Database) -> None:
    joined = {
        r["id"]
        for r in demo_db.query(
            "MATCH (f:Firm)-[:PARTICIPATES_IN]->(p:Project) WHERE p.year IS NOT NULL "
            "WITH f, min(p.year) AS first WHERE first = 2019 RETURN f.id AS id"
        )
    }
    assert joined
    result = demo_db.cli(
        "report", "compare", "--from", "2018", "--to", "2019", "--top", "1000", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)["result"]
    assert loaded["new_firm_count"] == len(joined)
    assert {f["firm"]["id"] for f in loaded["new_firms"]} == joined
    changes = [c["change"] for c in loaded["changes"]]
    assert changes == sorted(changes, reverse=True)
    wrong = demo_db.cli("report", "compare", "--from", "2019", "--to", "2018")
    assert wrong.returncode == 1
    assert "must come before" in wrong.stderr


def test_weights_and_views_from_the_command_line(demo_db: Database) -> None:
    result = demo_db.cli(
        "report", "centrality", "--view", "firms", "--weight", "investment", "--format", "json"
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)["result"]
    assert (loaded["view"], loaded["weight"]) == ("firms", "investment")
    assert {e["label"] for e in loaded["entries"]} == {"Firm"}
    refused = demo_db.cli(
        "report", "centrality", "--view", "associations", "--weight", "investment"
    )
    assert refused.returncode == 1
    assert "choose none or shared_firms" in refused.stderr


def test_an_unknown_firm_is_one_line_naming_it(demo_db: Database) -> None:
    result = demo_db.cli("report", "opportunities", "--firm", "no-such", "--format", "csv")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "'no-such'" in lines[0] and lines[0].startswith("graph-service: error:")


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_the_graph_exports_for_gephi_with_its_measures(
    demo_db: Database, tmp_path: Path, fmt: str
) -> None:
    import networkx as nx

    target = tmp_path / f"bergamo.{fmt}"
    result = demo_db.cli("export", str(target), "--format", fmt)
    assert result.returncode == 0, result.stderr
    loaded = nx.read_gexf(target) if fmt == "gexf" else nx.read_graphml(target)
    graph = read_network(demo_db.driver, demo_db.database)
    assert set(loaded.nodes) == set(graph.nodes)
    assert loaded.number_of_edges() == graph.number_of_edges()
    expected = {e.id: e.score for e in pagerank(graph).entries}
    for node, attrs in loaded.nodes(data=True):
        assert attrs["pagerank"] == pytest.approx(expected[node], rel=1e-9)
        assert attrs["neo4jLabel"] == graph.nodes[node]["label"]
        assert isinstance(attrs["community"], int) and attrs["community"] >= 1
        assert "betweenness" in attrs and "degree" in attrs
    ottica = next(n for n, a in graph.nodes(data=True) if a.get("name") == "Ottica Zirafa")
    assert loaded.nodes[ottica]["label"] == "Ottica Zirafa"
    relationships = {d["relationship"] for _, _, d in loaded.edges(data=True)}
    assert {"MEMBER_OF", "PARTICIPATES_IN", "FUNDED_BY"} <= relationships
