"""GraphiQL, served with its scripts and styles from ``node_modules`` rather than a CDN.

Strawberry's GraphiQL page loads React, GraphiQL and its explorer plugin from unpkg.com. The same
files, at the same versions, are installed from npm by ``make setup`` (``package-lock.json``);
the page is rewritten to load them from the service. The Subresource Integrity hashes of the
original page are kept, so the browser refuses a file that differs from the published one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route
from strawberry.http.ides import get_graphql_ide_html

from graph_service.api.html_headers import page_headers
from graph_service.api.npm_files import installed_version, npm_file

PREFIX = "/graphiql/vendor"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
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


@cache
def graphiql_headers() -> dict[str, str]:
    """The page's headers: those of every page of the service, its inline script by hash."""
    return page_headers(tuple(_INLINE_SCRIPT.findall(graphiql_html())))


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
        installed = installed_version(package_dir)
        problem = None
        if installed != found.version:
            found_text = installed or "nothing"
            problem = f"{found.package}@{found.version} in {node_modules} (found {found_text})"
        return npm_file(package_dir / found.path, "GraphiQL needs", problem=problem)

    return [Route(PREFIX + "/{path:path}", asset)]
