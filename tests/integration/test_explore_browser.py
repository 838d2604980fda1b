"""The graph browser, driven in Debian's headless Chromium against the live service and the demo
network in the real Neo4j: a coordinator's session, step by step, in Italian and in English, with
what they see checked against Neo4j and the API, an accessibility scan of each screen and a
screenshot of each step under ``test-artifacts/explore/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from graph_service.domain import vocabulary
from graph_service.domain.explanations import explanation, reason_text
from tests.conftest import Database
from tests.integration.explore_page import (
    ARTIFACTS,
    LABEL_OVERLAPS,
    axe_scan,
    on_screen_agrees,
    open_page,
    phrase,
    picture_left_edge,
    png_size,
    positions,
    say,
    search_and_pick,
    settle,
    shot,
    snapshot,
    until,
    visible_ids,
)
from tests.integration.graphql_server import KEYS, GraphQLClient

ANALYST = KEYS["analyst"].secret
BUSY_FIRM = "firm-0033"  # Tipografia Gritti: the demo firm with the most projects
BIG = "confartigianato-bergamo"  # 72 member firms in the demo
LOCALES = {"it": "it-IT", "en": "en-GB"}


def new_page(browser: Browser, lang: str, errors: list[str]) -> Page:
    context = browser.new_context(
        viewport={"width": 1400, "height": 900}, accept_downloads=True, locale=LOCALES[lang]
    )
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and "status of 401" not in m.text and "status of 403" not in m.text
            else None
        ),
    )
    return page


@pytest.fixture
def explore(demo_db: Database, service_url: str) -> str:
    return f"{service_url}/explore"


@pytest.fixture
def api(service_url: str) -> GraphQLClient:
    return GraphQLClient(f"{service_url}/graphql", ANALYST)


@pytest.fixture(params=["it", "en"])
def lang(request: pytest.FixtureRequest) -> str:
    value: str = request.param
    return value


@pytest.fixture
def page(browser: Browser, lang: str) -> Iterator[Page]:
    errors: list[str] = []
    page = new_page(browser, lang, errors)
    yield page
    page.context.close()
    assert not errors, f"the page reported errors: {errors}"


def test_a_coordinators_session(
    page: Page, lang: vocabulary.Language, explore: str, demo_db: Database, api: GraphQLClient
) -> None:
    step = f"{lang}-%02d-%s"
    # The page speaks the browser's language; the key handed over is taken out of the address.
    open_page(page, f"{explore}#key={ANALYST}")
    assert ANALYST not in page.url
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.inner_text("h1") == say(lang, "page.heading")
    assert f"lang={lang}" in page.url
    shot(page, step % (1, "opened"))
    axe_scan(page, "the empty page")

    # Search with the keyboard; after Enter the focus is on the graph, so `e` expands.
    page.focus("#search")
    page.keyboard.type("Tipografia Gritti")
    page.wait_for_selector(f'#search-results li[data-id="{BUSY_FIRM}"]')
    hits = page.eval_on_selector_all("#search-results li", "items => items.map(i => i.dataset.id)")
    for _ in range(hits.index(BUSY_FIRM)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    until(page, f"window.explorer.state.sel === {BUSY_FIRM!r}")
    settle(page)
    assert page.evaluate("document.activeElement.id") == "graph"
    takes_part = f"{phrase(lang, 'PARTICIPATES_IN')} · {vocabulary.label_noun('Project', lang, many=True)} (3)"
    assert takes_part in page.inner_text("#details")
    assert "PARTICIPATES_IN" not in page.inner_text("#details")
    page.keyboard.press("e")
    neighbours = {
        r["id"] for r in demo_db.query("MATCH ({id: $id})--(n) RETURN n.id AS id", id=BUSY_FIRM)
    }
    until(page, f"window.explorer.cy.nodes().length === {len(neighbours) + 1}")
    settle(page)
    assert visible_ids(page) == neighbours | {BUSY_FIRM}
    shot(page, step % (2, "searched-and-expanded"))
    axe_scan(page, "a node's details")

    # A big association comes as one group node, opened into a searchable, paged list.
    search_and_pick(page, "Confartigianato Imprese", BIG)
    before = positions(page)
    page.click("#expand")
    group = f"group:{BIG}:members"
    until(page, f"window.explorer.cy.getElementById({group!r}).nonempty()")
    settle(page)
    after = positions(page)
    assert all(after[i] == p for i, p in before.items()), "nodes on screen moved on expansion"
    members = demo_db.query(
        "MATCH (f:Firm)-[:MEMBER_OF]->({id: $id}) RETURN f.name AS name ORDER BY f.name", id=BIG
    )
    name = page.evaluate(f"window.explorer.cy.getElementById({group!r}).data('name')")
    firms = vocabulary.label_noun("Firm", lang, many=True)
    assert name == f"{len(members)} {firms} · Confartigianato Imprese Bergamo"
    assert not visible_ids(page, "Firm") & {m["name"] for m in members}
    page.evaluate(f"window.explorer.select({group!r})")
    page.wait_for_selector("#group-list li button.pull")
    settle(page)
    listed = page.eval_on_selector_all(
        "#group-list li .name", "items => items.map(i => i.textContent)"
    )
    assert len(listed) == 20 and listed == sorted(listed, key=str.lower)
    page.fill("#group-search", "Edilizia")
    until(
        page,
        "[...document.querySelectorAll('#group-list li .name')].every(n => n.textContent.includes('Edilizia'))",
    )
    settle(page)
    shot(page, step % (3, "group-list"))
    axe_scan(page, "a group's list")
    pulled = page.get_attribute("#group-list li:first-child", "data-id")
    before = positions(page)
    page.click("#group-list li:first-child button.pull")
    until(page, f"window.explorer.state.sel === {pulled!r}")
    settle(page)
    after = positions(page)
    assert pulled in after and all(after[i] == p for i, p in before.items())
    assert any(
        e["source"] == pulled and e["target"] == BIG and e["type"] == "MEMBER_OF"
        for e in snapshot(page)["edges"]
    )
    shot(page, step % (4, "pulled-out"))

    # Paths: the opticians' firm to the I&T Hub; each path says its own number of steps.
    search_and_pick(page, "Ottica Zirafa", "ottica-zirafa")
    page.click("#path-from")
    search_and_pick(page, "Innovation Technology Hub", "it-hub")
    page.click("#path-to")
    page.wait_for_selector("#path-list li")
    settle(page)
    expected = api.query(
        '{ shortestPaths(source: "ottica-zirafa", target: "it-hub", k: 3) { result { paths'
        " { nodes { id } relationships } } } }"
    )["shortestPaths"]["result"]["paths"]
    steps = [
        int(s)
        for s in page.eval_on_selector_all("#path-list li", "l => l.map(i => i.dataset.steps)")
    ]
    assert steps == [len(p["relationships"]) for p in expected] and len(set(steps)) > 1
    for item, count in zip(page.query_selector_all("#path-list li"), steps, strict=True):
        assert re.search(rf"\b{count}\b", item.inner_text().split("·")[-1])
    box = page.eval_on_selector("#panel", "p => p.getBoundingClientRect().right")
    for button in ("#path-from", "#path-to"):
        assert page.eval_on_selector(button, "b => b.getBoundingClientRect().right") <= box
    shot(page, step % (5, "paths"))
    axe_scan(page, "the paths")

    # A year filter hides the older projects, and the paths that went through them.
    years = {
        r["id"]: r["year"]
        for r in demo_db.query("MATCH (p:Project) RETURN p.id AS id, p.year AS year")
    }
    blocked = [any(years.get(n["id"], 9999) < 2019 for n in p["nodes"]) for p in expected]
    assert any(blocked) and not all(blocked)
    page.click("#filters summary")
    page.fill("#filter-year-from", "2019")
    page.dispatch_event("#filter-year-from", "change")
    until(page, "window.explorer.state.filters.yearFrom === 2019")
    marked = page.eval_on_selector_all(
        "#path-list li", "l => l.map(i => i.classList.contains('blocked'))"
    )
    assert marked == blocked
    drawn = {e["id"] for e in snapshot(page)["edges"] if "path" in e["classes"] and e["visible"]}
    for path, hidden in zip(expected, blocked, strict=True):
        old = [n["id"] for n in path["nodes"] if years.get(n["id"], 9999) < 2019]
        assert not (set(old) & visible_ids(page))
        if not hidden:
            assert len([e for e in drawn if any(n["id"] in e for n in path["nodes"])]) >= 1
    on_screen_agrees(page)
    shot(page, step % (6, "year-filter-hides-a-path"))
    page.fill("#filter-year-from", "")
    page.dispatch_event("#filter-year-from", "change")
    settle(page)

    # Suggestions for the opticians' firm: dashed edges, each with its reasons.
    search_and_pick(page, "Ottica Zirafa", "ottica-zirafa")
    page.click("#opportunities")
    page.wait_for_selector("#suggestions .suggestion")
    settle(page)
    suggestions = api.query(
        '{ collaborationOpportunities(firm: "ottica-zirafa", top: 8) { result { suggestions'
        " { source { name } target { id } kind rank reasons { kind text nodes { name } } } } } }"
    )["collaborationOpportunities"]["result"]["suggestions"]
    dashed = [e for e in snapshot(page)["edges"] if "opportunity" in e["classes"]]
    assert {e["target"] for e in dashed} == {s["target"]["id"] for s in suggestions}
    # Numbered 1, 2, 3, ... in the service's order, as on the map; equal scores marked as tied.
    listed = page.eval_on_selector_all(
        "#suggestions .suggestion",
        "items => items.map(i => [i.dataset.target, i.querySelector('strong').textContent,"
        " Boolean(i.querySelector('.tied'))])",
    )
    ranks = [s["rank"] for s in suggestions]
    assert [(t, n.strip()) for t, n, _ in listed] == [
        (s["target"]["id"], f"{place}.") for place, s in enumerate(suggestions, start=1)
    ]
    assert [tied for _, _, tied in listed] == [ranks.count(r) > 1 for r in ranks]
    assert any(ranks.count(r) > 1 for r in ranks), "the demo's suggestions have a tie"
    tie = say(lang, "suggest.tied").strip(" ·")
    assert all(
        (tie in item) == tied
        for item, (_, _, tied) in zip(
            page.eval_on_selector_all("#suggestions .suggestion", "l => l.map(i => i.textContent)"),
            listed,
            strict=True,
        )
    )
    notes = {e["target"]: e["note"] for e in dashed}
    assert [notes[s["target"]["id"]] for s in suggestions] == [
        f"#{place}" for place in range(1, len(suggestions) + 1)
    ]
    # Every reason in the coordinator's language, from the one catalogue of explanations.
    shown_reasons = page.eval_on_selector_all(
        "#suggestions .reasons li", "items => items.map(i => i.textContent)"
    )
    assert shown_reasons == [
        reason_text(
            r["kind"],
            [n["name"] for n in r["nodes"]],
            s["source"]["name"],
            lang,
            project=s["kind"] == "project",
        )
        for s in suggestions
        for r in s["reasons"]
    ]
    if lang == "it":  # the API's own text is English, for partner systems
        assert not {r["text"] for s in suggestions for r in s["reasons"]} & set(shown_reasons)
    # On the map too: hovering a suggested tie shows its reasons, in the same words.
    first = suggestions[0]
    x, y = page.evaluate(
        """id => {
            const edge = window.explorer.cy.edges('.opportunity')
                .filter(e => e.target().id() === id)[0];
            const point = edge.renderedMidpoint();
            const box = document.getElementById('graph').getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        first["target"]["id"],
    )
    page.mouse.move(x, y)
    until(page, "!document.getElementById('tooltip').hidden")
    assert page.inner_text("#tooltip").split("\n") == shown_reasons[: len(first["reasons"])]
    page.mouse.move(0, 0)
    what_it_means = explanation("opportunities", lang)
    panel = page.inner_text("#suggestions")
    assert what_it_means.what in panel and what_it_means.action in panel
    assert say(lang, "legend.opportunity") in page.inner_text("#legend")
    page.locator("#suggestions").scroll_into_view_if_needed()
    shot(page, step % (7, "suggestions"))
    axe_scan(page, "the suggestions")

    # The bridge: the hubs, the paths between them, the best candidates; purple is the bridge's.
    page.click("#bridge")
    page.wait_for_selector("#bridge-candidates li")
    settle(page)
    bridge = api.query("{ bridgeCandidates(top: 5) { result { candidates { node { id } } } } }")
    candidates = [c["node"]["id"] for c in bridge["bridgeCandidates"]["result"]["candidates"]]
    assert {"it-hub", "confindustria-dih", *candidates} <= visible_ids(page)
    assert (
        page.eval_on_selector_all("#bridge-candidates li", "l => l.map(i => i.dataset.id)")
        == candidates
    )
    legend = page.inner_text("#legend")
    assert say(lang, "legend.bridge") in legend and say(lang, "legend.candidate") in legend
    assert explanation("hub_bridge", lang).what in page.inner_text("#bridge-panel")
    hub = next(n for n in snapshot(page)["nodes"] if n["id"] == "it-hub")
    bridge_colour = page.evaluate("window.explorer.cy.edges('.bridge')[0].style('line-color')")
    assert hub["colour"].lower() not in ("#6a1b9a", bridge_colour)
    labels = page.evaluate(LABEL_OVERLAPS)
    assert labels["labels"] > 10 and labels["overlaps"] == 0, labels
    shot(page, step % (8, "bridge"))
    axe_scan(page, "the bridge")

    # Colour by sector (legend in words), size by investment.
    page.select_option("#colour-by", "sector")
    settle(page)
    sectors = {
        r["id"]: r["sector"]
        for r in demo_db.query(
            "MATCH (n) WHERE n.sector IS NOT NULL RETURN n.id AS id, n.sector AS sector"
        )
    }
    colour = {n["id"]: n["colour"] for n in snapshot(page)["nodes"] if n["id"] in sectors}
    assert len(colour) > 3
    for a in colour:
        for b in colour:
            if sectors[a] == sectors[b]:
                assert colour[a] == colour[b]
    assert len(set(colour.values())) >= 3
    shown_sector = next(iter({sectors[i] for i in colour}))
    assert vocabulary.value_word(shown_sector, lang) in page.inner_text("#legend-colours")
    # A measure says what it shows and what to do with it; a property needs no such words.
    page.select_option("#size-by", "betweenness")
    page.wait_for_selector("#size-explain .explained")
    settle(page)
    assert page.inner_text("#size-explain").startswith(explanation("betweenness", lang).what)
    assert say(lang, "size.betweenness") in page.inner_text("#size-legend")
    page.locator("#view-controls").scroll_into_view_if_needed()
    shot(page, step % (9, "size-by-betweenness-explained"))
    page.select_option("#size-by", "investment")
    settle(page)
    assert page.inner_text("#size-explain") == ""
    investment = {
        r["id"]: r["investment"]
        for r in demo_db.query("MATCH (p:Project) RETURN p.id AS id, p.investment AS investment")
    }
    sizes = {n["id"]: n["size"] for n in snapshot(page)["nodes"] if n["id"] in investment}
    richest = max(sizes, key=lambda i: investment[i] or 0)
    assert sizes[richest] == max(sizes.values()) > min(sizes.values())
    assert say(lang, "size.investment") in page.inner_text("#size-legend")
    shot(page, step % (9, "colour-by-sector-size-by-investment"))
    axe_scan(page, "the styling rules")

    # The time slider: as of 2018 no later project is shown; as of 2019 they come back.
    for year in (2018, 2019):
        page.evaluate(f"window.explorer.setYear({year})")
        until(page, f"document.getElementById('time-summary').textContent.includes('{year}')")
        settle(page)
        shown = visible_ids(page, "Project")
        assert shown and all(years[p] <= year for p in shown)
        assert f"year={year}" in page.url
        on_screen_agrees(page)
        page.locator("#time").scroll_into_view_if_needed()
        shot(page, step % (10 + year - 2018, f"as-of-{year}"))
        axe_scan(page, f"the network as of {year}")
    page.evaluate("window.explorer.setYear(9999)")
    settle(page)

    # Save the view, open it in a new tab (which asks for the key): the same nodes, same places.
    view_name = f"Ponte {lang}"
    page.click("#views summary")
    page.fill("#view-name", view_name)
    page.click("#view-save")
    page.wait_for_selector(f'#view-list li[data-name="{view_name}"]')
    saved = positions(page)
    shown = visible_ids(page)
    page.locator("#views").scroll_into_view_if_needed()
    shot(page, step % (12, "view-saved"))
    axe_scan(page, "the saved views")
    other = page.context.new_page()
    other.goto(explore)
    other.wait_for_selector("#key-dialog[open]")
    other.fill("#key-input", ANALYST)
    other.press("#key-input", "Enter")
    until(other, "document.body.dataset.ready === 'true'", timeout=60)
    other.click("#views summary")
    other.click(f'#view-list li[data-name="{view_name}"] button:first-of-type')
    until(other, f"window.explorer.cy.nodes(':visible').length === {len(shown)}", timeout=60)
    settle(other)
    assert visible_ids(other) == shown
    reopened = positions(other)
    assert all(
        abs(reopened[i][0] - p[0]) <= 1 and abs(reopened[i][1] - p[1]) <= 1
        for i, p in saved.items()
    )
    shot(other, step % (13, "view-reopened"))
    axe_scan(other, "a reopened view")
    other.close()

    # Export: a PNG and an SVG with title, date, graph version and legend.
    with page.expect_download() as png_download:
        page.click("#export-png")
    png = Path(png_download.value.path()).read_bytes()
    width, height = png_size(png)
    assert width > 600 and height > 300
    (ARTIFACTS / f"{lang}-14-export.png").write_bytes(png)
    # Nothing of the graph touches the picture's left edge: the leftmost node and its label are
    # drawn whole, with white space before them (the picture is drawn at twice the screen's size,
    # under a header of 64 px).
    assert picture_left_edge(page, png, header=2 * 64) >= 2 * 16
    with page.expect_download() as svg_download:
        page.click("#export-svg")
    svg = Path(svg_download.value.path()).read_text()
    (ARTIFACTS / f"{lang}-14-export.svg").write_text(svg)
    assert say(lang, "export.title").replace("&", "&amp;") in svg
    assert (say(lang, "legend.bridge")) in svg
    # The version is the one the service answers from now (nothing was written meanwhile).
    now = api.query('{ neighbourhood(id: "it-hub", maxNodes: 1) { graphVersion } }')
    version = now["neighbourhood"]["graphVersion"]
    assert version > 0
    assert say(lang, "export.version", version=version) in svg


def test_a_picture_of_an_empty_view_names_no_graph_version(browser: Browser, explore: str) -> None:
    """Before the service has answered anything there is no version to name: the caption
    leaves it out rather than print a made-up one."""
    errors: list[str] = []
    page = new_page(browser, "it", errors)
    open_page(page, f"{explore}#key={ANALYST}")
    with page.expect_download() as svg_download:
        page.click("#export-svg")
    svg = Path(svg_download.value.path()).read_text()
    caption = re.findall(r'<text x="\d+" y="50"[^>]*>([^<]*)</text>', svg)
    assert len(caption) == 1 and caption[0].endswith(" · 0 nodi")
    assert "versione" not in caption[0]
    page.context.close()
    assert not errors, errors
