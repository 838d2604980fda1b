"""The first step of a request: its document parsed, validated and checked against the limits,
once per distinct document (cached), and its operation picked."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)
from graphql.validation import NoSchemaIntrospectionCustomRule

from graph_service.api import limits as query_limits
from graph_service.api.errors import (
    BAD_REQUEST,
    PARSE_FAILED,
    VALIDATION_FAILED,
    with_allowed_values,
    with_code,
)
from graph_service.api.request_limits import WrittenArgument, written_arguments

CACHE_SIZE = 1000


class RequestError(Exception):
    """The request cannot be executed at all (syntax, validation, variables): 400."""

    def __init__(self, errors: list[GraphQLError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Checked:
    """A valid document and what every request sending it needs: its fragments by name and
    the arguments it writes (for the request limits), found once."""

    document: DocumentNode
    fragments: dict[str, FragmentDefinitionNode]
    arguments: tuple[WrittenArgument, ...]


@dataclass(frozen=True)
class Prepared:
    """A checked document and the operation a request picked from it."""

    checked: Checked
    operation: OperationDefinitionNode

    @property
    def document(self) -> DocumentNode:
        return self.checked.document

    @property
    def fragments(self) -> dict[str, FragmentDefinitionNode]:
        return self.checked.fragments

    @property
    def arguments(self) -> tuple[WrittenArgument, ...]:
        return self.checked.arguments

    @property
    def is_mutation(self) -> bool:
        return self.operation.operation is OperationType.MUTATION


class Documents:
    """Parsed and validated documents, the most recently used kept (errors too)."""

    def __init__(
        self, schema: GraphQLSchema, limits: query_limits.Limits, introspection: bool = True
    ) -> None:
        self._schema = schema
        self._limits = limits
        self._rules = list(specified_rules)
        if not introspection:
            self._rules.append(NoSchemaIntrospectionCustomRule)
        self._cache: OrderedDict[str, Checked | list[GraphQLError]] = OrderedDict()

    @property
    def limits(self) -> query_limits.Limits:
        return self._limits

    def prepare(self, query: str, operation_name: str | None) -> Prepared:
        """The parsed, validated operation; raises :class:`RequestError`."""
        checked = self._document(query)
        operation = get_operation_ast(checked.document, operation_name)
        if operation is None:
            message = (
                f"no operation named {operation_name!r}"
                if operation_name
                else "the document has several operations: name one with operationName"
            )
            raise RequestError([GraphQLError(message, extensions={"code": BAD_REQUEST})])
        return Prepared(checked, operation)

    def _document(self, query: str) -> Checked:
        cached = self._cache.get(query)
        if cached is None:
            cached = self._checked(query)
            self._cache[query] = cached
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(query)
        if isinstance(cached, list):
            raise RequestError(cached)
        return cached

    def _checked(self, query: str) -> Checked | list[GraphQLError]:
        try:
            document = parse(query, max_tokens=self._limits.max_tokens)
        except GraphQLError as error:
            return [with_code(error, PARSE_FAILED)]
        errors = validate(self._schema, document, self._rules)
        if errors:
            return [
                with_code(with_allowed_values(e, self._schema), VALIDATION_FAILED) for e in errors
            ]
        over = query_limits.check(document, self._limits)
        if over:
            return [with_code(e, "LIMIT_EXCEEDED") for e in over]
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        return Checked(document, fragments, written_arguments(self._schema, document))


def root_field_names(
    selection_set: SelectionSetNode, fragments: dict[str, FragmentDefinitionNode]
) -> set[str]:
    """The names of the fields at a selection's top level, through its fragments (whatever
    their directives say: it answers what a request may ask, not what it will)."""
    names: set[str] = set()
    seen: set[str] = set()
    pending = [selection_set]
    while pending:
        for node in pending.pop().selections:
            if isinstance(node, FieldNode):
                names.add(node.name.value)
            elif isinstance(node, InlineFragmentNode):
                pending.append(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                if name not in seen and name in fragments:
                    seen.add(name)
                    pending.append(fragments[name].selection_set)
    return names
