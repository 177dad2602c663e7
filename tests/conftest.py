"""Session fixtures for the real test servers (see tests/rig).

A server that cannot run here (binary or library missing) skips its tests locally
but fails them when CI is set, so CI never goes green by quietly testing nothing.
"""

import os
import signal
import tempfile
from collections.abc import Callable, Iterator

import pytest

from tests.rig import RigUnavailable
from tests.rig.dns import DnsServer, Record
from tests.rig.dovecot import DovecotServer, MailUser
from tests.rig.smtp import SLOW_SECONDS, SmtpServer

# The calendar memo (adapters/calendarcache.py) goes to a per-run folder, never the
# developer's ~/.cache: every test run starts cold and warms up like a first install.
os.environ["MAILBOT_CACHE_DIR"] = tempfile.mkdtemp(prefix="mailbot-cache-")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Let SIGTERM (a CI timeout, say) unwind like Ctrl-C, so the servers get stopped."""
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def _unavailable(error: RigUnavailable) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{error} (CI is set, so this is an error, not a skip)", pytrace=False)
    pytest.skip(str(error))


@pytest.fixture(scope="session")
def imap_server() -> Iterator[DovecotServer]:
    """Dovecot on 127.0.0.1:<free port>; any username logs in with `.password`."""
    try:
        with DovecotServer() as server:
            yield server
    except RigUnavailable as error:
        _unavailable(error)


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd sink; read `.messages`, call `.clear()` (the `smtp` fixture does)."""
    try:
        with SmtpServer() as server:
            yield server
    except RigUnavailable as error:
        _unavailable(error)


@pytest.fixture
def smtp(smtp_server: SmtpServer) -> SmtpServer:
    """The session SMTP sink, emptied for this test, its knobs at their defaults."""
    smtp_server.clear()
    smtp_server.slow_seconds = SLOW_SECONDS
    return smtp_server


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DnsServer]:
    """dnsmasq serving tests.rig.dns.DEFAULT_RECORDS; `.resolver()` asks only it."""
    try:
        with DnsServer() as server:
            yield server
    except RigUnavailable as error:
        _unavailable(error)


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
