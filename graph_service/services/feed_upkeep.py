"""The change feed's upkeep from the command line: a load's summary event, and pruning."""

from __future__ import annotations

import datetime as dt

from graph_service.domain.audit import Change, Operation
from graph_service.domain.records import LoadSummary
from graph_service.storage import audit
from graph_service.storage import feed as feed_storage
from graph_service.storage.database import Driver

LOAD_KEY_NAME = "cli"
"""The key name of events written by the command line (which has no API key)."""


def record_load(driver: Driver, database: str, summary: LoadSummary, source: str) -> None:
    """One summary event for a finished ``graph-service load`` (none for a dry run): its source
    and its counts per label and relationship type."""
    if summary.dry_run:
        return
    counts = {
        "source": source,
        "nodesCreated": summary.nodes_created,
        "nodesUpdated": summary.nodes_updated,
        "relationshipsCreated": summary.relationships_created,
        "relationshipsUpdated": summary.relationships_updated,
    }
    labels = sorted({*summary.nodes_created, *summary.nodes_updated})
    entry = audit.entry(
        key_name=LOAD_KEY_NAME,
        operation=Operation.LOAD,
        mutation="load",
        target_type="load",
        target_ids=(),
        change=Change(None, counts),
        labels=tuple(labels),
    )
    feed_storage.record_entry(driver, database, entry)


def prune(
    driver: Driver, database: str, days: int, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Delete the events (and webhook delivery records) older than ``days`` days; how many
    events went, and the last position pruned (0: none)."""
    before = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=days)
    return feed_storage.prune(driver, database, before)
