"""A TCP forwarder for fault tests: put it between mailbot and Dovecot or the SMTP sink.

`TcpProxy(upstream_port).start()` listens on 127.0.0.1:<free port> and pipes every
connection to the upstream server, one thread per direction. `cut_all()` resets every
live connection (RST, as a dying NAT or a restarted firewall does); `refusing = True`
resets new connections as soon as they arrive. `chaos(seed)` does both at random,
seeded intervals in a background thread until `calm()`: the network a daemon must
survive, with `cuts` counting what it did. `from_clients` keeps what clients sent, so a
test can tell a command or a password never went out; `cut_on = b"..."` resets a
connection the moment its client sends those bytes (a cut at an exact step).
"""

from __future__ import annotations

import random
import socket
import struct
import threading
from contextlib import suppress

from . import HOST, free_port

_RESET = struct.pack("ii", 1, 0)  # SO_LINGER on, 0 s: close() sends RST, not FIN


class TcpProxy:
    def __init__(self, upstream_port: int, upstream_host: str = HOST) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.host, self.port = HOST, 0
        self.refusing = False
        self.cuts = 0  # live connections reset by cut_all (and chaos)
        self.refused = 0  # connections reset on arrival while refusing
        self.accepted = 0
        self.from_clients = bytearray()  # every byte a client sent: what reached the server
        self.cut_on: bytes | None = None  # reset a connection whose client sends this
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._calm = threading.Event()
        self._chaos: threading.Thread | None = None

    def start(self) -> TcpProxy:
        self.port = free_port()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, daemon=True, name="proxy-accept").start()
        return self

    def stop(self) -> None:
        self.calm()
        listener, self._listener = self._listener, None
        if listener is not None:
            with suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        self.cut_all()

    def __enter__(self) -> TcpProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults -------------------------------------------------------------------

    def cut_all(self) -> int:
        """Reset every live connection; how many there were."""
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            for sock in pair:
                _reset(sock)
        with self._lock:
            self.cuts += len(pairs)
        return len(pairs)

    def chaos(
        self,
        seed: int,
        cut_every: tuple[float, float] = (0.3, 2.5),
        refuse_for: tuple[float, float] = (0.5, 3.0),
        refuse_share: float = 0.3,
    ) -> None:
        """Until `calm()`: cut all connections every `cut_every` seconds (uniform); after a
        `refuse_share` of the cuts, also refuse new connections for `refuse_for` seconds."""
        rng = random.Random(seed)
        self._calm.clear()

        def run() -> None:
            while not self._calm.wait(rng.uniform(*cut_every)):
                self.cut_all()
                if rng.random() < refuse_share:
                    self.refusing = True
                    self._calm.wait(rng.uniform(*refuse_for))
                    self.refusing = False

        self._chaos = threading.Thread(target=run, daemon=True, name="proxy-chaos")
        self._chaos.start()

    def calm(self) -> None:
        """Stop the chaos: connections made from now on live."""
        self._calm.set()
        if self._chaos is not None:
            self._chaos.join(5)
            self._chaos = None
        self.refusing = False

    # -- forwarding ---------------------------------------------------------------

    def _accept(self) -> None:
        while (listener := self._listener) is not None:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            if self.refusing:
                self.refused += 1
                _reset(client)
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                _reset(client)
                continue
            server.settimeout(None)
            self.accepted += 1
            pair = (client, server)
            with self._lock:
                self._pairs.add(pair)
            ends = [0]  # directions finished, counted under self._lock
            for src, dst in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(src, dst, pair, ends),
                                 daemon=True).start()  # fmt: skip

    def _pipe(self, src: socket.socket, dst: socket.socket, pair: tuple,
              ends: list[int]) -> None:  # fmt: skip
        try:
            while data := src.recv(65536):
                if src is pair[0]:
                    if self.cut_on is not None and self.cut_on in data:
                        with self._lock:  # counted here or by cut_all, never by both
                            if pair in self._pairs:
                                self._pairs.discard(pair)
                                self.cuts += 1
                        raise ConnectionResetError("cut_on")  # reset both ends below
                    with self._lock:
                        self.from_clients += data
                dst.sendall(data)
            dst.shutdown(socket.SHUT_WR)  # a clean end passes on as a clean end
        except OSError:
            _reset(dst)
            _reset(src)
        with self._lock:
            self._pairs.discard(pair)
            ends[0] += 1
            last = ends[0] == 2
        if last:  # both directions are done: close both
            src.close()
            dst.close()


def _reset(sock: socket.socket) -> None:
    with suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _RESET)
    with suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with suppress(OSError):
        sock.close()
