"""Loaders of the graph: the import format and the demo data set."""
