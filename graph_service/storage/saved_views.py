"""The graph browser's saved views in Neo4j: one ``SavedView`` node per key name and view name.

``SavedView`` is not a label of the graph model, like ``AuditEntry``: exports, search, node
lookups and the analytics projection only ever match the model's labels, so views never show up
there. A view has no ``id`` and no relationships; its content is one JSON string.
"""

from __future__ import annotations

import datetime as dt
from typing import LiteralString

import neo4j

from graph_service.domain.saved_views import SavedView, ViewSummary
from graph_service.errors import DuplicateId, LimitExceeded, NotFound
from graph_service.storage.commits import QuietCommits, write_quietly
from graph_service.storage.errors import translated_async

VIEW_LABEL = "SavedView"

_LIST = (
    "MATCH (v:SavedView {keyName: $keyName}) "
    "RETURN v.name AS name, v.updatedAt AS updatedAt, size(v.content) AS size "
    "ORDER BY toLower(v.name), v.name"
)
_GET = (
    "MATCH (v:SavedView {keyName: $keyName, name: $name}) "
    "RETURN v.content AS content, v.updatedAt AS updatedAt"
)
# Saved in one statement: replacing a view of that name, or creating one while the key has fewer
# than $limit; the answer says which (or neither, when the limit is reached).
_SAVE = (
    "OPTIONAL MATCH (old:SavedView {keyName: $keyName, name: $name}) "
    "CALL (old) { MATCH (v:SavedView {keyName: $keyName}) RETURN count(v) AS count } "
    "WITH old, count WHERE old IS NOT NULL OR count < $limit "
    "MERGE (v:SavedView {keyName: $keyName, name: $name}) "
    "SET v.content = $content, v.updatedAt = $at "
    "RETURN old IS NULL AS created"
)
_RENAME = (
    "MATCH (v:SavedView {keyName: $keyName, name: $name}) "
    "OPTIONAL MATCH (taken:SavedView {keyName: $keyName, name: $to}) "
    "WITH v, taken WHERE taken IS NULL "
    "SET v.name = $to, v.updatedAt = $at RETURN true AS renamed"
)
_EXISTS = "MATCH (v:SavedView {keyName: $keyName, name: $name}) RETURN count(v) AS count"
_DELETE = "MATCH (v:SavedView {keyName: $keyName, name: $name}) DELETE v RETURN count(*) AS deleted"


class ViewStore:
    """Saved views, per key name. Values go in as parameters only."""

    def __init__(
        self, driver: neo4j.AsyncDriver, database: str, quiet: QuietCommits | None = None
    ) -> None:
        self._driver = driver
        self._database = database
        self._quiet = quiet or QuietCommits()
        """Told each commit's bookmark: views change nothing the analyses read."""

    async def _run(
        self, query: LiteralString, write: bool = False, **params: object
    ) -> list[neo4j.Record]:
        async with translated_async():
            if write:
                async with self._driver.session(database=self._database) as writing:
                    return await write_quietly(writing, query, params, self._quiet)
            records, _, _ = await self._driver.execute_query(
                query, params, database_=self._database, routing_=neo4j.RoutingControl.READ
            )
        return records

    async def list(self, key_name: str) -> list[ViewSummary]:
        records = await self._run(_LIST, keyName=key_name)
        return [ViewSummary(r["name"], _time(r["updatedAt"]), r["size"]) for r in records]

    async def get(self, key_name: str, name: str) -> SavedView:
        records = await self._run(_GET, keyName=key_name, name=name)
        if not records:
            raise NotFound(f"no saved view named {name!r}", "name")
        return SavedView(name, records[0]["content"], _time(records[0]["updatedAt"]))

    async def save(self, key_name: str, name: str, content: str, limit: int) -> bool:
        """Create or replace; True when created. Refused past ``limit`` views per key."""
        records = await self._run(
            _SAVE,
            write=True,
            keyName=key_name,
            name=name,
            content=content,
            at=dt.datetime.now(dt.UTC),
            limit=limit,
        )
        if not records:
            raise LimitExceeded(f"a key may keep at most {limit} saved views", "name")
        return bool(records[0]["created"])

    async def rename(self, key_name: str, name: str, to: str) -> None:
        records = await self._run(
            _RENAME, write=True, keyName=key_name, name=name, to=to, at=dt.datetime.now(dt.UTC)
        )
        if records:
            return
        if (await self._run(_EXISTS, keyName=key_name, name=name))[0]["count"] == 0:
            raise NotFound(f"no saved view named {name!r}", "name")
        raise DuplicateId(f"a saved view named {to!r} exists already", "name")

    async def delete(self, key_name: str, name: str) -> None:
        records = await self._run(_DELETE, write=True, keyName=key_name, name=name)
        if records[0]["deleted"] == 0:
            raise NotFound(f"no saved view named {name!r}", "name")


def _time(value: object) -> dt.datetime:
    if hasattr(value, "to_native"):
        native: dt.datetime = value.to_native()
        return native
    assert isinstance(value, dt.datetime)
    return value
