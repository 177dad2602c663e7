"""A private authoritative-only DNS server (dnsmasq) for integration tests.

dnsmasq runs with no upstream (`no-resolv`, `no-hosts`) on 127.0.0.1:<free port>,
UDP and TCP. Records are given as (name, type, value) triples; the last two labels
of every record name become a local zone (`local=/zone/`), which decides the answers:

- a name inside a local zone with no record at all  -> NXDOMAIN
- a name with records, asked for a type it lacks    -> NOERROR with no answer (NODATA)
- a name outside every local zone                   -> REFUSED (nothing to forward to)

Null MX (RFC 7505) is written ("MX", "0 ."), which dnsmasq serves as `0 .`.
("zone", "NXDOMAIN", "") makes a local zone with no records: every name in it is NXDOMAIN.
Two pseudo-types make a zone fail the way a broken authoritative server does:
("zone", "SERVFAIL", "") forwards it to a tiny responder that answers SERVFAIL to
everything; ("zone", "TIMEOUT", "") forwards it to a UDP port that never answers.
dnsmasq reads records only at start-up: to change them, build a new DnsServer
(it starts in milliseconds) or call `restart()` after editing `records`.
"""

import os
import pwd
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import dns.message
import dns.rcode
import dns.resolver

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

Record = tuple[str, str, str]

GOOD_DOMAIN = "acme-lighting.de"
ONLY_A_DOMAIN = "onlya.example.com"
NULL_MX_DOMAIN = "nullmx.example"
MISSING_MX_HOST_DOMAIN = "badmx.example"
NXDOMAIN_NAME = "no-such-host.example.com"
# For lead verification (services/verification.py):
NO_WEBSITE_DOMAIN = "quiet-parts.example"  # MX that exists, no address for it or www.
SERVFAIL_DOMAIN = "dnsfail.example"  # its server answers SERVFAIL
TIMEOUT_DOMAIN = "slowdns.example"  # its server never answers
DISPOSABLE_DOMAIN = "mailinator.com"  # on the disposable list, with a working MX
FREEMAIL_DOMAIN = "gmail.com"
DEAD_WEBSITE = "ghost-trading.example.com"  # a website a lead claims: NXDOMAIN

DEFAULT_RECORDS: list[Record] = [
    (GOOD_DOMAIN, "MX", "10 mx1.acme-lighting.de"),
    (GOOD_DOMAIN, "A", "192.0.2.10"),
    (GOOD_DOMAIN, "AAAA", "2001:db8::10"),
    ("mx1.acme-lighting.de", "A", "192.0.2.25"),
    ("mx1.acme-lighting.de", "AAAA", "2001:db8::25"),
    ("www.acme-lighting.de", "A", "192.0.2.80"),
    (ONLY_A_DOMAIN, "A", "192.0.2.30"),
    (NULL_MX_DOMAIN, "MX", "0 ."),
    (MISSING_MX_HOST_DOMAIN, "MX", "10 mail.missing.badmx.example"),
    (NO_WEBSITE_DOMAIN, "MX", "10 mx.quiet-parts.example"),
    ("mx.quiet-parts.example", "A", "192.0.2.40"),
    (DISPOSABLE_DOMAIN, "MX", "10 mail.mailinator.com"),
    ("mail.mailinator.com", "A", "192.0.2.50"),
    (FREEMAIL_DOMAIN, "MX", "5 gmail-smtp-in.l.google.com"),
    ("gmail-smtp-in.l.google.com", "A", "192.0.2.60"),
    (SERVFAIL_DOMAIN, "SERVFAIL", ""),
    (TIMEOUT_DOMAIN, "TIMEOUT", ""),
]
FAILING = ("SERVFAIL", "TIMEOUT")


def dnsmasq_lines(records: list[Record], upstreams: dict[str, int] | None = None) -> list[str]:
    """Translate records into dnsmasq options; unknown types are a test bug.
    `upstreams`: the port each FAILING pseudo-type's zone is forwarded to."""
    addresses: dict[str, list[str]] = {}
    lines = []
    for name, rtype, value in records:
        if rtype in FAILING:
            port = (upstreams or {})[rtype]
            lines.append(f"server=/{name}/{HOST}#{port}")
        elif rtype in ("A", "AAAA"):
            addresses.setdefault(name, []).append(value)
        elif rtype == "MX":
            pref, target = value.split()
            lines.append(f"mx-host={name},{target.rstrip('.') or '.'},{pref}")
        elif rtype == "NXDOMAIN":
            pass  # only its zone, below
        elif rtype == "TXT":
            lines.append(f'txt-record={name},"{value}"')
        elif rtype == "CNAME":
            lines.append(f"cname={name},{value}")
        else:
            raise ValueError(f"record type {rtype} not supported by the DNS rig")
    lines += [f"host-record={name},{','.join(ips)}" for name, ips in addresses.items()]
    zones = sorted({".".join(n.split(".")[-2:]) for n, t, _ in records if t not in FAILING})
    return [f"local=/{zone}/" for zone in zones] + lines


class DnsServer(TempDirServer):
    """Start/stop dnsmasq serving `records`; `resolver()` points dnspython at it."""

    def __init__(self, records: list[Record] | None = None):
        self.records = list(DEFAULT_RECORDS if records is None else records)
        self.host, self.port = HOST, 0
        self.root: Path | None = None
        self._proc: subprocess.Popen | None = None
        self._servfail: _Servfail | None = None
        self._silent: socket.socket | None = None

    def _upstreams(self) -> dict[str, int]:
        """The broken upstream servers FAILING zones are forwarded to (kept over restarts)."""
        kinds = {rtype for _, rtype, _ in self.records if rtype in FAILING}
        if "SERVFAIL" in kinds and self._servfail is None:
            self._servfail = _Servfail()
        if "TIMEOUT" in kinds and self._silent is None:
            self._silent = socket.socket(type=socket.SOCK_DGRAM)  # bound, never read
            self._silent.bind((HOST, 0))
        ports = {}
        if self._servfail is not None:
            ports["SERVFAIL"] = self._servfail.port
        if self._silent is not None:
            ports["TIMEOUT"] = self._silent.getsockname()[1]
        return ports

    def start(self) -> "DnsServer":
        binary = find_binary("dnsmasq", "run scripts/test.sh as root to install dnsmasq-base")
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="mailbot-dns-"))
            self.port = free_port(udp_too=True)
        conf = self.root / "dnsmasq.conf"
        conf.write_text("\n".join(dnsmasq_lines(self.records, self._upstreams())) + "\n")
        log = self.root / "dnsmasq.log"
        self._proc = spawn(
            [
                binary,
                "--keep-in-foreground",
                f"--conf-file={conf}",
                "--no-resolv",
                "--no-hosts",
                "--no-poll",
                "--bind-interfaces",
                f"--listen-address={self.host}",
                f"--port={self.port}",
                f"--user={pwd.getpwuid(os.geteuid()).pw_name}",  # as root: do not drop to nobody
                f"--pid-file={self.root / 'dnsmasq.pid'}",
                f"--log-facility={log}",
                "--log-queries",
            ],
            self.root / "stderr.log",
        )
        try:
            wait_for_port(self.port, self._proc, self._logs())
        except Exception:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        terminate(self._proc)
        self._proc = None

    def restart(self) -> None:
        """Re-read `records`; same port, so resolvers already pointed here keep working."""
        self.stop()
        self.start()

    def cleanup(self) -> None:
        if self._servfail is not None:
            self._servfail.close()
            self._servfail = None
        if self._silent is not None:
            self._silent.close()
            self._silent = None
        super().cleanup()

    def _logs(self) -> list[Path]:
        return [self.root / "dnsmasq.log", self.root / "stderr.log"]

    def log(self) -> str:
        return read_logs(self._logs())

    def resolver(self) -> dns.resolver.Resolver:
        """A dnspython resolver that asks only this server, never the system's."""
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [self.host]
        resolver.port = self.port
        resolver.lifetime = 5
        return resolver


class _Servfail:
    """A UDP DNS server on 127.0.0.1 that answers SERVFAIL to every query (a thread)."""

    def __init__(self) -> None:
        self.sock = socket.socket(type=socket.SOCK_DGRAM)
        self.sock.bind((HOST, 0))
        self.port = self.sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True, name="servfail")
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                data, peer = self.sock.recvfrom(4096)
            except OSError:
                return  # closed
            try:
                reply = dns.message.make_response(dns.message.from_wire(data))
            except Exception:
                continue  # not a DNS query: ignore, as a server would
            reply.set_rcode(dns.rcode.SERVFAIL)
            self.sock.sendto(reply.to_wire(), peer)

    def close(self) -> None:
        self.sock.close()
        self._thread.join(timeout=2)
