"""graph_service: the network-graph service of the Imprese & Territorio I&T Hub."""

__version__ = "0.1.0"
