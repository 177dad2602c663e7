"""Return dates read from absence texts: roles, date orders, calendars, certainty."""

from __future__ import annotations

from datetime import date

import pytest

from mailbot.domain.returndate import find_absence, next_business_day
from mailbot.domain.verdict import Absence

THU = date(2026, 3, 5)  # receipt day in most cases below: Thursday 5 March 2026


@pytest.mark.parametrize(
    ("text", "country", "back"),
    [
        ("I am away until the 13th inclusive.", "GB", date(2026, 3, 16)),  # Fri → Mon
        ("I will be back on 16 March.", "GB", date(2026, 3, 16)),
        ("Out of office until March 10, 2026.", "US", date(2026, 3, 11)),
        ("Ich bin bis einschließlich 13.03. nicht im Büro.", "DE", date(2026, 3, 16)),
        ("Ab dem 16.3. bin ich wieder erreichbar.", "DE", date(2026, 3, 16)),
        ("Je suis absente jusqu'au 10 mars inclus.", "FR", date(2026, 3, 11)),
        ("Estaré fuera de la oficina hasta el 10 de marzo.", "ES", date(2026, 3, 11)),
        ("Sono in ferie fino al 10/03, rientro il 11/03.", "IT", date(2026, 3, 11)),
        ("Estou de férias até 10/03/2026.", "BR", date(2026, 3, 11)),
        ("Ik ben afwezig tot en met 10 maart.", "NL", date(2026, 3, 11)),
        ("Jag är på semester till och med 10 mars.", "SE", date(2026, 3, 11)),
        ("Jestem na urlopie do 10 marca.", "PL", date(2026, 3, 11)),
        ("10 Mart'a kadar izindeyim.", "TR", date(2026, 3, 11)),
        ("Я в отпуске до 10 марта включительно.", "RU", date(2026, 3, 11)),
        ("我将于2026年3月11日返回办公室。", "CN", date(2026, 3, 11)),
        ("本人休假至3月10日。", "CN", date(2026, 3, 11)),
        ("休假至3月10日。", "TW", date(2026, 3, 11)),
        ("3月10日(火)まで不在にしております。", "JP", date(2026, 3, 11)),
        ("3월 10일까지 휴가입니다.", "KR", date(2026, 3, 11)),
        ("أنا في إجازة حتى 10 مارس.", "EG", date(2026, 3, 11)),
        ("Saya sedang cuti sampai 10 Maret 2026.", "ID", date(2026, 3, 11)),
        ("Tôi đang nghỉ phép đến ngày 10 tháng 3.", "VN", date(2026, 3, 11)),
        ("On leave from 9 March to 13 March.", None, date(2026, 3, 16)),
        ("Urlaub vom 09.03. bis 13.03.2026", "DE", date(2026, 3, 16)),
    ],
)
def test_return_date_in_many_languages(text: str, country: str | None, back: date) -> None:
    """Each language's 'until X' and 'back on X' give the first day back, for certain."""
    absence = find_absence(text, THU, country)
    assert (absence.return_date, absence.certain) == (back, True)


def test_until_skips_the_customers_weekend_and_holidays() -> None:
    """'until X' resumes on the country's next working day: Riyadh skips Eid and Fri–Sat."""
    absence = find_absence("I am on leave until 18 March.", date(2026, 3, 10), "SA")
    assert absence.return_date == date(2026, 3, 25)
    berlin = find_absence("I am on leave until 18 March.", date(2026, 3, 10), "DE")
    assert berlin.return_date == date(2026, 3, 19)


def test_china_spring_festival_make_up_day_counts_as_working() -> None:
    """An official make-up Saturday is a working day in China's calendar."""
    assert next_business_day(date(2026, 2, 27), "CN") == date(2026, 2, 28)


def test_unknown_country_uses_monday_to_friday() -> None:
    """Without a (known) country, the next Mon–Fri day."""
    assert next_business_day(date(2026, 3, 6), None) == date(2026, 3, 9)
    assert next_business_day(date(2026, 3, 6), "XX") == date(2026, 3, 9)


def test_ambiguous_numeric_date_is_uncertain_without_country() -> None:
    """'until 03/04' could be 3 April or 4 March: reported, but uncertain."""
    absence = find_absence("Out of office until 03/04.", date(2026, 3, 2), None)
    assert absence.return_date is not None and absence.certain is False


@pytest.mark.parametrize(("country", "back"), [("US", date(2026, 3, 5)), ("GB", date(2026, 4, 6))])
def test_country_settles_day_month_order(country: str, back: date) -> None:
    """The US reads 03/04 as 4 March, Britain as 3 April (Easter Monday is not UK-wide)."""
    absence = find_absence("Out of office until 03/04.", date(2026, 3, 2), country)
    assert (absence.return_date, absence.certain) == (back, True)


def test_year_is_inferred_across_new_year() -> None:
    """'until 5 January' written on 22 December means next year."""
    absence = find_absence("On holiday until 5 January.", date(2025, 12, 22), "DE")
    assert absence.return_date == date(2026, 1, 6)


def test_dates_outside_the_window_are_dropped() -> None:
    """A stale auto-reply's past date, or one beyond 180 days, gives no return date."""
    assert find_absence("Away until 1 March.", THU, "DE").return_date is None
    assert find_absence("Away until 1 December.", THU, "DE").return_date is None


def test_times_are_not_dates() -> None:
    """'10.30' is a time and '3-4' a range of numbers, not dates."""
    absence = find_absence("Back at the desk at 10.30, call 3-4 times if urgent.", THU, "DE")
    assert absence == Absence(None, None, None)


def test_bare_weekday_resolves_against_receipt() -> None:
    """'back on Monday' in a mail of Thursday 5 March is Monday 9 March."""
    absence = find_absence("I will be back on Monday.", THU, None)
    assert absence == Absence(None, date(2026, 3, 9), True)


def test_consecutive_absences_end_with_the_last_unsure() -> None:
    """Leave, then travel: back after the last period, marked uncertain."""
    text = "On leave until 9 March, then travelling until 13 March."
    assert find_absence(text, THU, "GB") == Absence(None, date(2026, 3, 16), False)


def test_date_bounding_slow_replies_is_not_a_return() -> None:
    """'replies may be delayed until the 20th' leaves the return on the 9th, unsure."""
    text = "Back on 9 March, replies may be delayed until 20 March."
    assert find_absence(text, THU, "GB") == Absence(None, date(2026, 3, 9), False)


def test_hedged_date_is_uncertain() -> None:
    """'voraussichtlich' (presumably) keeps the date but not the certainty."""
    absence = find_absence("Ich bin voraussichtlich ab dem 16.03. wieder im Büro.", THU, "DE")
    assert absence == Absence(None, date(2026, 3, 16), False)


def test_keyword_nearest_the_date_decides() -> None:
    """'wracam do biura 13.04.' is 'back' although 'do' alone means 'until'."""
    absence = find_absence("Wracam do biura 13.04.", date(2026, 4, 7), "PL")
    assert absence == Absence(None, date(2026, 4, 13), True)


def test_from_date_is_a_start_unless_they_are_back_then() -> None:
    """'ab 09.03. nicht im Büro' starts the absence; 'ab 16.03. wieder da' ends it."""
    text = "Ich werde ab 09.03.2026 nicht im Büro sein. Ich kehre zurück am 23.03.2026."
    assert find_absence(text, date(2026, 3, 9), "DE") == Absence(
        date(2026, 3, 9), date(2026, 3, 23), True
    )


def test_range_start_is_reported() -> None:
    """The first date of a range is the start of the absence."""
    absence = find_absence("Away from 2 March until 13 March.", THU, "GB")
    assert absence.start == date(2026, 3, 2) and absence.return_date == date(2026, 3, 16)
