"""Files that ``make setup`` installed from npm into ``node_modules``, served to browsers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from starlette.responses import FileResponse, PlainTextResponse, Response


def installed_version(package_dir: Path) -> str | None:
    """The version of the npm package in ``package_dir``, None if it is not installed."""
    try:
        version = json.loads((package_dir / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None
    return str(version)


def npm_file(
    path: Path, what: str, headers: Mapping[str, str] | None = None, problem: str | None = None
) -> Response:
    """``path`` as a response, or a 503 naming what is missing (``problem``, or the file) and
    the command that installs it."""
    if problem is None and not path.is_file():
        problem = f"not installed: {path}"
    if problem is not None:
        return PlainTextResponse(f"{what} {problem} (run `make setup`)", status_code=503)
    media = "text/css" if path.suffix == ".css" else "text/javascript"
    return FileResponse(path, media_type=media, headers=headers)
