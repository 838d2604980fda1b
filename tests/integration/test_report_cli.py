"""`graph-service report` against the demo network in the real Neo4j."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from graph_service.analytics.centrality import pagerank
from graph_service.storage.network_projection import read_network
from tests.conftest import ARTIFACTS, Database


def test_the_top_five_by_pagerank_as_csv(demo_db: Database) -> None:
    result = demo_db.cli("report", "centrality", "--top", "5", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress line: stderr is not a terminal
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0] == "rank,id,label,name,score"
    assert len(rows) == 5
    expected = pagerank(read_network(demo_db.driver, demo_db.database), top=5).entries
    assert [(r["rank"], r["id"], r["name"]) for r in rows] == [
        (str(e.rank), e.id, e.name) for e in expected
    ]
    # Full precision, equal but for the last bits (PRPACK's sums run in the order read).
    assert [float(r["score"]) for r in rows] == pytest.approx([e.score for e in expected])
    (found,) = demo_db.query(
        "MATCH (n) WHERE n.id IN $ids RETURN count(n) AS n", ids=[r["id"] for r in rows]
    )
    assert found["n"] == 5


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
    result = demo_db.cli("report", "bridge", "--format", "md")
    assert result.returncode == 0, result.stderr
    markdown = result.stdout
    assert markdown.startswith("# The bridge from ")
    assert "| path | length | route |" in markdown
    named = {name for name in both if name in markdown}
    assert named, f"none of {sorted(both)} in the report"


def test_out_writes_one_html_file_with_its_charts(demo_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "brokers.html"
    result = demo_db.cli("report", "brokers", "--format", "html", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<svg" in page
    assert "http://" not in page and "https://" not in page
    assert [p.name for p in tmp_path.iterdir()] == ["brokers.html"]


def test_an_unknown_firm_is_one_line_naming_it(demo_db: Database) -> None:
    result = demo_db.cli("report", "opportunities", "--firm", "no-such", "--format", "csv")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "'no-such'" in lines[0] and lines[0].startswith("graph-service: error:")


@pytest.mark.parametrize(
    ("kind", "options", "charts"),
    [("centrality", ("--top", "10"), 1), ("stats", (), 2)],
)
def test_the_html_report_opens_in_a_browser_with_its_charts_visible(
    demo_db: Database,
    tmp_path: Path,
    browser: Browser,
    kind: str,
    options: tuple[str, ...],
    charts: int,
) -> None:
    target = tmp_path / f"{kind}.html"
    result = demo_db.cli("report", kind, *options, "--format", "html", "--out", str(target))
    assert result.returncode == 0, result.stderr
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(target.as_uri())
    drawn = page.locator("svg.chart")
    assert drawn.count() >= charts
    ARTIFACTS.joinpath("reports").mkdir(parents=True, exist_ok=True)
    for i in range(drawn.count()):
        chart = drawn.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100
        picture = chart.screenshot(path=str(ARTIFACTS / "reports" / f"{kind}-{i + 1}.png"))
        # Drawn, not blank: a chart has its background, its ink and its colours.
        assert len(set(picture)) > 50
    if kind == "centrality":
        bars = page.locator("svg.chart rect.bar")
        assert bars.count() == 10
        widths = [float(bars.nth(i).get_attribute("width") or 0) for i in range(10)]
        assert widths == sorted(widths, reverse=True) and widths[0] > widths[-1] > 0
        # The longest bar is the table's first row, named on the chart.
        first_name = page.locator("table tbody tr").first.inner_text().split("\t")[3]
        texts = page.locator("svg.chart text").all_text_contents()
        assert any(t.rstrip("…") and first_name.startswith(t.rstrip("…")) for t in texts[1:])
    page.close()
