"""First render and pan/zoom frame rate of the graph browser with 500 to 20,000 nodes, in headless
Chromium, with cytoscape.js's WebGL renderer (the page's default on a graphics card) and with its
canvas renderer (the fallback, ``/explore?renderer=canvas``).

    .venv/bin/python bench/browser_render.py [--sizes 500,2000,5000,20000]
        [--renderers webgl,canvas] [--url URL --key KEY]

Without ``--url`` it starts ``graph-service serve --no-demo`` on free ports with its own
throw-away local Neo4j (the page needs a live service and a key; the nodes themselves are
generated in the page: a seeded preferential-attachment graph, two edges per new node, so that
the numbers measure drawing, not the database). For each size it prints the time to add the
elements, to lay them out (force-directed, as the page does), to the first painted frame, and
the frame rate while the view pans and zooms for two seconds.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

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
            deadline = time.monotonic() + 120
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


def measure(url: str, key: str, sizes: list[int], renderer: str) -> list[dict[str, Any]]:
    with sync_playwright() as playwright:
        # No GPU on this machine: WebGL runs on SwiftShader, Chromium's software GL.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--enable-unsafe-swiftshader"],
        )
        results = []
        for n in sizes:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{url}/explore?renderer={renderer}#key={key}")
            deadline = time.monotonic() + 60
            while not page.evaluate("document.body.dataset.ready === 'true'"):
                if time.monotonic() > deadline:
                    raise SystemExit("the page did not open")
                time.sleep(0.1)
            results.append({**page.evaluate(MEASURE, n), "renderer": renderer})
            page.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,5000,20000")
    parser.add_argument("--renderers", default="webgl,canvas")
    parser.add_argument("--url", help="a running service (else one is started)")
    parser.add_argument("--key", help="an API key of that service")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    renderers = args.renderers.split(",")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores; {CHROMIUM} headless, software GL"
    )
    results: list[dict[str, Any]] = []
    if args.url:
        for renderer in renderers:
            results += measure(args.url, args.key or "", sizes, renderer)
    else:
        with service() as (url, key):
            for renderer in renderers:
                results += measure(url, key, sizes, renderer)
    print(
        f"{'renderer':>9} {'nodes':>6} {'edges':>6} {'add ms':>8} {'layout ms':>10} "
        f"{'paint ms':>9} {'first render ms':>16} {'pan/zoom fps':>13}"
    )
    for r in results:
        drawn = r["renderer"] if r["webgl"] == (r["renderer"] == "webgl") else "canvas*"
        print(
            f"{drawn:>9} {r['nodes']:>6} {r['edges']:>6} {r['add']:>8.0f} {r['layout']:>10.0f} "
            f"{r['paint']:>9.0f} {r['total']:>16.0f} {r['fps']:>13.1f}"
        )
    print("target: >= 30 fps and a first render under 2,000 ms at 5,000 nodes (canvas*: no WebGL2)")
    return {"rows": results}


if __name__ == "__main__":
    main()
