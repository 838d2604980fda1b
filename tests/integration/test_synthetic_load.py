"""`graph-service load synthetic` and `graph-service synthetic` against the real Neo4j."""

from pathlib import Path

from loaders import synthetic
from tests.conftest import Database
from tests.integration.graphql_server import GraphQLClient
from tests.integration.test_loading import counts


def test_a_small_synthetic_network_loads_and_the_api_sees_all_of_it(
    empty_db: Database, service_url: str
) -> None:
    result = empty_db.cli("load", "synthetic", "--firms", "2000", "--seed", "1")
    assert result.returncode == 0, result.stderr
    expected = synthetic.generate(2_000, seed=1)
    assert counts(empty_db) == (expected.node_count, expected.relationship_count)
    data = GraphQLClient(f"{service_url}/graphql").query(
        "{ firms { totalCount } projects(where: {kind: {eq: NETWORK}}) { totalCount } "
        'hub(id: "confindustria-dih") { name } }'
    )
    assert data["firms"]["totalCount"] == 2_000
    assert data["projects"]["totalCount"] == 50
    assert data["hub"]["name"] == "Digital Innovation Hub Confindustria Bergamo"

    again = empty_db.cli("load", "synthetic", "--firms", "2000", "--seed", "1")
    assert again.returncode == 0, again.stderr
    assert counts(empty_db) == (expected.node_count, expected.relationship_count)


def test_written_csv_files_load_like_the_generated_records(
    empty_db: Database, tmp_path: Path
) -> None:
    written = empty_db.cli("synthetic", "--firms", "500", "--out", str(tmp_path / "net"))
    assert written.returncode == 0, written.stderr
    loaded = empty_db.cli("load", str(tmp_path / "net"))
    assert loaded.returncode == 0, loaded.stderr
    expected = synthetic.generate(500, seed=1)
    assert counts(empty_db) == (expected.node_count, expected.relationship_count)


def test_a_size_below_the_minimum_is_refused_in_one_line(empty_db: Database) -> None:
    result = empty_db.cli("load", "synthetic", "--firms", "5")
    assert result.returncode == 2
    assert "at least 100 firms" in result.stderr
