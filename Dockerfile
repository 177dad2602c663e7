# syntax=docker/dockerfile:1
# mailbot in a container (see README "Run it in a container"):
#   /config  the config (mailbot.toml) and an optional templates/ folder, mounted read-only
#   /data    a volume: the SQLite store, the calendar cache, dry-run .eml files
#   /run/secrets/...  passwords, named by password_file in the config
# Build stage: wheels for mailbot and every dependency (no compiler is installed; every
# dependency ships a binary wheel). The final stage installs them and keeps no build tools.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY mailbot ./mailbot
RUN pip wheel --no-cache-dir --disable-pip-version-check --wheel-dir /wheels .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 mailbot \
    && mkdir -p /data /config \
    && chown mailbot:mailbot /data
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-cache-dir --disable-pip-version-check --no-index /wheels/*.whl

USER mailbot
ENV MAILBOT_CONFIG=/config/mailbot.toml \
    MAILBOT_CACHE_DIR=/data/cache \
    PYTHONUNBUFFERED=1
WORKDIR /data
VOLUME ["/data"]
# Healthy while the daemon holds its "sender" lease (it renews it every cycle).
HEALTHCHECK --interval=60s --timeout=30s --start-period=120s --retries=3 \
    CMD ["mailbot", "status", "--check"]
ENTRYPOINT ["mailbot"]
CMD ["run"]
