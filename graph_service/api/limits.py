"""Limits on what one GraphQL request may ask, checked before anything runs.

Two checks, as Apollo Router's operation limits do:

* per document (``check``, here, cached with the parsed document): nesting depth, aliases, and
  the number of fields once every fragment is expanded (a fragment spread twice in a fragment
  spread twice … doubles at each level: counted with a memo per fragment, never expanded);
* per request (``api.request_limits.check_request``, the variables known): the size of every
  ``where`` filter, the length of every list argument, the search text, and the request's
  estimated cost against the budget of the key's role.

Every refusal is a ``LIMIT_EXCEEDED`` error naming the limit, its maximum and what was asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

LIMIT_EXCEEDED = "LIMIT_EXCEEDED"

DEFAULT_COST_BUDGETS: Mapping[str, int] = {
    "reader": 2_000_000,
    "editor": 2_000_000,
    "analyst": 5_000_000,
    "admin": 5_000_000,
}
"""Estimated cost allowed per request, by role (see ``estimated_cost``): an upper bound, every
page taken as full, so that lists nested in lists (100 by 100 by 100 ...) are refused while any
request a partner makes on the real network's fan-out fits."""


@dataclass(frozen=True)
class Limits:
    """The documented maximums (see the README's Operations section)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = 1_000_000
    max_fields: int = 2_000
    """Fields of a document once its fragments are expanded."""
    max_filter_hops: int = 4
    """Relationships followed, one inside the other, by one ``where``."""
    max_filter_branches: int = 100
    """Conditions and AND/OR/NOT operands of one ``where``, all levels together."""
    max_list_items: int = 1_000
    """Items of any list argument (``in``, ``ids``, ``AND``, ``OR``, …)."""
    max_search_words: int = 32
    """Words of a full-text search (each becomes two Lucene clauses)."""
    max_search_word_length: int = 100
    """Characters of one search word (a prefix query's automaton grows with it)."""
    cost_budgets: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_COST_BUDGETS))


class LimitExceeded(GraphQLError):
    """A request over one of the limits: refused before Neo4j sees anything."""

    code = LIMIT_EXCEEDED

    def __init__(self, message: str, limit: str, maximum: int, actual: int) -> None:
        super().__init__(
            message,
            extensions={"code": LIMIT_EXCEEDED, "limit": limit, "maximum": maximum},
        )
        self.limit = limit
        self.actual = actual


# --- per document ----------------------------------------------------------------------------


def check(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """Depth, alias and expanded-size problems of an already validated document (no fragment
    cycles)."""
    fragments = fragments_of(document)
    errors: list[GraphQLError] = []
    memo: dict[str, int] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            depth = _depth(definition.selection_set, fragments, limits.max_depth + 1, {})
            if depth > limits.max_depth:
                errors.append(
                    LimitExceeded(
                        f"the query is nested deeper than {limits.max_depth} levels",
                        "maxDepth",
                        limits.max_depth,
                        depth,
                    )
                )
            fields = _expanded(definition.selection_set, fragments, memo)
            if fields > limits.max_fields:
                errors.append(
                    LimitExceeded(
                        f"the query selects {shown(fields)} fields once its fragments are "
                        f"expanded; at most {limits.max_fields} are allowed",
                        "maxFields",
                        limits.max_fields,
                        fields,
                    )
                )
    aliases = _aliases(document)
    if aliases > limits.max_aliases:
        errors.append(
            LimitExceeded(
                f"the query uses {aliases} aliases; at most {limits.max_aliases} are allowed",
                "maxAliases",
                limits.max_aliases,
                aliases,
            )
        )
    return errors


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def shown(count: int) -> str:
    return f"{count:,}" if count < 10**15 else f"about 10^{len(str(count)) - 1}"


def _expanded(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    memo: dict[str, int],
) -> int:
    """Fields under ``selection_set`` with every spread replaced by its fragment: each fragment
    is counted once and its count reused (an exact, unbounded integer)."""
    if selection_set is None:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            total += 1 + _expanded(selection.selection_set, fragments, memo)
        elif isinstance(selection, InlineFragmentNode):
            total += _expanded(selection.selection_set, fragments, memo)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name not in memo:
                fragment = fragments.get(name)
                memo[name] = 0  # a cycle (refused by validation) counts nothing
                memo[name] = _expanded(
                    fragment.selection_set if fragment else None, fragments, memo
                )
            total += memo[name]
    return total


_INTROSPECTION_ROOTS = frozenset({"__schema", "__type"})


def _depth(
    selection_set: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    cap: int,
    memo: dict[tuple[str, int], int],
) -> int:
    """The depth of field nesting, counting no further than ``cap`` (fragments memoised, so
    that a fragment spread many times costs once)."""
    if selection_set is None or cap <= 0:
        return 0
    deepest = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if selection.name.value in _INTROSPECTION_ROOTS:
                # Introspection reads the schema, never the graph: graphql-core's own rule
                # (MaxIntrospectionDepthRule) bounds its cycles, and the standard introspection
                # query of tools such as GraphiQL is deeper than any sensible data query.
                deepest = max(deepest, 1)
            elif selection.selection_set is not None:
                deepest = max(
                    deepest, 1 + _depth(selection.selection_set, fragments, cap - 1, memo)
                )
            else:
                deepest = max(deepest, 1)
        elif isinstance(selection, InlineFragmentNode):
            deepest = max(deepest, _depth(selection.selection_set, fragments, cap, memo))
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None:
                if (name, cap) not in memo:
                    memo[(name, cap)] = _depth(fragment.selection_set, fragments, cap, memo)
                deepest = max(deepest, memo[(name, cap)])
        if deepest >= cap:
            break
    return deepest


def _aliases(document: DocumentNode) -> int:
    count = 0
    stack: list[SelectionSetNode] = [
        d.selection_set
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode | FragmentDefinitionNode)
    ]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FieldNode) and selection.alias is not None:
                count += 1
            child = getattr(selection, "selection_set", None)
            if child is not None:
                stack.append(child)
    return count
