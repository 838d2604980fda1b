"""Limits on what one GraphQL document may ask, checked before anything runs."""

from __future__ import annotations

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Limits:
    """The documented maximums (see the README's Operations section)."""

    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5000
    max_body_bytes: int = 1_000_000


def check(document: DocumentNode, limits: Limits) -> list[GraphQLError]:
    """Depth and alias problems of an already validated document (no fragment cycles)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    errors = []
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            depth = _depth(definition.selection_set, fragments, limits.max_depth + 1, {})
            if depth > limits.max_depth:
                errors.append(
                    GraphQLError(
                        f"the query is nested deeper than {limits.max_depth} levels",
                        definition,
                        extensions={"code": "QUERY_TOO_COMPLEX"},
                    )
                )
    aliases = _aliases(document)
    if aliases > limits.max_aliases:
        errors.append(
            GraphQLError(
                f"the query uses {aliases} aliases; at most {limits.max_aliases} are allowed",
                extensions={"code": "QUERY_TOO_COMPLEX"},
            )
        )
    return errors


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
