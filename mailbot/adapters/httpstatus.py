"""The status endpoint: GET /healthz and /metrics over HTTP, in a background thread.

Each request reads the store afresh (services/status.py), so the figures are as
current as the database; nothing is cached between scrapes. /metrics is the
Prometheus text format, built by prometheus_client from a collector that yields
gauges per request. The server is stdlib `ThreadingHTTPServer`: a scrape never
waits for another.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import structlog
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config
from mailbot.errors import ConfigError
from mailbot.services.status import Status, health, read_status

log = structlog.get_logger("mailbot.http")


class StatusServer:
    """`start()` binds `[http].listen` (port 0: any free port, see `.port`); `stop()` ends it.

    `holder`: /healthz also wants the "sender" lease held by this holder, or a mailbox
    owned by it (the daemon passes its own), not just by anyone.
    """

    def __init__(
        self,
        config: Config,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        holder: str | None = None,
    ) -> None:
        self.config, self.sessions, self.clock, self.holder = config, sessions, clock, holder
        self.registry = CollectorRegistry(auto_describe=False)
        self.registry.register(_StatusCollector(self.status))
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the status server is not started")
        return int(self._server.server_address[1])

    def __enter__(self) -> StatusServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> StatusServer:
        if not self.config.http.listen:
            raise ConfigError("[http].listen is empty: no address to serve /healthz on",
                              'set listen = "127.0.0.1:9108"')  # fmt: skip
        host, port = self.config.http.address()
        try:
            server = _Server((host, port), _Handler)
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {self.config.http.listen}: {exc.strerror}",
                "pick a free port in [http].listen",
            ) from None
        server.status_server = self
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="mailbot-http",
                                        kwargs={"poll_interval": 0.2}, daemon=True)  # fmt: skip
        self._thread.start()
        log.info("http_listening", host=host, port=self.port)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # -- what the handler serves -------------------------------------------------------

    def status(self) -> Status:
        with self.sessions() as session:
            return read_status(session, self.config, self.clock())

    def healthz(self) -> tuple[int, dict[str, Any]]:
        status = self.status()
        stale = timedelta(minutes=self.config.http.cycle_stale_minutes)
        problem = health(status, stale, self.holder)
        d = status.to_json()["daemon"]
        body = {"ok": problem is None, "problem": problem, "holder": d["holder"],
                "lease_expires_at": d["expires_at"], "last_cycle_at": d["last_cycle_at"],
                "errors_24h": status.errors_24h, "unknown": status.unknown_count}  # fmt: skip
        return (200 if problem is None else 503), body

    def metrics(self) -> bytes:
        return generate_latest(self.registry)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    status_server: StatusServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        owner = self.server.status_server
        path = self.path.split("?", 1)[0]
        try:
            if path == "/healthz":
                code, body = owner.healthz()
                self._send(code, "application/json", json.dumps(body).encode())
            elif path == "/metrics":
                self._send(200, CONTENT_TYPE_LATEST, owner.metrics())
            else:
                self._send(404, "text/plain", b"not found: try /healthz or /metrics\n")
        except SQLAlchemyError as exc:  # the store is unreachable: unhealthy, not a crash
            log.warning("http_store_error", path=path, error=str(exc).splitlines()[0])
            body = json.dumps({"ok": False, "problem": "cannot read the database"}).encode()
            self._send(503, "application/json", body)

    def _send(self, code: int, content_type: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug("http_request", line=format % args)


class _StatusCollector(Collector):
    def __init__(self, read: Callable[[], Status]) -> None:
        self.read = read

    def collect(self) -> Iterator[Metric]:
        s = self.read()
        sync = GaugeMetricFamily("mailbot_last_sync_age_seconds",
                                 "Seconds since the folder was last synced (-1: never)",
                                 labels=["mailbox", "folder"])  # fmt: skip
        for f in s.folders:
            sync.add_metric([f.mailbox, f.folder], -1 if f.age_seconds is None else f.age_seconds)
        yield sync
        outbox = GaugeMetricFamily("mailbot_outbox_mails", "Outbox rows per status",
                                   labels=["status"])  # fmt: skip
        for status, n in s.outbox.items():
            outbox.add_metric([status], n)
        yield outbox
        today = GaugeMetricFamily("mailbot_sends_today",
                                  "Mails sent since midnight in the seller's time zone",
                                  labels=["mailbox"])  # fmt: skip
        day = GaugeMetricFamily("mailbot_sends_24h", "Mails sent in the last 24 hours",
                                labels=["mailbox"])  # fmt: skip
        for sends in s.sends:
            today.add_metric([sends.mailbox], sends.today)
            day.add_metric([sends.mailbox], sends.last_24h)
        yield today
        yield day
        yield _gauge("mailbot_daily_cap", "Mails per mailbox per 24 hours ([sending].daily_cap)",
                     s.sends[0].cap if s.sends else 0)  # fmt: skip
        yield _gauge("mailbot_unknown_outcomes", "Sends with an unknown outcome awaiting a person",
                     s.unknown_count)  # fmt: skip
        yield _gauge("mailbot_errors_24h", "Service errors in the last 24 hours", s.errors_24h)
        yield _gauge("mailbot_sender_lease_held", "1 while a live sender lease is held",
                     int(s.daemon.running))  # fmt: skip
        cycle = s.daemon.last_cycle_at
        yield _gauge("mailbot_last_cycle_age_seconds", "Seconds since the last cycle (-1: never)",
                     -1 if cycle is None else (s.now - cycle).total_seconds())  # fmt: skip


def _gauge(name: str, text: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, text, value=value)
