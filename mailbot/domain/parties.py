"""Who is who in a conversation: us, a customer, or a machine.

Customers are companies: every address on one corporate domain is one customer
(keyed by the domain). A free-mail address is its own customer (keyed by the
address), because two gmail users are not one company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mailbot.domain.message import Address

_MACHINE_LOCAL = re.compile(
    r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?|mail-daemon)([+._-].*)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class CustomerIdentity:
    key: str  # the domain, or the whole address for free-mail
    kind: str  # "company" or "person"


@cache
def freemail_domains() -> dict[str, str]:
    """Free-mail domain → ISO country of a regional provider ("" for global ones)."""
    text = resources.files("mailbot.domain").joinpath("data/freemail.txt").read_text("utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if fields:
            table[fields[0].lower()] = fields[1].upper() if len(fields) > 1 else ""
    return table


def is_freemail(domain: str) -> bool:
    return domain.lower() in freemail_domains()


def is_machine(address: Address) -> bool:
    """Mailer daemons and no-reply senders: never customers, never answered."""
    return bool(_MACHINE_LOCAL.match(address.local_part))


@dataclass(frozen=True)
class Us:
    """Our own addresses and domains: everyone else is a counterparty."""

    addresses: frozenset[str]
    domains: frozenset[str]

    def includes(self, address: Address | None) -> bool:
        if address is None or not address.email:
            return False
        domain = address.domain
        return address.email in self.addresses or any(
            domain == d or domain.endswith("." + d) for d in self.domains
        )

    def customer_of(self, address: Address | None) -> CustomerIdentity | None:
        if address is None or "@" not in address.email or not address.domain:
            return None
        if self.includes(address) or is_machine(address):
            return None
        if is_freemail(address.domain):
            return CustomerIdentity(address.email, "person")
        return CustomerIdentity(address.domain, "company")
