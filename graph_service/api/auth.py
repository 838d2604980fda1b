"""Bearer API keys: who is asking, and what their role lets them do."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

from graph_service.config import ApiKey


class KeyRing:
    """The configured keys, looked up in constant time."""

    def __init__(self, keys: tuple[ApiKey, ...]) -> None:
        self._keys = [(hashlib.sha256(k.secret.encode()).digest(), k) for k in keys]

    def __len__(self) -> int:
        return len(self._keys)

    def identify(self, authorization: str | Sequence[str] | None) -> ApiKey | None:
        """The key of the one ``Authorization: Bearer <key>`` header; None if it is missing,
        sent twice, malformed or unknown.

        The key is compared byte for byte as sent (nothing stripped, no Unicode folding), and
        every configured key is compared, with digests of equal length, so that the time taken
        says nothing about how close a wrong key came to a right one.
        """
        headers = [authorization] if isinstance(authorization, str) else list(authorization or ())
        if len(headers) != 1:
            headers = [""]  # none, or two that might disagree: the same answer as a wrong key
        scheme, _, presented = headers[0].partition(" ")
        # Starlette decodes header bytes as Latin-1: encoding back gives the bytes as sent.
        raw = presented.encode("latin-1", errors="replace")
        digest = hashlib.sha256(raw).digest()
        found: ApiKey | None = None
        for expected, key in self._keys:
            if hmac.compare_digest(digest, expected) and scheme.lower() == "bearer":
                found = key
        return found
