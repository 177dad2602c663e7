"""DNS for lead checks: dnspython's asyncio resolver, bounded and cached.

Every question goes through `answer(name, type)`: at most `concurrency` in flight
(a semaphore), each asked once per probe (a task per question, so a thousand
addresses on one domain wait on the same lookup), each bounded by
`timeout_seconds`. dnspython's exceptions become `Answer`s here: NXDOMAIN and
"no records of that type" are facts; a timeout, SERVFAIL or REFUSED is `failed` —
no answer, never "does not exist".

When the resolver itself is unreachable (no network, a wrong address), the first
few questions all time out; after `_GIVE_UP` such timeouts without a single answer
the probe stops asking and fails the rest at once, so nothing hangs for long.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import dns.asyncresolver
import dns.exception
import dns.resolver

from mailbot.domain.leadcheck import FAILED, NODATA, NXDOMAIN, OK, Answer, MailDomain, mx_hosts
from mailbot.errors import ConfigError

if TYPE_CHECKING:  # annotations only: see services/leadproc.py
    from mailbot.config import Verification

_GIVE_UP = 4  # timeouts, with no answer at all yet, that mean the resolver is unreachable
_TRIES = 3  # UDP tries per lookup, within its timeout
_MX_HOSTS = 3  # MX hosts asked about, by preference: one that exists is enough
K = TypeVar("K")
T = TypeVar("T")


class DnsProbe:
    """Questions about mail domains and websites; one per run (it caches per run)."""

    def __init__(self, settings: Verification) -> None:
        self.resolver = _resolver(settings)
        self._limit = asyncio.Semaphore(settings.concurrency)
        self._asked: dict[tuple[str, str], asyncio.Task[Answer]] = {}
        self._domains: dict[tuple[str, bool], asyncio.Task[MailDomain]] = {}
        self._answered = False
        self._timeouts = 0
        self.queries = 0  # questions actually sent (for the bench and the logs)

    def answer(self, name: str, rdtype: str) -> Awaitable[Answer]:
        key = (name.lower().rstrip("."), rdtype)
        return _once(self._asked, key, lambda: self._ask(*key))

    def mail_domain(self, domain: str, website: bool) -> Awaitable[MailDomain]:
        """MX, the MX hosts' addresses (or the domain's own without MX), and with
        `website` whether the domain or www.domain has an address."""
        key = (domain.lower(), website)
        return _once(self._domains, key, lambda: self._mail_domain(*key))

    async def address(self, host: str) -> Answer:
        """A, then AAAA when there is no A: does this host exist with an address?"""
        a = await self.answer(host, "A")
        if a.status != NODATA:
            return a
        aaaa = await self.answer(host, "AAAA")
        return aaaa if aaaa.status in (OK, FAILED) else a

    async def _mail_domain(self, domain: str, website: bool) -> MailDomain:
        site = asyncio.ensure_future(self._website(domain)) if website else None
        mx = await self.answer(domain, "MX")
        hosts: dict[str, Answer] = {}
        fallback = None
        if mx.status == OK:
            names = [h for h in mx_hosts(mx) if h][:_MX_HOSTS]
            hosts = dict(zip(names, await asyncio.gather(*map(self.address, names)), strict=True))
        elif mx.status == NODATA:
            fallback = await self.address(domain)
        return MailDomain(domain, mx, hosts, fallback, await site if site else None)

    async def _website(self, domain: str) -> Answer:
        apex, www = await asyncio.gather(self.address(domain), self.address("www." + domain))
        for found in (apex, www):
            if found.status == OK:
                return found
        return www if www.status == FAILED else apex

    async def _ask(self, name: str, rdtype: str) -> Answer:
        if self._unreachable():
            return Answer(FAILED, why="the DNS resolver does not answer")
        async with self._limit:
            if self._unreachable():
                return Answer(FAILED, why="the DNS resolver does not answer")
            self.queries += 1
            found = await self._resolve(name, rdtype)
        if found.status == FAILED and found.why == "timed out":
            self._timeouts += 1
        else:
            self._answered = True
        return found

    async def _resolve(self, name: str, rdtype: str) -> Answer:
        try:
            # dnspython sleeps between tries past its lifetime: the lookup's bound is ours.
            answer = await asyncio.wait_for(
                self.resolver.resolve(name + ".", rdtype, search=False), self.resolver.lifetime
            )
        except TimeoutError:
            return Answer(FAILED, why="timed out")
        except dns.resolver.NXDOMAIN:
            return Answer(NXDOMAIN)
        except dns.resolver.NoAnswer:
            return Answer(NODATA)
        except dns.exception.Timeout:
            return Answer(FAILED, why="timed out")
        except dns.resolver.NoNameservers as exc:
            return Answer(FAILED, why=_refusal(str(exc)))
        except (dns.exception.DNSException, OSError) as exc:
            return Answer(FAILED, why=type(exc).__name__)
        return Answer(OK, tuple(sorted(r.to_text() for r in answer)))

    def _unreachable(self) -> bool:
        return not self._answered and self._timeouts >= _GIVE_UP


async def _once(
    tasks: dict[K, asyncio.Task[T]], key: K, start: Callable[[], Coroutine[Any, Any, T]]
) -> T:
    """Run `start()` once per key; later askers await the same task."""
    task = tasks.get(key)
    if task is None:
        task = tasks[key] = asyncio.ensure_future(start())
    return await task


def _refusal(text: str) -> str:
    for code in ("SERVFAIL", "REFUSED", "FORMERR", "NOTIMP"):
        if code in text:
            return f"the DNS server answered {code}"
    return "no DNS server answered"


def _resolver(settings: Verification) -> dns.asyncresolver.Resolver:
    if settings.nameservers:
        resolver = dns.asyncresolver.Resolver(configure=False)
        resolver.nameservers = list(settings.nameservers)
        resolver.port = settings.port
    else:
        try:
            resolver = dns.asyncresolver.Resolver()
        except dns.resolver.NoResolverConfiguration:
            raise ConfigError(
                "no DNS resolver configured on this system (/etc/resolv.conf)",
                "set [verification].nameservers in the config",
            ) from None
    # `timeout_seconds` bounds a lookup, retries included; each try gets a third of it, so a
    # dropped UDP packet is asked again instead of waiting out the whole lookup and failing.
    resolver.lifetime = settings.timeout_seconds
    resolver.timeout = settings.timeout_seconds / _TRIES
    return resolver
