"""The graph browser, driven in Debian's headless Chromium against the live service and the demo
network in the real Neo4j: what a coordinator does, step by step, and what they see.

A screenshot of each step is kept under ``test-artifacts/explore/``.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from graph_service.config import Settings
from graph_service.local_neo4j import LocalNeo4j, free_port
from tests.conftest import ARTIFACTS as ALL_ARTIFACTS
from tests.conftest import Database
from tests.integration.graphql_server import KEYS, GraphQLClient, serving

ARTIFACTS = ALL_ARTIFACTS / "explore"
ANALYST = KEYS["analyst"].secret
BUSY_FIRM = "firm-0033"  # Tipografia Gritti: the demo firm with the most projects


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A refused key is an expected answer (the page handles it); anything else is a defect.
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "status of 401" not in m.text and "status of 403" not in m.text
            else None
        ),
    )
    yield page
    context.close()
    assert not errors, f"the page reported errors: {errors}"


@pytest.fixture
def explore(demo_db: Database, service_url: str) -> str:
    return f"{service_url}/explore"


def until(page: Page, expression: str, timeout: float = 30.0) -> Any:
    """Poll an expression in the page (the page's CSP forbids Playwright's eval-based waits)."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {expression}")
        time.sleep(0.1)


def settle(page: Page) -> None:
    """Wait until no request of the page is in flight."""
    until(page, "!document.querySelector('#status.busy')")


def snapshot(page: Page) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = page.evaluate("window.explorer.graph.snapshot()")
    return result


def visible_ids(page: Page, label: str | None = None) -> set[str]:
    return {
        n["id"]
        for n in snapshot(page)["nodes"]
        if n["visible"] and (label is None or n["label"] == label)
    }


def positions(page: Page) -> dict[str, tuple[float, float]]:
    found: dict[str, list[float]] = page.evaluate(
        "Object.fromEntries(window.explorer.cy.nodes(':visible')"
        ".map(n => [n.id(), [n.position('x'), n.position('y')]]))"
    )
    return {i: (p[0], p[1]) for i, p in found.items()}


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    until(page, "document.body.dataset.ready === 'true'")
    settle(page)


def search_and_pick(page: Page, text: str, node_id: str) -> None:
    page.fill("#search", text)
    page.wait_for_selector(f'#search-results li[data-id="{node_id}"]')
    page.click(f'#search-results li[data-id="{node_id}"]')
    until(page, f"window.explorer.state.sel === {node_id!r}")
    settle(page)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_a_coordinator_explores_the_network(
    page: Page, explore: str, demo_db: Database, service_url: str
) -> None:
    api = GraphQLClient(f"{service_url}/graphql", ANALYST)

    # The key handed over in the fragment is taken in and taken out of the address.
    open_page(page, f"{explore}#key={ANALYST}")
    assert ANALYST not in page.url
    assert page.is_visible("#empty")
    shot(page, "01-opened")

    # Search with the keyboard only: type, arrow down to the hit, Enter.
    page.focus("#search")
    page.keyboard.type("Tipografia Gritti")
    page.wait_for_selector(f'#search-results li[data-id="{BUSY_FIRM}"]')
    hits = page.eval_on_selector_all("#search-results li", "items => items.map(i => i.dataset.id)")
    for _ in range(hits.index(BUSY_FIRM)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    until(page, f"window.explorer.state.sel === {BUSY_FIRM!r}")
    settle(page)
    assert visible_ids(page) == {BUSY_FIRM}
    assert "Tipografia Gritti S.p.A. (demo)" in page.inner_text("#details h2")
    assert "PARTICIPATES_IN (3)" in page.inner_text("#details")
    shot(page, "02-searched")

    # Expand: exactly the firm's neighbours in Neo4j come on screen, with their relationships.
    page.click("#expand")
    neighbours = {
        r["id"] for r in demo_db.query("MATCH ({id: $id})--(n) RETURN n.id AS id", id=BUSY_FIRM)
    }
    until(page, f"window.explorer.cy.nodes().length === {len(neighbours) + 1}")
    settle(page)
    assert visible_ids(page) == neighbours | {BUSY_FIRM}
    projects = visible_ids(page, "Project")
    assert len(projects) == 3
    edges = {(e["source"], e["target"], e["type"]) for e in snapshot(page)["edges"]}
    assert {(BUSY_FIRM, p, "PARTICIPATES_IN") for p in projects} <= edges
    shot(page, "03-expanded")

    # Expand the projects too, then filter by project status and by label.
    for project in sorted(projects):
        page.evaluate(f"window.explorer.expand({project!r})")
        settle(page)
    completed = {
        r["id"]
        for r in demo_db.query(
            "MATCH (p:Project) WHERE p.id IN $ids AND p.status = 'completed' RETURN p.id AS id",
            ids=sorted(visible_ids(page, "Project")),
        )
    }
    all_projects = visible_ids(page, "Project")
    page.click("#filters summary")
    page.select_option("#filter-status", "completed")
    until(page, "window.explorer.state.filters.status === 'completed'")
    assert visible_ids(page, "Project") == completed != all_projects
    assert visible_ids(page, "Firm"), "firms are not narrowed by project status"
    page.uncheck("#show-Association")
    assert not visible_ids(page, "Association")
    shot(page, "04-filtered")
    page.check("#show-Association")
    page.select_option("#filter-status", "")
    assert visible_ids(page, "Project") == all_projects
    # By association: its member firms stay, and the projects it or its members take part in.
    association = demo_db.query(
        "MATCH (:Firm {id: $id})-[:MEMBER_OF]->(a) RETURN a.id AS id", id=BUSY_FIRM
    )[0]["id"]
    all_firms = visible_ids(page, "Firm")
    members = {
        r["id"]
        for r in demo_db.query(
            "MATCH (f:Firm)-[:MEMBER_OF]->({id: $a}) WHERE f.id IN $ids RETURN f.id AS id",
            a=association,
            ids=sorted(all_firms),
        )
    }
    page.select_option("#filter-association", association)
    assert visible_ids(page, "Firm") == members != all_firms
    assert f"association={association}" in page.url
    page.select_option("#filter-association", "")
    assert visible_ids(page, "Firm") == all_firms

    # Layouts: concentric puts the selection in the middle, hierarchical at the top.
    page.click(f'#visible-nodes button[data-id="{BUSY_FIRM}"]')
    settle(page)
    page.select_option("#layout", "concentric")
    centre = positions(page)
    xs, ys = [p[0] for p in centre.values()], [p[1] for p in centre.values()]
    middle = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    assert abs(centre[BUSY_FIRM][0] - middle[0]) < 1 and abs(centre[BUSY_FIRM][1] - middle[1]) < 1
    shot(page, "05-concentric")
    page.select_option("#layout", "breadthfirst")
    tree = positions(page)
    assert tree[BUSY_FIRM][1] == min(y for _, y in tree.values())
    assert "layout=breadthfirst" in page.url
    page.select_option("#layout", "cose")

    # Size by betweenness: the most central node on screen is drawn the largest.
    page.select_option("#size-by", "betweenness")
    page.wait_for_selector("#size-legend")
    settle(page)
    scores = {
        e["id"]: e["score"]
        for e in api.query(
            "{ centrality(measure: BETWEENNESS, top: 1000) { result { entries { id score } } } }"
        )["centrality"]["result"]["entries"]
    }
    sizes = {n["id"]: n["size"] for n in snapshot(page)["nodes"]}
    most_central = max(sizes, key=lambda i: scores.get(i, 0.0))
    assert sizes[most_central] == max(sizes.values()) > min(sizes.values())
    assert "betweenness" in page.inner_text("#legend")
    shot(page, "06-sized-by-betweenness")

    # Colour by community (with a legend), and the key brokers marked.
    page.select_option("#colour-by", "community")
    until(page, "document.getElementById('legend').innerText.includes('Communities')")
    settle(page)
    partition = api.query("{ communities(seed: 0) { result { communities { index members } } } }")
    community = {
        m: c["index"]
        for c in partition["communities"]["result"]["communities"]
        for m in c["members"]
    }
    colour = {n["id"]: n["colour"] for n in snapshot(page)["nodes"]}
    for a in colour:
        for b in colour:
            if community[a] == community[b]:
                assert colour[a] == colour[b]
    assert len(set(colour.values())) == len({community[n] for n in colour}) > 1
    page.check("#show-brokers")
    page.wait_for_selector("#broker-legend")
    brokers = {
        e["id"]
        for e in api.query("{ brokers(top: 10) { result { entries { id } } } }")["brokers"][
            "result"
        ]["entries"]
    }
    marked = {n["id"] for n in snapshot(page)["nodes"] if "broker" in n["classes"]}
    assert marked == brokers & visible_ids(page) and marked
    shot(page, "06-communities-and-brokers")
    page.select_option("#colour-by", "label")

    # A path from the firm to the I&T Hub, highlighted.
    page.click(f'#visible-nodes button[data-id="{BUSY_FIRM}"]')
    settle(page)
    page.click("#path-from")
    search_and_pick(page, "Innovation Technology Hub", "it-hub")
    page.click("#path-to")
    page.wait_for_selector("#path-list li")
    settle(page)
    expected = api.query(
        f'{{ shortestPaths(source: "{BUSY_FIRM}", target: "it-hub") {{ result {{ distance }} }} }}'
    )["shortestPaths"]["result"]["distance"]
    path_edges = [e for e in snapshot(page)["edges"] if "path" in e["classes"]]
    assert path_edges and len(path_edges) >= expected
    first_path = page.inner_text("#path-list li")
    assert first_path.startswith("Tipografia Gritti") and first_path.endswith(
        "Innovation & Technology Hub — Imprese & Territorio"
    )
    assert first_path.count("→") == expected
    shot(page, "07-path")

    # Opportunities for an opticians' firm: dashed edges, each with its reasons.
    search_and_pick(page, "Ottica Zirafa", "ottica-zirafa")
    page.click("#opportunities")
    page.wait_for_selector("#suggestions .suggestion")
    settle(page)
    suggestions = api.query(
        '{ collaborationOpportunities(firm: "ottica-zirafa", top: 8) { result { suggestions'
        " { target { id } reasons { text } } } } }"
    )["collaborationOpportunities"]["result"]["suggestions"]
    dashed = [e for e in snapshot(page)["edges"] if "opportunity" in e["classes"]]
    assert {e["target"] for e in dashed} == {s["target"]["id"] for s in suggestions}
    assert all(e["source"] == "ottica-zirafa" for e in dashed)
    panel = page.inner_text("#suggestions")
    assert suggestions[0]["reasons"][0]["text"] in panel
    # Hovering a dashed edge shows its reasons.
    middle = page.evaluate(
        "(() => { const e = window.explorer.cy.edges('.opportunity')[0];"
        " const p = e.renderedMidpoint(); const b = document.getElementById('graph')"
        ".getBoundingClientRect(); return {x: b.left + p.x, y: b.top + p.y,"
        " reasons: e.data('reasons')}; })()"
    )
    page.mouse.move(middle["x"], middle["y"])
    until(page, "!document.getElementById('tooltip').hidden")
    assert page.inner_text("#tooltip") == middle["reasons"]
    shot(page, "08-opportunities")

    # The bridge, in one click: the hubs, the paths between them, the best candidates.
    page.click("#bridge")
    page.wait_for_selector("#bridge-candidates li")
    settle(page)
    bridge = api.query(
        "{ bridgeCandidates(top: 5) { result { candidates { node { id name } } } } }"
    )["bridgeCandidates"]["result"]
    on_screen = visible_ids(page)
    assert {"it-hub", "confindustria-dih"} <= on_screen
    assert {c["node"]["id"] for c in bridge["candidates"]} <= on_screen
    listed = page.eval_on_selector_all(
        "#bridge-candidates li", "items => items.map(i => i.dataset.id)"
    )
    assert listed == [c["node"]["id"] for c in bridge["candidates"]]
    assert "firms closer" in page.inner_text("#bridge-candidates")
    assert any("bridge" in e["classes"] for e in snapshot(page)["edges"])
    shot(page, "09-bridge")

    # Export what is shown, as PNG and CSV.
    with page.expect_download() as png_download:
        page.click("#export-png")
    png = Path(png_download.value.path()).read_bytes()
    width, height = png_size(png)
    assert png_download.value.suggested_filename == "network.png"
    assert width > 300 and height > 300 and len(png) > 10_000
    (ARTIFACTS / "10-export.png").write_bytes(png)
    with page.expect_download() as csv_download:
        page.click("#export-csv")
    rows = Path(csv_download.value.path()).read_text().splitlines()
    assert rows[0] == "element,id,label,name,source,target,type"
    assert sum(1 for r in rows if r.startswith("node,")) == len(visible_ids(page))

    # The address reopens the same view (in a new tab, which asks for the key again).
    link = page.url
    assert "bridge=1" in link and "opp=ottica-zirafa" in link
    before = visible_ids(page)
    other = page.context.new_page()
    other.goto(link)
    other.wait_for_selector("#key-dialog[open]")
    other.fill("#key-input", ANALYST)
    other.press("#key-input", "Enter")
    until(other, "document.body.dataset.ready === 'true'", timeout=60)
    settle(other)
    assert visible_ids(other) == before
    assert other.evaluate("window.explorer.state.sel") == "ottica-zirafa"
    shot(other, "11-reopened")
    other.close()


def test_a_refused_key_is_asked_again_with_a_readable_message(page: Page, explore: str) -> None:
    page.goto(f"{explore}#key=not-a-key-of-this-service")
    page.wait_for_selector("#key-dialog[open]")
    assert "not accepted" in page.inner_text("#key-dialog")
    page.fill("#key-input", KEYS["reader"].secret)
    page.press("#key-input", "Enter")
    until(page, "document.body.dataset.ready === 'true'")
    # A reader may browse, but analytics need an analyst's key: the page says so.
    page.select_option("#size-by", "betweenness")
    page.wait_for_selector("#status.error")
    assert "analyst" in page.inner_text("#status")
    assert page.input_value("#size-by") == ""


def test_the_page_says_so_when_the_service_cannot_reach_neo4j(
    browser: Browser, tmp_path: Path
) -> None:
    neo4j = LocalNeo4j(tmp_path / "neo4j", free_port(), "browser-outage-password", heap="512m")
    neo4j.start()
    try:
        settings = Settings(neo4j_uri=neo4j.uri, neo4j_password=neo4j.password)
        with serving(settings) as base:
            page = browser.new_page()
            open_page(page, f"{base}/explore#key={ANALYST}")
            neo4j.stop()
            page.fill("#search", "Ottica")
            page.wait_for_selector("#status.error", timeout=60_000)
            assert "cannot reach its database (Neo4j)" in page.inner_text("#status")
            assert page.get_attribute("#status", "role") == "alert"
            shot(page, "12-neo4j-down")
            page.close()
    finally:
        neo4j.stop()
