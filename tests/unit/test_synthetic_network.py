"""The synthetic network: deterministic, shaped like the real one, valid in the import format."""

from collections import Counter
from pathlib import Path

import pytest

from graph_service.domain.records import GraphRecords, NodeRecord
from graph_service.services import loading
from loaders import synthetic
from loaders.validation import property_problems, validate


@pytest.fixture(scope="module")
def network() -> GraphRecords:
    return synthetic.generate(8_000, seed=1)


def test_the_same_size_and_seed_give_byte_identical_files(tmp_path: Path) -> None:
    for run in ("a", "b"):
        synthetic.write(synthetic.generate(2_000, seed=3), tmp_path / run, "csv")
        synthetic.write(synthetic.generate(2_000, seed=3), tmp_path / run / "doc", "json")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) == 23  # 9 labels + 13 relationship types + the JSON document
    for file in files:
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_another_seed_gives_another_network() -> None:
    one, other = synthetic.generate(1_000, seed=1), synthetic.generate(1_000, seed=2)
    assert one.relationships["PARTICIPATES_IN"] != other.relationships["PARTICIPATES_IN"]


def test_the_network_has_the_real_ones_shape(network: GraphRecords) -> None:
    count = {label: len(nodes) for label, nodes in network.nodes.items()}
    assert count["Firm"] == 8_000
    assert count["ServiceCentre"] == 10
    assert count["Office"] == 11  # the Point di Dalmine, 9 provincial offices, Kilometro Rosso
    assert {"it-hub", "confindustria-dih"} <= {n.id for n in network.nodes["Hub"]}
    roles = Counter(n.properties["role"] for n in network.nodes["Expert"])
    assert roles["official"] == 18 and roles["specialist"] == 30  # 300 at 80,000 firms
    kinds = Counter(n.properties["kind"] for n in network.nodes["Project"])
    assert kinds == {"network": 200, "intervention": 600}
    size = Counter(r.to_id for r in network.relationships["PARTICIPATES_IN"])
    networks = [size[n.id] for n in network.nodes["Project"] if n.properties["kind"] == "network"]
    assert min(networks) >= 3 and max(networks) <= 20
    associations = {r.to_id for r in network.relationships["MEMBER_OF"]}
    assert len(associations) == 11  # the ten, and Confindustria Bergamo for the twin's firms
    twin = [r for r in network.relationships["AFFILIATED_WITH"] if r.to_id == "confindustria-dih"]
    assert len(twin) > 300
    assert len(network.relationships["PARTY_TO"]) == 10


def test_it_scales_with_the_firms() -> None:
    full = synthetic.generate(synthetic.FULL_SIZE, seed=1)
    assert full.node_count > 88_000 and full.relationship_count > 150_000
    kinds = Counter(n.properties["kind"] for n in full.nodes["Project"])
    assert kinds == {"network": 2_000, "intervention": 6_000}


def test_the_network_passes_the_loaders_validation(network: GraphRecords) -> None:
    assert property_problems(network) == []
    _, problems = validate(network, lambda ids: {})
    assert problems == []


def test_the_written_files_read_back_as_the_same_records(tmp_path: Path) -> None:
    graph = synthetic.generate(500, seed=1)
    synthetic.write(graph, tmp_path / "csv", "csv")
    synthetic.write(graph, tmp_path / "doc.json", "json")
    for path in (tmp_path / "csv", tmp_path / "doc.json"):
        read = loading.read(path)
        for label, nodes in graph.nodes.items():
            assert [(n.id, n.properties) for n in read.nodes[label]] == [
                (n.id, n.properties) for n in nodes
            ]
        for rel_type, rels in graph.relationships.items():
            assert sorted(
                (r.from_id, r.to_id, tuple(r.properties.items())) for r in rels
            ) == sorted(
                (r.from_id, r.to_id, tuple(r.properties.items()))
                for r in read.relationships[rel_type]
            )


def test_too_small_a_network_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 100"):
        synthetic.generate(10)


def test_records_built_in_code_are_checked_against_the_model() -> None:
    graph = GraphRecords()
    graph.add_node(NodeRecord("Project", "p1", {"title": "T", "ownShare": 2.0, "colour": "red"}))
    graph.add_node(NodeRecord("Firm", "f1", {}))
    messages = sorted(problem.message for problem in property_problems(graph))
    assert messages == [
        "2.0 is above the maximum 1",
        "name is required",
        "unknown property 'colour'",
    ]
