"""Customer CSV parsing: cell values, layouts, and row/column problems (no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from mailbot.domain import crm_values as v
from mailbot.domain.crm_columns import detect_layout
from mailbot.domain.crm_csv import Rules, read_customers, to_row
from mailbot.domain.parties import Us

DATA = Path(__file__).parents[1] / "data" / "crm"
US = Us(frozenset({"sales@gmuv-lighting.cn"}), frozenset({"gmuv-lighting.cn"}))
RULES = Rules(US, ("vip", "regular", "potential"))


def read(text: str, layout: str = "auto", date_order: str | None = None):
    return read_customers(text, layout, Rules(US, RULES.tiers, date_order))


def read_file(name: str, **kw):
    return read(DATA.joinpath(name).read_bytes().decode("utf-8-sig"), **kw)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Germany", "DE"), ("de", "DE"), ("DEU", "DE"), ("United States", "US"), ("USA", "US"),
     ("UK", "GB"), ("United Kingdom", "GB"), ("Türkiye", "TR"), ("Turkey", "TR"),
     ("South Korea", "KR"), ("Russia", "RU"), ("UAE", "AE"), ("Saudi Arabia", "SA"),
     ("Brasil", "BR"), ("中国", "CN"), ("Viet Nam", "VN"), ("Taiwan", "TW")],
)  # fmt: skip
def test_country_names_and_codes(text, code):
    """Alpha-2, alpha-3, English names and the common short names all give ISO alpha-2."""
    assert v.country(text) == code


def test_unknown_country_is_refused_not_guessed():
    """A typo is an error, not the nearest match."""
    with pytest.raises(v.CellError, match="unknown country 'Germny'"):
        v.country("Germny")


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [("BY", "DE", ("DE", "BY")), ("Bayern", "DE", ("DE", "BY")), ("US-CA", None, ("US", "CA")),
     ("california", "US", ("US", "CA")), ("Tamil Nadu", "IN", ("IN", "TN")),
     ("Guangdong", "CN", ("CN", "GD")), ("SA-01", "SA", ("SA", "01")),
     ("Tokyo", "JP", ("JP", "13"))],
)  # fmt: skip
def test_subdivisions_by_code_or_name(text, country, expected):
    """Codes, full ISO 3166-2 codes and names (accents and 'Sheng' optional) resolve."""
    assert v.subdivision(text, country) == expected


def test_subdivision_needs_its_country():
    """A bare name cannot be placed without a country; a full code from elsewhere is refused."""
    with pytest.raises(v.CellError, match="needs a country"):
        v.subdivision("Bayern", None)
    with pytest.raises(v.CellError, match="not in country DE"):
        v.subdivision("US-CA", "DE")


def test_languages_codes_names_and_locales():
    """Codes, English names and locale tags become unique ISO 639-1 codes in order."""
    assert v.languages("German; en, zh-CN, Mandarin, pt_BR, de") == ["de", "en", "zh", "pt"]
    with pytest.raises(v.CellError, match="Klingonish"):
        v.languages("en, Klingonish")


def test_time_zones_are_iana_names():
    assert v.timezone("asia/riyadh") == "Asia/Riyadh"
    with pytest.raises(v.CellError, match="IANA"):
        v.timezone("GMT+3 Riyadh")


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [("1980-03-25", None, date(1980, 3, 25)), ("25/03/1980", None, date(1980, 3, 25)),
     ("03/25/1980", None, date(1980, 3, 25)), ("05/05/1980", None, date(1980, 5, 5)),
     ("03/04/1980", "dmy", date(1980, 4, 3)), ("03/04/1980", "mdy", date(1980, 3, 4)),
     ("24.12.1990", None, date(1990, 12, 24))],
)  # fmt: skip
def test_dates(text, order, expected):
    """ISO always; d/m/y forms when they read one way or the order is given."""
    assert v.a_date(text, order) == expected


@pytest.mark.parametrize(
    ("text", "order", "message"),
    [("03/04/1980", None, "ambiguous"), ("31/02/2020", "dmy", "not a valid date"),
     ("25/03/1980", "mdy", "not a valid date"), ("March 3rd", None, "not a date")],
)  # fmt: skip
def test_bad_dates(text, order, message):
    with pytest.raises(v.CellError, match=message):
        v.a_date(text, order)


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [("089 1234567", "DE", "+49891234567"), ("0049 89 1234567", None, "+49891234567"),
     ("+86 755 8888 1234", "DE", "+8675588881234"), ("(212) 555-0147", "US", "+12125550147"),
     ("089 1234567", None, "089 1234567"), ("ask reception", "DE", "ask reception")],
)  # fmt: skip
def test_phones_normalised_when_parseable(text, region, expected):
    """E.164 with the row's country as default region; otherwise kept as written."""
    assert v.phone(text, region) == expected


def test_domains_from_web_addresses():
    assert v.domain("https://www.Acme-Lighting.de/en/") == "acme-lighting.de"
    assert v.domain("@acme.co.uk") == "acme.co.uk"
    with pytest.raises(v.CellError):
        v.domain("not a site")


@pytest.mark.parametrize(
    ("header", "layout"),
    [(["email", "name", "country"], "generic"), (["domain", "tier"], "generic"),
     (["Record Id", "First Name", "Last Name", "Email", "Mailing Country"], "zoho-contacts"),
     (["Record Id", "Account Name", "Website", "Billing Country", "Rating"], "zoho-accounts")],
)  # fmt: skip
def test_layout_detection(header, layout):
    assert detect_layout(header).name == layout


def test_unknown_header_asks_for_layout():
    """A header that is none of ours is one problem on row 1 naming the choices."""
    out = read("Name,Telephone\nHans,123\n")
    (problem,) = out.problems
    assert (problem.row, problem.column) == (1, "")
    assert "pass --layout generic|zoho-contacts|zoho-accounts" in problem.message
    assert out.customers == {}


def test_generic_file_with_bom_and_scripts():
    """The Excel-style fixture: every customer, keyed by domain or free-mail address."""
    out = read_file("generic.csv")
    assert out.problems == [] and out.layout == "generic"
    assert set(out.customers) == {
        "acme-lighting.de", "shenzhou-uv.com.cn", "alnoor-trading.sa", "sakura-denki.co.jp",
        "joao.silva@gmail.com", "isik-aydinlatma.com.tr", "brightway.co.uk",
    }  # fmt: skip
    acme = out.customers["acme-lighting.de"]
    assert acme.fields["subdivision"] == "BY" and acme.fields["languages"] == ["de", "en"]
    assert acme.fields["last_order"] == date(2026, 1, 15) and acme.fields["order_count"] == 7
    hans = acme.contacts["hans.mueller@acme-lighting.de"]
    assert hans.fields == {
        "name": "Hans Müller", "birthday": date(1975, 4, 12),
        "phone": "+49891234567", "whatsapp": "+4915123456789",
    }  # fmt: skip
    assert out.customers["joao.silva@gmail.com"].kind == "person"
    assert out.customers["alnoor-trading.sa"].fields["name"] == "شركة النور للتجارة"
    turkish = out.customers["isik-aydinlatma.com.tr"]
    assert turkish.contacts == {} and turkish.fields["phone"] == "+902125551234"
    assert (
        out.customers["brightway.co.uk"].contacts["unsubscribed.buyer@brightway.co.uk"].opt_out_row
        == 9
    )


def test_zoho_contacts_export():
    """Names joined, Account Name is the company, Secondary Email a contact of its own."""
    out = read_file("zoho_contacts.csv")
    assert out.problems == [] and out.layout == "zoho-contacts"
    surya = out.customers["surya-lighting.in"]
    assert surya.fields == {
        "name": "Surya Lighting Pvt Ltd", "country": "IN", "subdivision": "MH",
        "notes": "Asks for CIF Nhava Sheva",
    }  # fmt: skip
    rajesh = surya.contacts["rajesh@surya-lighting.in"]
    assert rajesh.fields["name"] == "Rajesh Kumar" and rajesh.fields["birthday"] == date(
        1979, 8, 23
    )
    assert out.customers["rajesh.kumar@gmail.com"].contacts["rajesh.kumar@gmail.com"].fields == {
        "name": "Rajesh Kumar"
    }
    assert (
        out.customers["lumiere-distribution.fr"]
        .contacts["s.martin@lumiere-distribution.fr"]
        .opt_out_row
        == 3
    )
    assert "row 5: skipped: no email, domain or website to match by" in out.warnings
    (unused,) = [w for w in out.warnings if w.startswith("columns not imported")]
    assert "Record Id" in unused and "Mailing Country" not in unused


def test_zoho_mobile_is_the_phone_when_phone_is_empty():
    out = read("First Name,Last Name,Email,Phone,Mobile,Mailing Country\n"
               "Ana,Ruiz,ana@luz.es,,612 345 678,Spain\n")  # fmt: skip
    assert out.customers["luz.es"].contacts["ana@luz.es"].fields["phone"] == "+34612345678"


def test_zoho_accounts_rating_and_type_do_not_become_tiers():
    """Rating/Account Type are listed as not imported; a free-text state only warns."""
    out = read_file("zoho_accounts.csv")
    assert out.problems == [] and out.layout == "zoho-accounts"
    assert set(out.customers) == {"surya-lighting.in", "desertlight.ae", "sunshine-importers.com"}
    assert all("tier" not in c.fields for c in out.customers.values())
    assert out.customers["sunshine-importers.com"].fields["subdivision"] == "NY"
    assert out.customers["surya-lighting.in"].fields["phone"] == "+912223456700"
    assert "subdivision" not in out.customers["desertlight.ae"].fields
    assert any("'Billing State': unknown subdivision 'Dubai'" in w for w in out.warnings)
    assert any("Rating" in w and "Account Type" in w for w in out.warnings)


def test_every_problem_names_row_and_column():
    out = read_file("generic_errors.csv")
    assert [str(p) for p in out.problems] == [
        "row 3, column 'country': unknown country 'Germny'",
        "row 3, column 'tier': unknown tier 'gold' (one of: vip, regular, potential)",
        "row 4, column 'email': not an email address: 'not-an-email'",
        "row 5, column 'timezone': unknown time zone 'Mars/Olympus' "
        "(use an IANA name like Europe/Berlin)",
        "row 5, column 'languages': unknown language 'Klingonish' "
        "(use ISO 639-1 codes like 'de' or names)",
        "row 5, column 'stage': unknown stage 'customer' "
        "(one of: lead, first_purchase, repeat, loyal, dormant)",
        "row 5, column 'birthday': ambiguous date '03/04/1980': day or month first? "
        "pass --date-format dmy or mdy",
        "row 5, column 'order_count': not a whole number ≥ 0: '-2'",
        "row 6, column 'country': 'DE' disagrees with row 5 ('FR') for partner.fr",
    ]
    assert out.warnings[0] == "columns not imported (generic layout): Favourite Colour"


def test_date_format_resolves_ambiguity():
    text = "email,birthday\na@b-corp.de,03/04/1980\n"
    assert read(text, date_order="dmy").customers["b-corp.de"].contacts["a@b-corp.de"].fields[
        "birthday"
    ] == date(1980, 4, 3)


def test_contact_values_need_an_email():
    out = read("domain,name,phone,company\nacme.de,Hans,089 123,ACME\n")
    assert [str(p) for p in out.problems] == [
        "row 2, column 'name': a contact's value needs an email in the same row; "
        "the company's name goes in 'company'",
        "row 2, column 'phone': a contact's value needs an email in the same row; "
        "the company's phone goes in 'company_phone'",
    ]


def test_keys_that_are_not_customers():
    out = read("email,domain\nsales@gmuv-lighting.cn,\n,gmail.com\n,gmuv-lighting.cn\n"
               "hans@acme.de,acme.com\n")  # fmt: skip
    assert [str(p) for p in out.problems] == [
        "row 2, column 'email': sales@gmuv-lighting.cn is our own or an automated address, "
        "not a customer",
        "row 3, column 'domain': gmail.com is free mail, not a company: give the person's email",
        "row 4, column 'domain': gmuv-lighting.cn is one of our own domains",
        "row 5, column 'domain': 'acme.com' is not the domain of hans@acme.de (acme.de)",
    ]


def test_rows_of_one_customer_merge_and_notes_add_up():
    out = read("email,company,notes\na@acme.de,ACME,pays late\nb@acme.de,ACME,likes calls\n"
               "c@acme.de,,pays late\n")  # fmt: skip
    assert out.problems == []
    acme = out.customers["acme.de"]
    assert acme.fields == {"name": "ACME", "notes": "pays late\nlikes calls"}
    assert set(acme.contacts) == {"a@acme.de", "b@acme.de", "c@acme.de"}


def test_semicolon_file_as_excel_writes_it_in_europe():
    out = read_file("excel_semicolon.csv")
    assert out.problems == []
    ivan = out.customers["svet.ru"].contacts["ivan.petrov@svet.ru"]
    assert ivan.fields == {"name": "Иван Петров", "birthday": date(1982, 5, 5),
                           "phone": "+74951234567"}  # fmt: skip
    assert out.customers["swiatlo.pl"].fields["country"] == "PL"


def test_file_level_problems():
    assert [str(p) for p in read("").problems] == [
        "row 1: no header row: the first row must name the columns"
    ]
    dup = read("email,Email\na@acme.de,a@acme.de\n")
    assert [str(p) for p in dup.problems] == ["row 1, column 'Email': this column appears twice"]
    extra = read("email,name\na@acme.de,A,surplus\n")
    assert [str(p) for p in extra.problems] == ["row 2: 3 cells but the header has 2"]
    no_key = read("name,country\nA,DE\n", layout="generic")
    assert "nothing to match customers by" in str(no_key.problems[0])


def test_subdivision_gives_the_country_when_the_row_has_none():
    out = read("domain,subdivision\nsunny.com,US-FL\n")
    assert out.customers["sunny.com"].fields == {"country": "US", "subdivision": "FL"}


def test_export_row_cells():
    row = to_row({"email": "a@acme.de", "languages": ["de", "en"], "birthday": date(1980, 1, 2),
                  "order_count": 0, "opt_out": True, "tier": None})  # fmt: skip
    assert row[0] == "a@acme.de" and "de,en" in row and "1980-01-02" in row
    assert row[-1] == "yes" and v.show(False) == "" and v.show(0) == "0"
