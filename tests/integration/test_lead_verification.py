"""Lead verification against the rig's real dnsmasq (tests/rig/dns.py zones).

The probe, the service and the CLI ask only the rig's server (never the system's):
a good corporate domain, only-A, null MX, MX to a missing host, NXDOMAIN, SERVFAIL,
a server that never answers, a disposable and a free-mail domain, a domain without
a website. The send cycle tests add Dovecot and the SMTP sink.
"""

from __future__ import annotations

import asyncio
import json
import mailbox as mboxlib
import os
import signal
import socket
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete, select, update

from mailbot.adapters.dns import DnsProbe
from mailbot.config import DATABASE_ENV, Config, parse_config
from mailbot.domain.leadcheck import FAILED, NODATA, NXDOMAIN, OK
from mailbot.errors import ConfigError
from mailbot.services import aftersync
from mailbot.services import verification as lead_checks
from mailbot.services.aftersync import LeadsBeside
from mailbot.services.cycle import Cycle
from mailbot.services.leadproc import LeadCheckFailed
from mailbot.services.profiles import infer_profiles
from mailbot.services.verification import check_addresses, check_due
from mailbot.store.db import open_engine, session_factory
from mailbot.store.leads import due_addresses
from mailbot.store.models import Customer, CustomerAddress, LeadCheck, OutboxMail, ProfileFact
from tests.integration.clirun import mailbot
from tests.integration.cyclerig import Rig, due_moment, quiet_customer, settings, toml_text
from tests.mailgen import SELLER, T0, mail
from tests.rig import HOST
from tests.rig import dns as rig

pytestmark = pytest.mark.integration
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
EXPECTED = {  # address → verdict, as the rig's zones make it
    "hans.mueller@acme-lighting.de": "valid",
    "anna@onlya.example.com": "valid",
    "buyer@nullmx.example": "invalid",
    "buyer@badmx.example": "invalid",
    "buyer@no-such-host.example.com": "invalid",
    "buyer@dnsfail.example": "unknown",
    "buyer@slowdns.example": "unknown",
    "x7f3@mailinator.com": "invalid",
    "wang.wei@gmail.com": "valid",
    "info@quiet-parts.example": "suspicious",
}


def verification(server: rig.DnsServer, **extra: object) -> dict[str, object]:
    return {"nameservers": [server.host], "port": server.port, "timeout_seconds": 1, **extra}


def config_for(server: rig.DnsServer, tmp_path: Path, **extra: object) -> Config:
    data = {
        "company": {"own_domains": [SELLER]},
        "database": {"url": f"sqlite:///{tmp_path / 'mailbot.db'}"},
        "verification": verification(server, **extra),
    }
    return parse_config(data, tmp_path / "mailbot.toml")


def write_config(path: Path, server: rig.DnsServer, **extra: object) -> Path:
    data = {"company": {"own_domains": [SELLER]}, "plan": {"workers": 1},
            "verification": verification(server, **extra)}  # fmt: skip
    path.write_text(toml_text(data) + "\n")
    return path


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A UDP port where a socket is bound and never answers: a resolver that is gone."""
    with socket.socket(type=socket.SOCK_DGRAM) as sock:
        sock.bind((HOST, 0))
        yield sock.getsockname()[1]


# --- the probe (adapters/dns.py) -----------------------------------------------------------


def probe_all(config: Config, jobs):
    async def run():
        probe = DnsProbe(config.verification)
        return await asyncio.gather(*(job(probe) for job in jobs)), probe

    return asyncio.run(run())


def test_probe_reads_every_rig_zone(dns_server, tmp_path):
    """What the verdicts rest on: each zone's MX, hosts, fallback and website answers."""
    config = config_for(dns_server, tmp_path)
    domains = [
        rig.GOOD_DOMAIN, rig.ONLY_A_DOMAIN, rig.NULL_MX_DOMAIN, rig.MISSING_MX_HOST_DOMAIN,
        rig.NXDOMAIN_NAME, rig.SERVFAIL_DOMAIN, rig.TIMEOUT_DOMAIN, rig.NO_WEBSITE_DOMAIN,
    ]  # fmt: skip
    started = time.monotonic()
    found, _ = probe_all(config, [lambda p, d=d: p.mail_domain(d, website=True) for d in domains])
    assert time.monotonic() - started < 2.5  # the silent zone costs one 1 s timeout
    good, only_a, null_mx, bad_mx, nx, servfail, timeout, quiet = found
    assert good.mx.records == ("10 mx1.acme-lighting.de.",)
    assert good.hosts["mx1.acme-lighting.de"].records == ("192.0.2.25",)
    assert good.website.status == OK
    assert (only_a.mx.status, only_a.fallback.records) == (NODATA, ("192.0.2.30",))
    assert null_mx.mx.records == ("0 .",) and null_mx.hosts == {}
    assert {h: a.status for h, a in bad_mx.hosts.items()} == {
        "mail.missing.badmx.example": NXDOMAIN}  # fmt: skip
    assert (nx.mx.status, nx.website.status) == (NXDOMAIN, NXDOMAIN)
    assert (servfail.mx.status, servfail.mx.why) == (FAILED, "the DNS server answered SERVFAIL")
    assert (timeout.mx.status, timeout.mx.why) == (FAILED, "timed out")
    assert quiet.hosts["mx.quiet-parts.example"].status == OK and quiet.website.status == NODATA


def test_probe_asks_each_question_once(make_dns_server, tmp_path):
    """500 addresses on one domain: MX, its host, apex and www — each sent once."""
    server = make_dns_server(rig.DEFAULT_RECORDS)
    config = config_for(server, tmp_path)
    jobs = [lambda p: p.mail_domain(rig.GOOD_DOMAIN, website=True)] * 500
    found, probe = probe_all(config, jobs)
    assert len({id(f) for f in found}) == 1  # one cached result for all
    assert probe.queries == 4
    log = server.log()
    assert log.count(f"query[MX] {rig.GOOD_DOMAIN} ") == 1
    assert log.count("query[A] mx1.acme-lighting.de ") == 1


def test_probe_keeps_at_most_concurrency_questions_in_flight(dns_server, tmp_path):
    """Six names that time out (0.4 s each): two at a time take three rounds, six at a
    time one."""

    def timed(concurrency: int) -> float:
        config = config_for(dns_server, tmp_path, timeout_seconds=0.4, concurrency=concurrency)

        async def run() -> float:
            probe = DnsProbe(config.verification)
            assert (await probe.answer(rig.GOOD_DOMAIN, "MX")).status == OK  # it is alive
            started = time.monotonic()
            names = [f"n{i}.{rig.TIMEOUT_DOMAIN}" for i in range(6)]
            answers = await asyncio.gather(*(probe.answer(n, "A") for n in names))
            assert {a.why for a in answers} == {"timed out"}
            return time.monotonic() - started

        return asyncio.run(run())

    assert timed(2) >= 3 * 0.4 - 0.05
    assert timed(6) < 2 * 0.4


@pytest.mark.parametrize("answering", [True, False], ids=["silent-socket", "nothing-listening"])
def test_an_unreachable_resolver_costs_one_timeout_not_one_per_domain(
    answering, silent_port, tmp_path
):
    """40 domains, a resolver that never answers, 1 s timeout, 4 in flight: the probe
    gives up after the first timeouts instead of taking 10 s; everything is `failed`."""
    port = silent_port if answering else _closed_port()
    server = rig.DnsServer([])
    server.port = port
    config = config_for(server, tmp_path, concurrency=4)
    domains = [f"lead{i}.example.net" for i in range(40)]
    started = time.monotonic()
    found, probe = probe_all(
        config, [lambda p, d=d: p.mail_domain(d, website=True) for d in domains]
    )
    assert time.monotonic() - started < 2.5
    assert {f.mx.status for f in found} == {FAILED}
    assert probe.queries <= 8
    assert sum(f.mx.why == "the DNS resolver does not answer" for f in found) >= 30


def _closed_port() -> int:
    with socket.socket(type=socket.SOCK_DGRAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]  # closed again when this returns


# --- the service (services/verification.py) ------------------------------------------------


def test_every_rig_case_gets_its_verdict_stored_with_its_time_to_live(dns_server, tmp_path):
    """Verdicts for all rig zones; `unknown` expires in hours, the rest in days."""
    config = config_for(dns_server, tmp_path, unknown_hours=6, valid_days=30)
    sessions = session_factory(open_engine(config.database_url()))
    with sessions.begin() as s:
        run = check_addresses(s, config, list(EXPECTED), NOW)
    assert {v.email: v.verdict for v in run.verdicts} == EXPECTED
    with sessions() as s:
        rows = {c.email: c for c in s.scalars(select(LeadCheck))}
    assert {e: r.verdict for e, r in rows.items()} == EXPECTED
    slow = rows["buyer@slowdns.example"]
    assert slow.expires_at == NOW + timedelta(hours=6)
    assert slow.reasons == [
        "DNS gave no answer for slowdns.example (timed out): checked again later"
    ]
    null = rows["buyer@nullmx.example"]
    assert null.expires_at == NOW + timedelta(days=30) and null.score == 0
    assert null.reasons == ["nullmx.example says it accepts no mail (null MX)"]
    assert rows["info@quiet-parts.example"].details["flags"] == ["role", "no_website"]


def test_checked_in_chunks_the_verdicts_and_dns_questions_are_those_of_one_pass(
    dns_server, tmp_path, monkeypatch
):
    """Thousands of addresses after a first sync are checked a chunk at a time (memory):
    same verdicts in the order asked, and one DNS cache across the chunks."""
    whole = config_for(dns_server, tmp_path)
    with session_factory(open_engine(whole.database_url())).begin() as s:
        once = check_addresses(s, whole, list(EXPECTED), NOW)
    monkeypatch.setattr(lead_checks, "CHUNK", 3)
    (tmp_path / "chunks").mkdir()
    config = config_for(dns_server, tmp_path / "chunks")
    sessions = session_factory(open_engine(config.database_url()))
    with sessions.begin() as s:
        mine = Customer(key="acme-lighting.de", kind="company", first_seen=NOW)
        s.add(mine)  # the caller's own row, not flushed yet: still theirs afterwards
        run = check_addresses(s, config, list(EXPECTED), NOW)
        assert s.identity_map.values() == [mine]  # the saved checks are not held
    assert [(v.email, v.verdict) for v in run.verdicts] == list(EXPECTED.items())
    assert run.queries == once.queries
    assert run.checked == len(EXPECTED) and run.counts == once.counts
    with sessions() as s:
        assert {c.email: c.verdict for c in s.scalars(select(LeadCheck))} == EXPECTED


def test_due_addresses_are_the_unchecked_and_the_expired(dns_server, tmp_path):
    config = config_for(dns_server, tmp_path, unknown_hours=6)
    sessions = session_factory(open_engine(config.database_url()))
    with sessions.begin() as s:
        c = Customer(key="acme-lighting.de", kind="company", first_seen=NOW)
        s.add(c)
        s.flush()
        for email in ("hans.mueller@acme-lighting.de", "buyer@slowdns.example"):
            s.add(CustomerAddress(email=email, customer_id=c.id, first_seen=NOW, last_seen=NOW))
    with sessions.begin() as s:
        assert due_addresses(s, NOW) == ["buyer@slowdns.example", "hans.mueller@acme-lighting.de"]
        check_addresses(s, config, due_addresses(s, NOW), NOW)
        assert due_addresses(s, NOW + timedelta(hours=1)) == []
        assert due_addresses(s, NOW + timedelta(hours=6)) == ["buyer@slowdns.example"]


def test_a_disposable_file_adds_domains_and_not_disposable_removes_them(dns_server, tmp_path):
    """Refreshing the list without upgrading the package: a file in the upstream format."""
    listed = tmp_path / "disposable.conf"
    listed.write_text("# local additions\nacme-lighting.de\n\n")
    config = config_for(dns_server, tmp_path, disposable_file="disposable.conf",
                        not_disposable=["mailinator.com"])  # fmt: skip
    sessions = session_factory(open_engine(config.database_url()))
    with sessions.begin() as s:
        run = check_addresses(s, config, ["hans@acme-lighting.de", "x7f3@mailinator.com"], NOW)
    assert [v.verdict for v in run.verdicts] == ["invalid", "valid"]
    assert run.verdicts[0].reasons == ("acme-lighting.de is a disposable-mailbox service",)


# --- the CLI -------------------------------------------------------------------------------


def test_verify_json_is_one_object_per_line(dns_server, tmp_path):
    cfg = write_config(tmp_path / "mailbot.toml", dns_server)
    done = mailbot("--config", str(cfg), "verify", *EXPECTED, "not-an-address", "--json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert {o["address"]: o["verdict"] for o in lines} == {**EXPECTED, "not-an-address": "invalid"}
    assert all({"address", "verdict", "score", "reasons"} <= set(o) for o in lines)
    gmail = next(o for o in lines if o["address"] == "wang.wei@gmail.com")
    assert gmail["score"] == 0.85 and gmail["reasons"][0].startswith("gmail.com is a free-mail")


def test_verify_text_names_verdict_score_and_reasons(dns_server, tmp_path):
    cfg = write_config(tmp_path / "mailbot.toml", dns_server)
    done = mailbot("--config", str(cfg), "verify", "buyer@badmx.example")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        "buyer@badmx.example: invalid (score 0.00)",
        "  - the mail servers of badmx.example do not exist (mail.missing.badmx.example)",
    ]
    assert "leads: 1 checked: 1 invalid" in done.stdout


def test_verify_needs_addresses_or_a_flag_and_bad_config_names_the_key(dns_server, tmp_path):
    cfg = write_config(tmp_path / "mailbot.toml", dns_server)
    done = mailbot("--config", str(cfg), "verify")
    assert done.returncode == 2 and "name ADDRESS" in done.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[verification]\nnameservers = ['dns.example']\n")
    done = mailbot("--config", str(bad), "verify", "a@b.de")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{bad}: key 'verification.nameservers'" in done.stderr
    missing = write_config(tmp_path / "m.toml", dns_server, disposable_file="nope.txt")
    done = mailbot("--config", str(missing), "verify", "a@acme-lighting.de")
    assert done.returncode == 2 and "verification.disposable_file" in done.stderr


LEADS_MBOX = [
    # (customer, their inquiry text, how many follow-ups we already sent)
    ("hans.mueller@acme-lighting.de",
     "Please quote 500 UVC lamps.\n\nBest regards\nHans Mueller\nAcme Lighting GmbH\n"
     "www.acme-lighting.de\nTel. +49 89 1234567\n", 0),
    ("buyer@nullmx.example", "Please quote 800 lamps.\n\nRegards\nBuyer\n", 0),
    ("info@quiet-parts.example", "Send your catalogue.\n\nQuiet Parts\n", 1),
    ("john.ghost2026@gmail.com",
     "We want 20000 lamps, urgent.\n\nJohn Ghost\nCEO, Ghost Trading Ltd\n"
     "http://ghost-trading.example.com\n", 0),
]  # fmt: skip


def write_leads_mbox(path: Path) -> Path:
    box = mboxlib.mbox(str(path))
    for n, (who, body, chased) in enumerate(LEADS_MBOX):
        subject = f"Inquiry {n}: UVC lamps"
        inquiry = f"<inq{n}@{who.split('@')[1]}>"
        box.add(mail(n * 10, who, f"sales@{SELLER}", subject, T0, body=body, message_id=inquiry))
        parent = inquiry
        for k in range(chased + 1):  # our quote, then our follow-ups
            mid = f"<out{n}.{k}@{SELLER}>"
            box.add(mail(n * 10 + k + 1, f"anna@{SELLER}", who, f"Re: {subject}",
                         T0 + timedelta(hours=5, days=8 * k), reply_to_id=parent,
                         message_id=mid))  # fmt: skip
            parent = mid
    box.close()
    return path


def test_import_checks_new_leads_and_plan_and_customers_show_them(dns_server, tmp_path):
    """After an import every new address is checked; the plan gates and explains."""
    cfg = write_config(tmp_path / "mailbot.toml", dns_server)
    done = mailbot(
        "--config", str(cfg), "import", "mbox", str(write_leads_mbox(tmp_path / "l.mbox"))
    )
    assert done.returncode == 0, done.stderr
    assert "leads: 4 checked: 1 invalid, 2 suspicious, 1 valid" in done.stdout
    at = (T0 + timedelta(days=20)).strftime("%Y-%m-%dT%H:%MZ")
    items = json.loads(mailbot("--config", str(cfg), "plan", "--json", "--at", at).stdout)
    plan = {i["lead"]["address"]: i for i in items}
    hans = plan["hans.mueller@acme-lighting.de"]
    assert (hans["action"], hans["stage"], hans["lead"]["verdict"]) == ("follow_up", 1, "valid")
    assert "their mail names their website www.acme-lighting.de" in hans["lead"]["reasons"]
    dead = plan["buyer@nullmx.example"]
    assert (dead["state"], dead["action"], dead["stage"]) == ("suppressed", "none", None)
    assert dead["reason"].startswith("no automated mail to this lead: lead check of buyer@")
    assert dead["lead"]["followups"] == "none"
    quiet = plan["info@quiet-parts.example"]  # we chased once: stage 2 is for a person
    assert (quiet["action"], quiet["stage"], quiet["lead"]["verdict"]) == ("hand_off", None,
                                                                          "suspicious")  # fmt: skip
    assert "a person decides about follow-up 2" in quiet["reason"]
    ghost = plan["john.ghost2026@gmail.com"]
    assert (ghost["action"], ghost["stage"], ghost["lead"]["score"]) == ("follow_up", 1, 0.4)
    assert ("their mail names the website ghost-trading.example.com, which does not exist"
            in ghost["lead"]["reasons"])  # fmt: skip
    text = mailbot("--config", str(cfg), "plan", "--at", at).stdout
    assert "  lead: invalid 0.00 (buyer@nullmx.example)  [no automated mail]" in text
    assert ("  lead: suspicious 0.40 (john.ghost2026@gmail.com)  [a person checks this lead: "
            "first follow-up only]") in text  # fmt: skip
    assert "    - nullmx.example says it accepts no mail (null MX)" in text
    rows = json.loads(mailbot("--config", str(cfg), "customers", "--json").stdout)
    leads = {lead["address"]: lead["verdict"] for r in rows for lead in r["leads"]}
    assert leads == {"hans.mueller@acme-lighting.de": "valid", "buyer@nullmx.example": "invalid",
                     "info@quiet-parts.example": "suspicious",
                     "john.ghost2026@gmail.com": "suspicious"}  # fmt: skip
    table = mailbot("--config", str(cfg), "customers").stdout
    assert "lead check" in table and "invalid 0.00" in table and "suspicious 0.55" in table


def test_import_with_auto_off_checks_nothing(dns_server, tmp_path):
    cfg = write_config(tmp_path / "mailbot.toml", dns_server, auto=False)
    done = mailbot(
        "--config", str(cfg), "import", "mbox", str(write_leads_mbox(tmp_path / "l.mbox"))
    )
    assert done.returncode == 0 and "leads:" not in done.stdout
    assert "lead: " not in mailbot("--config", str(cfg), "plan", "--at", "2026-09-21T08:00Z").stdout


# --- the send cycle obeys it (services/cycle.py, delivery.py unchanged) --------------------


def cycle_config(mailbox, smtp, tmp_path: Path, server: rig.DnsServer, mode: str) -> dict:
    data = settings(mailbox, smtp, tmp_path, mode)
    data["verification"] = verification(server)
    (tmp_path / "mailbot.toml").write_text(toml_text(data) + "\n")
    return data


@pytest.mark.parametrize("replay", [(), ("--no-sync",)], ids=["sync", "no-sync"])
def test_run_once_checks_leads_and_never_mails_an_invalid_one(
    mailbox, smtp, dns_server, tmp_path, replay
):
    """`run --once` checks the stored leads before planning (after its sync, or before a
    replay without one); the null-MX lead gets no follow-up."""
    quiet_customer(mailbox, to="hans@nullmx.example")
    rig_ = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig_)  # stores the history; unchecked, stage 1 would be due now
    cycle_config(mailbox, smtp, tmp_path, dns_server, "live")
    at = now.isoformat()
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "run", "--once", "--at", at,
                   *replay)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("mode live: 0 proposed, 0 sent")
    assert "leads: 1 checked: 1 invalid" in done.stdout
    assert done.stderr.count('"event": "leads_checked"') == 1  # not before and after a sync
    assert smtp.messages == [] and rig_.rows() == []


def test_the_fence_cancels_an_approved_mail_to_a_lead_found_invalid(
    mailbox, smtp, dns_server, tmp_path
):
    """Proposed and approved before the check; the check says invalid; the fence's
    re-plan (delivery.py, untouched) sees the gate and cancels it."""
    quiet_customer(mailbox, to="hans@nullmx.example")
    rig_ = Rig(mailbox, smtp, tmp_path, mode="approve")
    now = due_moment(rig_)
    assert len(rig_.run(now).proposed) == 1
    cfg = tmp_path / "mailbot.toml"
    cycle_config(mailbox, smtp, tmp_path, dns_server, "approve")
    assert mailbot("--config", str(cfg), "approve", "--all").returncode == 0
    assert "invalid" in mailbot("--config", str(cfg), "verify", "hans@nullmx.example").stdout
    summary = rig_.run(now)
    [(row_id, why)] = summary.skipped
    assert "no automated mail to this lead" in why and smtp.messages == []
    with rig_.sessions() as s:
        assert s.get(OutboxMail, row_id).status == "cancelled"


# --- the cycle checks the leads its own sync found (services/cycle.py step 3) -------------


def first_followup_moment(mailbox, smtp, tmp_path: Path) -> datetime:
    """When stage 1 is due for the mailbox's conversation, read from a scratch SQLite
    store: the test's own store must see the mail first in the cycle under test."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(DATABASE_ENV, raising=False)  # the PostgreSQL pass's store
        return due_moment(Rig(mailbox, smtp, scratch))


@pytest.mark.parametrize(
    ("customer", "verdict", "sent"),
    [
        (f"buyer@{rig.NXDOMAIN_NAME}", "invalid", 0),  # gate `invalid = "none"`
        (f"hans@{rig.GOOD_DOMAIN}", "valid", 1),
        (f"buyer@{rig.SERVFAIL_DOMAIN}", "unknown", 1),  # DNS failed: mailed as valid
    ],
)
def test_a_lead_the_cycle_syncs_is_checked_before_it_plans(
    mailbox, smtp, dns_server, tmp_path, customer, verdict, sent
):
    """The inquiry and our quote reach the mailbox just before one `run --once`; that
    cycle stores them, checks the new address and plans under its verdict."""
    quiet_customer(mailbox, to=customer)
    at = first_followup_moment(mailbox, smtp, tmp_path)  # without a check, stage 1 goes
    cfg = tmp_path / "mailbot.toml"
    data = cycle_config(mailbox, smtp, tmp_path, dns_server, "live")
    done = mailbot("--config", str(cfg), "run", "--once", "--at", at.isoformat())
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"mode live: {sent} proposed, {sent} sent"), done.stdout
    assert f"leads: 1 checked: 1 {verdict}" in done.stdout
    assert done.stderr.count('"event": "leads_checked"') == 1  # once, after the sync
    assert [m.rcpt_tos for m in smtp.messages] == [[customer]] * sent
    sessions = session_factory(open_engine(parse_config(data, cfg).database_url()))
    with sessions() as s:
        check = s.get(LeadCheck, customer)
    assert check is not None and check.verdict == verdict
    checked = check.checked_at
    assert (checked if checked.tzinfo else checked.replace(tzinfo=UTC)) == at  # not the clock
    items = json.loads(mailbot("--config", str(cfg), "plan", "--json", "--at",
                               at.isoformat()).stdout)  # fmt: skip
    [item] = [i for i in items if i["lead"] and i["lead"]["address"] == customer]
    assert item["lead"]["verdict"] == verdict
    if verdict == "invalid":
        assert (item["state"], item["action"]) == ("suppressed", "none")
        assert item["reason"].startswith(f"no automated mail to this lead: lead check of "
                                          f"{customer}: invalid")  # fmt: skip
        assert f"{rig.NXDOMAIN_NAME} does not exist (NXDOMAIN)" in item["lead"]["reasons"]


def test_a_broken_lead_check_config_stops_the_cycle_before_any_mail(
    mailbox, smtp, dns_server, tmp_path
):
    """The disposable list named in the config is gone: a config error (exit 2, naming
    the key and the file), and the lead the sync found is not mailed unchecked."""
    quiet_customer(mailbox)
    at = first_followup_moment(mailbox, smtp, tmp_path)
    data = cycle_config(mailbox, smtp, tmp_path, dns_server, "live")
    data["verification"]["disposable_file"] = str(tmp_path / "gone.txt")
    (tmp_path / "mailbot.toml").write_text(toml_text(data) + "\n")
    done = mailbot("--config", str(tmp_path / "mailbot.toml"), "run", "--once", "--at",
                   at.isoformat())  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    assert "verification.disposable_file" in done.stderr and "gone.txt" in done.stderr
    assert smtp.messages == []


# --- the check beside the profile inference (services/aftersync.py, leadproc.py) ----------


EVERY_LEAD = set(EXPECTED) | {who for who, _text, _chased in LEADS_MBOX}


def imported_store(dns_server, tmp_path: Path, **extra: object) -> tuple[Config, Any]:
    """The leads' mailbox imported with `auto` off (nothing checked yet), plus the rig's
    cases as addresses without mail; the config and sessions for checking them."""
    cfg = write_config(tmp_path / "mailbot.toml", dns_server, auto=False)
    done = mailbot("--config", str(cfg), "import", "mbox",
                   str(write_leads_mbox(tmp_path / "l.mbox")))  # fmt: skip
    assert done.returncode == 0, done.stderr
    config = config_for(dns_server, tmp_path, **extra)
    sessions = session_factory(open_engine(config.database_url()))
    with sessions.begin() as s:
        for email in sorted(set(EXPECTED) - set(due_addresses(s, NOW))):
            c = Customer(key=email, kind="person", first_seen=NOW)
            s.add(c)
            s.flush()
            s.add(CustomerAddress(email=email, customer_id=c.id, first_seen=NOW, last_seen=NOW))
    return config, sessions


def written(sessions) -> dict[str, list[tuple]]:
    """What the two steps write: customers' inferred fields, profile facts, lead checks."""
    with sessions() as s:
        return {
            "customers": [(c.id, c.country, c.subdivision, c.timezone, c.languages,
                           c.profiled_through)
                          for c in s.scalars(select(Customer).order_by(Customer.id))],
            "facts": sorted((f.customer_id, f.field, repr(f.value), f.source, f.confidence)
                            for f in s.scalars(select(ProfileFact))),
            "checks": [(c.email, c.domain, c.verdict, c.score, c.reasons, c.details,
                        c.checked_at, c.expires_at)
                       for c in s.scalars(select(LeadCheck).order_by(LeadCheck.email))],
        }  # fmt: skip


def forget_both_steps(sessions) -> None:
    with sessions.begin() as s:
        s.execute(delete(LeadCheck))
        s.execute(delete(ProfileFact))
        s.execute(update(Customer).values(profiled_through=0, country=None, subdivision=None,
                                          timezone=None, languages=[]))  # fmt: skip


def test_the_check_beside_the_inference_saves_what_the_two_steps_in_turn_save(dns_server, tmp_path):
    """The lead check in a second process while this one infers profiles: the same
    customers, facts and verdicts as the inference and then the check in this process."""
    config, sessions = imported_store(dns_server, tmp_path)
    forget_both_steps(sessions)  # the import inferred: both runs start from nothing
    leads = LeadsBeside(sessions, config, NOW, apart_from=1)
    assert leads.apart is not None and leads.apart.pid != os.getpid()
    with sessions.begin() as s:
        profiled = infer_profiles(s, config, NOW)
    beside = leads.finish()
    after_beside = written(sessions)
    forget_both_steps(sessions)
    with sessions.begin() as s:
        assert infer_profiles(s, config, NOW).changed == profiled.changed
    with sessions.begin() as s:
        in_turn = check_due(s, config, NOW)
    assert written(sessions) == after_beside
    assert len(after_beside["checks"]) == len(EVERY_LEAD) == beside.checked
    assert after_beside["facts"] and any(c[1] for c in after_beside["customers"])
    assert (beside.counts, beside.queries) == (in_turn.counts, in_turn.queries)
    assert {c[0]: c[2] for c in after_beside["checks"]}["hans.mueller@acme-lighting.de"] == "valid"


def test_a_lead_check_process_that_dies_saves_nothing_and_the_next_run_checks_again(
    dns_server, tmp_path
):
    config, sessions = imported_store(dns_server, tmp_path)
    leads = LeadsBeside(sessions, config, NOW, apart_from=1)
    assert leads.apart is not None
    os.kill(leads.apart.pid, signal.SIGKILL)
    with sessions.begin() as s:
        infer_profiles(s, config, NOW)
    with pytest.raises(LeadCheckFailed, match="killed by signal 9; no verdicts saved"):
        leads.finish()
    with sessions() as s:
        assert s.scalars(select(LeadCheck)).all() == []
        assert len(due_addresses(s, NOW)) == len(EVERY_LEAD)
    again = LeadsBeside(sessions, config, NOW, apart_from=1).finish()
    assert again.checked == len(EVERY_LEAD)


def test_a_config_error_in_the_lead_check_process_is_the_same_config_error(dns_server, tmp_path):
    config, sessions = imported_store(dns_server, tmp_path, disposable_file="gone.txt")
    leads = LeadsBeside(sessions, config, NOW, apart_from=1)
    assert leads.apart is not None
    with pytest.raises(ConfigError, match="verification.disposable_file.*gone.txt"):
        leads.finish()
    with sessions() as s:
        assert s.scalars(select(LeadCheck)).all() == []


def test_a_cycle_checks_its_leads_beside_its_inference_with_the_same_rules(
    mailbox, smtp, dns_server, tmp_path, monkeypatch
):
    """A cycle whose sync brings addresses due starts their check beside its profile
    inference: the null-MX lead is found invalid and not mailed; a config error in
    the child still stops the cycle before any mail."""
    monkeypatch.setattr(aftersync, "APART_FROM", 1)
    started: list[int] = []
    real = aftersync.LeadCheckApart.__init__

    def counted(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.pid)

    monkeypatch.setattr(aftersync.LeadCheckApart, "__init__", counted)
    quiet_customer(mailbox, to="hans@nullmx.example")
    at = first_followup_moment(mailbox, smtp, tmp_path)
    data = cycle_config(mailbox, smtp, tmp_path, dns_server, "live")
    data["verification"]["disposable_file"] = str(tmp_path / "gone.txt")
    config = parse_config(data, tmp_path / "mailbot.toml")
    sessions = session_factory(open_engine(config.database_url()))
    with pytest.raises(ConfigError, match="verification.disposable_file"):
        Cycle(config, sessions, at).run(config.mailboxes)
    assert len(started) == 1 and smtp.messages == []
    del data["verification"]["disposable_file"]
    config = parse_config(data, tmp_path / "mailbot.toml")
    with sessions.begin() as s:  # the failed cycle profiled: the next one still checks
        assert due_addresses(s, at) == ["hans@nullmx.example"]
    summary = Cycle(config, sessions, at).run(config.mailboxes)
    assert len(started) == 2 and summary.leads.counts == {"invalid": 1}
    assert smtp.messages == [] and summary.held == []


def test_no_second_process_to_be_had_the_check_runs_here(dns_server, tmp_path, monkeypatch):
    """Starting the child fails (here: no interpreter at that path): one warning, and
    `finish` checks in this process, as before."""
    config, sessions = imported_store(dns_server, tmp_path)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    leads = LeadsBeside(sessions, config, NOW, apart_from=1)
    assert leads.apart is None
    assert leads.finish().checked == len(EVERY_LEAD)


def test_an_inference_that_fails_stops_the_lead_check_beside_it(dns_server, tmp_path):
    """The step the check runs beside fails: the check's process is stopped, not left
    running, and nothing is saved (the addresses stay due for the next run)."""
    config, sessions = imported_store(dns_server, tmp_path)
    leads = LeadsBeside(sessions, config, NOW, apart_from=1)
    assert leads.apart is not None
    with pytest.raises(RuntimeError, match="the inference failed"), leads:
        raise RuntimeError("the inference failed")
    assert leads.apart._proc.poll() is not None  # stopped and reaped
    with sessions() as s:
        assert s.scalars(select(LeadCheck)).all() == []
        assert len(due_addresses(s, NOW)) == len(EVERY_LEAD)
