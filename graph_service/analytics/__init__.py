"""Network analytics: pure functions from a networkx projection of the graph to results.

The input is the projection of the Neo4j graph as a ``networkx.MultiDiGraph``: nodes keyed by
their domain id, with a ``label`` attribute and the model's properties; edges keyed by
relationship type (``G.add_edge(u, v, key="MEMBER_OF", type="MEMBER_OF", **props)``), in the
model's direction. Results are the frozen types of :mod:`graph_service.domain.analytics`.
This package never talks to Neo4j: the services fetch, project and hand graphs over.
"""
