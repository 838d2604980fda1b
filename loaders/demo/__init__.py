"""The demo Bergamo network: its generator (``build_demo``) and the generated ``bergamo.json``."""
