"""First render and pan/zoom frame rate of the graph browser with 500 to 20,000 nodes, in headless
Chromium, with cytoscape.js's canvas renderer (the page's choice without a graphics card) and its
WebGL renderer (``/explore?renderer=webgl``; the page's choice on a graphics card).

    .venv/bin/python bench/browser_render.py [--sizes 500,2000,5000,20000]
        [--renderers canvas,webgl] [--variants page,no-texture,...] [--repeat 2]
        [--url URL --key KEY]

Without ``--url`` it starts ``graph-service serve --no-demo`` on free ports with its own
throw-away local Neo4j (the page needs a live service and a key; the nodes themselves are
generated in the page: a seeded preferential-attachment graph, two edges per new node, so that
the numbers measure drawing, not the database). For each size it prints the time to add the
elements, to lay them out (force-directed, as the page does), to the first painted frame (and to
the animation frame after it, where cytoscape.js draws again to sharpen its cached textures), and
the time until every node has its place (above 400 nodes the page lays out in a worker and
first shows a quick placement), and two frame rates: *gesture*, while the mouse wheel zooms in
and out and a drag pans the view (real input events, as a coordinator's mouse sends them), and
*animated*, while the view zooms in and back out by itself (``cy.animate``, as the page's fit
does). A variant changes one of the page's drawing choices before drawing
(``browser_render.js`` lists them); ``page`` is the page as it is.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, sync_playwright

from graph_service.local_neo4j import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

MEASURE = (Path(__file__).parent / "browser_render.js").read_text()


@contextmanager
def service() -> Iterator[tuple[str, str]]:
    """A throw-away service with its own local Neo4j."""
    with tempfile.TemporaryDirectory(prefix="browser-bench-") as data:
        port = free_port()
        key = "bench-analyst-key-0123456789"
        env = {
            **os.environ,
            "GRAPH_SERVICE_DATA_DIR": data,
            "GRAPH_SERVICE_PORT": str(port),
            "NEO4J_LOCAL_PORT": str(free_port()),
            "GRAPH_SERVICE_API_KEYS": f"bench:analyst:{key}",
        }
        env.pop("NEO4J_URI", None)
        process = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "graph-service"), "serve", "--no-demo"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300  # a shared machine under load starts slowly
            while True:
                try:
                    if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("the service did not start")
                time.sleep(0.5)
            yield url, key
        finally:
            process.terminate()
            process.wait(timeout=60)


# Frames painted while the test drives the mouse: counted by the page, timed by the page.
COUNT_FRAMES = """(() => {
  const b = { frames: 0, running: true, start: performance.now(), last: 0, worst: 0 };
  window.benchFrames = b;
  const count = (now) => {
    if (b.last) b.worst = Math.max(b.worst, now - b.last);
    b.last = now; b.frames += 1;
    if (b.running) requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
})()"""
STOP_COUNTING = """(() => {
  const b = window.benchFrames; b.running = false;
  return { frames: b.frames, seconds: (performance.now() - b.start) / 1000, worst: b.worst };
})()"""
# A high-density screen for the pixel-ratio variant; every other one on an ordinary screen.
SCALE = {"pixel-ratio-auto": 2}
STEP = 0.03  # seconds between two input events: a wheel or a drag sends 30 to 60 a second


def gestures(page: Page) -> dict[str, float]:
    """Zoom in and out with the wheel, then pan with a drag, over the graph; the frame rate."""
    box = page.locator("#graph").bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.evaluate(COUNT_FRAMES)
    for delta in [-100] * 12 + [100] * 12:
        page.mouse.wheel(0, delta)
        time.sleep(STEP)
    # The drag starts in the margin that the fit leaves around the graph, so that it pans the
    # view rather than moving a node.
    x, y = box["x"] + 12, box["y"] + 12
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, 31):
        page.mouse.move(x + 8 * i, y + 4 * i)
        time.sleep(STEP)
    page.mouse.up()
    counted = page.evaluate(STOP_COUNTING)
    return {"gesture": counted["frames"] / counted["seconds"], "worst": counted["worst"]}


def measure(
    url: str, key: str, sizes: list[int], renderer: str, variant: str, repeat: int
) -> list[dict[str, Any]]:
    with sync_playwright() as playwright:
        # No GPU on this machine: WebGL runs on SwiftShader, Chromium's software GL.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--enable-unsafe-swiftshader"],
        )
        results = []
        for n in sizes:
            for run in range(repeat):
                page = browser.new_page(
                    viewport={"width": 1400, "height": 900},
                    device_scale_factor=SCALE.get(variant, 1),
                )
                page.goto(f"{url}/explore?renderer={renderer}#key={key}")
                deadline = time.monotonic() + 60
                while not page.evaluate("document.body.dataset.ready === 'true'"):
                    if time.monotonic() > deadline:
                        raise SystemExit("the page did not open")
                    time.sleep(0.1)
                drawn = page.evaluate(MEASURE, {"n": n, "variant": variant})
                results.append(
                    {
                        **drawn,
                        **gestures(page),
                        "renderer": renderer,
                        "variant": variant,
                        "run": run,
                    }
                )
                page.close()
        browser.close()
    return results


def summary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per renderer, variant and size: the median of the repeated runs, and every run's
    figures for the two frame rates and the first render."""
    grouped: dict[tuple[str, str, int], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["renderer"], row["variant"], row["nodes"]), []).append(row)
    out = []
    for (renderer, variant, nodes), runs in grouped.items():
        middle = {k: statistics.median(r[k] for r in runs) for k in MEDIANS}
        every = {f"{k}_runs": [r[k] for r in runs] for k in ("total", "gesture", "animated")}
        drawn = renderer if runs[0]["webgl"] == (renderer == "webgl") else "canvas*"
        out.append(
            {"renderer": drawn, "variant": variant, "nodes": nodes, "edges": runs[0]["edges"]}
            | middle
            | every
        )
    return out


MEDIANS = (
    "add",
    "layout",
    "paint",
    "total",
    "next",
    "settled",
    "gesture",
    "worst",
    "animated",
    "labels",
)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,20000")
    parser.add_argument("--renderers", default="canvas")
    parser.add_argument("--variants", default="page")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each size (median shown)")
    parser.add_argument("--url", help="a running service (else one is started)")
    parser.add_argument("--key", help="an API key of that service")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    renderers = args.renderers.split(",")
    variants = args.variants.split(",")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; {CHROMIUM} headless, software GL"
    )
    results: list[dict[str, Any]] = []

    def run_all(url: str, key: str) -> None:
        for renderer in renderers:
            for variant in variants:
                results.extend(measure(url, key, sizes, renderer, variant, args.repeat))

    if args.url:
        run_all(args.url, args.key or "")
    else:
        with service() as (url, key):
            run_all(url, key)
    rows = summary(results)
    print(
        f"{'renderer':>9} {'variant':>22} {'nodes':>6} {'edges':>6} {'add':>5} {'layout':>6} "
        f"{'paint':>6} {'first render ms (runs)':>24} {'next':>6} {'laid out':>8} "
        f"{'gesture fps (runs)':>20} "
        f"{'worst ms':>8} {'animated fps (runs)':>20}"
    )
    for r in rows:
        runs = {k: "/".join(f"{v:.0f}" for v in r[f"{k}_runs"]) for k in ("total", "gesture")}
        animated = "/".join(f"{v:.1f}" for v in r["animated_runs"])
        print(
            f"{r['renderer']:>9} {r['variant']:>22} {r['nodes']:>6} {r['edges']:>6} "
            f"{r['add']:>5.0f} {r['layout']:>6.0f} {r['paint']:>6.0f} "
            f"{r['total']:>7.0f} ({runs['total']}) {r['next']:>6.0f} {r['settled']:>8.0f} "
            f"{r['gesture']:>7.1f} ({runs['gesture']}) "
            f"{r['worst']:>8.0f} {r['animated']:>7.1f} ({animated})"
        )
    print(
        "target: >= 30 fps and a first render under 2,000 ms at 5,000 nodes "
        "(medians; canvas*: no WebGL2)"
    )
    return {"rows": rows}


if __name__ == "__main__":
    main()
