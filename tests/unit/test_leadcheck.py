"""The pure lead check: address clues, DNS facts → verdict/score/reasons, and the gate.

DNS facts are built by hand here (the adapter's real answers are tested against
dnsmasq in tests/integration/test_lead_verification.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mailbot.domain.leadcheck import (
    FAILED,
    NODATA,
    NXDOMAIN,
    OK,
    Answer,
    LeadFacts,
    MailDomain,
    judge,
    mx_hosts,
    needs_dns,
)
from mailbot.domain.leadclues import (
    brand,
    is_disposable,
    is_role,
    named_websites,
    read_address,
    same_company_site,
)
from mailbot.domain.leadgate import LeadView, gate, lead_for
from mailbot.domain.planner import Decision

DISPOSABLE = frozenset({"mailinator.com", "10minutemail.com"})
UP = Answer(OK, ("192.0.2.1",))
GOOD_MX = Answer(OK, ("10 mx1.acme-lighting.de.",))


def good_mail(domain: str = "acme-lighting.de", website: Answer | None = UP) -> MailDomain:
    return MailDomain(domain, GOOD_MX, {"mx1.acme-lighting.de": UP}, website=website)


def check(address: str, mail: MailDomain | None = None, **facts: object):
    return judge(LeadFacts(read_address(address), mail, **facts), DISPOSABLE)  # type: ignore[arg-type]


# --- clues before DNS ---------------------------------------------------------------------


def test_read_address_normalises_case_and_idna():
    """Domain to ASCII (IDNA) and everything lower case, as the store keeps addresses."""
    a = read_address("  Hans.Mueller@Müller-Licht.DE ")
    assert (a.email, a.local, a.domain, a.error) == (
        "hans.mueller@xn--mller-licht-thb.de",
        "hans.mueller",
        "xn--mller-licht-thb.de",
        "",
    )


@pytest.mark.parametrize("text", ["hans", "hans@", "a..b@acme.de", "x@localhost", "a@b@c.de"])
def test_bad_syntax_is_invalid_with_the_validators_words(text):
    """Not an address at all: invalid, score 0, the reason says what is wrong; no DNS."""
    v = check(text)
    assert (v.verdict, v.score) == ("invalid", 0.0)
    assert v.reasons[0].startswith("not a valid address: ") and len(v.reasons[0]) > 25
    assert not needs_dns(read_address(text), DISPOSABLE)


@pytest.mark.parametrize(
    ("local", "role"),
    [("info", True), ("sales.de", True), ("info+web", True), ("purchasing", True),
     ("hans.mueller", False), ("information", False), ("anna", False)],
)  # fmt: skip
def test_role_mailboxes(local, role):
    """Shared mailboxes by their first word; a person's name is not one."""
    assert is_role(local) is role


def test_disposable_matches_the_domain_and_its_subdomains_only():
    """x.mailinator.com is mailinator; notmailinator.com is not."""
    assert is_disposable("mailinator.com", DISPOSABLE)
    assert is_disposable("inbox.Mailinator.com", DISPOSABLE)
    assert not is_disposable("notmailinator.com", DISPOSABLE)
    assert not is_disposable("com", DISPOSABLE)


def test_named_websites_from_links_and_www_without_networks_or_ignored():
    """Links and www. names, first seen first, once each; no LinkedIn, no own domain."""
    texts = [
        "See https://www.Acme-Lighting.de/products?x=1 and www.acme-lighting.de.",
        "Hans Müller | www.acme-group.com | https://linkedin.com/in/hans | "
        "https://shop.gmuv-lighting.cn/x | mail: hans@acme.de | catalog.pdf",
        "<http://ghost-trading.example.com>",
    ]
    assert named_websites(texts, ignore={"gmuv-lighting.cn"}) == [
        "www.acme-lighting.de", "www.acme-group.com", "ghost-trading.example.com"]  # fmt: skip


def test_same_company_site_by_domain_subdomain_or_brand():
    """acme.de and www.acme.de, shop.acme.de, acme.com, acme.co.uk are one company."""
    assert same_company_site("www.acme-lighting.de", "acme-lighting.de")
    assert same_company_site("shop.acme-lighting.de", "acme-lighting.de")
    assert same_company_site("acme-lighting.com", "acme-lighting.de")
    assert same_company_site("www.acme-lighting.co.uk", "acme-lighting.de")
    assert not same_company_site("www.acme-group.com", "acme-lighting.de")
    assert brand("sales.acme.com.br") == "acme"


def test_mx_hosts_by_preference_and_the_null_mx():
    """Lowest preference first, trailing dot gone; "." is the null MX (an empty host)."""
    mx = Answer(OK, ("20 Backup.Acme.de.", "10 mx1.acme.de."))
    assert mx_hosts(mx) == ["mx1.acme.de", "backup.acme.de"]
    assert mx_hosts(Answer(OK, ("0 .",))) == [""]


# --- deliverability ------------------------------------------------------------------------


def test_a_good_corporate_address_is_valid_with_full_score():
    """MX host exists, the domain has a website, a person's name: valid 1.0."""
    v = check("hans.mueller@acme-lighting.de", good_mail())
    assert (v.verdict, v.score) == ("valid", 1.0)
    assert v.reasons == ("acme-lighting.de accepts mail (MX mx1.acme-lighting.de)",
                         "acme-lighting.de has a website")  # fmt: skip
    assert v.details == {"flags": [], "mx": {"mx1.acme-lighting.de": "ok"}, "website": "ok"}


@pytest.mark.parametrize(
    ("mail", "flag", "words"),
    [
        (MailDomain("x.de", Answer(NXDOMAIN)), "nxdomain", "x.de does not exist (NXDOMAIN)"),
        (MailDomain("x.de", Answer(OK, ("0 .",))), "null_mx",
         "x.de says it accepts no mail (null MX)"),
        (MailDomain("x.de", Answer(OK, ("10 mail.x.de.",)), {"mail.x.de": Answer(NXDOMAIN)}),
         "mx_missing", "the mail servers of x.de do not exist (mail.x.de)"),
        (MailDomain("x.de", Answer(OK, ("10 mail.x.de.",)), {"mail.x.de": Answer(NODATA)}),
         "mx_missing", "the mail servers of x.de do not exist (mail.x.de)"),
        (MailDomain("x.de", Answer(NODATA), fallback=Answer(NODATA)), "no_mail_host",
         "x.de has no mail server (no MX, no address)"),
    ],
)  # fmt: skip
def test_undeliverable_domains_are_invalid(mail, flag, words):
    """No domain, null MX, only missing MX hosts, or no MX and no address: invalid, 0."""
    v = check("anna@x.de", mail)
    assert (v.verdict, v.score, v.reasons, v.details["flags"]) == ("invalid", 0.0, (words,), [flag])


def test_one_existing_mx_host_is_enough():
    """A dead backup MX does not matter when another host exists."""
    mx = Answer(OK, ("10 a.x.de.", "20 b.x.de."))
    v = check("anna@x.de", MailDomain("x.de", mx, {"a.x.de": Answer(NXDOMAIN), "b.x.de": UP}))
    assert v.verdict == "valid" and "x.de accepts mail (MX b.x.de)" in v.reasons


def test_only_an_address_record_still_takes_mail_but_counts_a_little():
    """No MX: RFC 5321's A fallback delivers; a weak signal (0.1)."""
    v = check("anna@onlya.de", MailDomain("onlya.de", Answer(NODATA), fallback=UP, website=UP))
    assert (v.verdict, v.score) == ("valid", 0.9)
    assert "onlya.de has no MX record; mail would go to the host onlya.de itself" in v.reasons


@pytest.mark.parametrize(
    "mail",
    [
        MailDomain("x.de", Answer(FAILED, why="timed out")),
        MailDomain("x.de", Answer(FAILED, why="the DNS server answered SERVFAIL")),
        MailDomain("x.de", Answer(NODATA), fallback=Answer(FAILED, why="timed out")),
        MailDomain("x.de", Answer(OK, ("10 a.x.de.", "20 b.x.de.")),
                   {"a.x.de": Answer(NXDOMAIN), "b.x.de": Answer(FAILED, why="timed out")}),
    ],
)  # fmt: skip
def test_dns_failures_give_unknown_never_invalid(mail):
    """Timeout or SERVFAIL anywhere on the delivery path: unknown, re-checked later."""
    v = check("anna@x.de", mail)
    assert v.verdict == "unknown" and v.details["flags"] == ["dns_failed"]
    assert any("checked again later" in r for r in v.reasons)


def test_disposable_is_invalid_even_when_dns_fails():
    """The list decides: a throwaway inbox is worthless whatever DNS says."""
    v = check("x@mailinator.com", MailDomain("mailinator.com", Answer(FAILED, why="timed out")))
    assert (v.verdict, v.reasons) == (
        "invalid",
        ("mailinator.com is a disposable-mailbox service",),
    )
    assert not needs_dns(read_address("x@inbox.mailinator.com"), DISPOSABLE)


# --- soft signals --------------------------------------------------------------------------


def test_freemail_and_role_are_weak_each():
    """gmail alone or info@ alone stays valid (many real buyers); both together too."""
    gmail = MailDomain("gmail.com", Answer(OK, ("5 mx.gmail.com.",)), {"mx.gmail.com": UP})
    assert check("wang.wei@gmail.com", gmail).score == 0.85
    role = check("info@acme-lighting.de", good_mail())
    assert (role.verdict, role.score) == ("valid", 0.85)
    assert "info@ is a shared role mailbox, not a person" in role.reasons
    both = check("info@gmail.com", gmail)
    assert (both.verdict, both.score) == ("valid", 0.7)


def test_freemail_claiming_a_dead_company_website_is_suspicious():
    """The classic fake: a 'company' on gmail whose website does not exist."""
    gmail = MailDomain("gmail.com", Answer(OK, ("5 mx.gmail.com.",)), {"mx.gmail.com": UP})
    v = check("ceo.ghost@gmail.com", gmail, sites={"www.ghost-trading.com": Answer(NXDOMAIN)})
    assert (v.verdict, v.score) == ("suspicious", 0.4)
    assert "their mail names the website www.ghost-trading.com, which does not exist" in v.reasons
    assert v.details["named_websites"] == {"www.ghost-trading.com": "nxdomain"}


def test_freemail_naming_a_live_website_loses_nothing_more():
    gmail = MailDomain("gmail.com", Answer(OK, ("5 mx.gmail.com.",)), {"mx.gmail.com": UP})
    v = check("wang.wei@gmail.com", gmail, sites={"www.real-co.com": UP})
    assert (v.verdict, v.score) == ("valid", 0.85)
    assert "their mail names the website www.real-co.com, which exists" in v.reasons


def test_corporate_domain_without_website_plus_role_is_suspicious():
    """No website of their own (0.3) and info@ (0.15): 0.55 is below 0.6."""
    v = check("info@quiet-parts.de", good_mail("quiet-parts.de", website=Answer(NODATA)))
    assert (v.verdict, v.score) == ("suspicious", 0.55)
    assert "quiet-parts.de has no website (no address for it or www.quiet-parts.de)" in v.reasons


def test_website_on_own_domain_counts_for_them_another_domain_a_little_against():
    mail = good_mail()
    own = check("hans@acme-lighting.de", mail, sites={"www.acme-lighting.de": UP})
    assert own.score == 1.0 and "their mail names their website www.acme-lighting.de" in own.reasons
    other = check("hans@acme-lighting.de", mail, sites={"www.acme-group.com": UP})
    assert other.score == 0.9
    dead = check("hans@acme-lighting.de", mail, sites={"www.acme-lighting.com": Answer(NXDOMAIN)})
    assert (dead.verdict, dead.score) == ("valid", 0.7)


def test_a_website_lookup_that_failed_says_nothing():
    v = check("hans@acme-lighting.de", good_mail(website=Answer(FAILED, why="timed out")),
              sites={"www.acme-group.com": Answer(FAILED, why="timed out")})  # fmt: skip
    assert (v.verdict, v.score) == ("valid", 1.0)


def test_signature_phone_country_against_cctld_is_a_weak_signal():
    """A Chinese phone under a .de domain: 0.1 off, with words; a German one: nothing."""
    away = check("hans@acme-lighting.de", good_mail(), phone_countries=frozenset({"CN"}))
    assert away.score == 0.9
    assert "their signature's phone is in CN, acme-lighting.de is DE" in away.reasons
    home = check("hans@acme-lighting.de", good_mail(), phone_countries=frozenset({"DE", "CN"}))
    assert home.score == 1.0
    generic = check("hans@acme.com", good_mail("acme.com"), phone_countries=frozenset({"CN"}))
    assert generic.score == 1.0  # .com names no country


def test_many_weak_signals_add_up_to_suspicious():
    """Role + no website + another country: 1 - 0.15 - 0.3 - 0.1 = 0.45."""
    v = check("sales@quiet-parts.de", good_mail("quiet-parts.de", website=Answer(NXDOMAIN)),
              phone_countries=frozenset({"NG"}))  # fmt: skip
    assert (v.verdict, v.score) == ("suspicious", 0.45)
    assert v.details["flags"] == ["role", "no_website", "country_mismatch"]


# --- the gate after the planner ------------------------------------------------------------

DUE = datetime(2026, 3, 9, 9, tzinfo=UTC)


def follow_up(stage: int) -> Decision:
    return Decision("awaiting_customer", DUE, "follow_up", stage, f"t{stage}", DUE, DUE,
                    reason="5 business days…")  # fmt: skip


def view(verdict: str, followups: str, email: str = "a@x.de", score: float = 0.5) -> LeadView:
    return LeadView(email, verdict, score, (f"{verdict} because",), followups)


def test_gate_none_stops_every_automated_follow_up():
    d = gate(follow_up(1), view("invalid", "none"))
    assert (d.state, d.action, d.stage, d.template) == ("suppressed", "none", None, None)
    assert (
        d.reason
        == "no automated mail to this lead: lead check of a@x.de: invalid (invalid because)"
    )


def test_gate_first_lets_stage_one_through_and_hands_later_stages_to_a_person():
    assert gate(follow_up(1), view("suspicious", "first")) == follow_up(1)
    d = gate(follow_up(2), view("suspicious", "first"))
    assert (d.state, d.action, d.stage, d.template, d.due_at) == (
        "done",
        "hand_off",
        None,
        None,
        DUE,
    )
    assert "a person decides about follow-up 2 (due 2026-03-09 09:00Z)" in d.reason


def test_gate_leaves_all_and_people_s_work_alone():
    """`all`, no check, replying by hand and hand-offs pass unchanged."""
    assert gate(follow_up(3), view("valid", "all")) == follow_up(3)
    assert gate(follow_up(3), None) == follow_up(3)
    ours = Decision("awaiting_us", DUE, "reply_by_hand", due_at=DUE, reason="answer them")
    assert gate(ours, view("invalid", "none")) == ours


def test_lead_for_prefers_the_thread_s_writers_then_the_strictest():
    """Checks of who wrote in the thread speak for it; else the customer's strictest."""
    checks = {"a@x.de": view("valid", "all", "a@x.de", 1.0),
              "info@x.de": view("suspicious", "first", "info@x.de"),
              "b@x.de": view("unknown", "all", "b@x.de", 1.0)}  # fmt: skip
    assert lead_for(checks, {"a@x.de"}).email == "a@x.de"
    assert lead_for(checks, {"a@x.de", "b@x.de"}).email == "b@x.de"  # unknown before valid
    assert lead_for(checks, {"new@x.de"}).email == "info@x.de"
    assert lead_for({}, {"a@x.de"}) is None
