"""The headers of every HTML page the service serves (the graph browser, GraphiQL)."""

from __future__ import annotations

import base64
import hashlib


def page_headers(inline_scripts: tuple[str, ...] = ()) -> dict[str, str]:
    """Never framed by another site, scripts from the service only (a page's own inline
    scripts allowed by hash), never served stale from a cache. Inline styles are allowed:
    cytoscape.js and GraphiQL inject their own small stylesheets."""
    hashes = "".join(
        f" 'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in inline_scripts
    )
    return {
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": (
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self'{hashes}; connect-src 'self'; frame-ancestors 'none'"
        ),
    }
