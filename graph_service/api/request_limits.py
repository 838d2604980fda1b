"""The limits of one request, its variables known: ``where`` filters (relationship hops,
boolean branches), list arguments, search texts and the estimated cost against the budget of
the key's role (see ``api.limits`` for the limits themselves)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    Visitor,
    get_named_type,
    get_nullable_type,
    value_from_ast_untyped,
    visit,
)

from graph_service.api.aggregate_types import DEFAULT_GROUPS
from graph_service.api.graphql_types import DEFAULT_PAGE_SIZE
from graph_service.api.limits import LimitExceeded, Limits, shown

WrittenArgument = tuple[str, ArgumentNode, GraphQLInputType]
"""An argument written in a document: its field's name, the argument, its input type."""


def check_request(
    arguments: Sequence[WrittenArgument],
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: Mapping[str, Any] | None,
    role: str,
    limits: Limits,
) -> list[GraphQLError]:
    """The filter, list and cost problems of one request (its variables known); ``arguments``
    are the document's, found once per document by :func:`written_arguments`."""
    values = dict(variables or {})
    errors: list[GraphQLError] = []
    for field_name, argument, input_type in arguments:
        value = value_from_ast_untyped(argument.value, values)
        if value is Undefined or value is None:
            continue
        errors += _argument_problems(argument.name.value, value, input_type, limits)
        if field_name == "search" and argument.name.value == "text" and isinstance(value, str):
            errors += _search_problems(value, limits)
        if errors:
            return errors
    cost = estimated_cost(operation.selection_set, fragments, values)
    budget = limits.cost_budgets.get(role, min(limits.cost_budgets.values(), default=0))
    if cost > budget:
        errors.append(
            LimitExceeded(
                f"the query's estimated cost is {shown(cost)}; a {role} key may ask for at "
                f"most {budget:,} (ask for smaller pages or fewer nested lists)",
                "costBudget",
                budget,
                cost,
            )
        )
    return errors


def written_arguments(schema: GraphQLSchema, document: DocumentNode) -> tuple[WrittenArgument, ...]:
    """Every argument written in the document, with its field's name and its input type (each
    written once, however often its fragment is spread: ``max_fields`` bounds the expansion).
    It depends on the document alone, so it is found once per document, not per request."""
    found: list[WrittenArgument] = []
    type_info = TypeInfo(schema)

    fields: list[str] = []

    class Arguments(Visitor):
        def enter_field(self, node: FieldNode, *_: object) -> None:
            fields.append(node.name.value)

        def leave_field(self, node: FieldNode, *_: object) -> None:
            fields.pop()

        def enter_argument(self, node: ArgumentNode, *_: object) -> None:
            definition = type_info.get_argument()
            if definition is not None and fields:
                found.append((fields[-1], node, definition.type))

    visit(document, TypeInfoVisitor(type_info, Arguments()))
    return tuple(found)


def _argument_problems(
    name: str, value: Any, input_type: GraphQLInputType, limits: Limits
) -> list[GraphQLError]:
    longest = _longest_list(value, limits.max_list_items)
    if longest > limits.max_list_items:
        return [
            LimitExceeded(
                f"argument {name!r} has a list of {longest:,} items; at most "
                f"{limits.max_list_items:,} are allowed",
                "maxListItems",
                limits.max_list_items,
                longest,
            )
        ]
    named = get_named_type(input_type)
    if not (isinstance(named, GraphQLInputObjectType) and named.name.endswith("Where")):
        return []
    hops, branches = _filter_size(value, named)
    if hops > limits.max_filter_hops:
        return [
            LimitExceeded(
                f"the filter {name!r} follows {hops} relationships one inside the other; at "
                f"most {limits.max_filter_hops} are allowed",
                "maxFilterHops",
                limits.max_filter_hops,
                hops,
            )
        ]
    if branches > limits.max_filter_branches:
        return [
            LimitExceeded(
                f"the filter {name!r} has {branches:,} conditions and branches; at most "
                f"{limits.max_filter_branches} are allowed",
                "maxFilterBranches",
                limits.max_filter_branches,
                branches,
            )
        ]
    return []


def _search_problems(text: str, limits: Limits) -> list[GraphQLError]:
    words = text.split()
    if len(words) > limits.max_search_words:
        return [
            LimitExceeded(
                f"the search text has {len(words):,} words; at most {limits.max_search_words} "
                "are allowed",
                "maxSearchWords",
                limits.max_search_words,
                len(words),
            )
        ]
    longest = max((len(word) for word in words), default=0)
    if longest > limits.max_search_word_length:
        return [
            LimitExceeded(
                f"a word of the search text has {longest:,} characters; at most "
                f"{limits.max_search_word_length} are allowed",
                "maxSearchWordLength",
                limits.max_search_word_length,
                longest,
            )
        ]
    return []


def _longest_list(value: Any, enough: int) -> int:
    """The length of the longest list in ``value``, or of the first found longer than
    ``enough`` (a hostile list is not walked through)."""
    longest = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            if len(item) > enough:
                return len(item)
            longest = max(longest, len(item))
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return longest


def _filter_size(value: Any, where: GraphQLInputObjectType) -> tuple[int, int]:
    """(deepest relationship nesting, conditions and boolean operands) of a ``where`` value."""
    hops, branches = 0, 0
    stack: list[tuple[Any, GraphQLInputObjectType, int]] = [(value, where, 0)]
    while stack:
        item, input_type, depth = stack.pop()
        if not isinstance(item, dict):
            continue
        hops = max(hops, depth)
        for key, sub in item.items():
            spec = input_type.fields.get(key)
            if spec is None or sub is None:
                continue
            field_type = get_nullable_type(spec.type)
            named = get_named_type(spec.type)
            if isinstance(field_type, GraphQLList) and isinstance(named, GraphQLInputObjectType):
                operands = sub if isinstance(sub, list) else [sub]  # AND / OR
                branches += len(operands)
                stack.extend((operand, named, depth) for operand in operands)
            elif key == "NOT" and isinstance(named, GraphQLInputObjectType):
                branches += 1
                stack.append((sub, named, depth))
            elif isinstance(named, GraphQLInputObjectType) and named.name.endswith("Where"):
                # A connection's node and edge are one relationship away, not two.
                hop = 0 if input_type.name.endswith("ConnectionWhere") else 1
                branches += 1
                stack.append((sub, named, depth + hop))
            else:
                branches += len(sub) if isinstance(sub, dict) else 1  # eq, in, …
    return hops, branches


def estimated_cost(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    memo: dict[str, int] | None = None,
) -> int:
    """Fields the answer may hold: each field counts once for every item of the lists around
    it, a list being as long as its page (``first``/``last``, or the default page size)."""
    memo = {} if memo is None else memo
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            inner = estimated_cost(selection.selection_set, fragments, variables, memo)
            total += 1 + _items(selection, variables) * inner
        elif isinstance(selection, InlineFragmentNode):
            total += estimated_cost(selection.selection_set, fragments, variables, memo)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in memo:
                fragment = fragments.get(name)
                memo[name] = 0
                memo[name] = estimated_cost(
                    fragment.selection_set if fragment else None, fragments, variables, memo
                )
            total += memo[name]
    return total


_PAGED_CHILDREN = frozenset({"nodes", "edges"})


def _items(field: FieldNode, variables: Mapping[str, Any]) -> int:
    """How many times a field's selection is answered: the page size for a paged list (its
    ``first``/``last``), the ids asked for ``nodes(ids:)``, else once."""
    arguments = {
        a.name.value: value_from_ast_untyped(a.value, dict(variables))
        for a in field.arguments or ()
    }
    if field.name.value == "nodes" and isinstance(arguments.get("ids"), list):
        return max(1, len(arguments["ids"]))
    sizes = [v for k, v in arguments.items() if k in ("first", "last") and isinstance(v, int)]
    if sizes:
        return max(1, max(sizes))
    paged = field.selection_set is not None and any(
        isinstance(s, FieldNode) and s.name.value in _PAGED_CHILDREN
        for s in field.selection_set.selections
    )
    if field.name.value == "groups":
        return DEFAULT_GROUPS
    return DEFAULT_PAGE_SIZE if paged or field.name.value == "search" else 1
