"""The GraphQL schema of the service, and its SDL (``schema/schema.graphql``)."""

from __future__ import annotations

from typing import Any

import strawberry

from graph_service.api import aggregate_types, edge_types, graphql_types
from graph_service.api.analytics_fields import analytics_fields
from graph_service.api.audit_fields import audit_fields
from graph_service.api.descriptions import document
from graph_service.api.feed_fields import feed_fields, subscription_fields
from graph_service.api.graphql_bulk import bulk_fields
from graph_service.api.graphql_mutations import mutation_fields
from graph_service.api.webhook_fields import webhook_mutations, webhook_queries
from graph_service.config import PROJECT_ROOT

SDL_FILE = PROJECT_ROOT / "schema" / "schema.graphql"


def _root(name: str, fields: dict[str, tuple[str | None, Any]], description: str) -> Any:
    return graphql_types.make_type("type", name, fields, description)


def build_schema() -> strawberry.Schema:
    """The schema: the graph's types and mutations, plus the computed fields (analytics)."""
    # The connections' aggregate types and the edges' filters and orders are declared.
    assert aggregate_types.MAX_GROUPS and edge_types.sort_fields is not None
    query = _root(
        "Query",
        {
            **graphql_types.query_fields(),
            **analytics_fields(),
            **audit_fields(),
            **feed_fields(),
            **webhook_queries(),
        },
        "Reads of the network graph.",
    )
    mutation = _root(
        "Mutation",
        {**mutation_fields(), **bulk_fields(), **webhook_mutations()},
        "Changes to the network graph, each one transaction.",
    )
    subscription = _root(
        "Subscription", subscription_fields(), "Changes streamed as they are committed."
    )
    schema = strawberry.Schema(query=query, mutation=mutation, subscription=subscription)
    document(schema._schema)
    return schema


def sdl_text(schema: strawberry.Schema) -> str:
    return schema.as_str() + "\n"
