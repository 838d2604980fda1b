"""Walking a validated operation's selections: fields merged by response key in the order
asked, fragments and ``@skip``/``@include`` honoured, arguments with the request's variables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
    value_from_ast_untyped,
)


@dataclass(frozen=True)
class Fields:
    """A validated operation's fragments and variables, to walk its selections."""

    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]

    def fields(
        self, selection_set: SelectionSetNode | None, type_names: Iterable[str]
    ) -> list[tuple[str, list[FieldNode]]]:
        """The fields selected on an object of the first of ``type_names`` (the others being
        the interfaces it implements), merged by response key, in order."""
        names = set(type_names)
        collected: dict[str, list[FieldNode]] = {}
        self._collect(selection_set, names, collected, set())
        return list(collected.items())

    def _collect(
        self,
        selection_set: SelectionSetNode | None,
        names: set[str],
        into: dict[str, list[FieldNode]],
        seen: set[str],
    ) -> None:
        if selection_set is None:
            return
        for selection in selection_set.selections:
            if not self._included(selection):
                continue
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                into.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or condition.name.value in names:
                    self._collect(selection.selection_set, names, into, seen)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                if fragment.type_condition.name.value in names:
                    self._collect(fragment.selection_set, names, into, seen | {name})

    def _included(self, selection: Any) -> bool:
        for directive in selection.directives or ():
            name = directive.name.value
            if name in ("skip", "include"):
                argument = next((a for a in directive.arguments if a.name.value == "if"), None)
                value = (
                    bool(value_from_ast_untyped(argument.value, dict(self.variables)))
                    if argument
                    else False
                )
                if value == (name == "skip"):
                    return False
        return True

    def arguments(self, field: FieldNode) -> dict[str, Any]:
        """The field's arguments as sent; one given by an absent variable counts as not given."""
        values = {}
        for argument in field.arguments or ():
            value = value_from_ast_untyped(argument.value, dict(self.variables))
            if value is not Undefined:
                values[argument.name.value] = value
        return values


def merged(fields: list[FieldNode]) -> SelectionSetNode:
    selections = tuple(s for f in fields if f.selection_set for s in f.selection_set.selections)
    return SelectionSetNode(selections=selections)
