"""A real PostgreSQL server for the store tests, on 127.0.0.1:<free port>.

initdb writes a cluster into a temp dir; the server listens only on 127.0.0.1 and
on a unix socket inside that dir, with trust auth for the one local user. PostgreSQL
refuses to run as root, so as root the cluster belongs to `nobody` and the binaries
run through `setpriv`. `new_database()` gives each test its own empty database.
"""

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from tests.rig import (
    HOST,
    RigError,
    RigUnavailable,
    TempDirServer,
    find_binary,
    free_port,
    read_logs,
    spawn,
    terminate,
)

SUPERUSER = "mailbot"
SCRATCH = Path("/dev/shm")  # memory: the cluster is thrown away, its files need no disk
SCRATCH_NEEDED = 2 << 30  # bytes free; a container's default 64 MB /dev/shm is too small


def scratch_dir() -> str | None:
    """Where the cluster goes: /dev/shm when it has room, else the temp dir. On a busy
    disk, creating a database per test and removing them all costs ~1 s each."""
    try:
        return str(SCRATCH) if shutil.disk_usage(SCRATCH).free >= SCRATCH_NEEDED else None
    except OSError:
        return None


def find_bindir() -> Path:
    """The newest Debian-style /usr/lib/postgresql/<ver>/bin, or wherever initdb is on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RigUnavailable("PostgreSQL server not installed: apt-get install postgresql")


class PostgresServer(TempDirServer):
    def __init__(self) -> None:
        self.root: Path | None = None
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self._count = 0

    def _as_owner(self, argv: list[str]) -> list[str]:
        if os.geteuid() != 0:
            return argv
        user = pwd.getpwnam("nobody")
        setpriv = find_binary(
            "setpriv", "apt-get install util-linux (PostgreSQL may not run as root)"
        )
        return [setpriv, f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
                *argv]  # fmt: skip

    def start(self) -> "PostgresServer":
        bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="mailbot-pg-", dir=scratch_dir()))
        data, sock = self.root / "data", self.root / "sock"
        data.mkdir()
        sock.mkdir()
        if os.geteuid() == 0:
            user = pwd.getpwnam("nobody")
            for path in (self.root, data, sock):
                os.chown(path, user.pw_uid, user.pw_gid)
        self.root.chmod(0o755)
        log = self.root / "postgres.log"
        init = subprocess.run(
            self._as_owner([str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER,
                            "--auth=trust", "--encoding=UTF8", "--no-sync", "--locale=C"]),
            capture_output=True, text=True, cwd=self.root,
        )  # fmt: skip
        if init.returncode != 0:
            raise RigError(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        self.port = free_port()
        argv = [str(bindir / "postgres"), "-D", str(data), "-h", HOST, "-p", str(self.port),
                "-k", str(sock), "-c", "fsync=off", "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off", "-c", "max_connections=200"]  # fmt: skip
        self.proc = spawn(self._as_owner(argv), log)
        self._wait_ready(bindir, [log])
        return self

    def _wait_ready(self, bindir: Path, logs: list[Path]) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RigError(f"postgres exited with {self.proc.returncode}\n{read_logs(logs)}")
            ready = subprocess.run(
                [str(bindir / "pg_isready"), "-h", HOST, "-p", str(self.port), "-U", SUPERUSER],
                capture_output=True,
            )
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise RigError(f"postgres not ready on {HOST}:{self.port}\n{read_logs(logs)}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@{HOST}:{self.port}/{database}"

    def new_database(self, hint: str = "t", template: str | None = None) -> str:
        """CREATE DATABASE for one test (a copy of `template`, a database name, if given);
        returns its SQLAlchemy URL."""
        self._count += 1
        safe = "".join(c if c.isalnum() else "_" for c in hint.lower())[:40]
        name = f"{safe}_{self._count}"
        self._admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """DROP DATABASE, closing any connection a test left open."""
        self._admin(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(
            host=HOST, port=self.port, user=SUPERUSER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(sql)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # "fast" shutdown: does not wait for clients
        terminate(self.proc)
        self.proc = None
