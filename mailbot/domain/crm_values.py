"""One CSV cell → one profile value, or a CellError saying what is wrong with it.

Pure: no I/O, no clock. Countries, subdivisions and languages come from pycountry,
zones from zoneinfo, phone numbers from phonenumbers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import available_timezones

import phonenumbers
import pycountry

from mailbot.domain.tiers import STAGES

PHONE_MAX = 40  # the store's column width

# Names people and CRMs write that pycountry's lookup does not know.
COUNTRY_ALIASES = {
    "uk": "GB", "u.k.": "GB", "great britain": "GB", "britain": "GB", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB",
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US",
    "turkey": "TR", "russia": "RU", "uae": "AE", "u.a.e.": "AE", "ksa": "SA",
    "south korea": "KR", "korea": "KR", "north korea": "KP", "ivory coast": "CI",
    "macau": "MO", "holland": "NL", "the netherlands": "NL", "mainland china": "CN",
    "prc": "CN", "p.r. china": "CN", "p.r.china": "CN", "hong kong sar": "HK",
    "brunei": "BN", "burma": "MM", "cape verde": "CV", "swaziland": "SZ",
    "east timor": "TL", "palestine": "PS", "vatican": "VA",
    "deutschland": "DE", "österreich": "AT", "schweiz": "CH", "españa": "ES",
    "brasil": "BR", "méxico": "MX", "italia": "IT", "polska": "PL",
    "中国": "CN", "日本": "JP", "韩国": "KR", "香港": "HK", "台湾": "TW",
}  # fmt: skip
LANGUAGE_ALIASES = {"mandarin": "zh", "cantonese": "zh", "farsi": "fa", "castilian": "es"}
# Suffixes pycountry keeps in subdivision names ("Guangdong Sheng") that people drop.
_SUBDIVISION_SUFFIXES = (" sheng", " shi", " zizhiqu", " province", " state", " prefecture")
_LOCALE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
_DMY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HOST = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+$")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0"}


class CellError(ValueError):
    """What is wrong with one cell, in words for the user."""


def country(text: str) -> str:
    alias = COUNTRY_ALIASES.get(text.casefold())
    if alias:
        return alias
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        raise CellError(f"unknown country {text!r}") from None


def subdivision(text: str, country_code: str | None) -> tuple[str, str]:
    """(country, code after 'XX-'); a full code like 'US-CA' also names the country."""
    found = pycountry.subdivisions.get(code=text.upper()) if "-" in text else None
    if found is not None:
        if country_code and found.country_code != country_code:
            raise CellError(f"subdivision {text!r} is not in country {country_code}")
        return found.country_code, found.code.partition("-")[2]
    if not country_code:
        raise CellError(f"{text!r} needs a country in the same row (or a code like US-CA)")
    code = _subdivisions(country_code).get(_plain(text))
    if code is None:
        raise CellError(f"unknown subdivision {text!r} for country {country_code}")
    return country_code, code


@cache
def _subdivisions(country_code: str) -> dict[str, str]:
    """Folded code, name and name-without-suffix → code suffix, for one country."""
    table: dict[str, str] = {}
    for sub in pycountry.subdivisions.get(country_code=country_code) or ():
        suffix = sub.code.partition("-")[2]
        name = _plain(sub.name)
        for key in (
            suffix.casefold(),
            name,
            *(name.removesuffix(s) for s in _SUBDIVISION_SUFFIXES),
        ):
            table.setdefault(key, suffix)
    return table


def _plain(text: str) -> str:
    """Case- and accent-insensitive key: 'Tamil Nādu' == 'tamil nadu'."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def timezone(text: str) -> str:
    zones = _zones()
    found = zones.get(text.casefold())
    if found is None:
        raise CellError(f"unknown time zone {text!r} (use an IANA name like Europe/Berlin)")
    return found


@cache
def _zones() -> dict[str, str]:
    return {z.casefold(): z for z in available_timezones()}


def languages(text: str) -> list[str]:
    out: list[str] = []
    for item in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        code = _language(item)
        if code not in out:
            out.append(code)
    return out


def _language(item: str) -> str:
    if item.casefold() in LANGUAGE_ALIASES:
        return LANGUAGE_ALIASES[item.casefold()]
    tag = _LOCALE.match(item)
    if tag and pycountry.languages.get(alpha_2=tag.group(1).lower()):
        return tag.group(1).lower()
    try:
        code = getattr(pycountry.languages.lookup(item), "alpha_2", None)
    except LookupError:
        code = None
    if code is None:
        raise CellError(f"unknown language {item!r} (use ISO 639-1 codes like 'de' or names)")
    return str(code)


def named(text: str, allowed: list[str] | tuple[str, ...], what: str) -> str:
    """A value from a fixed list (tiers, stages); case does not matter."""
    for name in allowed:
        if name.casefold() == text.casefold():
            return name
    raise CellError(f"unknown {what} {text!r} (one of: {', '.join(allowed)})")


def slash_order(text: str) -> str | None:
    """'dmy' or 'mdy' when a d/m/y-style date can only be read one way, else None."""
    m = _DMY.match(text)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(3))
    if first > 12 >= second:
        return "dmy"
    if second > 12 >= first:
        return "mdy"
    return None


def a_date(text: str, order: str | None) -> date:
    """ISO YYYY-MM-DD, or DD/MM/YYYY / MM/DD/YYYY read in `order` ('dmy'/'mdy');
    without an order only a date that reads one way (25/03/1980, 05/05/1980) passes."""
    try:
        if _ISO.match(text):
            return date.fromisoformat(text)
        m = _DMY.match(text)
        if not m:
            raise CellError(f"not a date: {text!r} (use YYYY-MM-DD)")
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        order = order or slash_order(text)
        if order is None and a != b:
            raise CellError(
                f"ambiguous date {text!r}: day or month first? pass --date-format dmy or mdy"
            )
        day, month = (a, b) if order in ("dmy", None) else (b, a)
        return date(year, month, day)
    except ValueError as exc:
        if isinstance(exc, CellError):
            raise
        raise CellError(f"not a valid date: {text!r}") from None


def count(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise CellError(f"not a whole number ≥ 0: {text!r}")
    return int(text)


def phone(text: str, region: str | None) -> str:
    """E.164 when phonenumbers can read it, else the text as written."""
    candidate = "+" + text[2:].lstrip() if text.startswith("00") else text
    try:
        number = phonenumbers.parse(candidate, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if len(text) > PHONE_MAX:
        raise CellError(f"phone number longer than {PHONE_MAX} characters: {text!r}")
    return text


def email(text: str) -> str:
    if not _EMAIL.match(text) or not _HOST.match(text.rpartition("@")[2].lower()):
        raise CellError(f"not an email address: {text!r}")
    return text.lower()


def domain(text: str) -> str:
    """A bare host from 'acme.de', 'www.acme.de', 'https://acme.de/x' or '@acme.de'."""
    raw = text.strip().lstrip("@")
    host = (urlsplit(raw if "//" in raw else "//" + raw).hostname or "").lower()
    host = host.removeprefix("www.")
    if not _HOST.match(host):
        raise CellError(f"not a domain or web address: {text!r}")
    return host


def flag(text: str) -> bool:
    if text.casefold() in _TRUE:
        return True
    if text.casefold() in _FALSE:
        return False
    raise CellError(f"not yes/no: {text!r}")


def fits(text: str, limit: int) -> str:
    if len(text) > limit:
        raise CellError(f"longer than {limit} characters")
    return text


def converters(
    tiers: tuple[str, ...], date_order: str | None, region: str | None
) -> dict[str, Any]:
    """Column → function turning its cell text into the value (or a CellError)."""

    def website(t: str) -> str:
        domain(t)  # must name a host: it keys a company row
        return fits(t, 300)

    day = lambda t: a_date(t, date_order)  # noqa: E731
    tel = lambda t: phone(t, region)  # noqa: E731
    return {
        "email": email, "secondary_email": email, "domain": domain, "website": website,
        "name": lambda t: fits(t, 300), "company": lambda t: fits(t, 300), "notes": str,
        "subdivision": lambda t: subdivision(t, region), "timezone": timezone,
        "languages": languages, "tier": lambda t: named(t, tiers, "tier"),
        "stage": lambda t: named(t, STAGES, "stage"),
        "birthday": day, "first_purchase": day, "last_order": day, "order_count": count,
        "phone": tel, "whatsapp": tel, "company_phone": tel, "opt_out": flag,
    }  # fmt: skip


def show(value: Any) -> str:
    """A value as a cell: dates ISO, lists comma-separated, yes for True, None empty."""
    if value is None or value is False:
        return ""
    if value is True:
        return "yes"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ",".join(value)
    return str(value)
