"""Reads of the graph for the API: each read (a root field) answered by one Cypher query, all
of a request's reads in one transaction, the answers already in the shape asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph_service.domain.selection import Read
from graph_service.storage.access import GraphReader


class GraphReads:
    def __init__(self, reader: GraphReader) -> None:
        self._reader = reader

    async def answer(self, reads: Sequence[Read]) -> list[Any]:
        """Each read's answer, in order; :class:`~graph_service.errors.DatabaseUnavailable`
        when Neo4j cannot be reached."""
        if not reads:
            return []
        return await self._reader.read_all(reads)

    async def ready(self) -> None:
        """Return when Neo4j answers; raise DatabaseUnavailable otherwise."""
        await self._reader.ping()
