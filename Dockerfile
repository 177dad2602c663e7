# mailbot container: config at /config/mailbot.toml, SQLite store in the /data volume.
# (The long-running daemon, healthcheck and compose file come with the daemon issue.)
FROM python:3.11-slim

RUN useradd --create-home --uid 10001 mailbot && mkdir -p /data /config \
    && chown mailbot:mailbot /data
WORKDIR /app
COPY pyproject.toml README.md ./
COPY mailbot ./mailbot
RUN pip install --no-cache-dir . && rm -rf /root/.cache

USER mailbot
ENV MAILBOT_CONFIG=/config/mailbot.toml
VOLUME ["/data"]
ENTRYPOINT ["mailbot"]
CMD ["sync"]
