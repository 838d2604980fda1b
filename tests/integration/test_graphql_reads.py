"""Reading the network through GraphQL, as a partner system does, on the demo network."""

import httpx
import pytest

from graph_service.api.relations import RELATION_FIELDS
from graph_service.domain.model import LABELS
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

OPTICIANS = "opticians-network"


@pytest.fixture
def client(demo_db: Database, service_url: str) -> GraphQLClient:
    return GraphQLClient(f"{service_url}/graphql")


def test_a_firm_with_its_associations_and_projects_both_ways(client: GraphQLClient) -> None:
    data = client.query(
        """
        query Zirafa($id: ID!) {
          firm(id: $id) {
            id name contact
            associations { edges { node { id name parentAssociations { nodes { name } } } } }
            projects { totalCount edges { role node { id status kind
              participants(first: 3, where: {id: {eq: $id}}) { edges { role node { name } } } } } }
          }
        }
        """,
        {"id": "ottica-zirafa"},
    )
    firm = data["firm"]
    assert (firm["name"], firm["contact"]) == ("Ottica Zirafa", "Paolo Zirafa")
    (association,) = firm["associations"]["edges"]
    assert association["node"]["id"] == "federottica-bergamo"
    assert association["node"]["parentAssociations"]["nodes"] == [
        {"name": "Ascom Confcommercio Bergamo"}
    ]
    project = next(e for e in firm["projects"]["edges"] if e["node"]["id"] == OPTICIANS)
    assert (project["role"], project["node"]["status"], project["node"]["kind"]) == (
        "PROMOTER",
        "COMPLETED",
        "NETWORK",
    )
    assert project["node"]["participants"]["edges"] == [
        {"role": "PROMOTER", "node": {"name": "Ottica Zirafa"}}
    ]


def test_every_relationship_field_answers_in_both_directions(
    client: GraphQLClient, demo_db: Database
) -> None:
    for label, fields in RELATION_FIELDS.items():
        for name, field in fields.items():
            relation = field.relation
            arrow = ("-[:{}]->" if relation.direction == "out" else "<-[:{}]-").format(
                relation.type
            )
            expected = demo_db.query(
                f"MATCH (n:{label}){arrow}(m:{relation.target}) "
                "RETURN n.id AS id, count(m) AS n ORDER BY n DESC, id LIMIT 1"
            )
            if not expected:
                continue
            node_id, count = expected[0]["id"], expected[0]["n"]
            data = client.query(
                f"query($id: ID!) {{ node(id: $id) {{ ... on {label} {{ {name} {{ totalCount nodes {{ id }} }} }} }} }}",
                {"id": node_id},
            )
            connection = data["node"][name]
            assert connection["totalCount"] == count, f"{label}.{name} of {node_id}"
            assert len(connection["nodes"]) == min(count, 20)


def test_every_label_is_listed_with_its_count(client: GraphQLClient, demo_db: Database) -> None:
    from graph_service.api.naming import plural_field

    fields = " ".join(f"{plural_field(label)} {{ totalCount }}" for label in LABELS)
    data = client.query(f"{{ {fields} }}")
    for label in LABELS:
        (record,) = demo_db.query(f"MATCH (n:{label}) RETURN count(n) AS n")
        assert data[plural_field(label)]["totalCount"] == record["n"], label


def test_pages_walk_forward_and_backward_without_gaps(client: GraphQLClient) -> None:
    query = """
      query($first: Int, $after: String, $last: Int, $before: String) {
        topics(first: $first, after: $after, last: $last, before: $before, orderBy: [{field: NAME}]) {
          totalCount edges { cursor node { name } }
          pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        }
      }"""
    names: list[str] = []
    cursors: list[str] = []
    after = None
    while True:
        page = client.query(query, {"first": 4, "after": after})["topics"]
        names += [e["node"]["name"] for e in page["edges"]]
        cursors += [e["cursor"] for e in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert names == sorted(names) and len(names) == page["totalCount"] == 6

    last = client.query(query, {"last": 2})["topics"]
    assert [e["node"]["name"] for e in last["edges"]] == names[-2:]
    assert last["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": cursors[4],
        "endCursor": cursors[5],
    }
    before = client.query(query, {"last": 3, "before": cursors[2]})["topics"]
    assert [e["node"]["name"] for e in before["edges"]] == names[:2]
    assert before["pageInfo"]["hasNextPage"] and not before["pageInfo"]["hasPreviousPage"]
    empty = client.query(query, {"first": 0})["topics"]
    assert empty["edges"] == [] and empty["pageInfo"]["startCursor"] is None
    beyond = client.query(query, {"first": 3, "after": cursors[5]})["topics"]
    assert beyond["edges"] == [] and not beyond["pageInfo"]["hasNextPage"]
    middle = client.query(query, {"first": 3, "after": cursors[0], "last": 1})["topics"]
    assert [e["node"]["name"] for e in middle["edges"]] == [names[3]]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ("first: 101", "first must be between 0 and 100"),
        ("last: -1", "last must be between 0 and 100"),
        ('after: "not-a-cursor"', "after is not a cursor of this list (in this order)"),
        ('after: "k1.WyJpZCsiLDFd"', "after is not a cursor of this list (in this order)"),
    ],
)
def test_bad_pages_are_refused_with_a_typed_error(
    client: GraphQLClient, arguments: str, message: str
) -> None:
    body = client.post(f"{{ firms({arguments}) {{ totalCount }} }}").json()
    assert body["data"] is None
    assert body["errors"][0]["message"] == message
    assert body["errors"][0]["extensions"]["code"] == "INVALID_INPUT"


def test_filters_on_properties_and_through_relationships(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.query(
        """{
          misuraA: projects(where: {kind: {eq: NETWORK}, status: {in: [COMPLETED, STARTING]},
                                   instruments: {id: {eq: "voucher-misura-a"}}}) { totalCount }
          starting: firms(where: {projects: {status: {eq: STARTING}, instruments: {id: {eq: "voucher-misura-a"}}}}) { totalCount }
          opticians: firms(where: {associations: {id: {eq: "federottica-bergamo"}},
                                   projects: {topics: {id: {eq: "web-social-communication"}}}}) { totalCount }
          big: projects(where: {investment: {gte: 100000}, year: {lte: 2018}}) { totalCount }
          named: firms(where: {name: {contains: "ZIRAFA"}}) { nodes { id } }
          notMicro: firms(where: {NOT: {size: {eq: MICRO}}, OR: [{town: {startsWith: "berg"}}, {town: {isNull: true}}]}) { totalCount }
        }"""
    )
    assert data["misuraA"]["totalCount"] == 8
    assert data["starting"]["totalCount"] == 19
    assert data["opticians"]["totalCount"] == 7
    assert data["named"]["nodes"] == [{"id": "ottica-zirafa"}]
    (big,) = demo_db.query(
        "MATCH (p:Project) WHERE p.investment >= 100000 AND p.year <= 2018 RETURN count(p) AS n"
    )
    assert data["big"]["totalCount"] == big["n"]
    (not_micro,) = demo_db.query(
        "MATCH (f:Firm) WHERE NOT coalesce(f.size = 'micro', false) "
        "AND (toLower(f.town) STARTS WITH 'berg' OR f.town IS NULL) RETURN count(f) AS n"
    )
    assert data["notMicro"]["totalCount"] == not_micro["n"]


def test_sorting_by_a_field_descending(client: GraphQLClient) -> None:
    data = client.query(
        "{ associations(orderBy: [{field: REPRESENTED_FIRMS, direction: DESC}], first: 3) { nodes { representedFirms } } }"
    )
    values = [n["representedFirms"] for n in data["associations"]["nodes"]]
    assert values == sorted(values, reverse=True) and values[0] is not None


def test_search_is_ranked_and_filtered_by_label(client: GraphQLClient) -> None:
    data = client.query(
        '{ all: search(text: "ottica") { score node { __typename id } }'
        ' firms: search(text: "federottica", labels: [Association]) { node { ... on Association { name } } }'
        ' prefix: search(text: "zira", first: 1) { node { id } } }'
    )
    scores = [hit["score"] for hit in data["all"]]
    assert scores == sorted(scores, reverse=True) and 7 <= len(scores) <= 10
    assert {hit["node"]["__typename"] for hit in data["all"]} <= {"Firm", "Project", "Association"}
    assert data["firms"] == [{"node": {"name": "Federottica Bergamo"}}]
    assert data["prefix"] == [{"node": {"id": "ottica-zirafa"}}]
    hostile = client.query('{ search(text: "name:*) OR (\\"x AND ~") { node { id } } }')
    assert isinstance(hostile["search"], list)


def test_nodes_by_id_keep_the_order_and_null_the_missing(client: GraphQLClient) -> None:
    data = client.query(
        '{ nodes(ids: ["confindustria-dih", "no-such-id", "point-dalmine"]) { __typename id } }'
    )
    assert data["nodes"] == [
        {"__typename": "Hub", "id": "confindustria-dih"},
        None,
        {"__typename": "Office", "id": "point-dalmine"},
    ]


def test_a_nested_request_is_one_cypher_query_per_root_field(client: GraphQLClient) -> None:
    deep = """{
      firms(first: 50) { edges { node { name
        projects { edges { role node { title topics { nodes { name } } advisers { nodes { name
          offices { nodes { town } } } } participants(first: 20) { nodes { name } } } } }
        associations { nodes { name serviceCentres { nodes { hubs { nodes { name } } } } } } } } }
      hub(id: "it-hub") { parties { nodes { name } } }
    }"""
    response = client.post(deep)
    assert response.status_code == 200 and "errors" not in response.json()
    assert len(response.json()["data"]["firms"]["edges"]) == 50
    assert response.headers["graph-service-cypher-queries"] == "2"
    small = client.post(
        "{ firms(first: 1) { edges { node { name projects { nodes { title } } } } } }"
    )
    assert small.headers["graph-service-cypher-queries"] == "1"


def test_introspection_and_typename_answer_beside_compiled_fields(client: GraphQLClient) -> None:
    data = client.query(
        '{ __typename t: __type(name: "Firm") { fields { name } } topic(id: "agrifood") { name } }'
    )
    assert data["__typename"] == "Query"
    assert "associations" in [f["name"] for f in data["t"]["fields"]]
    assert data["topic"] == {"name": "Agrifood"} or data["topic"]["name"]
    assert list(data) == ["__typename", "t", "topic"]


def test_get_serves_queries_and_refuses_mutations(client: GraphQLClient) -> None:
    headers = {
        "authorization": f"Bearer {client.key}",
        "accept": "application/graphql-response+json",
    }
    got = httpx.get(client.url, params={"query": '{ hub(id: "it-hub") { name } }'}, headers=headers)
    assert got.status_code == 200
    assert got.headers["content-type"].startswith("application/graphql-response+json")
    assert got.json()["data"]["hub"]["name"].startswith("Innovation & Technology Hub")
    mutation = httpx.get(
        client.url,
        params={"query": 'mutation { deleteTopic(id: "agrifood") { deletedId } }'},
        headers=headers,
    )
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"


def test_request_errors_use_graphql_over_http_status_codes(client: GraphQLClient) -> None:
    syntax = client.post("{ firms { ")
    assert syntax.status_code == 400 and "Syntax Error" in syntax.json()["errors"][0]["message"]
    invalid = client.post("{ firms { nope } }")
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["message"].startswith(
        "Cannot query field 'nope' on type 'FirmConnection'."
    )
    legacy = client.post("{ firms { nope } }", accept="application/json")
    assert legacy.status_code == 200 and legacy.headers["content-type"].startswith(
        "application/json"
    )
    variables = client.post("query($n: Int!) { firms(first: $n) { totalCount } }", {"n": "ten"})
    assert variables.status_code == 400


def _nested(depth: int) -> str:
    inner = "name"
    for _ in range(depth):
        inner = f"projects {{ nodes {{ participants {{ nodes {{ {inner} }} }} }} }}"
    return f"{{ firms {{ nodes {{ {inner} }} }} }}"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (_nested(3), "the query is nested deeper than 12 levels"),
        (
            "{ " + " ".join(f"a{i}: __typename" for i in range(31)) + " }",
            "the query uses 31 aliases; at most 30 are allowed",
        ),
        (
            "{ " + "__typename " * 6000 + "}",
            "Syntax Error: Document contains more than 5000 tokens. Parsing aborted.",
        ),
    ],
)
def test_query_bombs_are_refused_before_execution(
    client: GraphQLClient, query: str, message: str
) -> None:
    response = client.post(query)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message
    assert "graph-service-cypher-queries" not in response.headers


def test_requests_need_a_known_key(client: GraphQLClient) -> None:
    for headers in (
        {},
        {"authorization": "Bearer wrong-key-wrong-key-wrong"},
        {"authorization": "Basic abc"},
    ):
        response = httpx.post(client.url, json={"query": "{ __typename }"}, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_ends_with_and_between_filter_as_cypher_does(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.query(
        """{
          ottica: firms(where: {name: {endsWith: "ZIRAFA"}}) { nodes { id } }
          years: projects(where: {year: {between: [2018, 2019]}, investment: {between: [50000, 200000]}}) { totalCount }
        }"""
    )
    assert data["ottica"]["nodes"] == [{"id": "ottica-zirafa"}]
    (years,) = demo_db.query(
        "MATCH (p:Project) WHERE 2018 <= p.year <= 2019 AND 50000 <= p.investment <= 200000 "
        "RETURN count(p) AS n"
    )
    assert data["years"]["totalCount"] == years["n"] > 0
    refused = client.post("{ projects(where: {year: {between: [2018]}}) { totalCount } }").json()
    assert refused["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    assert "between takes two values" in refused["errors"][0]["message"]


def test_relationship_filters_all_none_single_and_counts_as_cypher_does(
    client: GraphQLClient, demo_db: Database
) -> None:
    data = client.query(
        """{
          busy: firms(where: {projectsCount: {gt: 2}}) { totalCount }
          few: firms(where: {projectsCount: {between: [1, 2]}}) { totalCount }
          recent: firms(where: {projectsAll: {year: {gte: 2019}}}) { totalCount }
          never: firms(where: {projectsNone: {kind: {eq: NETWORK}}}) { totalCount }
          once: firms(where: {projectsSingle: {kind: {eq: NETWORK}}}) { totalCount }
        }"""
    )
    rel = "(f)-[:PARTICIPATES_IN]->(p:Project)"
    expected = {
        "busy": f"MATCH (f:Firm) WHERE COUNT {{ {rel} }} > 2 RETURN count(f) AS n",
        "few": f"MATCH (f:Firm) WHERE 1 <= COUNT {{ {rel} }} <= 2 RETURN count(f) AS n",
        "recent": f"MATCH (f:Firm) WHERE NOT EXISTS {{ MATCH {rel} "
        "WHERE p.year IS NULL OR p.year < 2019 } RETURN count(f) AS n",
        "never": f"MATCH (f:Firm) WHERE NOT EXISTS {{ MATCH {rel} WHERE p.kind = 'network' }} "
        "RETURN count(f) AS n",
        "once": f"MATCH (f:Firm) WHERE COUNT {{ MATCH {rel} WHERE p.kind = 'network' }} = 1 "
        "RETURN count(f) AS n",
    }
    for key, cypher in expected.items():
        (row,) = demo_db.query(cypher)
        assert data[key]["totalCount"] == row["n"], key
    assert all(data[key]["totalCount"] > 0 for key in expected)
