"""Mail templates: the shipped set renders everywhere, errors name file and line,
customer data stays data, languages fall back to English, dates read as locals write them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from mailbot.config import parse_config
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.mailcontext import (
    SAMPLE_FACTS,
    SAMPLE_NOW,
    MailFacts,
    babel_locale,
    local_date,
    mail_context,
    salutation_name,
    sample_contexts,
)
from mailbot.services.templates import (
    PACKAGE_DIR,
    TemplateError,
    Templates,
    check_config_templates,
    render,
)

SHIPPED = Templates().files()
FOLLOWUPS = ("gentle_reminder", "limited_offer", "last_try")
GREETINGS = ("holiday", "birthday", "anniversary")
CARE = ("shipping_notice", "arrival_check", "usage_tips", "satisfaction_check", "reorder_reminder")


def _write(root, rel, text):
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _context(language="en", **changes):
    return mail_context(
        replace(SAMPLE_FACTS, **changes), BusinessCalendar("DE"), SAMPLE_NOW, language
    )


GOOD = "{% block subject %}Hi{% endblock %}\n{% block text %}\nHello\n{% endblock %}\n"


# -- the shipped set ----------------------------------------------------------------


def test_the_shipped_set_is_complete():
    """English has every kind; de/es/pt/fr have every follow-up and greeting."""
    have = {(f.language, f.name) for f in SHIPPED}
    names = [f"followup/{n}" for n in FOLLOWUPS] + [f"greeting/{n}" for n in GREETINGS]
    for name in [*names, *(f"care/{n}" for n in CARE)]:
        assert ("en", name) in have
    for lang in ("de", "es", "pt", "fr"):
        for name in names:
            assert (lang, name) in have, (lang, name)


@pytest.mark.parametrize("f", SHIPPED, ids=lambda f: f"{f.language}/{f.name}")
def test_every_shipped_template_renders_with_the_sample_contexts(f):
    """Full and empty sample contexts: a one-line subject, tidy text, no Jinja left over."""
    for context in sample_contexts(f.language):
        r = Templates().render(f.name, f.language, context)
        assert r.language_used == f.language and r.file == str(f.path)
        assert r.subject and "\n" not in r.subject and "\r" not in r.subject
        assert r.text.endswith("\n") and not r.text.endswith("\n\n")
        assert "\n\n\n" not in r.text and "{" not in r.text + r.subject
        assert r.html is None


def test_the_shipped_set_passes_check():
    """`check` finds no problem and no stray file in the package."""
    assert Templates().check(sample_contexts) == []


def test_follow_ups_use_the_context():
    """The sample's values appear where a reader expects them, in the customer's language."""
    de = Templates().render("followup/gentle_reminder", "de", _context("de"))
    assert de.text.startswith("Guten Tag Maria Schmidt,\n\nich wollte")
    assert "vom 12. November 2026" in de.text and de.text.rstrip().endswith("Co., Ltd.")
    offer = Templates().render("followup/limited_offer", "fr", _context("fr"))
    assert "d'ici le 27 novembre 2026" in offer.text


# -- errors name the file and the line ----------------------------------------------


def test_an_undefined_variable_names_file_and_line(tmp_path):
    """StrictUndefined: a misspelt variable is an error, never an empty string."""
    text = GOOD.replace("Hello", "Hello\n{{ contcat_name }}")
    path = _write(tmp_path, "en/followup/gentle_reminder.txt.j2", text)
    with pytest.raises(TemplateError) as caught:
        Templates(tmp_path).render("followup/gentle_reminder", "en", _context())
    err = caught.value
    assert (err.file, err.line) == (str(path), 4) and "contcat_name" in err.message
    assert str(err).startswith(f"{path}:4: ") and err.exit_code == 2


def test_a_syntax_error_names_file_and_line(tmp_path):
    path = _write(tmp_path, "de/followup/last_try.txt.j2", GOOD.replace("Hello", "{% if %}"))
    with pytest.raises(TemplateError) as caught:
        Templates(tmp_path).render("followup/last_try", "de", _context("de"))
    assert (caught.value.file, caught.value.line) == (str(path), 3)


def test_a_missing_block_is_an_error(tmp_path):
    path = _write(tmp_path, "en/care/usage_tips.txt.j2", "{% block text %}x{% endblock %}")
    with pytest.raises(TemplateError, match="block subject") as caught:
        Templates(tmp_path).render("care/usage_tips", "en", _context())
    assert caught.value.file == str(path)


def test_check_lists_every_broken_file_and_strays(tmp_path):
    """One problem per broken file, with file and line; a misplaced file is not ignored silently."""
    bad = _write(tmp_path, "en/followup/last_try.txt.j2", GOOD.replace("Hello", "{{ nope }}"))
    worse = _write(tmp_path, "es/greeting/birthday.txt.j2", "{% block subject %}{% endblok %}")
    stray = _write(tmp_path, "followup/gentle_reminder.txt.j2", GOOD)
    problems = Templates(tmp_path).check(sample_contexts)
    shown = sorted(str(p) for p in problems)
    assert len(problems) == 3
    assert any(s.startswith(f"{bad}:3: undefined variable") for s in shown)
    assert any(s.startswith(f"{worse}:1: ") for s in shown)
    assert any(s.startswith(f"{stray}: ignored") for s in shown)


def test_check_finds_follow_up_stages_without_an_english_template():
    config = parse_config({"tiers": [{"name": "all", "followups": [
        {"template": "gentle_reminder"}, {"template": "big_discount"}]}]})  # fmt: skip
    problems = check_config_templates(config, Templates())
    assert [p.message for p in problems] == [
        "tiers.all.followups[1].template: no template followup/big_discount in en "
        "(the fallback language)"
    ]


def test_the_sandbox_refuses_attribute_tricks(tmp_path):
    text = GOOD.replace("Hello", "{{ ''.__class__.__mro__ }}")
    _write(tmp_path, "en/followup/last_try.txt.j2", text)
    with pytest.raises(TemplateError, match="unsafe"):
        Templates(tmp_path).render("followup/last_try", "en", _context())


# -- customer data is data ----------------------------------------------------------


EVIL = "{{ 7*7 }} {% raw %}\r\nBcc: x@evil.example\r\n"


@pytest.mark.parametrize("f", [f for f in SHIPPED if f.language == "en"], ids=lambda f: f.name)
def test_injected_values_stay_data_and_never_break_the_subject(f):
    """Jinja syntax in a value prints literally; CR/LF can never start a header line."""
    context = _context(contact_name=EVIL, company=EVIL, thread_subject=EVIL, order_ref=EVIL,
                       tracking=EVIL, occasion=EVIL, signature=EVIL)  # fmt: skip
    r = Templates().render(f.name, "en", context)
    assert "\r" not in r.subject and "\n" not in r.subject and "\r" not in r.text
    assert "49" not in r.subject + r.text
    assert not any(line.startswith("Bcc:") for line in r.text.splitlines()[:3])
    if f.name.startswith("followup/"):
        assert "{{ 7*7 }} {% raw %} Bcc: x@evil.example" in r.subject
        assert "Hi {{ 7*7 }} {% raw %} Bcc: x@evil.example,\n" in r.text


def test_a_raw_context_cannot_put_a_line_break_in_the_subject():
    """Even bypassing the context builder, the rendered subject is one line."""
    raw = {**_context(), "thread_subject": "Offer\r\nBcc: x@evil.example\x00"}
    r = render("followup/gentle_reminder", "en", raw)
    assert r.subject == "Offer Bcc: x@evil.example"


def test_html_is_autoescaped_and_text_is_not(tmp_path):
    html = GOOD + "{% block html %}<p>{{ contact_name }}</p>{% endblock %}\n"
    _write(tmp_path, "en/greeting/birthday.txt.j2", html.replace("Hello", "{{ contact_name }}"))
    r = Templates(tmp_path).render("greeting/birthday", "en", _context(contact_name="<b>A&B</b>"))
    assert r.html == "<p>&lt;b&gt;A&amp;B&lt;/b&gt;</p>\n"
    assert r.text == "<b>A&B</b>\n"


# -- languages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "used"),
    [(["de"], "de"), (["vi", "ja"], "en"), (["it", "fr"], "fr"), (["pt-BR"], "pt"),
     ("ES", "es"), ([], "en")],
)  # fmt: skip
def test_the_first_language_with_a_file_wins_else_english(wanted, used):
    assert render("followup/last_try", wanted, _context(used)).language_used == used


def test_care_mails_fall_back_to_english():
    r = render("care/arrival_check", ["de"], _context("de"))
    assert r.language_used == "en" and r.file.endswith("en/care/arrival_check.txt.j2")


def test_an_override_shadows_one_file_and_keeps_the_rest(tmp_path):
    path = _write(tmp_path, "de/followup/last_try.txt.j2", GOOD)
    t = Templates(tmp_path)
    assert t.render("followup/last_try", "de", _context("de")).file == str(path)
    other = t.render("followup/gentle_reminder", "de", _context("de"))
    assert other.file == str(PACKAGE_DIR / "de/followup/gentle_reminder.txt.j2")
    assert len(t.files()) == len(SHIPPED)


def test_names_resolve_with_or_without_their_kind():
    t = Templates()
    assert t.resolve("last_try") == "followup/last_try"
    assert t.resolve("care/usage_tips") == "care/usage_tips"
    with pytest.raises(TemplateError, match="is no template"):
        t.resolve("big_discount")


def test_a_template_missing_everywhere_is_an_error():
    with pytest.raises(TemplateError, match="no template followup/nothing_here"):
        render("followup/nothing_here", "de", _context())


# -- the context ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "country", "text"),
    [("de", None, "12. November 2026"), ("fr", None, "12 novembre 2026"),
     ("pt", "BR", "12 de novembro de 2026"), ("en", None, "November 12, 2026"),
     ("en", "US", "November 12, 2026"), ("en", "IN", "12 November 2026"),
     ("es", "MX", "12 de noviembre de 2026"), ("en", "XX", "November 12, 2026")],
)  # fmt: skip
def test_dates_are_written_as_the_customer_writes_them(language, country, text):
    assert local_date(date(2026, 11, 12), babel_locale(language, country)) == text


def test_last_sent_is_the_date_in_the_customers_zone():
    """23:30 UTC on the 12th is already the 13th in Tokyo."""
    facts = MailFacts(last_sent=datetime(2026, 11, 12, 23, 30, tzinfo=UTC))
    ctx = mail_context(facts, BusinessCalendar("JP"), SAMPLE_NOW, "en")
    assert ctx["last_sent"] == "November 13, 2026"


@pytest.mark.parametrize(
    ("country", "expiry"),
    [("DE", "27. November 2026"),  # Fri 09:00 Berlin, opening time: Fri…Thu, ends Fri 27
     ("SA", "29. November 2026")],  # Friday is the weekend: Sun 22…Thu 26, ends Sun 29
)  # fmt: skip
def test_offer_expiry_counts_the_customers_business_days(country, expiry):
    """From Friday 20 Nov 2026, 08:00 UTC: five of the customer's business days later."""
    cal = BusinessCalendar(country)
    ctx = mail_context(MailFacts(), cal, datetime(2026, 11, 20, 8, 0, tzinfo=UTC), "de",
                       offer_days=5)  # fmt: skip
    end = cal.add_business_days(datetime(2026, 11, 20, 8, 0, tzinfo=UTC), 5)
    assert ctx["offer_expiry"] == local_date(end.astimezone(cal.zone).date(), "de")
    assert ctx["offer_expiry"] == expiry


def test_names_are_fit_for_a_salutation():
    assert salutation_name("Müller, Hans") == "Hans Müller"
    assert salutation_name('"Anil Reddy"') == "Anil Reddy"
    assert salutation_name("hans.mueller@example.de") == ""
    assert salutation_name("Sales\r\nBcc: x@evil.example") == "Sales Bcc: x@evil.example"
    assert salutation_name("Smith, Jones, and Partners") == "Smith, Jones, and Partners"


def test_occasions_are_named_in_the_customers_language():
    facts = MailFacts(occasion_key="christmas", occasion="Christmas")
    cal = BusinessCalendar("DE")
    assert mail_context(facts, cal, SAMPLE_NOW, "de")["occasion"] == "Weihnachten"
    assert mail_context(facts, cal, SAMPLE_NOW, "en")["occasion"] == "Christmas"
    assert mail_context(facts, cal, SAMPLE_NOW, "vi")["occasion"] == "Christmas"
