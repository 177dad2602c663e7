"""Business calendars for the customers and the seller, built once per distinct setting.

100k customers live in a few hundred (country, subdivision, zone) combinations, so
calendars are shared: their per-year working-day tables are the expensive part.
Config wins over the store: `[profiles."domain"]` over imported/inferred values,
`[calendar.countries.XX]` over mailbot's country defaults.
"""

from __future__ import annotations

import structlog

from mailbot.config import Config
from mailbot.domain.calendar import BusinessCalendar, CalendarError
from mailbot.domain.hours import CountryOverride

log = structlog.get_logger(__name__)


class Calendars:
    def __init__(self, config: Config) -> None:
        self._config = config
        self._cache: dict[tuple[str | None, str | None, str | None], BusinessCalendar] = {}

    def customer(
        self, country: str | None, subdivision: str | None, zone: str | None, key: str = ""
    ) -> BusinessCalendar:
        entry = self._config.profiles.get(key)
        if entry is not None:
            country = entry.country or country
            subdivision = entry.subdivision or subdivision
            zone = entry.timezone or zone
        return self._get(country, subdivision, zone)

    def seller(self) -> BusinessCalendar:
        company = self._config.company
        return BusinessCalendar(
            company.country,
            company.subdivision,
            closures=[c.closure() for c in company.closures],
            override=self._override(company.country),
        )

    def _get(
        self, country: str | None, subdivision: str | None, zone: str | None
    ) -> BusinessCalendar:
        key = (country, subdivision, zone)
        cal = self._cache.get(key)
        if cal is None:
            cal = self._build(country, subdivision, zone)
            self._cache[key] = cal
        return cal

    def _build(
        self, country: str | None, subdivision: str | None, zone: str | None
    ) -> BusinessCalendar:
        # A bad stored value must not stop the plan: drop the bad part, say so in the log.
        tries = [(country, subdivision, zone), (country, None, zone), (country, None, None)]
        for c, s, z in tries:
            try:
                return BusinessCalendar(c, s, z, override=self._override(c))
            except (CalendarError, ValueError, KeyError) as exc:
                log.warning("calendar.fallback", country=c, subdivision=s, zone=z, error=str(exc))
        return BusinessCalendar(None)

    def _override(self, country: str | None) -> CountryOverride | None:
        rules = self._config.calendar.countries.get(country or "")
        return rules.override() if rules else None
