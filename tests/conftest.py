"""Session fixtures for the real test servers (see tests/rig).

A server that cannot run here (binary or library missing) skips its tests locally
but fails them when CI is set, so CI never goes green by quietly testing nothing.
"""

import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from sqlalchemy import Connection, Engine, event

from mailbot.store.db import open_engine
from tests.rig import RigUnavailable
from tests.rig.dns import DnsServer, Record
from tests.rig.dovecot import DovecotServer, MailUser
from tests.rig.postgres import PostgresServer
from tests.rig.smtp import SLOW_SECONDS, SmtpServer
from tests.stores import DATABASE_ENV, test_store

# The calendar memo (adapters/calendarcache.py) goes to a per-run folder, never the
# developer's ~/.cache: every test run starts cold and warms up like a first install.
os.environ["MAILBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mailbot-cache-")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Let SIGTERM (a CI timeout, say) unwind like Ctrl-C, so the servers get stopped."""
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def pytest_report_header(config: pytest.Config) -> str:
    return f"mailbot store: {test_store()} (MAILBOT_TEST_STORE)"


# A test can only have a store where it has a folder for its config or SQLite file.
_STORE_FIXTURES = {"tmp_path", "module_store", "postgres_url", "store_url"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that can have a store (the rest ran in the
    SQLite pass) and skip the tests about SQLite itself, saying why."""
    if test_store() != "postgres":
        return
    with_store = [i for i in items if _STORE_FIXTURES & set(getattr(i, "fixturenames", ()))]
    if len(with_store) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in with_store])
        items[:] = with_store
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            why = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
            item.add_marker(pytest.mark.skip(reason=f"about SQLite itself: {why}"))


@pytest.fixture(autouse=True)
def _the_test_store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """MAILBOT_TEST_STORE=postgres: this test's store is a fresh PostgreSQL database,
    named in $MAILBOT_DATABASE_URL (which wins over [database].url, also in the CLI
    subprocesses). Otherwise the variable is cleared, so a developer's shell cannot
    point the tests at a real store."""
    if "module_store" in request.fixturenames:
        return  # the module's shared store is in force
    if test_store() == "postgres" and request.node.get_closest_marker("sqlite_only") is None:
        # a test that asked for a PostgreSQL database itself uses that one: the variable
        # must not send its CLI children or configs to another
        own = next((f for f in ("store_url", "postgres_url") if f in request.fixturenames), None)
        monkeypatch.setenv(DATABASE_ENV, request.getfixturevalue(own or "_test_store_url"))
    else:
        monkeypatch.delenv(DATABASE_ENV, raising=False)


@pytest.fixture(scope="module")
def module_store(request: pytest.FixtureRequest) -> Iterator[None]:
    """For a module that builds one store for all its tests (a module-scoped fixture
    depends on this): in the PostgreSQL pass a database for the whole module."""
    with pytest.MonkeyPatch.context() as patch:
        if test_store() == "postgres":
            server = request.getfixturevalue("postgres_server")
            url = server.new_database(request.module.__name__)
            patch.setenv(DATABASE_ENV, url)
            yield from _engines_disposed(url)
        else:
            patch.delenv(DATABASE_ENV, raising=False)
            yield


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
    """A SQLAlchemy URL of a new, empty PostgreSQL database for this test only."""
    yield from _engines_disposed(postgres_server.new_database(request.node.name))


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """A database migrated to HEAD once, copied for each test of the PostgreSQL pass: a
    copy takes ~0.05 s, migrating a new one ~0.7 s (the migrations on an empty database
    have their own tests: test_postgres_store, store_url)."""
    url = postgres_server.new_database("template_head")
    open_engine(url).dispose()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def _test_store_url(
    postgres_server: PostgresServer, postgres_template: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The PostgreSQL pass's store for one test: a fresh copy of the template, dropped after."""
    url = postgres_server.new_database(request.node.name, template=postgres_template)
    yield from _engines_disposed(url)
    postgres_server.drop_database(url)


def _engines_disposed(url: str) -> Iterator[str]:
    """Yields `url`; then disposes the engines the test opened (on any database). They
    are held until then, even one the test let go of: left to the garbage collector,
    their pooled connections would be closed at a random later moment, which psycopg
    warns about (in whichever test is running then)."""
    engines: dict[int, Engine] = {}

    def seen(conn: Connection) -> None:
        engines.setdefault(id(conn.engine), conn.engine)

    event.listen(Engine, "engine_connect", seen)
    try:
        yield url
    finally:
        event.remove(Engine, "engine_connect", seen)
        for engine in list(engines.values()):
            engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """[database].url for a test that runs on both stores: a SQLite file, then PostgreSQL.

    In the PostgreSQL pass both would be PostgreSQL ($MAILBOT_DATABASE_URL wins), so the
    SQLite one is skipped there: it ran in the SQLite pass."""
    if request.param == "sqlite" and test_store() == "postgres":
        pytest.skip("the SQLite store runs in the SQLite pass")
    if request.param == "postgres":
        return request.getfixturevalue("postgres_url")
    return f"sqlite:///{tmp_path / 'mailbot.db'}"
