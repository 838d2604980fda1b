"""The database schema: built from the graph model, exported to `schema/`, applied idempotently."""

from __future__ import annotations

import neo4j

from graph_service.domain.model import LABELS
from graph_service.errors import GraphServiceError
from graph_service.storage.queries import NODE_LABEL, cypher

FULLTEXT_INDEX = "node_names"
"""The full-text index over the names and titles of every label."""


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def schema_statements() -> list[str]:
    """Every constraint and index, as idempotent Cypher (``IF NOT EXISTS``)."""
    statements = [
        f"CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:{NODE_LABEL}) REQUIRE n.id IS UNIQUE"
    ]
    for label in LABELS.values():
        statements.append(
            f"CREATE CONSTRAINT {_snake(label.name)}_id IF NOT EXISTS "
            f"FOR (n:{label.name}) REQUIRE n.id IS UNIQUE"
        )
    for label in LABELS.values():
        for prop in label.indexed:
            statements.append(
                f"CREATE INDEX {_snake(label.name)}_{_snake(prop)} IF NOT EXISTS "
                f"FOR (n:{label.name}) ON (n.{prop})"
            )
    # The audit trail, outside the model: listed newest first, filtered by key name.
    statements += [
        "CREATE CONSTRAINT audit_entry_entry_id IF NOT EXISTS "
        "FOR (e:AuditEntry) REQUIRE e.entryId IS UNIQUE",
        "CREATE INDEX audit_entry_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at)",
        "CREATE INDEX audit_entry_key_name IF NOT EXISTS FOR (e:AuditEntry) ON (e.keyName)",
        # The graph browser's saved views, outside the model too: one name per key name.
        "CREATE CONSTRAINT saved_view_key_name IF NOT EXISTS "
        "FOR (v:SavedView) REQUIRE (v.keyName, v.name) IS UNIQUE",
        # The change feed: entries read in position order; its counter; the webhooks.
        "CREATE INDEX audit_entry_position IF NOT EXISTS FOR (e:AuditEntry) ON (e.position)",
        "CREATE CONSTRAINT change_counter_name IF NOT EXISTS "
        "FOR (c:ChangeCounter) REQUIRE c.name IS UNIQUE",
        "CREATE CONSTRAINT webhook_id IF NOT EXISTS FOR (w:Webhook) REQUIRE w.webhookId IS UNIQUE",
        "CREATE INDEX webhook_delivery_at IF NOT EXISTS FOR (d:WebhookDelivery) ON (d.at)",
    ]
    labels = "|".join(LABELS)
    named = sorted({label.display_field for label in LABELS.values()})
    fields = ", ".join(f"n.{name}" for name in named)
    statements.append(
        f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:{labels}) ON EACH [{fields}]"
    )
    return statements


def schema_file_text() -> str:
    """The text of ``schema/neo4j.cypher``, the schema as a reviewable contract."""
    header = (
        "// Neo4j constraints and indexes of graph_service, generated from\n"
        "// graph_service/domain/model.py by `graph-service schema export`.\n"
        "// Applied idempotently at start-up and by `graph-service schema apply`.\n"
    )
    return header + "".join(f"{statement};\n" for statement in schema_statements())


class DuplicateIds(GraphServiceError):
    """Nodes of different labels share an id: the schema cannot make ids unique until they are
    told apart."""

    code = "CONFLICT"


_MODEL_LABELS = "|".join(LABELS)
_UNMARKED = f"MATCH (n:{_MODEL_LABELS}) WHERE NOT n:{NODE_LABEL} RETURN count(n) AS count"
_SHARED_IDS = (
    f"MATCH (n:{_MODEL_LABELS}) "
    f"WITH n.id AS id, collect([x IN labels(n) WHERE x <> '{NODE_LABEL}'][0]) AS labels "
    "WHERE size(labels) > 1 RETURN id, labels ORDER BY id LIMIT 20"
)
_MARK = (
    f"MATCH (n:{_MODEL_LABELS}) WHERE NOT n:{NODE_LABEL} "
    f"WITH n LIMIT $batch SET n:{NODE_LABEL} RETURN count(n) AS count"
)
MARK_BATCH = 10_000


_CHANGE_COUNTER = "MERGE (c:ChangeCounter {name: 'changes'}) ON CREATE SET c.last = 0"


def apply_schema(driver: neo4j.Driver, database: str, transaction_timeout: float = 300.0) -> int:
    """Create whatever constraint or index is missing; return how many statements ran.

    Nodes written before ids were unique across labels get the shared label first, in batches
    (idempotent: run again after an interruption, it carries on); if two of them share an id,
    nothing is changed and the ids are named."""
    statements = schema_statements()
    with driver.session(database=database) as session:
        if session.run(cypher(_UNMARKED)).single(strict=True)["count"]:
            shared = list(session.run(cypher(_SHARED_IDS)))
            if shared:
                listed = "; ".join(
                    f"{r['id']!r} ({', '.join(sorted(r['labels']))})" for r in shared
                )
                raise DuplicateIds(
                    f"ids used by nodes of several labels: {listed}; give them distinct ids "
                    "(or delete the extra ones) and apply the schema again"
                )
            while _mark_batch(session, transaction_timeout):
                pass
        for statement in statements:
            session.run(cypher(statement)).consume()
        await_indexes = neo4j.Query("CALL db.awaitIndexes(300)", timeout=transaction_timeout)
        session.run(await_indexes).consume()
        # The change feed's counter exists before the first write: writers that would all
        # create it at once would deadlock on its uniqueness and wait for the driver's retries.
        session.run(cypher(_CHANGE_COUNTER)).consume()
    return len(statements)


def _mark_batch(session: neo4j.Session, timeout: float) -> int:
    @neo4j.unit_of_work(timeout=timeout)
    def work(tx: neo4j.ManagedTransaction) -> int:
        count: int = tx.run(cypher(_MARK), batch=MARK_BATCH).single(strict=True)["count"]
        return count

    return session.execute_write(work)
