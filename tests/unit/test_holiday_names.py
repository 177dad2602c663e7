"""Holiday names in `[calendar.countries.XX]` must be names the `holidays` library gives.

Facts used (holidays 0.109, names in English):
- Brazil: "Christmas Eve" and "Public Servant's Day" are in the `optional` category, not
  `public`; "Chrismas Eve" and "Public Servants Day" are typos of them.
- Turkey: the `half_day` category holds "Republic Day (from 1pm)" (28 Oct 2026 is a Wed).
- Germany: "Corpus Christi" is a holiday of some states only (BW, BY, HE, NW, RP, SL).
- Categories: Brazil's calendar has `public` and `optional` only (no `bank`); Germany's has
  `catholic`, `public` and `school`.
- "XX" is a user-assigned ISO 3166 code: no country has it. The library takes "UK" as an
  alias of GB (ISO 3166 alpha-2 "GB"; "UK" is reserved, not assigned).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from mailbot.config import load_config
from mailbot.errors import ConfigError
from mailbot.services.calendars import Calendars


def _load(tmp_path: Path, text: str):
    path = tmp_path / "mailbot.toml"
    path.write_text(text)
    return path, load_config(path)


def _error(tmp_path: Path, text: str) -> tuple[Path, str]:
    path = tmp_path / "mailbot.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.exit_code == 2
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    return path, message


def test_misspelt_half_day_is_rejected_with_the_right_spelling(tmp_path: Path) -> None:
    text = '[calendar.countries.BR]\nhalf_days = { "Chrismas Eve" = "until 14:00" }\n'
    path, message = _error(tmp_path, text)
    assert str(path) in message
    assert "calendar.countries.BR.half_days.Chrismas Eve" in message
    assert "'Christmas Eve'" in message  # the suggestion


def test_misspelt_worked_holiday_is_rejected(tmp_path: Path) -> None:
    text = '[calendar.countries.BR]\nworked_holidays = ["Carnival", "Public Servants Day"]\n'
    path, message = _error(tmp_path, text)
    assert str(path) in message
    assert "calendar.countries.BR.worked_holidays[1]" in message
    assert '"Public Servant\'s Day"' in message


def test_unknown_country_section_is_rejected(tmp_path: Path) -> None:
    path, message = _error(tmp_path, "[calendar.countries.XX]\nworked_holidays = []\n")
    assert str(path) in message and "calendar.countries.XX" in message
    assert "ISO 3166" in message


def test_a_category_the_country_lacks_is_rejected(tmp_path: Path) -> None:
    path, message = _error(tmp_path, '[calendar.countries.BR]\ncategories = ["public", "bank"]\n')
    assert str(path) in message and "calendar.countries.BR.categories" in message
    assert "'bank'" in message and "optional, public" in message
    _load(tmp_path, '[calendar.countries.DE]\ncategories = ["public", "catholic"]\n')


def test_names_from_other_categories_and_subdivisions_are_accepted(tmp_path: Path) -> None:
    """Optional (BR), half_day (TR) and one state's holiday (DE) are all real names."""
    text = (
        '[calendar.countries.BR]\nhalf_days = { "Christmas Eve" = "until 12:00" }\n'
        'worked_holidays = ["Public Servant\'s Day"]\n'
        '[calendar.countries.TR]\nhalf_days = { "Republic Day (from 1pm)" = "until 12:00" }\n'
        '[calendar.countries.DE]\nworked_holidays = ["Corpus Christi"]\n'
    )
    path, config = _load(tmp_path, text)
    assert set(config.calendar.countries) == {"BR", "TR", "DE"}
    # The TR name does take effect: the arife of Republic Day closes at 12:00, not 13:00.
    turkey = Calendars(config).customer("TR", None, None)
    istanbul = ZoneInfo("Europe/Istanbul")
    assert turkey.is_business_moment(datetime(2026, 10, 28, 11, 30, tzinfo=istanbul))
    assert not turkey.is_business_moment(datetime(2026, 10, 28, 12, 30, tzinfo=istanbul))


def test_every_country_the_library_lists_is_a_known_section() -> None:
    """The quick registry lookup accepts every ISO country the library's own list names,
    so no supported country's section is refused; "XX" and "EU" are no countries, and
    "UK" is the library's alias of GB, not the ISO code customers are stored under."""
    import holidays
    import pycountry

    from mailbot.domain.holidaynames import known_country

    listed = holidays.utils.list_supported_countries()
    iso = [code for code in listed if pycountry.countries.get(alpha_2=code) is not None]
    assert len(iso) > 100 and all(known_country(code) for code in iso)
    assert "UK" in listed
    assert not known_country("XX") and not known_country("EU") and not known_country("UK")
