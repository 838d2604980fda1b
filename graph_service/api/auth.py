"""Bearer API keys: who is asking, and what their role lets them do."""

from __future__ import annotations

import hashlib
import hmac

from graph_service.config import ApiKey


class KeyRing:
    """The configured keys, looked up in constant time."""

    def __init__(self, keys: tuple[ApiKey, ...]) -> None:
        self._keys = [(hashlib.sha256(k.secret.encode()).digest(), k) for k in keys]

    def __len__(self) -> int:
        return len(self._keys)

    def identify(self, authorization: str | None) -> ApiKey | None:
        """The key of an ``Authorization: Bearer <key>`` header; None if missing or unknown.

        Every configured key is compared, with digests of equal length, so that the time taken
        says nothing about how close a wrong key came to a right one.
        """
        scheme, _, presented = (authorization or "").partition(" ")
        digest = hashlib.sha256(presented.strip().encode()).digest()
        found: ApiKey | None = None
        for expected, key in self._keys:
            if hmac.compare_digest(digest, expected) and scheme.lower() == "bearer":
                found = key
        return found
