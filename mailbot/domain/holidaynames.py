"""Every holiday name a country's calendar can give, so config can catch a misspelt one.

`worked_holidays` and `half_days` name holidays as the `holidays` library gives them
(English where it has English, qualifiers such as "(observed)" dropped). A name the
library never gives matches nothing and would be silently ignored, so config validation
asks here. Names are gathered over every category the library supports for the country
and over NAME_YEARS, a fixed span: lunar holidays move and some names change over the
years, and validation must not read the clock. Subdivisions are asked only for a
name missing from the country-wide list, a recent decade of them first (`_SEARCH`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from difflib import get_close_matches
from functools import lru_cache

from mailbot.domain.workdays import plain_name

NAME_YEARS = range(2000, 2051)
_SUGGESTIONS = 3


def known_country(country: str) -> bool:
    """Does the library have a calendar for this ISO 3166 alpha-2 code? Not for an alias
    such as "UK": customers' countries are stored as alpha-2, so it would match none."""
    return country in _codes()


@lru_cache(maxsize=1)
def _codes() -> frozenset[str]:
    # The registry's table, not list_supported_countries(): that imports every
    # country's module, 0.15 s of each config load (workdays.py imports lazily too).
    from holidays.registry import COUNTRIES  # (class name, alpha-2, alpha-3, aliases…)

    return frozenset(names[1] for names in COUNTRIES.values())


@lru_cache(maxsize=64)
def categories_of(country: str) -> frozenset[str]:
    """The holiday categories the library has for `country` ("public", "bank", …)."""
    import holidays

    return frozenset(holidays.country_holidays(country, years=()).supported_categories)


def misspelt(country: str, names: Iterable[str]) -> dict[str, list[str]]:
    """The `names` that are no holiday of `country`, each with up to a few close matches."""
    wanted = list(dict.fromkeys(names))
    for with_subdivisions, years in _SEARCH:
        known = _names(country, with_subdivisions, years)
        wanted = [n for n in wanted if n not in known]
        if not wanted:
            return {}
    every = sorted(known)
    return {n: get_close_matches(n, every, n=_SUGGESTIONS, cutoff=0.6) for n in wanted}


# Cheapest first; only a name still missing pays for the next search. The whole span of
# every subdivision costs US 1.6 s, a recent decade of them 0.3 s, the country alone 0.04 s.
_SEARCH = ((False, NAME_YEARS), (True, range(2020, 2031)), (True, NAME_YEARS))


@lru_cache(maxsize=64)
def _names(country: str, with_subdivisions: bool, years: range) -> frozenset[str]:
    import holidays

    probe = holidays.country_holidays(country, years=())
    language = "en_US" if "en_US" in probe.supported_languages else None  # as language_for
    places = (None, *probe.subdivisions) if with_subdivisions else (None,)
    names: set[str] = set()
    with warnings.catch_warnings():  # "available only from 2001 to 2035": fewer years is fine
        warnings.simplefilter("ignore")
        for place in places:
            lib = holidays.country_holidays(
                country,
                subdiv=place,
                years=years,
                categories=probe.supported_categories,
                language=language,
            )
            names.update(plain_name(n) for day in lib for n in lib.get_list(day))
    return frozenset(names)
