"""The variables a mail template sees, built from plain facts: pure, `now` is an argument.

Every value is data, never template source: Jinja prints a contact called
`{{ 7*7 }}` literally. One-line values (names, subjects, references) additionally
lose control characters (CR, LF, NUL, Unicode line separators), so no customer data
can break a line anywhere; only the signature keeps its line breaks.

Dates are the customer's: our last message's date in their time zone, the offer's
expiry `offer_days` of their business days after the send moment, both written by
Babel for their language (and country, where the locale exists: `en_IN` writes
"20 November 2026", `en_US` "November 20, 2026").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from mailbot.domain.calendar import BusinessCalendar

DEFAULT_OFFER_DAYS = 5
DATE_FORMAT = "long"  # "20. November 2026", "20 novembre 2026", "November 20, 2026"
_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
_EMAILISH = re.compile(r"\S+@\S+")

# Occasion names per language (nominative, as the templates use them); English is
# the occasion table's own label. Templates may also branch on `occasion_key`.
OCCASION_NAMES: dict[str, dict[str, str]] = {
    "de": {"christmas": "Weihnachten", "new_year": "Neujahr", "thanksgiving": "Thanksgiving",
           "ramadan_start": "Ramadan", "eid_al_fitr": "Eid al-Fitr", "eid_al_adha": "Eid al-Adha",
           "rosh_hashanah": "Rosch Haschana", "pesach": "Pessach", "seollal": "Seollal",
           "chuseok": "Chuseok", "lunar_new_year": "Mondneujahr",
           "mid_autumn": "Mittherbstfest", "diwali": "Diwali"},
    "es": {"christmas": "Navidad", "new_year": "Año Nuevo", "thanksgiving": "Acción de Gracias",
           "ramadan_start": "Ramadán", "eid_al_fitr": "Eid al-Fitr", "eid_al_adha": "Eid al-Adha",
           "rosh_hashanah": "Rosh Hashaná", "pesach": "Pésaj", "seollal": "Seollal",
           "chuseok": "Chuseok", "lunar_new_year": "Año Nuevo Lunar",
           "mid_autumn": "Festival del Medio Otoño", "diwali": "Diwali"},
    "pt": {"christmas": "Natal", "new_year": "Ano Novo", "thanksgiving": "Ação de Graças",
           "ramadan_start": "Ramadã", "eid_al_fitr": "Eid al-Fitr", "eid_al_adha": "Eid al-Adha",
           "rosh_hashanah": "Rosh Hashaná", "pesach": "Pessach", "seollal": "Seollal",
           "chuseok": "Chuseok", "lunar_new_year": "Ano Novo Lunar",
           "mid_autumn": "Festival do Meio do Outono", "diwali": "Diwali"},
    # French names carry their article ("à l'occasion de la fête de Diwali").
    "fr": {"christmas": "Noël", "new_year": "la nouvelle année",
           "thanksgiving": "la fête de Thanksgiving", "ramadan_start": "l'arrivée du Ramadan",
           "eid_al_fitr": "la fête de l'Aïd el-Fitr", "eid_al_adha": "la fête de l'Aïd el-Adha",
           "rosh_hashanah": "la fête de Roch Hachana", "pesach": "la fête de Pessa'h",
           "seollal": "la fête de Seollal", "chuseok": "la fête de Chuseok",
           "lunar_new_year": "la fête du Nouvel An lunaire",
           "mid_autumn": "la fête de la Mi-Automne", "diwali": "la fête de Diwali"},
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MailFacts:
    """What one mail is about, as plain values (the store or a sample fills it)."""

    contact_name: str = ""  # the person written to; "" when unknown
    company: str = ""  # the customer's company name
    our_company: str = ""
    thread_subject: str = ""  # without Re:/AW: prefixes
    last_sent: datetime | None = None  # our last message in the thread (aware)
    signature: str = ""  # the sending mailbox's signature, may span lines
    occasion_key: str = ""  # "christmas", "birthday", "first_order"… (greetings)
    occasion: str = ""  # the occasion's English label
    years: int = 0  # anniversaries: years since the first order
    order_ref: str = ""  # care mails
    tracking: str = ""


VARIABLES: dict[str, str] = {
    "contact_name": 'the contact\'s name ("" when unknown)',
    "company": "the customer's company name",
    "our_company": "our company's name ([company].name)",
    "thread_subject": "the conversation's subject, without Re:/AW:",
    "last_sent": "our last message's date in the customer's zone and language (\"\" if none)",
    "offer_expiry": "the date N customer business days after the send moment",
    "signature": "the sending mailbox's signature (several lines)",
    "occasion": "greetings: the occasion's name in the customer's language",
    "occasion_key": "greetings: christmas, diwali, eid_al_fitr, birthday, first_order…",
    "years": "anniversary: years since the first order (0 otherwise)",
    "order_ref": "care: the order reference",
    "tracking": "care: the tracking number or link",
    "language": "the language the template is rendered in",
}


def mail_context(
    facts: MailFacts,
    calendar: BusinessCalendar,
    now: datetime,
    language: str,
    offer_days: int = DEFAULT_OFFER_DAYS,
) -> dict[str, Any]:
    """The template variables for `facts`, sent at `now` to a customer on `calendar`."""
    locale = babel_locale(language, calendar.country)
    expiry = calendar.add_business_days(now, offer_days).astimezone(calendar.zone).date()
    last = facts.last_sent.astimezone(calendar.zone).date() if facts.last_sent else None
    return {
        "contact_name": salutation_name(facts.contact_name),
        "company": one_line(facts.company),
        "our_company": one_line(facts.our_company),
        "thread_subject": one_line(facts.thread_subject),
        "last_sent": local_date(last, locale) if last else "",
        "offer_expiry": local_date(expiry, locale),
        "signature": multi_line(facts.signature),
        "occasion": one_line(occasion_name(facts.occasion_key, facts.occasion, language)),
        "occasion_key": one_line(facts.occasion_key),
        "years": facts.years,
        "order_ref": one_line(facts.order_ref),
        "tracking": one_line(facts.tracking),
        "language": language,
    }


def babel_locale(language: str, country: str | None = None) -> Locale:
    """`language_COUNTRY` when Babel knows it (en_IN, pt_BR), else the language, else en."""
    for tag in (f"{language}_{country}" if country else None, language):
        if tag:
            try:
                return Locale.parse(tag)
            except (UnknownLocaleError, ValueError):
                continue
    return Locale.parse("en")


def local_date(day: date, locale: Locale | str) -> str:
    return format_date(day, format=DATE_FORMAT, locale=locale)


def occasion_name(key: str, label: str, language: str) -> str:
    return OCCASION_NAMES.get(language, {}).get(key, label)


def one_line(value: str) -> str:
    """Control characters and line breaks become one space; ends trimmed."""
    return " ".join(_CONTROL.sub(" ", value or "").split())


def multi_line(value: str) -> str:
    """Line breaks kept (as \\n), every other control character dropped."""
    lines = (value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_CONTROL.sub("", line).rstrip() for line in lines).strip("\n")


def salutation_name(name: str) -> str:
    """A display name fit for "Dear …": "Müller, Hans" → "Hans Müller"; an address → ""."""
    text = one_line(name).strip("\"' ")
    if not text or _EMAILISH.fullmatch(text):
        return ""
    last, sep, first = text.partition(",")
    if sep and first.strip() and "," not in first and " " not in last.strip():
        text = f"{first.strip()} {last.strip()}"
    return text


SAMPLE_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
SAMPLE_FACTS = MailFacts(
    contact_name="Maria Schmidt",
    company="Acme Lighting GmbH",
    our_company="Guangming UV Lighting Co., Ltd.",
    thread_subject="Quotation UV-C 254 nm tubes",
    last_sent=datetime(2026, 11, 12, 3, 30, tzinfo=UTC),
    signature="Anna Li\nSales Manager\nGuangming UV Lighting Co., Ltd.",
    occasion_key="christmas",
    occasion="Christmas",
    years=3,
    order_ref="PO-2026-0815",
    tracking="1Z999AA10123456784",
)
SPARSE_FACTS = MailFacts()  # every optional value empty: templates must still render


def sample_contexts(language: str) -> list[dict[str, Any]]:
    """Full contexts (Christmas, then another occasion) and an all-empty one:
    `mailbot check` renders every file with each, so every branch meets real values."""
    cal = BusinessCalendar(None)
    eid = replace(SAMPLE_FACTS, occasion_key="eid_al_fitr", occasion="Eid al-Fitr", years=1)
    return [mail_context(f, cal, SAMPLE_NOW, language) for f in (SAMPLE_FACTS, eid, SPARSE_FACTS)]
