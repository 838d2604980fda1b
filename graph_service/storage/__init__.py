"""The Neo4j side: driver lifecycle, every Cypher query, records turned into domain values."""
