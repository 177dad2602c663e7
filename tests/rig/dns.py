"""A private authoritative-only DNS server (dnsmasq) for integration tests.

dnsmasq runs with no upstream (`no-resolv`, `no-hosts`) on 127.0.0.1:<free port>,
UDP and TCP. Records are given as (name, type, value) triples; the last two labels
of every record name become a local zone (`local=/zone/`), which decides the answers:

- a name inside a local zone with no record at all  -> NXDOMAIN
- a name with records, asked for a type it lacks    -> NOERROR with no answer (NODATA)
- a name outside every local zone                   -> REFUSED (nothing to forward to)

Null MX (RFC 7505) is written ("MX", "0 ."), which dnsmasq serves as `0 .`.
dnsmasq reads records only at start-up: to change them, build a new DnsServer
(it starts in milliseconds) or call `restart()` after editing `records`.
"""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import dns.resolver

from . import HOST, find_binary, free_port, read_logs, spawn, terminate, wait_for_port

Record = tuple[str, str, str]

GOOD_DOMAIN = "acme-lighting.de"
ONLY_A_DOMAIN = "onlya.example.com"
NULL_MX_DOMAIN = "nullmx.example"
MISSING_MX_HOST_DOMAIN = "badmx.example"
NXDOMAIN_NAME = "no-such-host.example.com"

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
]


def dnsmasq_lines(records: list[Record]) -> list[str]:
    """Translate records into dnsmasq options; unknown types are a test bug."""
    addresses: dict[str, list[str]] = {}
    lines = []
    for name, rtype, value in records:
        if rtype in ("A", "AAAA"):
            addresses.setdefault(name, []).append(value)
        elif rtype == "MX":
            pref, target = value.split()
            lines.append(f"mx-host={name},{target.rstrip('.') or '.'},{pref}")
        elif rtype == "TXT":
            lines.append(f'txt-record={name},"{value}"')
        elif rtype == "CNAME":
            lines.append(f"cname={name},{value}")
        else:
            raise ValueError(f"record type {rtype} not supported by the DNS rig")
    lines += [f"host-record={name},{','.join(ips)}" for name, ips in addresses.items()]
    zones = sorted({".".join(name.split(".")[-2:]) for name, _, _ in records})
    return [f"local=/{zone}/" for zone in zones] + lines


class DnsServer:
    """Start/stop dnsmasq serving `records`; `resolver()` points dnspython at it."""

    def __init__(self, records: list[Record] | None = None):
        self.records = list(DEFAULT_RECORDS if records is None else records)
        self.host, self.port = HOST, 0
        self.root: Path | None = None
        self._proc: subprocess.Popen | None = None

    def start(self) -> "DnsServer":
        binary = find_binary("dnsmasq", "run scripts/test.sh as root to install dnsmasq-base")
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="mailbot-dns-"))
            self.port = free_port(udp_too=True)
        conf = self.root / "dnsmasq.conf"
        conf.write_text("\n".join(dnsmasq_lines(self.records)) + "\n")
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
        self.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> "DnsServer":
        try:
            return self.start()
        except BaseException:
            self.cleanup()
            raise

    def __exit__(self, *exc: object) -> None:
        self.cleanup()

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
