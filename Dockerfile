# Production image: slim, non-root; applies migrations, then serves with gunicorn.
# Production defaults: no demo login, cookies over HTTPS only (see docs/operations.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PORT=8050 \
    SCORECARD_DEMO_LOGIN=0 SCORECARD_SECURE_COOKIES=1 SCORECARD_MIGRATE_ON_START=1 \
    SCORECARD_UPLOAD_DIR=/app/instance/uploads SCORECARD_EXPORT_DIR=/app/instance/exports
WORKDIR /app

RUN useradd --create-home --uid 10001 scorecard \
    && apt-get update && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
COPY app.py settings.py gunicorn.conf.py indicator_catalogue.csv ./
COPY domain ./domain
COPY store ./store
COPY loaders ./loaders
COPY indicators ./indicators
COPY services ./services
COPY layouts ./layouts
COPY server ./server
COPY exports ./exports
COPY demo ./demo
COPY cli ./cli
COPY assets ./assets
RUN pip install . && mkdir -p /app/instance/uploads /app/instance/exports && chown -R scorecard /app/instance

USER scorecard
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz')"
# Background-job workers run the same image with the command `scorecard worker` (RQ on
# REDIS_URL; see compose.yaml). With several instances, migrate once (a release step) and start the rest with
# SCORECARD_MIGRATE_ON_START=0.
CMD ["sh", "-c", "if [ \"$SCORECARD_MIGRATE_ON_START\" != 0 ]; then scorecard init-db || exit 1; fi; exec gunicorn -c gunicorn.conf.py server.wsgi:server"]
