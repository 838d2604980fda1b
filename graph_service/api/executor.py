"""Executing GraphQL requests.

Parsing and validation are cached per document. Query fields over the graph (``node``,
``nodes``, ``search``, every label's one and list fields) are compiled into one Cypher query each
and run together in one read transaction; their answers come back from Neo4j already shaped, so
no resolver runs per field. Mutations are run one after the other, each in its own write
transaction. The remaining root fields (introspection, analytics) go through Strawberry's
ordinary execution, and the two parts are merged in the order they were asked.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import neo4j
import strawberry
from graphql import (
    DocumentNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLNonNull,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
    value_from_ast_untyped,
)
from graphql.execution.values import get_variable_values
from graphql.validation import NoSchemaIntrospectionCustomRule
from neo4j import exceptions as neo4j_errors

from graph_service.api import limits as query_limits
from graph_service.api.metrics import Metrics
from graph_service.api.mutations import Mutation
from graph_service.api.selection import COMPILED_ROOT_FIELDS, InvalidArgument, Selection
from graph_service.config import ApiKey
from graph_service.storage.projection import compile_read

log = logging.getLogger(__name__)

_CACHE_SIZE = 1000


class RequestError(Exception):
    """The request cannot be executed at all (syntax, validation, variables): 400."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Prepared:
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]

    @property
    def is_mutation(self) -> bool:
        return self.operation.operation is OperationType.MUTATION


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
    """What Strawberry resolvers (analytics, …) get as ``info.context``."""

    key: ApiKey
    driver: neo4j.AsyncDriver
    database: str
    services: dict[str, Any] = field(default_factory=dict)


class Executor:
    def __init__(
        self,
        schema: strawberry.Schema,
        driver: neo4j.AsyncDriver,
        database: str,
        limits: query_limits.Limits,
        introspection: bool = True,
        services: dict[str, Any] | None = None,
        on_write: Callable[[], None] | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._schema = schema
        self._graphql_schema = schema._schema
        self._driver = driver
        self._database = database
        self._limits = limits
        self._rules = list(specified_rules)
        if not introspection:
            self._rules.append(NoSchemaIntrospectionCustomRule)
        self._documents: OrderedDict[str, DocumentNode | list[GraphQLError]] = OrderedDict()
        self._services = services or {}
        self._on_write = on_write
        self._metrics = metrics

    def prepare(self, query: str, operation_name: str | None) -> Prepared:
        """The parsed, validated operation; raises RequestError."""
        document = self._document(query)
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            message = (
                f"no operation named {operation_name!r}"
                if operation_name
                else "the document has several operations: name one with operationName"
            )
            raise RequestError([GraphQLError(message)])
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return Prepared(document, operation, fragments)

    def _document(self, query: str) -> DocumentNode:
        cached = self._documents.get(query)
        if cached is None:
            try:
                document = parse(query, max_tokens=self._limits.max_tokens)
                errors = validate(self._graphql_schema, document, self._rules)
                if not errors:
                    errors = query_limits.check(document, self._limits)
                cached = errors or document
            except GraphQLError as error:
                cached = [error]
            self._documents[query] = cached
            if len(self._documents) > _CACHE_SIZE:
                self._documents.popitem(last=False)
        else:
            self._documents.move_to_end(query)
        if isinstance(cached, list):
            raise RequestError(cached)
        return cached

    async def run(
        self, prepared: Prepared, variables: dict[str, Any] | None, key: ApiKey
    ) -> Outcome:
        raw = self._variables(prepared, variables or {})
        selection = Selection(prepared.fragments, raw)
        root = "Mutation" if prepared.is_mutation else "Query"
        fields = selection.fields(prepared.operation.selection_set, (root,))
        try:
            if prepared.is_mutation:
                return await self._mutate(fields, selection, key)
            return await self._query(prepared, fields, selection, variables or {}, key)
        except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired, OSError):
            log.warning("Neo4j is unavailable", exc_info=True)
            error = {
                "message": "the graph database is unavailable; try again shortly",
                "extensions": {"code": "SERVICE_UNAVAILABLE"},
            }
            return Outcome(None, [error], unavailable=True)

    def _variables(self, prepared: Prepared, given: dict[str, Any]) -> dict[str, Any]:
        """The variables as sent (with defaults), once graphql-core has checked them."""
        definitions = prepared.operation.variable_definitions or ()
        coerced = get_variable_values(self._graphql_schema, definitions, given)
        if isinstance(coerced, list):
            raise RequestError(coerced)
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
        reads = []
        others: list[FieldNode] = []
        failed_non_null = False
        for response_key, nodes in fields:
            name = nodes[0].name.value
            if name not in COMPILED_ROOT_FIELDS:
                others.extend(nodes)
                continue
            try:
                reads.append((response_key, compile_read(selection.read(nodes))))
            except InvalidArgument as error:
                errors.append({**error.formatted, "path": [response_key]})
                failed_non_null = failed_non_null or self._non_null(name)
                data[response_key] = None
        queries = 0
        if reads:
            answers = await self._read_all([query for _, query in reads])
            queries = len(reads)
            data.update(
                (response_key, answer)
                for (response_key, _), answer in zip(reads, answers, strict=True)
            )
        if others:
            result = await self._execute_others(prepared, others, variables, key)
            if result.data is None:  # a non-null field failed: the null reaches the root
                failed_non_null = True
            data.update(result.data or {})
            errors.extend(self._format(result.errors or []))
        ordered = {response_key: data.get(response_key) for response_key, _ in fields}
        return Outcome(None if failed_non_null else ordered, errors, queries)

    async def _read_all(self, queries: list[tuple[str, dict[str, object]]]) -> list[Any]:
        async def work(tx: neo4j.AsyncManagedTransaction) -> list[Any]:
            answers = []
            for query, params in queries:
                result = await tx.run(query, params)
                record = await result.single(strict=True)
                answers.append(record["result"])
            return answers

        started = time.perf_counter()
        async with self._driver.session(
            database=self._database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            answers = await session.execute_read(work)
        if self._metrics is not None:
            self._metrics.observe_neo4j("read", time.perf_counter() - started)
        return answers

    async def _mutate(
        self, fields: list[tuple[str, list[FieldNode]]], selection: Selection, key: ApiKey
    ) -> Outcome:
        data: dict[str, Any] = {}
        queries = 0
        codes: list[str] = []
        async with self._driver.session(database=self._database) as session:
            for response_key, nodes in fields:
                if nodes[0].name.value == "__typename":
                    data[response_key] = "Mutation"
                    continue
                mutation = Mutation(nodes, selection, key)
                started = time.perf_counter()
                data[response_key] = await mutation.run(session)
                if self._metrics is not None and mutation.transacted:
                    self._metrics.observe_neo4j("write", time.perf_counter() - started)
                queries += mutation.queries
                codes += mutation.error_codes
                if mutation.wrote and self._on_write is not None:
                    self._on_write()
        return Outcome(data, [], queries, user_error_codes=codes)

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
        context = Context(key, self._driver, self._database, self._services)
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

    def _format(self, errors: list[GraphQLError]) -> list[dict[str, Any]]:
        formatted = []
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError):
                formatted.append(dict(error.formatted))
                continue
            code = getattr(original, "code", None)
            if isinstance(code, str):
                formatted.append({**dict(error.formatted), "extensions": {"code": code}})
                continue
            log.error("unexpected error in %s", error.path, exc_info=original)
            formatted.append(
                {
                    "message": "Internal server error",
                    "locations": [loc.formatted for loc in error.locations or ()],
                    "path": error.path,
                    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
                }
            )
        return formatted


def error_code(error: dict[str, Any]) -> str:
    """The code of a formatted GraphQL error; graphql-core's own (syntax, validation, variables)
    have none and count as GRAPHQL_INVALID."""
    extensions = error.get("extensions")
    code = extensions.get("code") if isinstance(extensions, dict) else None
    return code if isinstance(code, str) else "BAD_REQUEST"
