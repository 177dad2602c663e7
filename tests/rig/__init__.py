"""Real mail servers for the integration tests: Dovecot, an SMTP sink, dnsmasq.

Each server runs on 127.0.0.1 on a free port, inside its own temp dir, with its own
config file, so it never touches the system services (ports 25/53/143).
This module holds what the three share: free ports, waiting for a port, and
keeping track of child processes so none outlives the test session.
"""

import atexit
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

HOST = "127.0.0.1"
_SBIN = ("/usr/sbin", "/sbin", "/usr/local/sbin")  # dovecot and dnsmasq live here
_live: set[subprocess.Popen] = set()


class RigError(RuntimeError):
    """A test server did not start or misbehaved; the message carries its log."""


class RigUnavailable(RigError):
    """Something a server needs is not installed, so its tests cannot run."""


class TempDirServer:
    """The life cycle the rig's process servers share: `start()` makes `root` (a temp
    dir) and the process, `stop()` ends the process, `cleanup()` also removes `root`;
    as a context manager, a failed start cleans up too."""

    root: Path | None = None

    def start(self):  # -> Self
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def cleanup(self) -> None:
        self.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc: object) -> None:
        self.cleanup()


def find_binary(name: str, hint: str) -> str:
    """Return the path of `name`; look in sbin too, which non-root PATHs often lack."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *_SBIN])
    found = shutil.which(name, path=path)
    if found is None:
        raise RigUnavailable(f"{name} not installed: {hint}")
    return found


def free_port(udp_too: bool = False) -> int:
    """A port free on 127.0.0.1 for TCP (and UDP, for DNS) right now."""
    for _ in range(50):
        with socket.socket() as tcp:
            tcp.bind((HOST, 0))
            port = tcp.getsockname()[1]
            if not udp_too:
                return port
            with socket.socket(type=socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((HOST, port))
                except OSError:
                    continue
                return port
    raise RigError("no free port found on 127.0.0.1")


def spawn(argv: list[str], log: Path) -> subprocess.Popen:
    """Start a server in the foreground, its stdout/stderr going to `log`."""
    with log.open("ab") as out:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    _live.add(proc)
    return proc


def terminate(proc: subprocess.Popen | None, timeout: float = 10) -> None:
    """SIGTERM, then SIGKILL if the server does not exit in time."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    _live.discard(proc)


def wait_for_port(
    port: int, proc: subprocess.Popen, logs: list[Path], greeting: bytes = b"", timeout: float = 15
) -> None:
    """Block until `port` accepts TCP (and sends `greeting`); else raise with the logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RigError(f"{proc.args[0]} exited with {proc.returncode}\n{read_logs(logs)}")
        try:
            with socket.create_connection((HOST, port), timeout=2) as sock:
                if sock.recv(len(greeting)) == greeting:  # a server greets once it is ready
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RigError(f"{proc.args[0]} not ready on {HOST}:{port}\n{read_logs(logs)}")


def read_logs(logs: list[Path]) -> str:
    """The tail of each log file, for error messages."""
    parts = []
    for log in logs:
        text = log.read_text(errors="replace") if log.exists() else "(no log written)"
        parts.append(f"--- {log} ---\n{text[-4000:]}")
    return "\n".join(parts)


@atexit.register
def _kill_leftovers() -> None:
    """Last resort if a fixture's teardown never ran (e.g. a second Ctrl-C)."""
    for proc in list(_live):
        terminate(proc, timeout=3)
