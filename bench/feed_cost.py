"""The change feed's cost on mutation throughput.

    .venv/bin/python bench/feed_cost.py [--mutations 400] [--rounds 2]

Mutations (a Topic created, then updated again and again, by each writer) go through the
service's write path (``GraphWrites.apply``: the change, its audit entry, one write
transaction each) with 1 and with 8 concurrent writers, in two ways on the same Neo4j:

- **feed**: as the service runs, each entry taking its position from the feed's counter, which
  stays locked until the transaction commits;
- **audit entry only** (the peer): the same entries written without a position, as the audit
  trail was written before the feed existed.

The difference is what the feed costs a writer. Rounds alternate between the two; the best of
each is kept.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from typing import Any

from graph_service.config import ApiKey, Settings
from graph_service.services.database import apply_schema, running_database
from graph_service.services.writes import GraphWrites, NodeChange, ReadBack
from graph_service.storage import audit
from graph_service.storage import database as drivers
from graph_service.storage.access import GraphWriter

KEY = ApiKey("bench-feed", "editor", "bench-feed-key-0123456789")
# One row per entry, as the feed's own statement returns (its position; here none).
WITHOUT_POSITION = (
    "UNWIND $entries AS entry CREATE (e:AuditEntry) SET e = entry RETURN 0 AS position"
)
CLEAN = (
    "MATCH (n) WHERE (n:Topic AND n.id STARTS WITH 'bench-feed-') "
    "OR (n:AuditEntry AND n.keyName = 'bench-feed') DETACH DELETE n"
)


async def _writer(writes: GraphWrites, name: str, count: int) -> None:
    for n in range(count):
        change = NodeChange(
            "create" if n == 0 else "update",
            "Topic",
            name,
            {"name": f"{name} {n}"},
        )
        await writes.apply(change, key=KEY, mutation="bench", read_back=ReadBack())


async def _rate(writes: GraphWrites, writers: int, mutations: int, tag: str) -> float:
    each = max(2, mutations // writers)
    started = time.perf_counter()
    await asyncio.gather(*(_writer(writes, f"bench-feed-{tag}-{w}", each) for w in range(writers)))
    return writers * each / (time.perf_counter() - started)


async def _measure(mutations: int, rounds: int) -> dict[str, Any]:
    settings = Settings.from_env()
    driver = drivers.async_driver(settings)
    writes = GraphWrites(GraphWriter(driver, settings.neo4j_database))
    with_feed = audit._RECORD
    best: dict[tuple[str, int], float] = {}
    try:
        for r in range(rounds):
            for mode, record in (("feed", with_feed), ("audit", WITHOUT_POSITION)):
                audit._RECORD = record  # the peer: the entry without its position
                for writers in (1, 8):
                    rate = await _rate(writes, writers, mutations, f"{mode}-{writers}-{r}")
                    best[(mode, writers)] = max(best.get((mode, writers), 0.0), rate)
                    await driver.execute_query(CLEAN, database_=settings.neo4j_database)
    finally:
        audit._RECORD = with_feed
        await driver.execute_query(CLEAN, database_=settings.neo4j_database)
        await driver.close()
    return {
        "mutations": mutations,
        "rounds": rounds,
        "rows": [
            {
                "writers": writers,
                "feed": best[("feed", writers)],
                "audit": best[("audit", writers)],
                "cost": 1 - best[("feed", writers)] / best[("audit", writers)],
            }
            for writers in (1, 8)
        ],
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutations", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    # Started here if local and not running yet (make bench has started it already).
    with running_database(settings) as driver:
        apply_schema(driver, settings.neo4j_database)
        result = asyncio.run(_measure(args.mutations, args.rounds))
    for row in result["rows"]:
        print(
            f"{row['writers']} writer(s): {row['feed']:.0f} mutations/s with the feed, "
            f"{row['audit']:.0f} with the audit entry only ({row['cost']:+.0%} cost)"
        )
    return result


if __name__ == "__main__":
    main()
