"""Lookup tables for where a customer is: ccTLDs, zones per country, UTC offsets, languages.

Zones per country come from tzdata's `zone.tab` (one row per zone a country uses), so
"which zones could write −0700 on this day" is answered by zoneinfo itself, DST included.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from importlib import resources
from zoneinfo import ZoneInfo

import pycountry
from phonenumbers.tzdata import TIMEZONE_DATA

from mailbot.domain.hours import ZONES


def _table(name: str) -> list[list[str]]:
    text = resources.files("mailbot.domain").joinpath(f"data/{name}").read_text("utf-8")
    rows = (line.split("#", 1)[0].split() for line in text.splitlines())
    return [row for row in rows if row]


@cache
def _cctld_exceptions() -> dict[str, str]:
    return {row[0].lower(): row[1].upper() if len(row) > 1 else "" for row in _table("cctld.txt")}


def cctld_country(domain: str) -> str | None:
    """The country a corporate domain's ccTLD names, or None (.com, .io, .eu…)."""
    label = domain.lower().rstrip(".").rsplit(".", 1)[-1]
    exceptions = _cctld_exceptions()
    if label in exceptions:
        return exceptions[label] or None
    if len(label) == 2 and pycountry.countries.get(alpha_2=label.upper()) is not None:
        return label.upper()
    return None


@cache
def language_countries() -> dict[str, frozenset[str]]:
    """ISO 639-1 language → countries where it is a business language (data/languages.txt)."""
    return {row[0]: frozenset(row[1:]) for row in _table("languages.txt")}


@cache
def _zone_tab() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text("utf-8")
    by_country: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _coords, zone = line.split("\t")[:3]
            by_country.setdefault(country, []).append(zone)
    zones = {c: tuple(z) for c, z in by_country.items()}
    return zones, {z: c for c, zs in zones.items() for z in zs}


def country_zones(country: str) -> tuple[str, ...]:
    return _zone_tab()[0].get(country, ())


def zone_country(zone: str) -> str | None:
    return _zone_tab()[1].get(zone)


@cache
def _area_codes_per_zone() -> Counter[str]:
    """How many phone prefixes map to exactly one zone: a rough proxy for its population."""
    return Counter(zones[0] for zones in TIMEZONE_DATA.values() if len(zones) == 1)


def rank_zones(country: str, zones: set[str] | frozenset[str]) -> list[str]:
    """`zones` best first: the country's business centre (hours.ZONES), then the busiest."""
    primary, weight = ZONES.get(country), _area_codes_per_zone()
    return sorted(zones, key=lambda z: (z != primary, -weight[z], z))


def primary_zone(country: str) -> str | None:
    """The zone to assume when nothing narrows it: curated centre, else the only/busiest."""
    if country in ZONES:
        return ZONES[country]
    zones = country_zones(country)
    return rank_zones(country, set(zones))[0] if zones else None


@cache
def _zone(name: str) -> ZoneInfo:
    """ZoneInfo keeps only 8 zones strongly cached; we cycle through ~400 of them."""
    return ZoneInfo(name)


@cache
def _zones_by_year_offset(year: int) -> dict[int, frozenset[str]]:
    """Offset (minutes) → zones that use it at some point of `year` (a cheap pre-filter)."""
    out: dict[int, set[str]] = {}
    samples = [datetime(year, month, 1, tzinfo=UTC) for month in range(1, 13)]
    for zone in _zone_tab()[1]:
        tz = _zone(zone)
        for instant in samples:
            out.setdefault(_minutes(instant.astimezone(tz).utcoffset()), set()).add(zone)
    return {offset: frozenset(zones) for offset, zones in out.items()}


# Bounded, and each distinct set kept once: every mail's hour is a new key, and 100k keys
# holding a set of dozens of zones each grew a first sync's memory with its size.
@lru_cache(maxsize=8192)
def _zones_at(offset_minutes: int, hour: datetime) -> frozenset[str]:
    maybe = _zones_by_year_offset(hour.year).get(offset_minutes, frozenset())
    found = frozenset(
        z for z in maybe if _minutes(hour.astimezone(_zone(z)).utcoffset()) == offset_minutes
    )
    return _ZONE_SETS.setdefault(found, found)


_ZONE_SETS: dict[frozenset[str], frozenset[str]] = {}  # a few hundred: offsets × DST seasons


def zones_at(offset_minutes: int, instant: datetime) -> frozenset[str]:
    """Every zone whose UTC offset at `instant` is `offset_minutes` (DST-aware)."""
    hour = instant.astimezone(UTC).replace(minute=0, second=0, microsecond=0)
    return _zones_at(offset_minutes, hour)


def _minutes(delta: timedelta | None) -> int:
    return int(delta.total_seconds() // 60) if delta is not None else 0
