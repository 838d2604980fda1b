"""Bulk writes: a CRM sync of new member firms through the service's `upsertFirms` and through
the Neo4j GraphQL Library's `createFirms` / `updateFirms`, on the same Neo4j.

    .venv/bin/python bench/bulk_compare.py [--firms 10000] [--batch 1000]

Each side creates ``--firms`` firms (its own ids) in calls of ``--batch`` items, then updates
every one of them with a value of its own (a new contact per firm): the service with the same
`upsertFirms` calls, the peer with one request per batch holding one aliased `updateFirms` per
firm (it has no upsert, and an update of many nodes to different values needs one each). The
service then repeats the update, which must change nothing (no version, no audit entry). The
firms and the service's audit entries are removed at the end.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from api_compare import post, serving

from graph_service.config import Settings
from graph_service.services.database import running_database

UPSERT = (
    "mutation($firms: [UpsertFirmInput!]!) { upsertFirms(input: $firms) "
    "{ created updated unchanged errors { code message field } } }"
)
CREATE = (
    "mutation($firms: [FirmCreateInput!]!) { createFirms(input: $firms) { info { nodesCreated } } }"
)


def _firms(prefix: str, start: int, stop: int, contact: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{prefix}-{n:06d}",
            "name": f"Bulk member {n}",
            "town": "Bergamo",
            "sector": "optics",
            "contact": f"{contact} {n}",
        }
        for n in range(start, stop)
    ]


def _peer_update(batch: list[dict[str, Any]]) -> dict[str, Any]:
    fields = " ".join(
        f"u{i}: updateFirms(where: {{id: {{eq: $id{i}}}}}, "
        f"update: {{contact: {{set: $contact{i}}}}}) {{ info {{ nodesCreated }} }}"
        for i in range(len(batch))
    )
    params = ", ".join(f"$id{i}: ID!, $contact{i}: String" for i in range(len(batch)))
    values = {f"id{i}": f["id"] for i, f in enumerate(batch)} | {
        f"contact{i}": f["contact"] for i, f in enumerate(batch)
    }
    return {"query": f"mutation({params}) {{ {fields} }}", "variables": values}


def _timed(calls: list[Any]) -> tuple[float, list[Any]]:
    started = time.perf_counter()
    answers = [call() for call in calls]
    return time.perf_counter() - started, answers


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1_000)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    batches = range(0, args.firms, args.batch)
    result: dict[str, Any] = {"firms": args.firms, "batch": args.batch, "calls": len(batches)}
    with serving(settings) as sides:
        service, peer = sides["service"], sides["peer"]

        def upsert(contact: str, start: int) -> Any:
            firms = _firms("bulk-s", start, min(start + args.batch, args.firms), contact)
            return lambda: post(service, {"query": UPSERT, "variables": {"firms": firms}}).json()

        def create(start: int) -> Any:
            firms = _firms("bulk-p", start, min(start + args.batch, args.firms), "contact")
            return lambda: post(peer, {"query": CREATE, "variables": {"firms": firms}}).json()

        def update(start: int) -> Any:
            firms = _firms("bulk-p", start, min(start + args.batch, args.firms), "changed")
            payload = _peer_update(firms)
            return lambda: post(peer, payload).json()

        rows = []
        for step, service_calls, peer_calls in (
            ("create", [upsert("contact", s) for s in batches], [create(s) for s in batches]),
            ("update", [upsert("changed", s) for s in batches], [update(s) for s in batches]),
        ):
            ours, answers = _timed(service_calls)
            assert all(a["data"]["upsertFirms"]["errors"] == [] for a in answers), answers[0]
            theirs, _ = _timed(peer_calls)
            rows.append({"step": step, "service": ours, "peer": theirs, "ratio": ours / theirs})
            print(
                f"{step:<8} service {ours:7.2f} s   peer {theirs:7.2f} s   "
                f"service/peer {ours / theirs:.2f}",
                flush=True,
            )
        again, answers = _timed([upsert("changed", s) for s in batches])
        unchanged = sum(a["data"]["upsertFirms"]["unchanged"] for a in answers)
        written = sum(
            a["data"]["upsertFirms"]["created"] + a["data"]["upsertFirms"]["updated"]
            for a in answers
        )
        print(f"repeated update: {again:.2f} s, {unchanged:,} unchanged, {written} written")
        result |= {"rows": rows, "repeat": again, "unchanged": unchanged, "written": written}
    with running_database(settings) as driver:
        for cypher in (
            "MATCH (f:Firm) WHERE f.id STARTS WITH 'bulk-' "
            "CALL (f) { DETACH DELETE f } IN TRANSACTIONS OF 5000 ROWS",
            "MATCH (e:AuditEntry) WHERE e.mutation = 'upsertFirms' "
            "CALL (e) { DELETE e } IN TRANSACTIONS OF 5000 ROWS",
        ):
            with driver.session(database=settings.neo4j_database) as session:
                session.run(cypher).consume()
    return result


if __name__ == "__main__":
    main()
