"""Reading replies during a real sync: effects land in the store, explained."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mailbot.store.models import CustomerAddress, Message, Suppression, Thread
from tests.integration.syncrig import Env
from tests.mailgen import T0, mail

pytestmark = pytest.mark.integration
DATA = Path(__file__).parents[1] / "data"
QUOTE_ID = "<q7@gmuv-lighting.cn>"


def our_quote(to: str) -> tuple[bytes, object]:
    return mail(7, "anna@gmuv-lighting.cn", to, "Quotation UVC lamps", T0, message_id=QUOTE_ID), T0


def answer(
    n: int, sender: str, body: str, days: float, subject="Re: Quotation UVC lamps", headers=None
) -> tuple[bytes, object]:
    when = T0 + timedelta(days=days)
    return mail(
        n,
        sender,
        "sales@gmuv-lighting.cn",
        subject,
        when,
        body=body,
        reply_to_id=QUOTE_ID,
        headers=headers,
    ), when


def test_out_of_office_then_human_reply(mailbox, tmp_path):
    """A vacation reply opens an absence and is no reply; the human answer closes it."""
    mailbox.append("Sent", [our_quote("hans@acme-lighting.de")])
    ooo = answer(
        1,
        "hans@acme-lighting.de",
        "I am out of the office until 18 September 2026 with no access to email.\n"
        "In urgent cases please contact petra@acme-lighting.de.",
        0.01,
        subject="Automatic reply: Quotation UVC lamps",
        headers={"Auto-Submitted": "auto-replied"},
    )
    mailbox.append("INBOX", [ooo])
    env = Env(mailbox, tmp_path)
    env.sync()
    with env.sessions() as s:
        contact = s.get(CustomerAddress, "hans@acme-lighting.de")
        assert contact.absent_until is not None and contact.absence_ended_at is None
        thread = s.scalar(select(Thread))
        assert thread.last_direction == "out" and thread.last_inbound_at is None
        kind = s.scalar(select(Message.kind).where(Message.direction == "in"))
        assert kind == "out_of_office"
    mailbox.append(
        "INBOX",
        [answer(2, "hans@acme-lighting.de", "Thanks, please send the CE certificate too.", 9)],
    )
    env.sync()
    with env.sessions() as s:
        assert s.get(CustomerAddress, "hans@acme-lighting.de").absence_ended_at is not None
        assert s.scalar(select(Thread.last_direction)) == "in"


def test_bounce_and_unsubscribe_suppress(mailbox, tmp_path):
    """A hard bounce and an unsubscribe request both end up on the suppression list."""
    mailbox.append("Sent", [our_quote("raj@sterilux.in")])
    dsn = (DATA / "bounce_dsn_user_unknown.eml").read_bytes()
    mailbox.append(
        "INBOX",
        [
            (dsn, T0 + timedelta(hours=1)),
            answer(
                3,
                "buyer@uvpure.com.br",
                "Please remove me from your mailing list. Unsubscribe.",
                2,
                subject="Unsubscribe",
            ),
        ],
    )
    env = Env(mailbox, tmp_path)
    env.sync()
    with env.sessions() as s:
        reasons = {sup.reason: sup.address for sup in s.scalars(select(Suppression))}
    assert reasons.get("unsubscribe") == "buyer@uvpure.com.br"
    assert "hard_bounce" in reasons


def test_inspect_json_for_every_fixture_and_garbage(tmp_path):
    """`inspect --json` prints one parsable line per file, even for garbage and missing files."""
    garbage = tmp_path / "garbage.eml"
    garbage.write_bytes(b"\x00\xff\xfe\x81 not a mail at all")
    files = [*sorted(DATA.glob("*.eml")), garbage, tmp_path / "missing.eml"]
    done = subprocess.run(
        [sys.executable, "-m", "mailbot", "inspect", "--json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["file"] for r in rows] == [str(f) for f in files]
    by_name = {Path(r["file"]).name: r for r in rows}
    assert by_name["bounce_dsn_user_unknown.eml"]["kind"] == "bounce"
    assert by_name["bounce_dsn_user_unknown.eml"]["bounce"]["permanent"] is True
    assert by_name["autoreply_ooo_exchange_german.eml"]["kind"] == "out_of_office"
    assert by_name["reply_gmail_on_wrote.eml"]["kind"] == "human"
    assert by_name["missing.eml"]["kind"] is None and by_name["missing.eml"]["reasons"]
    for row in rows:
        assert set(row) >= {
            "file",
            "kind",
            "return_date",
            "return_date_certain",
            "bounce",
            "reasons",
        }
