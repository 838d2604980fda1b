"""A large view in the graph browser (real Chromium): it is drawn at once where a quick placement
puts the nodes, the page stays free to zoom while the force-directed layout runs in a worker,
and the nodes then move to their places. Screenshots under ``test-artifacts/explore/``."""

from __future__ import annotations

import base64
from pathlib import Path

from playwright.sync_api import Browser

from tests.conftest import Database
from tests.integration.explore_page import (
    ARTIFACTS,
    LABEL_OVERLAPS,
    open_page,
    positions,
    shot,
    snapshot,
    until,
)
from tests.integration.graphql_server import KEYS

ANALYST = KEYS["analyst"].secret

# 1,500 generated nodes (a seeded preferential-attachment graph, as bench/browser_render.js
# draws), laid out as the page lays out any view.
DRAW = """(n) => {
  const ex = window.explorer;
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const labels = ['Firm', 'Firm', 'Firm', 'Project', 'Expert', 'Association', 'Topic'];
  const ends = [];
  ex.cy.batch(() => {
    for (let i = 0; i < n; i++) {
      ex.graph.addNode({ id: `n${i}`, label: labels[i % labels.length], name: `Nodo ${i}` }, 'test');
      for (let k = 0; k < 2 && i > 0; k++) {
        const j = ends.length ? ends[Math.floor(random() * ends.length)] : 0;
        if (j !== i) ex.graph.addEdge(`n${i}`, `n${j}`, 'MEMBER_OF', 'test');
        ends.push(i, j);
      }
    }
  });
  ex.restyle();
  const started = performance.now();
  ex.afterStructure('all');
  return { state: document.body.dataset.layout, ms: performance.now() - started };
}"""


def spread(points: dict[str, tuple[float, float]]) -> int:
    """How many distinct places (to the pixel) the nodes are at."""
    return len({(round(x), round(y)) for x, y in points.values()})


def test_a_large_view_is_drawn_at_once_and_laid_out_in_a_worker(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="it-IT")
    open_page(page, f"{service_url}/explore#key={ANALYST}")
    drawn = page.evaluate(DRAW, 1500)
    assert drawn["state"] == "running"  # the layout is not done on the page's thread
    quick = positions(page)
    assert len(quick) == 1500 and spread(quick) == 1500  # nothing drawn on top of anything
    shot(page, "large-01-quick-placement")
    # While the worker computes, the page answers: the coordinator can zoom.
    zoom = page.evaluate("window.explorer.cy.zoom()")
    page.mouse.move(700, 450)
    page.mouse.wheel(0, -300)
    until(page, f"window.explorer.cy.zoom() > {zoom}")
    until(page, "document.body.dataset.layout === 'settled'", timeout=120)
    laid_out = positions(page)
    moved = sum(1 for node, place in laid_out.items() if place != quick[node])
    assert moved > 1400 and spread(laid_out) > 1450
    # The whole graph is in view after the layout, and the aria label counts what is drawn.
    inside = page.evaluate(
        """() => { const e = window.explorer.cy.extent(); return window.explorer.cy.nodes()
        .filter((n) => { const p = n.position(); return p.x >= e.x1 && p.x <= e.x2 &&
        p.y >= e.y1 && p.y <= e.y2; }).length; }"""
    )
    assert inside == 1500
    assert "1500" in (page.get_attribute("#graph", "aria-label") or "").replace(".", "")
    shot(page, "large-02-laid-out")
    # Another layout asked for before the worker answers: the first answer is dropped.
    page.evaluate(
        "() => { window.explorer.afterStructure('all'); window.explorer.afterStructure('all'); }"
    )
    until(page, "document.body.dataset.layout === 'settled'", timeout=120)
    assert page.evaluate("window.explorer.graph.layoutJob") >= 3
    page.close()


# A suggestion's dashed edge ends at its nodes' borders: growing a node after the view
# is drawn moves that end (and the node's own box), as a restyle (size by investment) does.
GROW = """async () => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const ex = window.explorer;
  const cy = ex.cy;
  const n0 = cy.getElementById('n0');
  // To a node well clear of n0 grown (a link between overlapping nodes has no ends to draw).
  const far = cy.nodes().filter((n) => Math.hypot(n.position('x') - n0.position('x'), n.position('y') - n0.position('y')) > 100)[0];
  const edge = ex.graph.addEdge('n0', far.id(), 'SUGGESTED', 'test', 'opportunity', { note: 'x' });
  const gap = () => { const p = n0.position(); const e = edge.sourceEndpoint(); return Math.hypot(e.x - p.x, e.y - p.y); };
  const width = () => n0.boundingBox({ includeLabels: false }).w;
  await frame(); await frame(); // drawn
  const before = { node: width(), gap: gap() };
  n0.data('size', 60);
  await frame(); await frame();
  return { before, after: { node: width(), gap: gap() } };
}"""


def test_a_restyle_after_the_first_draw_moves_what_depends_on_it(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="it-IT")
    open_page(page, f"{service_url}/explore#key={ANALYST}")
    page.evaluate(DRAW, 500)
    until(page, "document.body.dataset.layout === 'settled'", timeout=120)
    grown = page.evaluate(GROW)
    before, after = grown["before"], grown["after"]
    assert after["node"] > before["node"] + 30  # 18 px wide, then 60
    # The edge starts at n0's border: 9 px from its centre, then 30.
    assert before["gap"] < 12 and after["gap"] > 25
    page.close()


# Pixels of a canvas's picture that something is drawn on, and those in the links' grey-blue
# (#b6bec9 at 0.8 over white, antialiased: a light grey a little bluer than it is red).
PIXELS = """async (uri) => {
  const image = new Image();
  image.src = uri;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const p = g.getImageData(0, 0, image.width, image.height).data;
  let drawn = 0;
  let grey = 0;
  for (let i = 0; i < p.length; i += 4) {
    if (p[i + 3] > 0 && (p[i] < 250 || p[i + 1] < 250 || p[i + 2] < 250)) drawn += 1;
    if (p[i] >= 170 && p[i] <= 240 && p[i + 2] - p[i] >= 5 && p[i + 2] - p[i] <= 40 && p[i + 1] >= p[i]) grey += 1;
  }
  return { drawn, grey };
}"""


# Notes whether the links' canvas is ever hidden from now on.
WATCH_HIDDEN = """() => {
  const canvas = window.explorer.graph.lines.canvas;
  window.linesHidden = false;
  new MutationObserver(() => { if (canvas.style.visibility === 'hidden') window.linesHidden = true; })
    .observe(canvas, { attributes: true, attributeFilter: ['style'] });
}"""


def test_a_large_views_links_are_drawn_counted_marked_and_exported(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    """In a large view the plain links are drawn by the page, not by cytoscape.js (lines.js):
    the coordinator still sees every link, the description counts them, pointing at a node
    marks its links, a hidden node's links go with it, and both pictures hold them."""
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="it-IT")
    open_page(page, f"{service_url}/explore#key={ANALYST}")
    page.evaluate(DRAW, 1500)
    until(page, "document.body.dataset.layout === 'settled'", timeout=120)
    edges = snapshot(page)["edges"]
    assert len(edges) > 2900 and all(e["visible"] for e in edges)
    # Drawn by the page: all but none are elements of cytoscape.js.
    assert page.evaluate("window.explorer.cy.edges().length") == 0
    lines = page.evaluate("window.explorer.graph.lines.canvas.toDataURL()")
    assert page.evaluate(PIXELS, lines)["drawn"] > 20_000
    described = page.get_attribute("#graph", "aria-label") or ""
    assert str(len(edges)) in described.replace(".", "")
    # Hidden while the wheel zooms (as cytoscape.js hides its own edges then), drawn again at
    # the new zoom when the view stands still.
    page.evaluate(WATCH_HIDDEN)
    page.mouse.move(520, 450)
    page.mouse.wheel(0, -400)
    until(page, "window.linesHidden && window.explorer.graph.lines.canvas.style.visibility === ''")
    assert page.evaluate("window.explorer.graph.lines.canvas.toDataURL()") != lines

    # Selecting the best linked node (as a click does) marks each of its links.
    degree: dict[str, int] = {}
    for e in edges:
        for end in (e["source"], e["target"]):
            degree[end] = degree.get(end, 0) + 1
    hub = max(degree, key=lambda n: degree[n])
    page.evaluate(f"window.explorer.select('{hub}')")
    until(page, f"window.explorer.cy.edges('.highlight').length === {degree[hub]}")
    shot(page, "large-03-links-of-a-node")
    page.evaluate("window.explorer.select(null)")

    # Hiding the topics hides their links: neither drawn nor counted.
    page.evaluate("window.explorer.setFilters({ hidden: ['Topic'] })")
    topics = {n["id"] for n in snapshot(page)["nodes"] if n["label"] == "Topic"}
    shown = [e for e in snapshot(page)["edges"] if e["visible"]]
    assert shown and not any(e["source"] in topics or e["target"] in topics for e in shown)
    gone = sum(1 for e in edges if e["source"] in topics or e["target"] in topics)
    assert len(shown) == len(edges) - gone
    described = page.get_attribute("#graph", "aria-label") or ""
    assert str(len(shown)) in described.replace(".", "")

    # The pictures: the SVG has a line for every link on screen, the PNG their grey.
    with page.expect_download() as svg_download:
        page.click("#export-svg")
    svg = Path(svg_download.value.path()).read_text()
    assert svg.count("<line ") >= len(shown)
    with page.expect_download() as png_download:
        page.click("#export-png")
    png = Path(png_download.value.path()).read_bytes()
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    assert page.evaluate(PIXELS, uri)["grey"] > 500_000  # without the lines: about 50,000
    (ARTIFACTS / "large-04-export.png").write_bytes(png)
    page.close()


# A selected firm beside a group whose name fills it: the firm's label, under the firm, would run
# into the group's; both must show (the selection's and a group's labels always do).
BESIDE_A_GROUP = """() => {
  const ex = window.explorer;
  ex.graph.addNode({ id: 'g', label: 'Group', name: '22.356 imprese · Confartigianato Imprese Bergamo', count: 22356 }, 't');
  ex.graph.addNode({ id: 'f', label: 'Firm', name: 'Optics 11303 (synthetic)' }, 't');
  ex.graph.addNode({ id: 'a', label: 'Association', name: 'Confartigianato Imprese Bergamo' }, 't');
  ex.restyle();
  ex.cy.getElementById('f').position({ x: 0, y: 0 });
  ex.cy.getElementById('g').position({ x: 100, y: 20 });
  ex.cy.getElementById('a').position({ x: -20, y: 140 });
  ex.cy.getElementById('f').select();
  ex.graph.fit();
  document.getElementById('empty').hidden = true; // as the page does once a view has nodes
  return ex.cy.getElementById('f').hasClass('label-above');
}"""


def test_a_selected_label_with_no_room_under_its_node_goes_above_it(
    browser: Browser, demo_db: Database, service_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="it-IT")
    open_page(page, f"{service_url}/explore#key={ANALYST}")
    assert page.evaluate(BESIDE_A_GROUP)
    overlaps = page.evaluate(LABEL_OVERLAPS)
    assert overlaps == {"labels": 3, "overlaps": 0}
    shot(page, "labels-01-selected-beside-a-group")
    # Moved clear of the group, the label goes back under its node.
    page.evaluate(
        "() => { const ex = window.explorer; ex.cy.getElementById('g').position({ x: 400, y: 20 });"
        " ex.graph.fit(); }"
    )
    assert not page.evaluate("window.explorer.cy.getElementById('f').hasClass('label-above')")
    assert page.evaluate(LABEL_OVERLAPS)["overlaps"] == 0
    page.close()
