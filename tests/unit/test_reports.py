"""The analysts' reports, rendered from analyses of small networks: what an analyst would see."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph_service.analytics.centrality import betweenness_centrality
from graph_service.analytics.errors import NodeNotFound
from graph_service.cli import main
from graph_service.domain.analytics import (
    CentralityMeasure,
    CentralityResult,
    CommunityResult,
    OpportunityResult,
)
from graph_service.errors import GraphServiceError, InvalidArgument
from graph_service.reports.analyses import BrokersReport, ReportResult, StatsReport
from graph_service.reports.options import ReportFormat, ReportKind, ReportRequest
from graph_service.reports.output import ReportNotWritten, write_report
from graph_service.reports.render import render
from graph_service.reports.tables import report_of
from graph_service.services.reports import analyse
from tests.unit.analytics.networks import bergamo_network, from_simple_graph

BAR = re.compile(r'<rect class="bar" [^>]*width="([0-9.]+)"')


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph[Any]:
    return bergamo_network()


def run(network: nx.MultiDiGraph[Any], kind: ReportKind, **options: Any) -> ReportResult:
    return analyse(network, ReportRequest(kind, **options))


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("fmt", list(ReportFormat))
@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_kind_renders_in_every_format(
    network: nx.MultiDiGraph[Any], kind: ReportKind, fmt: ReportFormat
) -> None:
    text = render(run(network, kind, top=5), fmt)
    assert text.endswith("\n")
    assert len(text.splitlines()) > 2


def test_the_csv_has_a_header_and_one_row_per_entry_at_full_precision(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.CENTRALITY, top=5)
    assert isinstance(result, CentralityResult)
    text = render(result, "csv")
    assert text.splitlines()[0] == "rank,id,label,name,score"
    rows = csv_rows(text)
    assert [row["id"] for row in rows] == [e.id for e in result.entries]
    assert len(rows) == 5
    assert [float(row["score"]) for row in rows] == [e.score for e in result.entries]
    assert rows[0] == {
        "rank": "1",
        "id": "cyber-net",
        "label": "Project",
        "name": "Cyber defence network",
        "score": repr(result.entries[0].score),
    }


def test_a_report_of_several_tables_is_one_csv_naming_each_rows_table(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.BROKERS, top=4)
    assert isinstance(result, BrokersReport)
    rows = csv_rows(render(result, "csv"))
    by_table: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_table.setdefault(row["table"], []).append(row)
    assert {name: len(found) for name, found in by_table.items()} == {
        "structural_holes": 4,
        "brokerage_roles": 4,
        "articulation_points": len(result.cuts.articulation_points),
        "bridges": len(result.cuts.bridges),
    }
    assert by_table["brokerage_roles"][0]["name"] == result.brokerage.entries[0].name
    assert by_table["brokerage_roles"][0]["effective size"] == ""


def test_the_json_is_the_result_with_sorted_keys_and_round_trips(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.OPPORTUNITIES, firm="firm-a1", top=3)
    assert isinstance(result, OpportunityResult)
    text = render(result, "json")
    loaded = json.loads(text)
    assert text == json.dumps(loaded, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert loaded["method"] == "adamic_adar"
    assert loaded["firm"] == "firm-a1"
    assert loaded["suggestions"][0]["kind"] in ("firm", "project")
    assert loaded["suggestions"][0]["score"] == result.suggestions[0].score
    assert render(run(network, ReportKind.OPPORTUNITIES, firm="firm-a1", top=3), "json") == text


def test_the_json_of_a_combined_report_holds_each_result(network: nx.MultiDiGraph[Any]) -> None:
    result = run(network, ReportKind.STATS)
    assert isinstance(result, StatsReport)
    loaded = json.loads(render(result, "json"))
    assert sorted(loaded) == ["growth", "network"]
    assert loaded["network"]["node_count"] == network.number_of_nodes()
    assert [year["year"] for year in loaded["growth"]["years"]] == [2018, 2019]


def test_the_markdown_has_a_title_what_was_computed_and_the_table(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(
        network, ReportKind.CENTRALITY, measure=CentralityMeasure.DEGREE, label="Firm", top=3
    )
    lines = render(result, "md").splitlines()
    assert lines[0] == "# Degree centrality of Firm nodes"
    description = lines[2]
    assert "degree / (n - 1)" in description
    assert "Exact" in description
    assert "the 11 Firm nodes" in description
    header = lines.index("| rank | id | label | name | score |")
    assert lines[header + 1] == "| ---: | --- | --- | --- | ---: |"
    table = lines[header + 2 : header + 5]
    assert all(line.startswith("| ") and line.endswith(" |") for line in table)
    assert len(lines) == header + 5  # the three rows end the document


def test_a_sampled_measure_says_how_it_was_sampled(network: nx.MultiDiGraph[Any]) -> None:
    result = betweenness_centrality(network, exact_limit=10, sources=7, seed=3, top=3)
    description = report_of(result).description
    assert "Sampled" in description
    assert "7 source nodes" in description and "seed 3" in description


def test_the_html_is_one_self_contained_file_with_a_chart_per_series(
    network: nx.MultiDiGraph[Any],
) -> None:
    for kind in ReportKind:
        result = run(network, kind, top=5)
        page = render(result, "html")
        assert page.startswith("<!DOCTYPE html>")
        assert page.count("<html") == 1 and page.rstrip().endswith("</html>")
        assert page.count("<svg") == len(report_of(result).charts) > 0, kind
        assert "<style>" in page
        for outside in ("http://", "https://", "<script", "<link", "src=", "href=", "url("):
            assert outside not in page, (kind, outside)


def test_the_bars_are_proportional_to_the_scores(network: nx.MultiDiGraph[Any]) -> None:
    result = run(network, ReportKind.CENTRALITY, top=6)
    assert isinstance(result, CentralityResult)
    widths = [float(width) for width in BAR.findall(render(result, "html"))]
    scores = [entry.score for entry in result.entries]
    assert len(widths) == len(scores) == 6
    assert widths[0] == 400.0
    for width, score in zip(widths, scores, strict=True):
        assert width == pytest.approx(400 * score / scores[0], abs=0.01)


def test_the_community_sizes_and_the_growth_by_year_are_drawn(
    network: nx.MultiDiGraph[Any],
) -> None:
    communities = run(network, ReportKind.COMMUNITIES)
    assert isinstance(communities, CommunityResult)
    page = render(communities, "html")
    sizes = [c.size for c in communities.communities]
    widths = [float(width) for width in BAR.findall(page)]
    assert [round(w / widths[0] * sizes[0]) for w in widths] == sizes

    stats = render(run(network, ReportKind.STATS), "html")
    assert stats.count("<polyline") == 2  # nodes and ties, over the years
    assert ">2018</text>" in stats and ">2019</text>" in stats


def test_names_are_escaped_in_every_format() -> None:
    odd = 'Rossi & <Figli> | "Srl"'
    G = from_simple_graph(nx.star_graph(3))
    nx.relabel_nodes(G, {"0": "hub"}, copy=False)
    G.nodes["hub"]["name"] = odd
    result = analyse(G, ReportRequest(ReportKind.CENTRALITY, measure=CentralityMeasure.DEGREE))
    page = render(result, "html")
    assert "<Figli>" not in page
    assert "Rossi &amp; &lt;Figli&gt; | &quot;Srl&quot;" in page
    assert 'Rossi & \\<Figli\\> \\| "Srl"' in render(result, "md")
    assert csv_rows(render(result, "csv"))[0]["name"] == odd
    assert json.loads(render(result, "json"))["entries"][0]["name"] == odd


def test_the_terminal_table_is_aligned(network: nx.MultiDiGraph[Any]) -> None:
    text = render(run(network, ReportKind.CENTRALITY, top=5), "table")
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    table = lines[header : header + 7]
    assert len({len(line) for line in table}) == 1  # the score column is right-aligned
    starts = {line.index("Project") for line in table[2:] if "Project" in line}
    assert len(starts) == 1


def test_an_empty_table_says_what_it_means() -> None:
    ring = from_simple_graph(nx.cycle_graph(6))
    text = render(analyse(ring, ReportRequest(ReportKind.BROKERS)), "md")
    assert "*no articulation points: no single node's removal splits the network*" in text
    assert "*no bridges: every tie lies on a cycle*" in text


def test_unknown_ids_and_labels_are_errors_naming_them(network: nx.MultiDiGraph[Any]) -> None:
    with pytest.raises(NodeNotFound, match="'no-such'"):
        run(network, ReportKind.OPPORTUNITIES, firm="no-such")
    with pytest.raises(NodeNotFound, match="'no-hub'"):
        run(network, ReportKind.BRIDGE, other_hub="no-hub")
    with pytest.raises(InvalidArgument, match="'Firma' is not one of Association, "):
        run(network, ReportKind.CENTRALITY, label="Firma")


def test_an_unknown_label_fails_in_one_line_before_any_database_is_used(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["report", "centrality", "--label", "Firma", "--format", "csv"])
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    last = captured.err.splitlines()[-1]
    assert "argument --label: invalid choice: 'Firma' (choose from 'Association'," in last


def test_a_report_file_is_replaced_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old report")
    target.chmod(0o640)
    write_report("<!DOCTYPE html>\n", target)
    assert target.read_text() == "<!DOCTYPE html>\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_report_that_cannot_be_written_is_one_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-directory" / "report.csv"
    with pytest.raises(ReportNotWritten, match=re.escape(str(missing))) as raised:
        write_report("rank\n", missing)
    assert isinstance(raised.value, GraphServiceError)
    assert list(tmp_path.iterdir()) == []


def test_without_a_file_the_report_goes_to_stdout() -> None:
    out = io.StringIO()
    write_report("rank,id\n", None, out)
    assert out.getvalue() == "rank,id\n"
