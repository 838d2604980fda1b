"""The plain-English description of every element of the schema a definition left without one:
the model's words for properties, labels and relationship types; standard texts for the
elements every list, connection, filter, order and payload shares; the analyses' result fields.

Applied once to the built schema (``document``); ``tests/unit/test_contract.py`` fails on any
element still undocumented.
"""

from __future__ import annotations

import re

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
)

from graph_service.api import naming
from graph_service.domain.model import LABELS, RELATIONSHIPS, PropertySpec
from graph_service.domain.vocabulary import VALUE_WORDS

ARGUMENTS = {
    "id": "The node's id.",
    "ids": "The nodes' ids (at most 100); unknown ids are left out of the answer.",
    "first": "How many items to return from the start (or after `after`); at most 100.",
    "after": "The cursor of the item to start after (from `pageInfo.endCursor`).",
    "last": "How many items to return from the end (or before `before`); at most 100.",
    "before": "The cursor of the item to end before (from `pageInfo.startCursor`).",
    "where": "Only the items matching these conditions.",
    "orderBy": "The order of the items: by each key in turn, then by id.",
    "text": "The words to look for in names and titles (a word's beginning is enough).",
    "labels": "Only nodes of these labels (all labels if left out).",
    "input": "The values to write.",
    "expectedVersion": "The `version` last read: if the node has changed since, nothing is "
    "written and the error is CONFLICT.",
    "from": "The id of the relationship's start node.",
    "to": "The id of the relationship's end node.",
    "edgeWhere": "Only the items whose relationship matches these conditions (its properties).",
    "edgeOrderBy": "The order of the items by their relationship's properties, before `orderBy`.",
    "keyName": "Only changes made with this API key.",
    "since": "Only changes made at or after this time.",
}

FIELDS = {
    # lists, connections, pages
    "edges": "The items of this page, each with its cursor.",
    "nodes": "The nodes of this page.",
    "node": "The item.",
    "cursor": "Where this item is in the list: pass it as `after` or `before`.",
    "pageInfo": "Where this page is in the whole list.",
    "totalCount": "How many items match, over all pages.",
    "hasNextPage": "Whether items follow this page.",
    "hasPreviousPage": "Whether items come before this page.",
    "startCursor": "The cursor of the page's first item.",
    "endCursor": "The cursor of the page's last item.",
    # nodes, payloads, errors
    "id": "The node's id, unique across the whole graph.",
    "version": "How many times the node was changed through the API (0: never).",
    "score": "How well the node matches (higher is better).",
    "errors": "Empty on success; otherwise what was wrong, and nothing was written.",
    "deletedId": "The id of the deleted node.",
    "code": "A stable word for the kind of failure (NOT_FOUND, INVALID_INPUT, ...).",
    "message": "What went wrong, in plain English.",
    "field": "The input field at fault (`input.ownShare`, `to`), if one is.",
    "from": "The relationship's start node, as it is after the change.",
    "to": "The relationship's end node, as it is after the change.",
    "auditTrail": "The changes made through the API, newest first (admins only).",
    # filters and orders
    "AND": "Matches all of these.",
    "OR": "Matches any of these.",
    "NOT": "Does not match this.",
    "direction": "Ascending or descending.",
    # the analyses' envelopes
    "graphVersion": "The version of the graph the result was computed on.",
    "computedAt": "When the result was computed.",
    "result": "The analysis' result.",
}

ANALYTICS_FIELDS = {
    "label": "The node's label (null if it has none of the model's).",
    "name": "The node's name (a project's title).",
    "rank": "The rank (1 = first; tied values share the best rank).",
    "count": "How many.",
    "nodeCount": "How many nodes the graph analysed has.",
    "rankedCount": "How many nodes were ranked (of which the first `top` are listed).",
    "top": "How many entries are listed at most (null: all).",
    "method": "The algorithm used, in words.",
    "entries": "The ranked nodes, first ones first.",
    "measure": "The centrality measure.",
    "sampled": "Whether the scores are estimates from a sample of source nodes.",
    "sources": "How many source nodes were sampled (null: all).",
    "seed": "The random seed (the same seed gives the same result).",
    "errorBound": "How far a sampled score may be from the exact one.",
    "confidence": "The probability that every sampled score is within the error bound.",
    "damping": "PageRank's damping factor (null for the other measures).",
    "resolution": "The resolution of the community search (higher: smaller communities).",
    "modularity": "How strongly the network divides into these communities (-0.5 to 1).",
    "communities": "The communities, largest first.",
    "index": "The community's number (0 = largest).",
    "size": "How many nodes it has.",
    "labels": "How many of its nodes have each label.",
    "dominantAssociation": "The association most of its firms belong to.",
    "dominantTopic": "The field most of its projects are about.",
    "dominantOffice": "The office most of its experts work at.",
    "members": "The ids of its nodes.",
    "share": "The share of the members tied to any such node that are tied to this one.",
    "degree": "How many neighbours the node has.",
    "effectiveSize": "Burt's effective size: neighbours not tied to each other (null: no ties).",
    "efficiency": "The effective size divided by the degree (null: no ties).",
    "constraint": "Burt's constraint: how much the node depends on few, tied neighbours "
    "(lower: more brokerage; null: no ties).",
    "view": "Which view of the network was analysed.",
    "grouping": "What groups the nodes (association, office, ...).",
    "groupedCount": "How many nodes belong to a group.",
    "group": "The id of the node's group.",
    "groupName": "The name of the node's group.",
    "coordinator": "Times the node links two others of its own group.",
    "itinerant": "Times the node links two others of one other group.",
    "representativeGatekeeper": "Times the node links its group with another, in either direction.",
    "liaison": "Times the node links two others of two other groups.",
    "total": "All of the node's brokerage roles together.",
    "componentCount": "How many connected parts the network has.",
    "largestComponentSize": "How many nodes the largest connected part has.",
    "largestComponentFirms": "How many firms the largest connected part has.",
    "articulationPoints": "The nodes whose removal would cut the network in two or more parts.",
    "bridges": "The ties whose removal would cut the network in two parts.",
    "componentSize": "How many nodes the connected part it is in has.",
    "inLargestComponent": "Whether it is in the largest connected part.",
    "nodesCutOff": "How many nodes would be cut off the largest part without it.",
    "firmsCutOff": "How many firms would be cut off the largest part without it.",
    "source": "The start node.",
    "target": "The end node.",
    "relationships": "The relationship types of the steps, in order (several joined by |).",
    "firm": "The firm the suggestions are for (null: for every firm).",
    "kinds": "What firms are paired with: other firms, projects or both.",
    "projectKinds": "Only projects of these kinds.",
    "projectStatuses": "Only projects of these statuses.",
    "candidatesScored": "How many candidate pairs were scored.",
    "suggestions": "The suggested pairs, best first.",
    "kind": "What is suggested: another firm, or a project.",
    "reasons": "Why the pair is suggested.",
    "text": "The reason, in plain English.",
    "homeHub": "The hub the bridges start from.",
    "otherHub": "The hub the bridges lead to.",
    "distance": "The number of steps between the two.",
    "homeNodes": "How many nodes are near the home hub.",
    "otherNodes": "How many nodes are near the other hub.",
    "homeFirms": "How many firms are near the home hub.",
    "shortestPaths": "The shortest paths between the two hubs.",
    "pathsTruncated": "Whether more shortest paths exist than are listed.",
    "candidatesEvaluated": "How many candidate ties were evaluated.",
    "candidates": "The ties that would bring the two hubs' firms closer, best first.",
    "alike": "How alike the two ends are.",
    "firmsCloser": "How many firms would get closer to the other hub.",
    "meanGain": "By how many steps firms would get closer, on average.",
    "firmsConnected": "How many firms would be connected to the other hub for the first time.",
    "meanNewDistance": "The firms' mean distance to the other hub with the new tie.",
    "currentDistance": "The distance between the two ends today.",
    "example": "A firm that would get closer.",
    "exampleOldDistance": "That firm's distance to the other hub today.",
    "relationshipTypes": "Only these relationship types were followed.",
    "limit": "How many paths are listed at most.",
    "truncated": "Whether more were found than are listed.",
    "paths": "The paths found, shortest first.",
    "years": "The figures of each year.",
    "year": "The year.",
    "relationshipCount": "How many relationships the graph has.",
    "nodesByLabel": "How many nodes of each label.",
    "relationshipsByType": "How many relationships of each type.",
    "ties": "How many pairs of nodes are tied (whatever the number of relationships).",
    "density": "The share of all possible ties that exist (0 to 1).",
    "isolatedNodes": "How many nodes have no tie.",
    "averageClustering": "The mean share of a node's neighbours that are tied to each other.",
    "center": "The node the neighbourhood is around.",
    "radius": "How many steps from the centre.",
    "maxNodes": "The most nodes listed.",
    "type": "The relationship type.",
    "operation": "What the change did: create, update, delete, link or unlink.",
    "weight": "How ties were weighted.",
    "rankedLabels": "The labels of the nodes ranked.",
    "links": "The ties between communities.",
    "communityCount": "How many communities were found.",
    "first": "The first of the two.",
    "second": "The second of the two.",
    "firstYear": "The earlier year compared (for a firm: the year of its first project).",
    "secondYear": "The later year compared.",
    "newFirmCount": "How many firms joined between the two years.",
    "newFirms": "The firms that joined between the two years.",
    "newTieCount": "How many new ties appeared between the two years.",
    "newTies": "The ties that appeared between the two years.",
    "changes": "The nodes whose score changed most.",
    "communitiesBefore": "The communities in the earlier year.",
    "communitiesAfter": "The communities in the later year.",
    "communityChanges": "How the communities changed between the two years.",
    "projects": "The projects concerned.",
    "scoreBefore": "The score in the earlier year.",
    "scoreAfter": "The score in the later year.",
    "change": "The score's change between the two years.",
    "rankBefore": "The rank in the earlier year.",
    "rankAfter": "The rank in the later year.",
    "before": "As it was in the earlier year.",
    "after": "As it is in the later year.",
}

TYPES = {
    "AuditEdge": "A change of the audit trail, with its cursor.",
    "EgoNode": "A node of a neighbourhood, and its distance from the centre.",
}

_SIGNATURE = re.compile(r"^\w+\(.*\)$", re.DOTALL)
"""A dataclass's generated docstring (``EgoNode(id: 'str', ...)``): no description at all."""
_LITERAL = re.compile(r"``([^`]+)``")

ENUM_VALUES = {
    "NetworkView": {
        "WHOLE": "Every node and relationship.",
        "FIRMS": "Firms only, tied when they share a project.",
        "ASSOCIATIONS": "Associations only, tied through their firms.",
    },
    "TieWeight": {
        "NONE": "Every tie counts the same.",
        "DECLARED": "The relationships' own weight (1 when absent).",
        "SHARED_PROJECTS": "How many projects the two ends share.",
        "INVESTMENT": "The investment of the projects the two ends share.",
        "SHARED_FIRMS": "How many firms the two ends share.",
    },
    "SortDirection": {"ASC": "Smallest first (A to Z).", "DESC": "Largest first (Z to A)."},
    "ErrorCode": {
        "NOT_FOUND": "A node or relationship named does not exist.",
        "DUPLICATE_ID": "The id is already used by another node.",
        "INVALID_INPUT": "A value is not allowed by the model.",
        "FORBIDDEN": "The API key's role may not do this.",
        "CONFLICT": "The node changed since it was read (`expectedVersion`).",
        "LIMIT_EXCEEDED": "The call asks for more than one call may.",
    },
    "AuditOperation": {
        "CREATE": "A node was created.",
        "UPDATE": "A node's properties were changed.",
        "DELETE": "A node was deleted, with its relationships.",
        "LINK": "A relationship was made, or its properties set.",
        "UNLINK": "A relationship was removed.",
    },
    "CentralityMeasure": {
        "DEGREE": "How many neighbours a node has.",
        "BETWEENNESS": "How often a node lies on the shortest paths between others.",
        "CLOSENESS": "How near a node is to all the others.",
        "EIGENVECTOR": "How well a node is tied to nodes that are themselves well tied.",
        "PAGERANK": "Google's PageRank: eigenvector centrality with random jumps.",
    },
    "OpportunityMethod": {
        "ADAMIC_ADAR": "Common neighbours, the rarer ones counting more (Adamic-Adar).",
        "RESOURCE_ALLOCATION": "Common neighbours, each counting one over its degree.",
        "JACCARD": "The share of the two nodes' neighbours that they have in common (Jaccard).",
    },
}


def document(schema: GraphQLSchema) -> None:
    """Give every element of ``schema`` without a description the one it should have."""
    for type_name, graphql_type in schema.type_map.items():
        if type_name.startswith("__"):
            continue
        if graphql_type.description and _SIGNATURE.match(graphql_type.description):
            graphql_type.description = None
        if not graphql_type.description and type_name in TYPES:
            graphql_type.description = TYPES[type_name]
        if graphql_type.description:
            graphql_type.description = _plain(graphql_type.description)
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            for name, field in graphql_type.fields.items():
                field.description = field.description or _field(type_name, name)
                for arg_name, argument in field.args.items():
                    argument.description = argument.description or _argument(
                        type_name, name, arg_name
                    )
        elif isinstance(graphql_type, GraphQLInputObjectType):
            for name, input_field in graphql_type.fields.items():
                input_field.description = input_field.description or _input(type_name, name)
        elif isinstance(graphql_type, GraphQLEnumType):
            for name, value in graphql_type.values.items():
                value.description = value.description or _enum_value(type_name, name)


def _owners(type_name: str) -> list[str]:
    """The relationship types then the labels a generated type's name speaks of."""
    rels = [t for t in RELATIONSHIPS if naming.pascal(t) in type_name]
    labels = sorted((name for name in LABELS if name in type_name), key=len, reverse=True)
    return rels + labels


def _property(type_name: str, name: str) -> PropertySpec | None:
    for owner in _owners(type_name):
        spec = LABELS[owner] if owner in LABELS else RELATIONSHIPS[owner]
        found = spec.find_property(name)
        if found is not None:
            return found
    return None


def _field(type_name: str, name: str) -> str | None:
    if type_name in LABELS or type_name.endswith("Edge"):
        prop = _property(type_name, name)
        if prop is not None:
            return prop.description
    return FIELDS.get(name) or ANALYTICS_FIELDS.get(name)


FIELD_ARGUMENTS = {
    ("groups", "by"): "What to group by: a property, or a relationship field.",
    ("groups", "first"): "How many groups to return, from the first key; at most 1000.",
    ("avg", "weightedBy"): "The number property that weighs each node's value (none: each "
    "node counts the same).",
}


def _argument(type_name: str, field_name: str, name: str) -> str | None:
    if (field_name, name) in FIELD_ARGUMENTS:
        return FIELD_ARGUMENTS[field_name, name]
    prop = _property(type_name + field_name[0].upper() + field_name[1:], name)
    if prop is not None:
        return prop.description
    return ARGUMENTS.get(name)


def _input(type_name: str, name: str) -> str | None:
    prop = _property(type_name, name)
    if type_name.endswith("Where"):
        if name == "id":
            return "Conditions on the id."
        if prop is not None:
            return f"Conditions on {name}: {_lower(prop.description)}"
    elif prop is not None:
        return prop.description
    if name == "field" and type_name.endswith("Order"):
        return "The property to sort by."
    return FIELDS.get(name) or ARGUMENTS.get(name)


def _enum_value(type_name: str, name: str) -> str | None:
    if type_name in ENUM_VALUES:
        return ENUM_VALUES[type_name].get(name)
    if type_name == "NodeLabel" and name in LABELS:
        return LABELS[name].description
    if type_name == "RelationshipType" and name in RELATIONSHIPS:
        return RELATIONSHIPS[name].description
    if type_name.endswith("SortField"):
        if name == "ID":
            return "The node's id."
        label = type_name.removesuffix("SortField")
        for prop in LABELS[label].properties if label in LABELS else ():
            if naming.sort_value(prop.name) == name:
                return prop.description
        return None
    stored = name.lower().replace("_", "-")
    word = VALUE_WORDS["en"].get(stored)
    return f"{word[0].upper()}{word[1:]}." if word else None


def _plain(text: str) -> str:
    """A docstring's text as a GraphQL description: Markdown code spans with the schema's
    (camel-case) names, null for None."""
    text = _LITERAL.sub(lambda m: f"`{_camel(m.group(1))}`", text)
    return re.sub(r"\bNone\b", "null", text)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _lower(text: str) -> str:
    return text[0].lower() + text[1:] if text else text
