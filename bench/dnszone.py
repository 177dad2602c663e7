"""DNS for the bench's lead check: the rig's dnsmasq answering the corpus's domains.

Left to the host's resolver, the lead check's wall time depends on it (the sandbox's
drops packets under load and says NXDOMAIN for everything). Here the free-mail providers
the corpus uses answer as in the real DNS (an MX whose host has an address; hotmail.es
is Microsoft's, though not on mailbot's free-mail list, so also its web address), and
the made-up company domains are NXDOMAIN, as a real resolver would say of them.
"""

from __future__ import annotations

from corpus import LANGUAGES

from tests.rig.dns import DnsServer, Record

PROVIDERS = frozenset({
    "gmail.com", "gmx.de", "orange.fr", "163.com", "qq.com", "126.com", "sina.com",
    "sohu.com", "yahoo.co.jp", "mail.ru", "yandex.ru", "hotmail.es",
})  # fmt: skip


def corpus_records() -> list[Record]:
    """Each provider: MX → mx1.<domain> with an address, and the domain's own address
    and www (a website check asks them); every other corpus domain: NXDOMAIN."""
    records: list[Record] = []
    domains = sorted({d for lang in LANGUAGES for d in lang.domains})
    for n, domain in enumerate(domains, start=1):
        if domain not in PROVIDERS:
            records.append((domain, "NXDOMAIN", ""))
            continue
        address = f"192.0.2.{n}"  # documentation addresses (RFC 5737): never contacted
        records += [
            (domain, "MX", f"10 mx1.{domain}"),
            (f"mx1.{domain}", "A", address),
            (domain, "A", address),
            (f"www.{domain}", "A", address),
        ]
    return records


def start_dns() -> DnsServer:
    return DnsServer(corpus_records()).start()


def verification_section(server: DnsServer) -> str:
    """The config lines that point mailbot's lead check at `server`."""
    return f'\n[verification]\nnameservers = ["{server.host}"]\nport = {server.port}\n'
