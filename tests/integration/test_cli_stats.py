"""`mailbot stats` and `mailbot log --csv` over a store filled by the real ingest path
(parse, classify, thread, reply effects) and outbox rows moved through the outbox protocol."""

from __future__ import annotations

import csv
import io
import json
import tomllib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.adapters.smtp import Delivery, Outcome
from mailbot.config import parse_config
from mailbot.services.importer import import_messages
from mailbot.services.outbox import Outbox, Step
from mailbot.store.db import open_engine, session_factory
from mailbot.store.models import BounceEvent, Customer, Message, Suppression
from tests.integration.clirun import mailbot
from tests.mailgen import mail

DATA = Path(__file__).resolve().parents[1] / "data"
US = "sales@gmuv-lighting.cn"
B0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)  # a Monday; all of it long before the wall clock
S1 = B0 + timedelta(days=14, hours=1)  # stage 1 to four customers
S2 = S1 + timedelta(days=7)  # stage 2 to one of them
G = S1 + timedelta(days=21, hours=-5)  # a Diwali greeting, Monday 09:30 in Kolkata
CUSTOMERS = {  # domain: (contact, country, tier or None)
    "acme-lighting.de": ("hans", "DE", "vip"),
    "uvtech.de": ("li", "DE", None),
    "riyadh-uv.sa": ("omar", "SA", None),
    "brightuv.co.uk": ("tom", "GB", None),
    "kolkata-uv.in": ("raj", "IN", None),
}
TOML = """[company]
name = "Guangming UV"
own_domains = ["gmuv-lighting.cn"]
[database]
url = "sqlite:///{db}"
"""


def address(domain: str) -> str:
    return f"{CUSTOMERS[domain][0]}@{domain}"


class Store:
    def __init__(self, folder: Path) -> None:
        text = TOML.format(db=folder / "mailbot.db")
        for domain, (_, country, tier) in CUSTOMERS.items():
            text += f'[profiles."{domain}"]\ncountry = "{country}"\n'
            text += f'tier = "{tier}"\n' if tier else ""
        self.path = folder / "mailbot.toml"
        self.path.write_text(text)
        self.config = parse_config(tomllib.loads(text), self.path)
        self.sessions = session_factory(open_engine(self.config.database_url()))

    def ingest(self, raw: bytes, at: datetime) -> None:
        import_messages([(raw, at)], self.config, self.sessions, lambda: at)

    def send(self, n: int, domain: str, at: datetime, parent: str | None, refused=False,
             kind="followup", stage: int | None = 1, occasion=None) -> str:  # fmt: skip
        """One outbox row through propose → begin → finish; a sent one's copy is stored."""
        mid, to = f"<auto{n}@gmuv-lighting.cn>", address(domain)
        with self.sessions.begin() as s:
            cid = s.scalar(select(Customer.id).where(Customer.key == domain))
            thread = s.scalar(select(Message.thread_id).where(Message.message_id == parent))
            box = Outbox(s)
            row = box.propose(Step(f"step{n}", kind, cid, thread, stage, occasion, "t", "sales",
                                   to, at, "test"), at - timedelta(hours=1))  # fmt: skip
            row.message_id, row.subject = mid, f"Re: Inquiry {domain}"
            box.begin(row, at)
            outcome = Outcome.PERMANENT if refused else Outcome.SENT
            code = 550 if refused else 250
            box.finish(row, Delivery(outcome, code, f"{code}", to), at, timedelta(hours=24))
        if not refused:
            self.ingest(mail(n, US, to, f"Re: Inquiry {domain}", at, reply_to_id=parent,
                             message_id=mid), at)  # fmt: skip
        return mid


def bounce_for(recipient: str, original: str, at: datetime) -> bytes:
    """The Postfix DSN sample, re-addressed to one of our follow-ups."""
    raw = (DATA / "bounce_dsn_user_unknown.eml").read_text()
    raw = raw.replace("info@capeuvsolutions.co.za", recipient)
    raw = raw.replace("<202603031030599001@gmuv-lighting.cn>", original)
    return raw.replace("Tue, 03 Mar 2026 10:31:05 +0800", format_datetime(at)).encode()


@pytest.fixture(scope="module")
def store(tmp_path_factory, module_store) -> Store:
    st = Store(tmp_path_factory.mktemp("stats"))
    quotes = {}
    for n, domain in enumerate(CUSTOMERS, start=1):
        inquiry = f"<inq{n}@{domain}>"
        st.ingest(mail(n, address(domain), US, f"Inquiry {domain}", B0, message_id=inquiry), B0)
        quotes[domain] = f"<quote{n}@gmuv-lighting.cn>"
        quoted = B0 + timedelta(hours=5)
        st.ingest(mail(10 + n, US, address(domain), f"Re: Inquiry {domain}", quoted,
                       reply_to_id=inquiry, message_id=quotes[domain]), quoted)  # fmt: skip
    acme = st.send(21, "acme-lighting.de", S1, quotes["acme-lighting.de"])
    uv1 = st.send(22, "uvtech.de", S1, quotes["uvtech.de"])
    st.send(23, "riyadh-uv.sa", S1, quotes["riyadh-uv.sa"], refused=True)
    bright = st.send(24, "brightuv.co.uk", S1, quotes["brightuv.co.uk"])
    # A colleague answers for Hans; Tom asks to be left alone.
    st.ingest(mail(31, "maria@acme-lighting.de", US, "Re: Inquiry", S1 + timedelta(days=1),
                   body="Hans is busy, I will send the order tomorrow.", reply_to_id=acme),
              S1 + timedelta(days=1))  # fmt: skip
    st.ingest(mail(32, address("brightuv.co.uk"), US, "Re: Inquiry", S1 + timedelta(days=2),
                   body="Please remove me from your mailing list.", reply_to_id=bright),
              S1 + timedelta(days=2))  # fmt: skip
    uv2 = st.send(25, "uvtech.de", S2, uv1, stage=2)
    st.ingest(bounce_for(address("uvtech.de"), uv2, S2 + timedelta(hours=1)), S2)
    st.send(26, "kolkata-uv.in", G, None, kind="greeting", stage=None, occasion="diwali")
    thanks = G + timedelta(days=1)
    st.ingest(mail(33, address("kolkata-uv.in"), US, "Thank you!", thanks,
                   body="Happy Diwali to you and your family too!"), thanks)  # fmt: skip
    with st.sessions() as s:  # the store holds what the counting reads
        assert s.scalar(select(BounceEvent.permanent)) is True
        assert s.scalar(select(Suppression.reason)) == "unsubscribe"
    return st


def run(store: Store, *args: str) -> str:
    done = mailbot("--config", str(store.path), *args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def counts(row: dict) -> tuple:
    return row["sent"], row["replied"], row["bounced"], row["unsubscribed"]


def test_stats_per_step_tier_and_country(store):
    """Colleague's reply counts for acme; the 550 and the DSN are bounces; Tom's stop
    request is an unsubscribe, not a reply; Raj's thank-you answers the greeting."""
    report = json.loads(run(store, "stats", "--json"))
    steps = {r["step"]: counts(r) for r in report["by_step"]}
    assert steps == {
        "follow-up 1": (4, 1, 1, 1),
        "follow-up 2": (1, 0, 1, 0),
        "greeting diwali": (1, 1, 0, 0),
    }
    assert [r["reply_rate"] for r in report["by_step"]] == [0.25, 0.0, 1.0]
    assert {r["tier"]: counts(r) for r in report["by_tier"]} == {
        "potential": (5, 1, 2, 1),
        "vip": (1, 1, 0, 0),
    }
    countries = {r["country"]: counts(r) for r in report["by_country"]}
    assert countries == {"DE": (3, 1, 1, 0), "GB": (1, 0, 0, 1), "IN": (1, 1, 0, 0),
                         "SA": (1, 0, 1, 0)}  # fmt: skip
    assert counts(report["total"]) == (6, 2, 2, 1)


def test_stats_period_and_tables(store):
    report = json.loads(run(store, "stats", "--json", "--since", S2.isoformat()))
    assert [(r["step"], counts(r)) for r in report["by_step"]] == [
        ("follow-up 2", (1, 0, 1, 0)),
        ("greeting diwali", (1, 1, 0, 0)),
    ]
    assert (
        json.loads(run(store, "stats", "--json", "--until", S1.isoformat()))["total"]["sent"] == 0
    )
    text = run(store, "stats")
    assert "by step" in text and "by tier" in text and "by country" in text
    assert "follow-up 1" in text and "25%" in text and "greeting diwali" in text
    done = mailbot("--config", str(store.path), "stats", "--since", "2025-04-01",
                   "--until", "2025-03-01")  # fmt: skip
    assert done.returncode == 2 and "--until" in done.stderr


def test_log_csv_has_one_row_per_mail_with_kind_occasion_and_last_event(store):
    rows = list(csv.DictReader(io.StringIO(run(store, "log", "--csv"))))
    assert len(rows) == 6
    greeting = next(r for r in rows if r["kind"] == "greeting")
    assert (greeting["occasion"], greeting["thread"], greeting["step"]) == (
        "diwali",
        "",
        "greeting diwali",
    )
    assert greeting["sent_at"] == G.strftime("%Y-%m-%dT%H:%MZ")
    assert (
        greeting["sent_at_local"] == "2025-04-07 09:30" and greeting["timezone"] == "Asia/Kolkata"
    )
    refused = next(r for r in rows if r["status"] == "failed")
    assert (refused["last_event"], refused["last_event_detail"]) == ("failed", "550")
    entries = json.loads(run(store, "log", "--json"))
    assert set(entries[0]) >= set(rows[0]) - {
        "last_event",
        "last_event_at",
        "last_event_at_local",
        "last_event_detail",
    }
    text = run(store, "log", "--customer", "kolkata-uv.in")
    assert "no thread greeting diwali" in text
    both = mailbot("--config", str(store.path), "log", "--csv", "--json")
    assert both.returncode == 2 and "choose one" in both.stderr
