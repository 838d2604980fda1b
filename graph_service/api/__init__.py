"""The HTTP side: the Starlette application and its routes."""
