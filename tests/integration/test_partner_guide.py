"""The partner guide's examples (docs/partners.md), run against the demo network."""

import re
from collections.abc import Iterator
from typing import Any

import pytest

from graph_service.config import PROJECT_ROOT
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient

GUIDE = PROJECT_ROOT / "docs" / "partners.md"


def examples() -> list[str]:
    return re.findall(r"```graphql\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture
def client(demo_db: Database, service_url: str) -> Iterator[GraphQLClient]:
    yield GraphQLClient(f"{service_url}/graphql")


def test_the_guide_has_an_example_for_each_of_its_subjects() -> None:
    assert len(examples()) == 5


def test_the_guides_examples_answer_as_it_says(client: GraphQLClient, demo_db: Database) -> None:
    (firms,) = demo_db.query("MATCH (f:Firm) RETURN count(f) AS n")
    paging, filtering, upsert, link, refused = [client.query(e) for e in examples()]

    assert paging["firms"]["totalCount"] == firms["n"]
    assert len(paging["firms"]["edges"]) == 3 and paging["firms"]["pageInfo"]["hasNextPage"]

    expected = demo_db.query(
        "MATCH (f:Firm)-[:MEMBER_OF]->(:Association {id: 'federottica-bergamo'}) "
        "WHERE EXISTS { (f)-[:PARTICIPATES_IN]->(p:Project) WHERE p.year >= 2018 } "
        "RETURN f.name AS name ORDER BY name"
    )
    found: list[dict[str, Any]] = filtering["firms"]["nodes"]
    assert [f["name"] for f in found] == [r["name"] for r in expected] != []

    assert upsert["upsertFirms"] == {"created": 1, "updated": 0, "unchanged": 1, "errors": []}
    assert link["linkEachMemberOf"] == {"created": 1, "unchanged": 0, "errors": []}
    assert refused["updateProject"] == {
        "project": None,
        "errors": [
            {
                "code": "INVALID_INPUT",
                "message": "ownShare: 1.5 is above the maximum 1",
                "field": "input.ownShare",
            }
        ],
    }
