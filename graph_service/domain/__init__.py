"""Plain domain types: the graph model and results. Imports nothing else of graph_service."""
