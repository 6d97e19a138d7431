# syntax=docker/dockerfile:1
# Peitao 配套 — the service image. Build: docker build -t peitao .   Run: see compose.yaml / README.
FROM python:3.11-slim-bookworm AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pg_dump / pg_restore for `peitao backup` and `peitao restore` against PostgreSQL.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client=15* \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 peitao \
    && useradd --system --uid 10001 --gid peitao --home-dir /app --shell /usr/sbin/nologin peitao

WORKDIR /app

# Dependencies in their own layer: rebuilt only when pyproject.toml changes.
COPY pyproject.toml README.md ./
RUN mkdir -p service matching catalogs demo \
    && touch service/__init__.py matching/__init__.py catalogs/__init__.py demo/__init__.py \
    && pip install . \
    && pip uninstall -y peitao \
    && rm -rf service matching catalogs demo build ./*.egg-info

# The application itself.
COPY service ./service
COPY matching ./matching
COPY catalogs ./catalogs
COPY demo ./demo
RUN pip install --no-deps . \
    && mkdir -p /app/var \
    && chown -R peitao:peitao /app/var

USER 10001:10001

ENV PEITAO_ENVIRONMENT=production \
    PEITAO_DATABASE_URL=sqlite:////app/var/peitao.db \
    WEB_CONCURRENCY=2

EXPOSE 8000
VOLUME ["/app/var"]

HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

# Migrates once, then serves with WEB_CONCURRENCY worker processes.
CMD ["sh", "-c", "exec peitao serve --host 0.0.0.0 --port 8000 --workers \"${WEB_CONCURRENCY}\""]
