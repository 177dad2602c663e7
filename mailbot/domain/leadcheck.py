"""Is this lead real? Facts about an address → a verdict, a score and reasons (pure).

The facts come from DNS (adapters/dns.py gathers them as `Answer`s) and from the
customer's own mail (leadclues.py). Verdicts:

- `invalid` (score 0): not an address; the domain does not exist, says it takes no
  mail (null MX, RFC 7505), has no MX and no address, or only MX hosts that do not
  exist; or a disposable-mailbox service. Mail there bounces or reaches nobody.
- `unknown`: DNS did not answer (timeout, SERVFAIL): checked again soon; never invalid.
- `suspicious`: deliverable, but the soft signals (free-mail, role mailbox, a claimed
  website that does not exist, no website of their own, a signature from another
  country…) bring the score below `SUSPICIOUS_BELOW`.
- `valid`: the rest. The score starts at 1 and each soft signal takes its weight off.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from mailbot.domain.leadclues import (
    LeadAddress,
    is_disposable,
    is_role,
    same_company_site,
)
from mailbot.domain.parties import freemail_domains
from mailbot.domain.places import cctld_country

VALID, SUSPICIOUS, INVALID, UNKNOWN = "valid", "suspicious", "invalid", "unknown"
OK, NODATA, NXDOMAIN, FAILED = "ok", "nodata", "nxdomain", "failed"  # Answer.status
SUSPICIOUS_BELOW = 0.6
# What each soft signal takes off the score (weak ones are small: many real buyers
# write from gmail or info@, and travel).
FREEMAIL, ROLE, A_ONLY, NO_SITE, OTHER_SITE = 0.15, 0.15, 0.1, 0.3, 0.1
DEAD_SITE, DEAD_SITE_FREEMAIL, OTHER_COUNTRY = 0.3, 0.45, 0.1


@dataclass(frozen=True, slots=True)
class Answer:
    """One DNS question's outcome. `failed`: no answer (timeout, SERVFAIL…), `why` says."""

    status: str
    records: tuple[str, ...] = ()
    why: str = ""


@dataclass(frozen=True)
class MailDomain:
    """Where mail for a domain goes, as DNS says."""

    domain: str
    mx: Answer
    hosts: Mapping[str, Answer] = field(default_factory=dict)  # MX host → its address
    fallback: Answer | None = None  # the domain's own address, asked when it has no MX
    website: Answer | None = None  # the domain's or www.domain's address (companies)


@dataclass(frozen=True)
class LeadFacts:
    address: LeadAddress
    mail: MailDomain | None = None  # None: not asked (bad syntax, disposable)
    sites: Mapping[str, Answer] = field(default_factory=dict)  # hosts named in their mail
    phone_countries: frozenset[str] = frozenset()  # of numbers in their own signatures


@dataclass(frozen=True)
class LeadVerdict:
    email: str
    domain: str
    verdict: str
    score: float
    reasons: tuple[str, ...]
    details: dict[str, Any]


class _Finding(NamedTuple):
    words: str
    weight: float = 0.0  # taken off the score
    flag: str = ""  # a short name for details["flags"]
    fatal: bool = False  # → invalid
    unsure: bool = False  # → unknown


def mx_hosts(mx: Answer) -> list[str]:
    """MX targets by preference ("10 mx1.acme.de." records); "" stands for the null MX."""
    pairs = []
    for record in mx.records:
        pref, _, host = record.partition(" ")
        pairs.append((int(pref), host.strip().rstrip(".").lower()))
    return [host for _, host in sorted(pairs)]


def needs_dns(address: LeadAddress, disposable: Collection[str]) -> bool:
    return not address.error and not is_disposable(address.domain, disposable)


def judge(facts: LeadFacts, disposable: Collection[str]) -> LeadVerdict:
    a = facts.address
    found = _listed(a, disposable)
    if facts.mail is not None:
        found += _deliverable(facts.mail)
        if facts.mail.website is not None:
            found += _own_site(a.domain, facts.mail.website)
    found += _claimed(a.domain, facts.sites, a.domain in freemail_domains())
    found += _countries(a.domain, facts.phone_countries)
    return _verdict(a, found, facts)


def _listed(a: LeadAddress, disposable: Collection[str]) -> list[_Finding]:
    if a.error:
        return [_Finding(f"not a valid address: {a.error}", flag="syntax", fatal=True)]
    found = []
    if is_disposable(a.domain, disposable):
        found.append(_Finding(f"{a.domain} is a disposable-mailbox service",
                              flag="disposable", fatal=True))  # fmt: skip
    if a.domain in freemail_domains():
        found.append(_Finding(f"{a.domain} is a free-mail provider: no company domain",
                              FREEMAIL, "freemail"))  # fmt: skip
    if is_role(a.local):
        found.append(_Finding(f"{a.local}@ is a shared role mailbox, not a person",
                              ROLE, "role"))  # fmt: skip
    return found


def _deliverable(mail: MailDomain) -> list[_Finding]:
    d, mx = mail.domain, mail.mx
    if mx.status == NXDOMAIN:
        return [_Finding(f"{d} does not exist (NXDOMAIN)", flag="nxdomain", fatal=True)]
    if mx.status == FAILED:
        return [_Finding(f"DNS gave no answer for {d} ({mx.why}): checked again later",
                         flag="dns_failed", unsure=True)]  # fmt: skip
    if mx.status == NODATA:
        return _fallback(d, mail.fallback)
    hosts = [h for h in mx_hosts(mx) if h]
    if not hosts:
        return [_Finding(f"{d} says it accepts no mail (null MX)", flag="null_mx", fatal=True)]
    answers = {h: mail.hosts.get(h, Answer(FAILED, why="not asked")) for h in hosts}
    good = [h for h, ans in answers.items() if ans.status == OK]
    if good:
        return [_Finding(f"{d} accepts mail (MX {good[0]})")]
    if any(ans.status == FAILED for ans in answers.values()):
        return [_Finding(f"DNS gave no answer for the mail servers of {d}: checked again later",
                         flag="dns_failed", unsure=True)]  # fmt: skip
    return [_Finding(f"the mail servers of {d} do not exist ({', '.join(hosts)})",
                     flag="mx_missing", fatal=True)]  # fmt: skip


def _fallback(d: str, own: Answer | None) -> list[_Finding]:
    """No MX: mail goes to the domain's own address (RFC 5321 §5.1), if it has one."""
    if own is None or own.status == FAILED:
        why = own.why if own else "not asked"
        return [_Finding(f"DNS gave no answer for {d} ({why}): checked again later",
                         flag="dns_failed", unsure=True)]  # fmt: skip
    if own.status != OK:
        return [_Finding(f"{d} has no mail server (no MX, no address)",
                         flag="no_mail_host", fatal=True)]  # fmt: skip
    return [_Finding(f"{d} has no MX record; mail would go to the host {d} itself",
                     A_ONLY, "a_only")]  # fmt: skip


def _own_site(domain: str, site: Answer) -> list[_Finding]:
    if site.status == OK:
        return [_Finding(f"{domain} has a website")]
    if site.status == FAILED:
        return []
    return [_Finding(f"{domain} has no website (no address for it or www.{domain})",
                     NO_SITE, "no_website")]  # fmt: skip


def _claimed(domain: str, sites: Mapping[str, Answer], freemail: bool) -> list[_Finding]:
    found = []
    for host, ans in sites.items():
        ours = not freemail and same_company_site(host, domain)
        if ans.status in (NXDOMAIN, NODATA):
            weight = DEAD_SITE_FREEMAIL if freemail else DEAD_SITE
            found.append(_Finding(f"their mail names the website {host}, which does not exist",
                                  weight, "dead_website"))  # fmt: skip
        elif ans.status == OK and ours:
            found.append(_Finding(f"their mail names their website {host}"))
        elif ans.status == OK and not freemail:
            found.append(_Finding(f"their mail names the website {host}, not on {domain}",
                                  OTHER_SITE, "other_website"))  # fmt: skip
        elif ans.status == OK:
            found.append(_Finding(f"their mail names the website {host}, which exists"))
    return found


def _countries(domain: str, phones: frozenset[str]) -> list[_Finding]:
    """A weak signal: the signature's phone country is not the domain's country."""
    country = freemail_domains().get(domain) or cctld_country(domain)
    if not country or not phones or country in phones:
        return []
    where = ", ".join(sorted(phones))
    return [_Finding(f"their signature's phone is in {where}, {domain} is {country}",
                     OTHER_COUNTRY, "country_mismatch")]  # fmt: skip


def _verdict(a: LeadAddress, found: list[_Finding], facts: LeadFacts) -> LeadVerdict:
    score = round(max(0.0, 1.0 - sum(f.weight for f in found)), 2)
    if any(f.fatal for f in found):
        verdict, score = INVALID, 0.0
        found = [f for f in found if f.fatal]  # the rest does not matter any more
    elif any(f.unsure for f in found):
        verdict = UNKNOWN
    else:
        verdict = SUSPICIOUS if score < SUSPICIOUS_BELOW else VALID
    return LeadVerdict(a.email, a.domain, verdict, score, tuple(f.words for f in found),
                       _details(found, facts))  # fmt: skip


def _details(found: list[_Finding], facts: LeadFacts) -> dict[str, Any]:
    mail = facts.mail
    details: dict[str, Any] = {"flags": [f.flag for f in found if f.flag]}
    if mail is not None:
        if mail.mx.status == OK:
            details["mx"] = {h or ".": _status(mail.hosts.get(h)) for h in mx_hosts(mail.mx)}
        else:
            details["mx"] = mail.mx.status
            if mail.fallback is not None:
                details["fallback"] = mail.fallback.status
        if mail.website is not None:
            details["website"] = mail.website.status
    if facts.sites:
        details["named_websites"] = {h: ans.status for h, ans in facts.sites.items()}
    if facts.phone_countries:
        details["signature_countries"] = sorted(facts.phone_countries)
    return details


def _status(answer: Answer | None) -> str | None:
    return answer.status if answer is not None else None
