"""The services of a running API, built from the settings and closed together."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from graph_service.config import Settings
from graph_service.services.analytics import AnalyticsService
from graph_service.services.audit import AuditTrail
from graph_service.services.feed import ChangeFeed, FeedHub
from graph_service.services.reads import GraphReads
from graph_service.services.saved_views import SavedViews
from graph_service.services.webhooks import WebhookDispatcher, Webhooks
from graph_service.services.writes import GraphWrites
from graph_service.storage import database as drivers
from graph_service.storage.access import (
    AuditLog,
    GraphReader,
    GraphWriter,
    NetworkSource,
    Observer,
)
from graph_service.storage.commits import QuietCommits
from graph_service.storage.feed import ChangeLog
from graph_service.storage.saved_views import ViewStore
from graph_service.storage.webhooks import WebhookStore


@dataclass(frozen=True)
class Services:
    """What the API's entry points call: nothing below these."""

    reads: GraphReads
    writes: GraphWrites
    analytics: AnalyticsService
    audit: AuditTrail
    views: SavedViews
    feed: ChangeFeed
    hub: FeedHub
    """This replica's live view of the feed, for subscriptions."""
    webhooks: Webhooks


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    observe: Observer | None = None,
    on_cache: Callable[[bool], None] | None = None,
) -> AsyncIterator[Services]:
    """The services on the configured Neo4j; its drivers are closed on exit.

    ``observe(kind, seconds)`` is told each transaction's duration (``read``, ``write``,
    ``projection``); ``on_cache(hit)`` whether each analysis came from the cache.
    While they are open, this replica follows the change feed (for its subscribers) and
    delivers the webhooks whose lease it holds.
    """
    async_driver = drivers.async_driver(settings)
    sync_driver = drivers.sync_driver(settings)
    database = settings.neo4j_database
    timeout, retry = settings.neo4j_transaction_timeout, settings.neo4j_retry_time
    try:
        timed: Observer = observe or (lambda kind, seconds: None)
        quiet = QuietCommits()  # webhooks' and views' commits: no reason to read the graph
        analytics = AnalyticsService(
            NetworkSource(sync_driver, database, timed, quiet), on_cache=on_cache
        )
        changes = ChangeLog(async_driver, database)
        feed = ChangeFeed(changes)
        hub = FeedHub(changes, settings.feed, on_entries=analytics.offer)
        store = WebhookStore(async_driver, database, quiet)
        dispatcher = WebhookDispatcher(store, changes, hub, settings.feed)
        await hub.start()
        await dispatcher.start()
        try:
            yield Services(
                reads=GraphReads(GraphReader(async_driver, database, timed, timeout, retry)),
                writes=GraphWrites(
                    GraphWriter(
                        async_driver,
                        database,
                        timed,
                        timeout,
                        retry,
                        settings.max_concurrent_writes,
                        on_commit=analytics.offer,
                    )
                ),
                analytics=analytics,
                audit=AuditTrail(AuditLog(async_driver, database)),
                views=SavedViews(ViewStore(async_driver, database, quiet)),
                feed=feed,
                hub=hub,
                webhooks=Webhooks(store, feed, settings.feed),
            )
        finally:
            await dispatcher.stop()
            await hub.stop()
            analytics.close()
    finally:
        await async_driver.close()
        sync_driver.close()
