"""Every object of every answer comes back with its keys in the order they were asked (the
GraphQL spec's serialized map ordering), whatever order Neo4j keeps its maps in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    parse,
)

from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

FIRM = "ottica-zirafa"

CORPUS: list[tuple[str, dict[str, Any] | None]] = [
    (
        "{ firms(first: 3) { totalCount nodes { town name id sector size } pageInfo { hasNextPage endCursor } } }",
        None,
    ),
    (
        "{ firms(first: 2) { pageInfo { endCursor hasNextPage } edges { node { size name } cursor } totalCount } }",
        None,
    ),
    (
        f'{{ firm(id: "{FIRM}") {{ projects(first: 5) {{ edges {{ role node {{ year title status }} cursor }} }} name town }} }}',
        None,
    ),
    (
        f'{{ b: firm(id: "{FIRM}") {{ z: name a: town m: id }} a: firm(id: "{FIRM}") {{ town }} }}',
        None,
    ),
    (
        f'{{ node(id: "{FIRM}") {{ __typename ... on Firm {{ town ...F name }} id }} }} '
        "fragment F on Firm { sector associations(first: 2) { nodes { representedFirms name } totalCount } }",
        None,
    ),
    (
        '{ nodes(ids: ["ottica-zirafa", "federottica-bergamo", "it-hub"]) { __typename '
        "... on Association { representedFirms name sector } ... on Firm { name town } ... on Hub { kind name } id } }",
        None,
    ),
    (
        '{ search(text: "ottica", first: 5) { node { __typename id ... on Firm { town name } } score } }',
        None,
    ),
    (
        "query Q($more: Boolean!, $less: Boolean!) { projects(first: 4, orderBy: [{field: YEAR, direction: DESC}]) "
        "{ nodes { year @include(if: $more) title status @skip(if: $less) kind investment } } }",
        {"more": True, "less": False},
    ),
    (
        "{ associations(first: 3) { nodes { members(first: 2) { totalCount nodes { projects(first: 2) "
        "{ nodes { instruments(first: 1) { nodes { issuer name } } title } totalCount } name } } name } } }",
        None,
    ),
    ("{ networkStats { result { nodeCount density year } graphVersion } }", None),
]


def _fragments(document: Any) -> dict[str, FragmentDefinitionNode]:
    return {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}


def _included(node: Any, variables: dict[str, Any]) -> bool:
    for directive in node.directives or ():
        value = directive.arguments[0].value
        flag = variables[value.name.value] if hasattr(value, "name") else value.value
        if (directive.name.value == "skip") == bool(flag):
            return False
    return True


def _collect(
    selection_set: SelectionSetNode,
    typename: str | None,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
) -> dict[str, list[FieldNode]]:
    """The response keys of an object, in the order the spec's CollectFields gives them."""
    fields: dict[str, list[FieldNode]] = {}
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            fields.setdefault(key, []).append(selection)
            continue
        condition: str | None
        if isinstance(selection, FragmentSpreadNode):
            fragment = fragments[selection.name.value]
            condition, sub = fragment.type_condition.name.value, fragment.selection_set
        else:
            assert isinstance(selection, InlineFragmentNode)
            condition = selection.type_condition.name.value if selection.type_condition else None
            sub = selection.selection_set
        if condition is None or typename is None or condition in (typename, "Node"):
            for key, nodes in _collect(sub, typename, fragments, variables).items():
                fields.setdefault(key, []).extend(nodes)
    return fields


def _check(
    value: Any,
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    path: str,
) -> Iterator[int]:
    """Assert the order of ``value``'s keys and of every object under it; yields one per object."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _check(item, selection_set, fragments, variables, f"{path}[{index}]")
        return
    if not isinstance(value, dict):
        return
    fields = _collect(selection_set, value.get("__typename"), fragments, variables)
    assert list(value) == list(fields), f"{path}: {list(value)} asked {list(fields)}"
    yield 1
    for key, nodes in fields.items():
        subs = [s for n in nodes if n.selection_set for s in n.selection_set.selections]
        if subs:
            merged = SelectionSetNode(selections=tuple(subs))
            yield from _check(value[key], merged, fragments, variables, f"{path}.{key}")


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


@pytest.mark.parametrize(("query", "variables"), CORPUS)
def test_every_object_comes_back_in_the_order_asked(
    client: GraphQLClient, query: str, variables: dict[str, Any] | None
) -> None:
    data = client.query(query, variables)
    document = parse(query)
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    objects = sum(
        _check(data, operation.selection_set, _fragments(document), variables or {}, "data")
    )
    assert objects >= 2


def test_a_mutation_payload_comes_back_in_the_order_asked(
    client: GraphQLClient, demo_db: Database
) -> None:
    mutation = (
        f'mutation {{ updateFirm(id: "{FIRM}", input: {{contact: "info@example.org"}}) '
        "{ errors { field code } firm { version town name contact id } } }"
    )
    data = client.as_role("editor").query(mutation)
    document = parse(mutation)
    (operation,) = document.definitions
    assert isinstance(operation, OperationDefinitionNode)
    assert sum(_check(data, operation.selection_set, {}, {}, "data")) == 3
