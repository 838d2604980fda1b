"""The ``aggregate`` of a list or connection turned into an :class:`AggregateShape`."""

from __future__ import annotations

from graphql import FieldNode

from graph_service.api import naming
from graph_service.api.aggregate_types import DEFAULT_GROUPS, MAX_GROUPS, group_keys, numbers
from graph_service.api.fields import Fields, merged
from graph_service.api.read_arguments import InvalidArgument, value_kind
from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS, PropertyType
from graph_service.domain.selection import (
    AggregateShape,
    ConstantItem,
    Function,
    Grouping,
    Groups,
    PropertyStatistics,
    Statistic,
)

_FUNCTIONS: dict[str, Function] = {"min": "min", "max": "max", "sum": "sum", "avg": "avg"}


def aggregate_shape(walk: Fields, fields: list[FieldNode], label: str) -> AggregateShape:
    """What an ``<Label>Aggregate`` selection asks."""
    shape, _, _ = _collect(walk, fields, label, f"{label}Aggregate")
    return shape


def _collect(
    walk: Fields, fields: list[FieldNode], label: str, type_name: str
) -> tuple[AggregateShape, tuple[str, ...], tuple[str, ...]]:
    """The shape of an aggregate or group selection, and a group's key and name keys."""
    counts, props, groups, constants, keys, names = [], [], [], [], [], []
    selected = walk.fields(merged(fields), (type_name,))
    for key, sub in selected:
        name = sub[0].name.value
        if name == "count":
            counts.append(key)
        elif name == "__typename":
            constants.append(ConstantItem(key, type_name))
        elif name == "groups":
            groups.append(_groups(walk, key, sub, label))
        elif name == "key":
            keys.append(key)
        elif name == "name":
            names.append(key)
        else:
            props.append(_statistics(walk, key, sub, label))
    shape = AggregateShape(
        tuple(counts),
        tuple(props),
        tuple(groups),
        tuple(constants),
        tuple(key for key, _ in selected),
    )
    return shape, tuple(keys), tuple(names)


def _statistics(walk: Fields, key: str, fields: list[FieldNode], label: str) -> PropertyStatistics:
    name = fields[0].name.value
    prop = LABELS[label].find_property(name)
    assert prop is not None, name  # the schema has statistics of the label's properties only
    date = prop.type is PropertyType.DATE
    type_name = "DateStatistics" if date else f"{label}NumberStatistics"
    weights = {naming.sort_value(p.name): p.name for p in numbers(label)}
    statistics, constants = [], []
    selected = walk.fields(merged(fields), (type_name,))
    for stat_key, sub in selected:
        function = sub[0].name.value
        if function == "__typename":
            constants.append(ConstantItem(stat_key, type_name))
            continue
        weighted = walk.arguments(sub[0]).get("weightedBy")
        weight = None if weighted is None else weights[str(weighted)]
        statistics.append(Statistic(stat_key, _FUNCTIONS[function], weight))
    return PropertyStatistics(
        key, name, date, tuple(statistics), tuple(constants), tuple(k for k, _ in selected)
    )


def _groups(walk: Fields, key: str, fields: list[FieldNode], label: str) -> Groups:
    args = walk.arguments(fields[0])
    limit = args.get("first", DEFAULT_GROUPS)
    if not isinstance(limit, int) or not 1 <= limit <= MAX_GROUPS:
        raise InvalidArgument(f"first must be between 1 and {MAX_GROUPS}", fields[0])
    by_name, _ = group_keys(label)[str(args["by"])]
    relation = RELATION_FIELDS[label].get(by_name)
    if relation is not None:
        target = relation.relation.target
        by = Grouping(relation=relation.relation, name_property=LABELS[target].display_field)
    else:
        prop = LABELS[label].find_property(by_name)
        assert prop is not None
        by = Grouping(property=by_name, kind=value_kind(prop))
    shape, keys, names = _collect(walk, fields, label, f"{label}Group")
    return Groups(key, by, limit, shape, keys, names)
