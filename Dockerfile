# The graph service, for `docker compose up` (see docker-compose.yml): it talks to the Neo4j
# named by NEO4J_URI and never starts a Neo4j of its own.

# The graph browser's libraries (cytoscape.js, fcose), from npm as pinned by package-lock.json.
FROM node:20-slim AS browser-library
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY pyproject.toml requirements.lock README.md ./
COPY graph_service ./graph_service
COPY loaders ./loaders
COPY schema ./schema
COPY --from=browser-library /build/node_modules ./node_modules
RUN pip install --no-cache-dir -c requirements.lock . \
    && useradd --system --no-create-home graph-service
USER graph-service

ENV GRAPH_SERVICE_HOST=0.0.0.0 GRAPH_SERVICE_PORT=8000 GRAPH_SERVICE_NODE_MODULES=/app/node_modules
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["graph-service", "serve"]
