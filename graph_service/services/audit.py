"""The audit trail for admins: every successful mutation, newest first."""

from __future__ import annotations

from graph_service.config import ApiKey
from graph_service.domain.audit import AuditEntry, AuditFilter, AuditPosition
from graph_service.errors import Forbidden, InvalidArgument
from graph_service.storage.access import AuditLog

MAX_PAGE = 100


class AuditTrail:
    def __init__(self, log: AuditLog) -> None:
        self._log = log

    async def page(
        self, key: ApiKey, which: AuditFilter, first: int, after: AuditPosition | None
    ) -> tuple[list[AuditEntry], bool]:
        """Up to ``first`` entries after ``after``, and whether more follow. Admins only."""
        if key.role != "admin":
            raise Forbidden(f"the role {key.role!r} may not read the audit trail")
        if not 1 <= first <= MAX_PAGE:
            raise InvalidArgument(f"first must be between 1 and {MAX_PAGE}", "first")
        return await self._log.page(which, first, after)
