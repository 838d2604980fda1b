"""The database schema: built from the graph model, exported to `schema/`, applied idempotently."""

from __future__ import annotations

import neo4j

from graph_service.domain.model import LABELS

FULLTEXT_INDEX = "node_names"
"""The full-text index over the names and titles of every label."""


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def schema_statements() -> list[str]:
    """Every constraint and index, as idempotent Cypher (``IF NOT EXISTS``)."""
    statements = []
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


def apply_schema(driver: neo4j.Driver, database: str) -> int:
    """Create whatever constraint or index is missing; return how many statements ran."""
    statements = schema_statements()
    with driver.session(database=database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
        # The change feed's counter exists before the first write: writers that would all
        # create it at once would deadlock on its uniqueness and wait for the driver's retries.
        session.run("MERGE (c:ChangeCounter {name: 'changes'}) ON CREATE SET c.last = 0").consume()
    return len(statements)
