"""A private Dovecot IMAP server for integration tests.

Runs `dovecot -F` with a config written into a temp dir (sockets, state, logs and
maildirs all inside it) and listens on 127.0.0.1 only. Any username logs in with
`password`; a new username is a new, empty maildir, which is how tests stay apart.
Sent/Drafts/Trash/Junk carry SPECIAL-USE flags and are auto-created.

As root, Dovecot refuses to run its login process or mail access as root, so we use
the `dovenull`/`dovecot` accounts the Debian package creates; as any other user,
everything runs as that user (hence `chroot =`, which needs root).
"""

import datetime as dt
import grp
import itertools
import os
import pwd
import re
import subprocess
import tempfile
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from imapclient import IMAPClient

from . import (
    HOST,
    TempDirServer,
    find_binary,
    free_port,
    read_logs,
    spawn,
    terminate,
    wait_for_port,
)

HINT = "run scripts/test.sh as root to install it"

CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
instance_name = mailbot-test-{port}
protocols = imap
listen = {host}
{ssl}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
first_valid_gid = 1
mail_location = maildir:~/Maildir
mail_fsync = never
# no stats process: a login racing its start-up stalls shutdown for 5 s
stats_writer_socket_path =
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    address = {host}
    port = {tls_port}
  }}
}}
service anvil {{
  chroot =
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Sent {{
    special_use = \\Sent
    auto = subscribe
  }}
  mailbox Drafts {{
    special_use = \\Drafts
    auto = subscribe
  }}
  mailbox Trash {{
    special_use = \\Trash
    auto = subscribe
  }}
  mailbox Junk {{
    special_use = \\Junk
    auto = subscribe
  }}
}}
"""


def _accounts() -> dict[str, str | int]:
    """Which system users Dovecot's processes and mail files run as."""
    if os.geteuid() != 0:
        me, group = pwd.getpwuid(os.geteuid()).pw_name, grp.getgrgid(os.getegid()).gr_name
        return dict(
            internal_user=me,
            internal_group=group,
            login_user=me,
            uid=os.geteuid(),
            gid=os.getegid(),
        )
    internal = _existing_user("dovecot", "nobody")
    return dict(
        internal_user=internal.pw_name,
        internal_group=grp.getgrgid(internal.pw_gid).gr_name,
        login_user=_existing_user("dovenull", "nobody").pw_name,
        uid=internal.pw_uid,
        gid=internal.pw_gid,
    )


def _existing_user(*names: str) -> pwd.struct_passwd:
    for name in names:
        with suppress(KeyError):
            return pwd.getpwnam(name)
    raise KeyError(f"none of these users exist: {names}")


class DovecotServer(TempDirServer):
    """Start/stop a Dovecot on a free port; helpers to fill and inspect mailboxes."""

    def __init__(self, password: str = "secret", tls: tuple[Path, Path] | None = None):
        """`tls`: (certificate chain, key) PEM files: then `port` offers STARTTLS and
        refuses a login without it (`ssl = required`), and `tls_port` is implicit TLS."""
        self.host, self.port, self.password = HOST, 0, password
        self.tls, self.tls_port = tls, 0
        self.root: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._users = itertools.count(1)

    def start(self) -> "DovecotServer":
        self._dovecot = find_binary("dovecot", HINT)
        self._doveadm = find_binary("doveadm", HINT)
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="mailbot-dovecot-"))
            self.root.chmod(0o755)  # the mail and login users must reach their dirs
            self.port = free_port()
            self.tls_port = free_port() if self.tls else 0
        self._write_config()
        self._proc = spawn([self._dovecot, "-F", "-c", str(self.conf)], self.root / "stderr.log")
        try:
            wait_for_port(self.port, self._proc, self._logs(), greeting=b"* OK")
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server but keep its mail, so `start()` brings it back as it was."""
        terminate(self._proc)
        self._proc = None

    def restart(self) -> None:
        """Stop and start on the same port with the same mail: a server restart."""
        self.stop()
        self.start()

    @property
    def conf(self) -> Path:
        assert self.root is not None, "server not started"
        return self.root / "dovecot.conf"

    def _write_config(self) -> None:
        accounts = _accounts()
        home = self.root / "home"
        home.mkdir(exist_ok=True)
        os.chown(home, accounts["uid"], accounts["gid"])
        self.conf.write_text(
            CONFIG.format(
                root=self.root,
                host=self.host,
                port=self.port,
                password=self.password,
                tls_port=self.tls_port,
                ssl=self._ssl(),
                **accounts,
            )
        )

    def _ssl(self) -> str:
        if self.tls is None:
            return "ssl = no"
        cert, key = self.tls
        return f"ssl = required\nssl_cert = <{cert}\nssl_key = <{key}"

    def _logs(self) -> list[Path]:
        return [self.root / "dovecot.log", self.root / "stderr.log"]

    def log(self) -> str:
        return read_logs(self._logs())

    def new_user(self, hint: str = "user") -> "MailUser":
        """A username nobody has used yet, i.e. an empty mailbox."""
        slug = re.sub(r"[^a-z0-9]+", "-", hint.lower()).strip("-")[:40] or "user"
        return MailUser(self, f"{slug}-{next(self._users)}")

    def client(self, user: str) -> IMAPClient:
        """A logged-in IMAPClient; datetimes it returns are timezone-aware."""
        client = IMAPClient(self.host, self.port, ssl=False, timeout=10)
        client.normalise_times = False
        client.login(user, self.password)
        return client

    def append_messages(
        self,
        user: str,
        folder: str,
        messages: Iterable[tuple[bytes, dt.datetime]],
        flags: Iterable[str] = (),
    ) -> list[int]:
        """APPEND each raw message with its INTERNALDATE; return the new UIDs."""
        uids = []
        with self.client(user) as imap:
            for raw, when in messages:
                if when.tzinfo is None:
                    raise ValueError("INTERNALDATE must be timezone-aware")
                reply = imap.append(folder, raw, tuple(flags), when)
                uids.append(int(re.search(rb"APPENDUID \d+ (\d+)", reply).group(1)))
        return uids

    def doveadm(self, *args: str) -> str:
        """Run doveadm against this server's config; raise with its output on failure."""
        cmd = [self._doveadm, "-c", str(self.conf), *args]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise subprocess.CalledProcessError(done.returncode, cmd, done.stdout, done.stderr)
        return done.stdout

    def uidvalidity(self, user: str, folder: str) -> int:
        out = self.doveadm("mailbox", "status", "-u", user, "uidvalidity", folder)
        return int(re.search(r"uidvalidity=(\d+)", out).group(1))

    def reset_uidvalidity(self, user: str, folder: str, value: int | None = None) -> int:
        """Give `folder` a new UIDVALIDITY (default: old + 1), as after a server rebuild."""
        new = value if value is not None else self.uidvalidity(user, folder) + 1
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(new), folder)
        return new


class MailUser:
    """One test's own IMAP account; closes the clients it handed out."""

    def __init__(self, server: DovecotServer, user: str):
        self.server, self.user = server, user
        self._clients: list[IMAPClient] = []

    host = property(lambda self: self.server.host)
    port = property(lambda self: self.server.port)
    password = property(lambda self: self.server.password)

    @property
    def address(self) -> str:
        """An address whose local part is this user (what SmtpServer delivers to)."""
        return f"{self.user}@rig.test"

    def client(self) -> IMAPClient:
        client = self.server.client(self.user)
        self._clients.append(client)
        return client

    def append(
        self, folder: str, messages: Iterable[tuple[bytes, dt.datetime]], flags: Iterable[str] = ()
    ) -> list[int]:
        return self.server.append_messages(self.user, folder, messages, flags)

    def reset_uidvalidity(self, folder: str, value: int | None = None) -> int:
        return self.server.reset_uidvalidity(self.user, folder, value)

    def close(self) -> None:
        for client in self._clients:
            with suppress(Exception):
                client.logout()
            with suppress(Exception):
                client.shutdown()
        self._clients.clear()
