"""Session fixtures for the real test servers (see tests/rig).

A server that cannot run here (binary or library missing) skips its tests locally
but fails them when CI is set, so CI never goes green by quietly testing nothing.
"""

import os
import signal
import tempfile
import weakref
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from sqlalchemy import Connection, Engine, event

from tests.rig import RigUnavailable
from tests.rig.dns import DnsServer, Record
from tests.rig.dovecot import DovecotServer, MailUser
from tests.rig.postgres import PostgresServer
from tests.rig.smtp import SLOW_SECONDS, SmtpServer

# The calendar memo (adapters/calendarcache.py) goes to a per-run folder, never the
# developer's ~/.cache: every test run starts cold and warms up like a first install.
os.environ["MAILBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mailbot-cache-")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Let SIGTERM (a CI timeout, say) unwind like Ctrl-C, so the servers get stopped."""
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


_Server = TypeVar("_Server", DovecotServer, SmtpServer, DnsServer, PostgresServer)


def _unavailable(error: RigUnavailable) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{error} (CI is set, so this is an error, not a skip)", pytrace=False)
    pytest.skip(str(error))


def _running(server: _Server) -> Iterator[_Server]:
    """A rig server for the session: skipped (or failed under CI) when not installed."""
    try:
        with server:
            yield server
    except RigUnavailable as error:
        _unavailable(error)


@pytest.fixture(scope="session")
def imap_server() -> Iterator[DovecotServer]:
    """Dovecot on 127.0.0.1:<free port>; any username logs in with `.password`."""
    yield from _running(DovecotServer())


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd sink; read `.messages`, call `.clear()` (the `smtp` fixture does)."""
    yield from _running(SmtpServer())


@pytest.fixture
def smtp(smtp_server: SmtpServer) -> SmtpServer:
    """The session SMTP sink, emptied for this test, its knobs at their defaults."""
    smtp_server.clear()
    smtp_server.slow_seconds = SLOW_SECONDS
    return smtp_server


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DnsServer]:
    """dnsmasq serving tests.rig.dns.DEFAULT_RECORDS; `.resolver()` asks only it."""
    yield from _running(DnsServer())


@pytest.fixture
def make_dns_server() -> Iterator[Callable[[list[Record]], DnsServer]]:
    """Start a dnsmasq with the given records for this test (records are fixed at start)."""
    servers: list[DnsServer] = []

    def make(records: list[Record]) -> DnsServer:
        server = DnsServer(records)
        servers.append(server)
        try:
            return server.start()
        except RigUnavailable as error:
            _unavailable(error)

    yield make
    for server in servers:
        server.cleanup()


@pytest.fixture
def mailbox(imap_server: DovecotServer, request: pytest.FixtureRequest) -> Iterator[MailUser]:
    """A fresh, empty IMAP account for this test only."""
    user = imap_server.new_user(request.node.name)
    yield user
    user.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """PostgreSQL on 127.0.0.1:<free port>, trust auth, in a temp dir (tests/rig/postgres.py)."""
    yield from _running(PostgresServer())


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A SQLAlchemy URL of a new, empty PostgreSQL database for this test only.

    Engines the test opened on it are disposed afterwards: their pooled connections
    would otherwise be closed by the garbage collector, which psycopg warns about.
    """
    url = postgres_server.new_database(request.node.name)
    engines: weakref.WeakSet[Engine] = weakref.WeakSet()

    def seen(conn: Connection) -> None:
        engines.add(conn.engine)

    event.listen(Engine, "engine_connect", seen)
    try:
        yield url
    finally:
        event.remove(Engine, "engine_connect", seen)
        for engine in list(engines):
            engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """[database].url for a test that runs on both stores: a SQLite file, then PostgreSQL."""
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'mailbot.db'}"
