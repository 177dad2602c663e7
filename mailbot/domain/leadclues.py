"""What an address and a customer's own mail say about a lead before any DNS (pure).

- `read_address`: syntax and normalisation (email-validator, no network);
- `is_role`: shared mailboxes (info@, sales@…) — real companies use them, but a lead
  that only ever writes from one is weaker evidence of a person behind it;
- `is_disposable`: the domain or a parent of it is on the disposable list;
- `named_websites`: web hosts named in their text or signature (links, "www."): the
  company's website as they claim it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

ROLE_LOCALS = frozenset({
    "info", "sales", "admin", "administrator", "office", "contact", "contacts", "hello",
    "support", "service", "enquiry", "enquiries", "inquiry", "inquiries", "marketing",
    "webmaster", "postmaster", "hostmaster", "abuse", "billing", "accounts", "team", "mail",
    "export", "import", "purchase", "purchasing", "procurement", "orders", "general",
    "reception",
})  # fmt: skip
# Links in signatures that are not the sender's company: networks, maps, shorteners.
NOT_COMPANY_SITES = frozenset({
    "linkedin.com", "facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com",
    "youtube.com", "youtu.be", "wa.me", "whatsapp.com", "t.me", "telegram.me", "wechat.com",
    "weixin.qq.com", "google.com", "goo.gl", "maps.app.goo.gl", "bit.ly", "tinyurl.com",
    "microsoft.com", "office.com", "outlook.com", "apple.com", "skype.com", "zoom.us",
    "teams.microsoft.com", "aka.ms",
})  # fmt: skip
_URL = re.compile(r"\bhttps?://([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?=[:/?#\s>)\]'\",;]|$)", re.I)
_WWW = re.compile(r"(?<![\w.@/-])(www\d?\.[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)", re.I)
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True, slots=True)
class LeadAddress:
    """An address as the check sees it; `error` says why it is not an address at all."""

    email: str  # lower case (as the store keeps addresses), or the input when invalid
    local: str = ""
    domain: str = ""  # ASCII (IDNA) form: what DNS is asked about
    error: str = ""


def read_address(text: str) -> LeadAddress:
    """Syntax and normalisation only; deliverability is DNS's job (adapters/dns.py)."""
    raw = text.strip()
    try:
        valid = validate_email(raw, check_deliverability=False)
    except EmailNotValidError as exc:
        return LeadAddress(raw.lower(), error=str(exc))
    domain = valid.ascii_domain.lower()
    return LeadAddress(f"{valid.local_part}@{domain}".lower(), valid.local_part.lower(), domain)


def is_role(local: str) -> bool:
    """info@, sales@, info+web@, sales.de@: a shared mailbox, not a named person."""
    base = re.split(r"[+._-]", local.lower(), maxsplit=1)[0]
    return local.lower() in ROLE_LOCALS or base in ROLE_LOCALS


def is_disposable(domain: str, disposable: Collection[str]) -> bool:
    """The domain or any parent of it (x.mailinator.com) is a disposable-mailbox service."""
    labels = domain.lower().rstrip(".").split(".")
    return any(".".join(labels[i:]) in disposable for i in range(len(labels) - 1))


def named_websites(texts: Iterable[str], ignore: Collection[str] = ()) -> list[str]:
    """Web hosts named in `texts` (links and "www." names), first seen first, without
    social networks, shorteners and the domains in `ignore` (ours, free-mail)."""
    found: dict[str, None] = {}
    for text in texts:
        # Most mail names no site: skip the scans (a regex per position) where neither can match.
        urls = _URL.finditer(text) if "://" in text else ()
        hosts = _WWW.finditer(text) if "www" in text.lower() else ()
        for match in [*urls, *hosts]:
            host = match.group(1).lower().rstrip(".")
            if _HOST.match(host) and not _ignored(host, ignore):
                found.setdefault(host, None)
    return list(found)


def site_domain(host: str) -> str:
    """www.acme.de → acme.de: the name a website and a mail domain are compared by."""
    return re.sub(r"^www\d?\.", "", host.lower())


def _ignored(host: str, ignore: Collection[str]) -> bool:
    bare = site_domain(host)
    return any(bare == d or bare.endswith("." + d) for d in (*NOT_COMPANY_SITES, *ignore))


# Second-level labels under which a ccTLD registers companies: acme.co.uk, acme.com.br.
_SECOND_LEVEL = frozenset({
    "co", "com", "net", "org", "gov", "edu", "ac", "ltd", "plc", "gob", "or", "ne", "go",
})  # fmt: skip


def brand(domain: str) -> str:
    """acme-lighting.co.uk → acme-lighting: the name under the public suffix (roughly:
    one label, or two when a ccTLD keeps companies under co./com./…)."""
    labels = site_domain(domain).split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else labels[0]


def same_company_site(host: str, mail_domain: str) -> bool:
    """The website is on the sender's mail domain (a subdomain of it, or the same
    name under another TLD: acme.de and acme.com)."""
    site, mail = site_domain(host), site_domain(mail_domain)
    if site == mail or site.endswith("." + mail) or mail.endswith("." + site):
        return True
    return brand(site) == brand(mail)
