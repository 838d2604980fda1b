"""GraphiQL, served with its scripts and styles from ``node_modules`` rather than a CDN.

Strawberry's GraphiQL page loads React, GraphiQL and its explorer plugin from unpkg.com. The same
files, at the same versions, are installed from npm by ``make setup`` (``package-lock.json``);
the page is rewritten to load them from the service. The Subresource Integrity hashes of the
original page are kept, so the browser refuses a file that differs from the published one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.http.ides import get_graphql_ide_html

PREFIX = "/graphiql/vendor"
_CDN = re.compile(
    r"https://unpkg\.com/(?P<package>(?:@[\w.-]+/)?[\w.-]+)@(?P<version>[\w.-]+)/(?P<path>[^\"]+)"
)


@dataclass(frozen=True)
class Asset:
    package: str
    version: str
    path: str

    @property
    def local(self) -> str:
        return f"{PREFIX}/{self.package}/{self.path}"


@cache
def _page() -> tuple[str, tuple[Asset, ...]]:
    original = get_graphql_ide_html()
    assets = tuple(Asset(m["package"], m["version"], m["path"]) for m in _CDN.finditer(original))
    page = _CDN.sub(lambda m: f"{PREFIX}/{m['package']}/{m['path']}", original)
    return page, assets


def graphiql_html() -> str:
    """The GraphiQL page, loading everything from this service."""
    return _page()[0]


def assets() -> tuple[Asset, ...]:
    """The files the page needs, with the npm package and version each comes from."""
    return _page()[1]


def graphiql_routes(node_modules: Path) -> list[BaseRoute]:
    """Serve exactly the files the GraphiQL page asks for, from ``node_modules``."""
    by_url = {asset.local: asset for asset in assets()}

    async def asset(request: Request) -> Response:
        found = by_url.get(request.url.path)
        if found is None:
            return PlainTextResponse("not a file of the GraphiQL page", status_code=404)
        package_dir = node_modules / found.package
        installed = _installed_version(package_dir)
        if installed != found.version:
            return PlainTextResponse(
                f"GraphiQL needs {found.package}@{found.version} in {node_modules} "
                f"(found {installed or 'nothing'}; run `make setup`)",
                status_code=503,
            )
        media = "text/css" if found.path.endswith(".css") else "text/javascript"
        return FileResponse(package_dir / found.path, media_type=media)

    return [Route(PREFIX + "/{path:path}", asset)]


def _installed_version(package_dir: Path) -> str | None:
    try:
        version = json.loads((package_dir / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None
    return str(version)
