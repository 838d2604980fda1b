"""The analysts' reports, rendered from analyses of small networks: what an analyst would see."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph_service.analytics.centrality import betweenness_centrality
from graph_service.analytics.version import graph_version
from graph_service.cli import main
from graph_service.domain.analytics import (
    CentralityMeasure,
    CentralityResult,
    CommunityResult,
    OpportunityResult,
)
from graph_service.domain.vocabulary import LANGUAGES
from graph_service.errors import GraphServiceError, InvalidArgument, NodeNotFound
from graph_service.reports.analyses import BrokersReport, ReportResult
from graph_service.reports.options import CsvDialect, ReportFormat, ReportKind, ReportRequest
from graph_service.reports.output import ReportNotWritten, write_report
from graph_service.reports.render import Rendered, RenderedFile, RenderOptions, render
from graph_service.reports.tables import ReportContext, report_of
from graph_service.services.reports import analyse
from tests.unit.analytics.networks import bergamo_network, from_simple_graph, random_network

BAR = re.compile(r'<rect class="bar" [^>]*width="([0-9.]+)"[^>]*data-value="([^"]+)"')
ACTORS = {"Firm", "Association", "ServiceCentre", "Expert", "Office", "Hub"}


@pytest.fixture(scope="module")
def network() -> nx.MultiDiGraph[Any]:
    return bergamo_network()


def run(network: nx.MultiDiGraph[Any], kind: ReportKind, **options: Any) -> ReportResult:
    if kind is ReportKind.COMPARE:
        options.setdefault("extra", {"first_year": 2018, "second_year": 2019})
    return analyse(network, ReportRequest(kind, **options))


def english(fmt: ReportFormat | str = ReportFormat.CSV, **more: Any) -> RenderOptions:
    return RenderOptions(language="en", **more)


def csv_rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", list(ReportFormat))
@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_kind_renders_in_every_format_and_language(
    network: nx.MultiDiGraph[Any], kind: ReportKind, fmt: ReportFormat, language: str
) -> None:
    rendered = render(run(network, kind, top=5), fmt, RenderOptions(language=language))  # type: ignore[arg-type]
    assert rendered.files
    for file in rendered.files:
        assert len(file.data) > 20
        if not rendered.binary:
            assert file.data.decode("utf-8-sig").count("\n") >= 2


def test_by_default_reports_rank_the_actors_not_instruments_or_topics(
    network: nx.MultiDiGraph[Any],
) -> None:
    for measure in CentralityMeasure:
        result = run(network, ReportKind.CENTRALITY, measure=measure, top=100)
        assert isinstance(result, CentralityResult)
        assert {e.label for e in result.entries} <= ACTORS
        assert {"Firm", "Association"} <= {e.label for e in result.entries}
    brokers = run(network, ReportKind.BROKERS, top=100)
    assert isinstance(brokers, BrokersReport)
    assert {h.label for h in brokers.structural_holes.entries} <= ACTORS
    everything = run(network, ReportKind.CENTRALITY, top=100, all_labels=True)
    assert isinstance(everything, CentralityResult)
    assert {"Topic", "Project"} <= {e.label for e in everything.entries}


def test_the_csv_has_a_header_and_one_row_per_entry_at_full_precision(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.CENTRALITY, top=5)
    assert isinstance(result, CentralityResult)
    text = render(result, "csv", english()).text
    assert text.splitlines()[0] == "rank,id,type,name,score"
    rows = csv_rows(text)
    assert [row["id"] for row in rows] == [e.id for e in result.entries]
    assert [float(row["score"]) for row in rows] == [e.score for e in result.entries]
    assert rows[0]["type"] == {"Hub": "hub", "Association": "association"}.get(
        str(result.entries[0].label), rows[0]["type"]
    )
    assert {row["type"] for row in rows} <= {
        "hub",
        "association",
        "firm",
        "expert",
        "office",
        "service centre",
    }


def test_an_excel_it_csv_round_trips_with_semicolons_decimal_commas_and_a_bom(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.CENTRALITY, top=5)
    assert isinstance(result, CentralityResult)
    rendered = render(result, "csv", RenderOptions(csv_dialect=CsvDialect.EXCEL_IT))
    data = rendered.files[0].data
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    rows = csv_rows(text, delimiter=";")
    assert list(rows[0]) == ["posizione", "id", "tipo", "nome", "punteggio"]
    scores = [float(row["punteggio"].replace(",", ".")) for row in rows]
    assert scores == [e.score for e in result.entries]
    assert all("," in row["punteggio"] and "." not in row["punteggio"] for row in rows)
    assert rows[0]["tipo"] in {"hub", "associazione", "impresa", "esperto", "centro servizi"}


def test_a_report_of_several_tables_is_one_csv_file_per_table(
    network: nx.MultiDiGraph[Any], tmp_path: Path
) -> None:
    result = run(network, ReportKind.BROKERS, top=4)
    assert isinstance(result, BrokersReport)
    rendered = render(result, "csv", english())
    assert [f.part for f in rendered.files] == [
        "structural_holes",
        "brokerage_roles",
        "articulation_points",
        "bridges",
    ]
    written = write_report(rendered, tmp_path / "brokers.csv")
    assert [p.name for p in written] == [
        "brokers-structural_holes.csv",
        "brokers-brokerage_roles.csv",
        "brokers-articulation_points.csv",
        "brokers-bridges.csv",
    ]
    holes = csv_rows(written[0].read_text())
    assert [r["id"] for r in holes] == [h.id for h in result.structural_holes.entries]
    bridges = csv_rows(written[3].read_text())
    assert len(bridges) == len(result.cuts.bridges)
    with pytest.raises(ReportNotWritten, match="give --out FILE"):
        write_report(rendered, None, io.BytesIO())


def test_an_xlsx_has_one_sheet_per_table_typed_cells_and_a_frozen_header(
    network: nx.MultiDiGraph[Any], tmp_path: Path
) -> None:
    result = run(network, ReportKind.BROKERS, top=4)
    assert isinstance(result, BrokersReport)
    target = tmp_path / "brokers.xlsx"
    write_report(render(result, "xlsx", english()), target)
    book = load_workbook(target)
    report = report_of(result, ReportContext("en"))
    assert len(book.sheetnames) == 1 + len(report.tables)
    holes = book[book.sheetnames[1]]
    assert holes.freeze_panes == "A2"
    header = [cell.value for cell in holes[1]]
    assert header == list(report.tables[0].columns)
    first = [cell.value for cell in holes[2]]
    entry = result.structural_holes.entries[0]
    assert first[0] == entry.rank and isinstance(first[0], int)
    assert first[1] == entry.id and first[3] == entry.name
    assert isinstance(first[-1], float) and first[-1] == entry.constraint
    assert holes.max_row == 1 + len(result.structural_holes.entries)


def test_the_json_says_when_and_on_which_graph_and_holds_the_result(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.OPPORTUNITIES, firm="firm-a1", top=3)
    assert isinstance(result, OpportunityResult)
    moment = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
    options = RenderOptions(generated_at=moment, version=graph_version(network))
    text = render(result, "json", options).text
    loaded = json.loads(text)
    assert text == json.dumps(loaded, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert loaded["about"]["generated_at"] == "2026-12-02T03:00:00+00:00"
    assert loaded["about"]["graph_version"]["nodes"] == network.number_of_nodes()
    assert loaded["result"]["firm"] == "firm-a1"
    assert loaded["result"]["suggestions"][0]["score"] == result.suggestions[0].score


def test_each_report_is_dated_with_the_graph_version_in_its_language(
    network: nx.MultiDiGraph[Any],
) -> None:
    moment = dt.datetime(2026, 12, 2, 3, 5, tzinfo=dt.UTC)
    version = graph_version(network)
    result = run(network, ReportKind.STATS)
    italian = render(result, "html", RenderOptions(generated_at=moment, version=version)).text
    assert '<html lang="it">' in italian
    assert f"Generato il 2 dicembre 2026, 03:05 UTC · versione del grafo {version.fingerprint}" in (
        italian
    )
    assert "Come è stato calcolato" in italian and "Cosa farne" in italian
    english_page = render(result, "html", english(generated_at=moment, version=version)).text
    assert "Generated on 2 December 2026, 03:05 UTC" in english_page
    assert "How this was computed" in english_page and "What to do with it" in english_page


def test_numbers_are_written_in_the_readers_locale(network: nx.MultiDiGraph[Any]) -> None:
    result = run(network, ReportKind.CENTRALITY, top=3)
    assert isinstance(result, CentralityResult)
    score = result.entries[0].score
    shown = f"{score:.4g}"
    assert f">{shown.replace('.', ',')}</td>" in render(result, "html").text
    assert f">{shown}</td>" in render(result, "html", english()).text


def test_a_sampled_measure_says_how_it_was_sampled(network: nx.MultiDiGraph[Any]) -> None:
    result = betweenness_centrality(network, exact_limit=10, sources=7, seed=3, top=3)
    method = report_of(result, ReportContext("en")).method
    assert "Estimated from 7 source nodes drawn with seed 3" in method
    assert "Stima da 7 nodi di partenza estratti con seme 3" in report_of(result).method


def test_every_chart_draws_the_value_its_table_is_sorted_by(network: nx.MultiDiGraph[Any]) -> None:
    for kind in ReportKind:
        report = report_of(run(network, kind, top=8), ReportContext("en"))
        for table in report.tables:
            for chart in table.charts:
                if chart.kind.value == "line":
                    continue
                totals = [sum(s.values[i] for s in chart.series) for i in range(len(chart.labels))]
                if chart.kind.value == "bars":
                    totals = list(chart.series[0].values)
                ascending = totals == sorted(totals)
                descending = totals == sorted(totals, reverse=True)
                assert ascending or descending, (kind, chart.title, totals)


def test_the_bars_are_proportional_to_the_values(network: nx.MultiDiGraph[Any]) -> None:
    result = run(network, ReportKind.CENTRALITY, top=6)
    assert isinstance(result, CentralityResult)
    bars = [(float(w), float(v)) for w, v in BAR.findall(render(result, "html").text)]
    scores = [entry.score for entry in result.entries]
    assert [v for _, v in bars] == scores
    assert bars[0][0] == 360.0
    for width, score in bars:
        assert width == pytest.approx(360 * score / scores[0], abs=0.01)


def test_communities_are_named_after_their_main_association(
    network: nx.MultiDiGraph[Any],
) -> None:
    result = run(network, ReportKind.COMMUNITIES)
    assert isinstance(result, CommunityResult)
    report = report_of(result, ReportContext("en"))
    names = [row[0] for row in report.tables[0].rows]
    for community, name in zip(result.communities, names, strict=True):
        if community.dominant_association is not None:
            assert str(name).startswith(f"{community.dominant_association.name} community")
    assert not any(str(name).startswith("Community ") for name in names[:2])
    page = render(result, "html").text
    assert page.count('class="community"') == min(len(result.communities), 12)


def test_communities_top_keeps_the_largest(network: nx.MultiDiGraph[Any]) -> None:
    result = run(network, ReportKind.COMMUNITIES, top=2)
    assert isinstance(result, CommunityResult)
    assert len(result.communities) == 2
    assert result.community_count >= 2
    report = report_of(result, ReportContext("en"))
    assert f"{result.community_count} communities" in report.description


def test_brokers_roles_are_charted_as_roles_and_only_brokers_are_listed() -> None:
    G = random_network(3, firms=80, projects=20)
    result = run(G, ReportKind.BROKERS, top=10)
    assert isinstance(result, BrokersReport)
    report = report_of(result, ReportContext("en"))
    roles = report.tables[1]
    assert all(isinstance(row[-1], int) and row[-1] > 0 for row in roles.rows)
    (chart,) = roles.charts
    assert chart.kind.value == "stacked"
    assert [s.name for s in chart.series] == [
        "coordinator",
        "itinerant",
        "representative or gatekeeper",
        "liaison",
    ]
    assert {n.column for n in roles.notes} == {s.name for s in chart.series}


def test_the_bridge_columns_are_explained(network: nx.MultiDiGraph[Any]) -> None:
    report = report_of(run(network, ReportKind.BRIDGE), ReportContext("en"))
    candidates = report.tables[1]
    explained = {note.column for note in candidates.notes}
    assert {"alike", "steps saved on average", "distance to the other hub today"} <= explained
    assert report.tables[0].pictures  # the paths drawn


def test_names_are_escaped_in_every_format() -> None:
    odd = 'Rossi & <Figli> | "Srl"'
    G = from_simple_graph(nx.star_graph(3))
    nx.relabel_nodes(G, {"0": "hub"}, copy=False)
    G.nodes["hub"]["name"] = odd
    result = analyse(G, ReportRequest(ReportKind.CENTRALITY, extra={"measure": "degree"}))
    page = render(result, "html").text
    assert "<Figli>" not in page
    assert "Rossi &amp; &lt;Figli&gt; | &quot;Srl&quot;" in page
    assert 'Rossi & \\<Figli\\> \\| "Srl"' in render(result, "md").text


def test_the_terminal_table_is_aligned(network: nx.MultiDiGraph[Any]) -> None:
    text = render(run(network, ReportKind.CENTRALITY, top=5), "table", english()).text
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("rank"))
    table = lines[header : header + 7]
    assert len({len(line) for line in table}) == 1  # the score column is right-aligned


def test_an_empty_table_says_what_it_means() -> None:
    ring = from_simple_graph(nx.cycle_graph(6))
    text = render(analyse(ring, ReportRequest(ReportKind.BROKERS)), "md", english()).text
    assert "*none: no single actor's departure splits the network*" in text
    assert "*none: every tie lies on a closed loop*" in text


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


def _one(data: bytes) -> Rendered:
    return Rendered("html", False, (RenderedFile("", data),))


def test_a_report_file_is_replaced_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("the old report")
    target.chmod(0o640)
    write_report(_one(b"<!DOCTYPE html>\n"), target)
    assert target.read_text() == "<!DOCTYPE html>\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_a_report_that_cannot_be_written_is_one_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-directory" / "report.csv"
    with pytest.raises(ReportNotWritten, match=re.escape(str(missing))) as raised:
        write_report(_one(b"rank\n"), missing)
    assert isinstance(raised.value, GraphServiceError)
    assert list(tmp_path.iterdir()) == []


def test_without_a_file_the_report_goes_to_stdout() -> None:
    out = io.BytesIO()
    write_report(_one(b"rank,id\n"), None, out)
    assert out.getvalue() == b"rank,id\n"
