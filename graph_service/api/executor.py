"""Executing GraphQL requests: one pipeline, in four steps.

1. **Prepare** (:mod:`~graph_service.api.documents`): the document parsed, validated and checked
   against the limits, once per distinct document.
2. **Plan** (:mod:`~graph_service.api.selection`): the root fields over the graph (``node``,
   ``nodes``, ``search``, every label's one and list fields) become reads of
   :mod:`graph_service.domain.selection`, each answered by one Cypher query; mutations become
   changes (:mod:`~graph_service.api.mutations`).
3. **Call the services**: all of a query's reads in one read transaction
   (:class:`~graph_service.services.reads.GraphReads`), each mutation in its own write
   transaction (:class:`~graph_service.services.writes.GraphWrites`); the remaining root fields
   (introspection, analytics, the audit trail) through Strawberry's ordinary execution, whose
   resolvers call the services too.
4. **Serialise**: the answers come back from Neo4j already shaped; each object is put in the
   order its fields were asked (:mod:`~graph_service.api.ordering`); every error carries its
   code (:mod:`~graph_service.api.errors`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    GraphQLError,
    GraphQLNonNull,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute,
    value_from_ast_untyped,
)
from graphql.execution.values import get_variable_values
from graphql.language.location import SourceLocation, get_location

from graph_service.api import limits as query_limits
from graph_service.api.bulk_mutations import BulkMutationField, is_bulk
from graph_service.api.documents import Documents, Prepared, RequestError, root_field_names
from graph_service.api.errors import (
    BAD_USER_INPUT,
    error_code,
    formatted,
    request_failure,
    with_allowed_values,
    with_code,
)
from graph_service.api.mutations import MutationField
from graph_service.api.ordering import read_plan
from graph_service.api.selection import COMPILED_ROOT_FIELDS, Selection
from graph_service.api.webhook_fields import WEBHOOK_MUTATIONS
from graph_service.config import ApiKey
from graph_service.domain.selection import Read
from graph_service.errors import DatabaseUnavailable, GraphServiceError
from graph_service.services.container import Services

log = logging.getLogger(__name__)

__all__ = ["Context", "Executor", "Outcome", "Prepared", "RequestError", "error_code"]


@dataclass
class Outcome:
    """The response body and what it cost."""

    data: dict[str, Any] | None
    errors: list[dict[str, Any]] = field(default_factory=list)
    cypher_queries: int = 0
    unavailable: bool = False
    user_error_codes: list[str] = field(default_factory=list)
    """The codes of the mutation payloads' errors."""

    @property
    def error_codes(self) -> list[str]:
        """Every error code of the answer, top level and in payloads."""
        return [error_code(e) for e in self.errors] + self.user_error_codes

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if self.errors:
            body["errors"] = self.errors
        body["data"] = self.data
        return body


@dataclass
class Context:
    """What Strawberry resolvers (analytics, audit trail) get as ``info.context``."""

    key: ApiKey
    services: Services


class Executor:
    def __init__(
        self,
        schema: strawberry.Schema,
        services: Services,
        limits: query_limits.Limits,
        introspection: bool = True,
    ) -> None:
        self._graphql_schema = schema._schema
        self._services = services
        self._documents = Documents(self._graphql_schema, limits, introspection)

    def prepare(self, query: str, operation_name: str | None) -> Prepared:
        """The parsed, validated operation; raises RequestError."""
        return self._documents.prepare(query, operation_name)

    def takes_turns(self, prepared: Prepared) -> bool:
        """Whether a request is compiled reads or writes only (see :mod:`.turns`): a mutation,
        or a query whose root fields, through its fragments, are all compiled."""
        if prepared.is_mutation:
            return True
        if prepared.operation.operation is not OperationType.QUERY:
            return False
        names = root_field_names(prepared.operation.selection_set, prepared.fragments)
        return bool(names) and names <= COMPILED_ROOT_FIELDS | {"__typename"}

    async def run(
        self, prepared: Prepared, variables: dict[str, Any] | None, key: ApiKey
    ) -> Outcome:
        if prepared.operation.operation is OperationType.SUBSCRIPTION:
            raise RequestError(
                [
                    GraphQLError(
                        "subscriptions are served over WebSocket at /graphql "
                        "(protocol graphql-transport-ws)",
                        extensions={"code": "BAD_REQUEST"},
                    )
                ]
            )
        raw = self._variables(prepared, variables or {})
        selection = Selection(prepared.fragments, raw)
        root = "Mutation" if prepared.is_mutation else "Query"
        fields = selection.fields(prepared.operation.selection_set, (root,))
        try:
            if prepared.is_mutation:
                return await self._mutate(prepared, fields, selection, variables or {}, key)
            return await self._query(prepared, fields, selection, variables or {}, key)
        except DatabaseUnavailable as error:
            log.warning("Neo4j is unavailable: %s", error)
            return Outcome(None, [request_failure(error)], unavailable=True)

    def _variables(self, prepared: Prepared, given: dict[str, Any]) -> dict[str, Any]:
        """The variables as sent (with defaults), once graphql-core has checked them."""
        definitions = prepared.operation.variable_definitions or ()
        coerced = get_variable_values(self._graphql_schema, definitions, given)
        if isinstance(coerced, list):
            raise RequestError(
                [
                    with_code(with_allowed_values(e, self._graphql_schema), BAD_USER_INPUT)
                    for e in coerced
                ]
            )
        raw: dict[str, Any] = {}
        for definition in definitions:
            name = definition.variable.name.value
            if name in given:
                raw[name] = given[name]
            elif definition.default_value is not None:
                raw[name] = value_from_ast_untyped(definition.default_value)
        return raw

    async def _query(
        self,
        prepared: Prepared,
        fields: list[tuple[str, list[FieldNode]]],
        selection: Selection,
        variables: dict[str, Any],
        key: ApiKey,
    ) -> Outcome:
        data: dict[str, Any] = {}
        errors: list[dict[str, Any]] = []
        reads: list[tuple[str, Read]] = []
        others: list[FieldNode] = []
        failed_non_null = False
        for response_key, nodes in fields:
            name = nodes[0].name.value
            if name not in COMPILED_ROOT_FIELDS:
                others.extend(nodes)
                continue
            try:
                reads.append((response_key, selection.read(nodes)))
            except GraphServiceError as error:
                errors.append(
                    {
                        **request_failure(error, [response_key]),
                        "locations": [loc.formatted for loc in _locations(nodes)],
                    }
                )
                failed_non_null = failed_non_null or self._non_null(name)
                data[response_key] = None
        if reads:
            answers = await self._services.reads.answer([read for _, read in reads])
            data.update(
                (response_key, read_plan(read)(answer))
                for (response_key, read), answer in zip(reads, answers, strict=True)
            )
        unavailable = False
        if others:
            result = await self._execute_others(prepared, others, variables, key)
            if result.data is None:  # a non-null field failed: the null reaches the root
                failed_non_null = True
            data.update(result.data or {})
            formatted_errors = [formatted(e) for e in result.errors or []]
            unavailable = any(error_code(e) == "SERVICE_UNAVAILABLE" for e in formatted_errors)
            errors.extend(formatted_errors)
        ordered = {response_key: data.get(response_key) for response_key, _ in fields}
        return Outcome(
            None if failed_non_null else ordered, errors, len(reads), unavailable=unavailable
        )

    async def _mutate(
        self,
        prepared: Prepared,
        fields: list[tuple[str, list[FieldNode]]],
        selection: Selection,
        variables: dict[str, Any],
        key: ApiKey,
    ) -> Outcome:
        data: dict[str, Any] = {}
        queries = 0
        codes: list[str] = []
        errors: list[dict[str, Any]] = []
        for response_key, nodes in fields:
            if nodes[0].name.value == "__typename":
                data[response_key] = "Mutation"
                continue
            if nodes[0].name.value in WEBHOOK_MUTATIONS:  # resolvers of their own, in order
                result = await self._execute_others(prepared, nodes, variables, key)
                data[response_key] = (result.data or {}).get(response_key)
                errors.extend(formatted(e) for e in result.errors or [])
                continue
            mutation: MutationField | BulkMutationField = (
                BulkMutationField(nodes, selection, key)
                if is_bulk(nodes[0].name.value)
                else MutationField(nodes, selection, key)
            )
            data[response_key] = await mutation.run(self._services.writes)
            queries += mutation.queries
            codes += mutation.error_codes
        return Outcome(data, errors, queries, user_error_codes=codes)

    async def _execute_others(
        self, prepared: Prepared, nodes: list[FieldNode], variables: dict[str, Any], key: ApiKey
    ) -> ExecutionResult:
        operation = OperationDefinitionNode(
            operation=prepared.operation.operation,
            name=prepared.operation.name,
            variable_definitions=prepared.operation.variable_definitions,
            directives=prepared.operation.directives,
            selection_set=SelectionSetNode(selections=tuple(nodes)),
        )
        document = DocumentNode(definitions=(operation, *prepared.fragments.values()))
        context = Context(key, self._services)
        result = execute(
            self._graphql_schema, document, context_value=context, variable_values=variables
        )
        if not isinstance(result, ExecutionResult):
            result = await result
        return result

    def _non_null(self, root_field: str) -> bool:
        """Whether a Query field is non-null: its error then nulls the whole data."""
        query_type = self._graphql_schema.query_type
        assert query_type is not None
        return isinstance(query_type.fields[root_field].type, GraphQLNonNull)


def _locations(nodes: list[FieldNode]) -> list[SourceLocation]:
    found: list[SourceLocation] = []
    for node in nodes:
        if node.loc is not None:
            found.append(get_location(node.loc.source, node.loc.start))
    return found
