"""Helpers of the graph browser's tests: waiting on the page, reading what it shows, its words in
each language, screenshots and the accessibility scan (axe-core, installed from npm)."""

from __future__ import annotations

import base64
import json
import re
import struct
import time
from typing import Any

from playwright.sync_api import Page

from graph_service.config import PROJECT_ROOT
from graph_service.domain import vocabulary
from tests.conftest import ARTIFACTS as ALL_ARTIFACTS

ARTIFACTS = ALL_ARTIFACTS / "explore"
MESSAGES: dict[str, dict[str, str]] = json.loads(
    (PROJECT_ROOT / "graph_service/api/browser/messages.json").read_text()
)
AXE = PROJECT_ROOT / "node_modules/axe-core/axe.min.js"

# How many labels are drawn, and how many pairs of them overlap (as cytoscape.js lays them out).
LABEL_OVERLAPS = """(() => {
  const boxes = window.explorer.cy.nodes(':visible').filter((n) => !n.hasClass('label-hidden'))
    .map((n) => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true }))
    .filter((b) => b.w > 0);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i]; const b = boxes[j];
      if (a.x1 < b.x2 - 1 && b.x1 < a.x2 - 1 && a.y1 < b.y2 - 1 && b.y1 < a.y2 - 1) overlaps += 1;
    }
  }
  return { labels: boxes.length, overlaps };
})()"""


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
    """Wait until no request of the page is in flight and its layout worker (for large views)
    has placed the nodes."""
    until(
        page,
        "!document.querySelector('#status.busy') && document.body.dataset.layout !== 'running'",
    )


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    until(page, "document.body.dataset.ready === 'true'", timeout=60)
    settle(page)


def snapshot(page: Page) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = page.evaluate("window.explorer.graph.snapshot()")
    return result


def visible_ids(page: Page, label: str | None = None) -> set[str]:
    return {
        n["id"]
        for n in snapshot(page)["nodes"]
        if n["visible"] and (label is None or n["label"] == label)
    }


def on_screen_agrees(page: Page) -> None:
    """What the page says is on screen is what cytoscape.js draws (its own `visible()`): the
    "On screen" list names exactly the drawn nodes, and the canvas's accessible description counts
    the drawn nodes and links."""
    drawn = snapshot(page)
    nodes = {n["id"] for n in drawn["nodes"] if n["visible"]}
    edges = sum(1 for e in drawn["edges"] if e["visible"])
    listed = page.eval_on_selector_all("#visible-nodes button", "bs => bs.map(b => b.dataset.id)")
    assert len(nodes) <= 300  # the list names the first 300
    assert sorted(listed) == sorted(nodes)
    description = page.get_attribute("#graph", "aria-label") or ""
    assert re.findall(r"\d+", description)[:2] == [str(len(nodes)), str(edges)]


def positions(page: Page) -> dict[str, tuple[float, float]]:
    found: dict[str, list[float]] = page.evaluate(
        "Object.fromEntries(window.explorer.cy.nodes(':visible')"
        ".map(n => [n.id(), [n.position('x'), n.position('y')]]))"
    )
    return {i: (p[0], p[1]) for i, p in found.items()}


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


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


# Where a picture's drawing starts: the first column, under the title and caption (the top
# `header` rows), that holds a pixel that is not the white background.
PICTURE_LEFT_EDGE = """async ([uri, header]) => {
  const image = new Image();
  image.src = uri;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  const rows = image.height - header;
  const pixels = g.getImageData(0, header, image.width, rows).data;
  for (let x = 0; x < image.width; x += 1) {
    for (let y = 0; y < rows; y += 1) {
      const i = (y * image.width + x) * 4;
      if (pixels[i] < 245 || pixels[i + 1] < 245 || pixels[i + 2] < 245) return x;
    }
  }
  return -1;
}"""


def picture_left_edge(page: Page, png: bytes, header: int) -> int:
    """The first column of a PNG, below its top ``header`` rows, where something is drawn."""
    uri = "data:image/png;base64," + base64.b64encode(png).decode()
    column: int = page.evaluate(PICTURE_LEFT_EDGE, [uri, header])
    return column


def say(lang: str, key: str, **values: object) -> str:
    """A message of the page's catalogue, with simple ``{name}`` values filled in."""
    text = MESSAGES[lang][key]
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def phrase(lang: vocabulary.Language, rel_type: str, backward: bool = False) -> str:
    return vocabulary.relationship_phrase(rel_type, lang, backward=backward)


def axe_scan(page: Page, screen: str) -> None:
    """axe-core over the page as it is: no serious or critical violation of WCAG 2 A/AA."""
    page.evaluate(
        AXE.read_text()
    )  # evaluated, not injected: the page's CSP allows no inline script
    result = page.evaluate(
        "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })"
        ".then(r => r.violations.map(v => ({ id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))"
    )
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, f"accessibility violations on {screen}: {bad}"
