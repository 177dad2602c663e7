"""Every operation run twice with the same inputs changes nothing the second time.

One mailbox on the rig's Dovecot holds five conversations, one per kind of answer: a
silent customer (due a follow-up), a human reply, an out-of-office, a hard bounce of our
quote and an unsubscribe request. Each test runs one operation (sync, classify, plan,
send, apply-bounce, apply-unsubscribe), takes a snapshot of every table, the SMTP sink
and the IMAP folders (tests/snapshot.py), runs it again at the same `now` and at a later
one, and compares. No column is excluded: an operation with nothing new to do writes
nothing, not even a "last checked at".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from mailbot.adapters.imap import ImapMailbox
from mailbot.cli import cli
from mailbot.domain.classify import ReplyKind, classify
from mailbot.domain.leadcheck import LeadVerdict
from mailbot.domain.parsing import parse_message, raw_from_bytes
from mailbot.services.cycle import Cycle
from mailbot.services.planning import build_plan
from mailbot.services.profiles import infer_profiles
from mailbot.services.replies import Classified, ReplyEffects
from mailbot.services.sync import MailboxSync
from mailbot.store.leads import save_checks
from mailbot.store.models import (
    Folder,
    Message,
    MessageLocation,
    OutboxMail,
    SendEvent,
    Suppression,
)
from tests.integration.cyclerig import (
    Rig,
    answered_customer,
    berlin,
    due_moment,
    quiet_customer,
    rig_with,
    write_toml,
)
from tests.integration.sendsim import hard_bounce
from tests.mailgen import T0, mail
from tests.snapshot import changes, imap_snapshot, sink_snapshot, store_snapshot

pytestmark = pytest.mark.integration
OURS = "sales@gmuv-lighting.cn"
SILENT, HUMAN, AWAY = "hans@acme-lighting.de", "eva@lumen-werk.de", "otto@uv-handel.de"
GONE, STOP = "gone@old-lamps.de", "stop@keimfrei.de"
KURT = "kurt@lampen-kurt.de"
LATER = timedelta(hours=3)  # a later `now`: before any further stage falls due


class Mailbox:
    """The five conversations, appended to the rig account; `raw` keeps what went in."""

    def __init__(self, user) -> None:  # type: ignore[no-untyped-def]
        self.user, self.raw = user, {}
        answers = {
            HUMAN: ("Re", "Thanks, we will order 200 pieces next week.", {}),
            AWAY: ("Out of office", "I am out of the office until 30 March with limited "
                   "access to email.", {"Auto-Submitted": "auto-replied"}),
            STOP: ("Re", "Please remove me from your mailing list. Unsubscribe.", {}),
        }  # fmt: skip
        for n, who in enumerate((SILENT, HUMAN, AWAY, GONE, STOP)):
            asked, quoted = T0 + timedelta(minutes=n), T0 + timedelta(hours=5, minutes=n)
            inquiry, quote = f"<inq{n}@{who.split('@')[1]}>", f"<quote{n}@gmuv-lighting.cn>"
            subject = f"Inquiry {n}: UVC lamps"
            self.add("INBOX", mail(10 * n, who, OURS, subject, asked, message_id=inquiry), asked)
            self.add("Sent", mail(10 * n + 1, OURS, who, "Re: " + subject, quoted,
                                  reply_to_id=inquiry, message_id=quote), quoted)  # fmt: skip
            when = quoted + timedelta(days=1)
            if who == GONE:
                self.add("INBOX", hard_bounce(GONE, quote, when), when)
            elif who in answers:
                prefix, body, headers = answers[who]
                answer = mail(10 * n + 2, who, OURS, f"{prefix}: {subject}", when, body=body,
                              reply_to_id=quote, headers=headers)  # fmt: skip
                self.add("INBOX", answer, when)
            if who == AWAY:  # back at work: the absence is over
                back = when + timedelta(days=2)
                self.add("INBOX", mail(10 * n + 3, who, OURS, "Re: " + subject, back,
                                       body="Back in the office. Which lead time for 500 pcs?",
                                       reply_to_id=quote), back)  # fmt: skip

    def add(self, folder: str, raw: bytes, when: datetime) -> None:
        self.user.append(folder, [(raw, when)])
        self.raw[parse_message(raw_from_bytes(raw, when)).message_id] = (raw, when)


@pytest.fixture
def rig(mailbox, smtp, tmp_path, store_url) -> Rig:
    made = Rig(mailbox, smtp, tmp_path, db_url=store_url)
    made.mail = Mailbox(mailbox)
    return made


def snapshot(rig: Rig) -> tuple:
    return (store_snapshot(rig.sessions.kw["bind"]), sink_snapshot(rig.smtp),
            imap_snapshot(rig.user))  # fmt: skip


def differences(before: tuple, after: tuple) -> list[str]:
    return (changes(before[0], after[0]) + changes({"smtp": before[1]}, {"smtp": after[1]})
            + changes(before[2], after[2]))  # fmt: skip


def twice(rig: Rig, operation, now: datetime) -> tuple:
    """Run `operation(now)` once, then again at `now` and `now + LATER`: the snapshot
    after the first run is the one after each repeat."""
    operation(now)
    first = snapshot(rig)
    for when in (now, now + LATER):
        operation(when)
        assert differences(first, snapshot(rig)) == [], f"a repeat at {when} changed this"
    return first


def sync(rig: Rig, now: datetime) -> None:
    """`mailbot sync`: every folder, then profile inference."""
    [box] = rig.config.mailboxes
    with ImapMailbox(box.imap) as imap:
        MailboxSync(rig.config, box, rig.sessions, lambda: now).run(imap)
    with rig.sessions.begin() as session:
        infer_profiles(session, rig.config, now)


def reclassify(rig: Rig, now: datetime) -> None:
    """Classify every stored inbound message again and apply what it says, newest first:
    an effect already recorded may not be undone by an older message's."""
    with rig.sessions.begin() as session:
        effects = ReplyEffects(session, rig.config.replies, now)
        inbound = select(Message).where(Message.direction == "in").order_by(Message.date.desc())
        for row in session.scalars(inbound):
            raw, when = rig.mail.raw[row.message_id]
            msg = parse_message(raw_from_bytes(raw, when))
            effects.apply(Classified(row.id, msg, classify(msg), row.customer_id))


def first_due(rig: Rig) -> datetime:
    """When the silent customer's first follow-up falls due, read well after it: the
    others answered (the absent one once back), bounced or asked to stop."""
    sync(rig, T0 + timedelta(days=1))
    with rig.sessions() as s:
        plan = build_plan(s, rig.config, T0 + timedelta(days=20))
    due = [i.decision.due_at for i in plan if i.decision.action == "follow_up"]
    assert len(due) == 1, due
    return due[0]


def test_sync_twice_changes_nothing(rig):
    """A second sync (same and later now) stores, locates and infers nothing new."""
    first = twice(rig, lambda now: sync(rig, now), T0 + timedelta(days=2))
    with rig.sessions() as s:
        assert len(s.scalars(select(Message)).all()) == 15  # 5 inquiries, 5 quotes, 5 answers
    assert first[1] == []  # a sync sends nothing


def test_sync_after_a_rebuild_or_an_expunge_settles_at_once(rig):
    """The server gave INBOX a new UIDVALIDITY and a message left it: the sync that re-maps
    and forgets does it all; the next sync (same and later now) changes nothing."""
    sync(rig, T0 + timedelta(days=2))
    rig.user.reset_uidvalidity("INBOX")
    client = rig.user.client()
    client.select_folder("INBOX")
    client.delete_messages(client.search(["ALL"])[:1])
    client.expunge()
    twice(rig, lambda now: sync(rig, now), T0 + timedelta(days=3))
    with rig.sessions() as s:
        assert len(s.scalars(select(Message)).all()) == 15  # the expunged one is kept
        assert len(s.scalars(select(MessageLocation)).all()) == 14  # but not where it was
        folder = s.scalar(select(Folder).where(Folder.name == "INBOX"))
    assert folder.uidvalidity == rig.user.server.uidvalidity(rig.user.user, "INBOX")


@pytest.mark.parametrize(("who", "status"), [("tempfail-ute@acme-lighting.de", "planned"),
                                             ("drop@acme-lighting.de", "unknown")])  # fmt: skip
def test_an_uncertain_send_twice_changes_nothing(mailbox, smtp, tmp_path, who, status):
    """A 451 (retry in 5 minutes) or a connection cut after the data (`unknown`): a second
    cycle at that moment changes nothing; an unknown one, not later either."""
    quiet_customer(mailbox, to=who)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    rig.run(now)
    first = snapshot(rig)
    for at in (now, now + timedelta(minutes=4)) if status == "planned" else (now, now + LATER):
        rig.run(at)
        assert differences(first, snapshot(rig)) == [], f"a repeat at {at} changed this"
    [row] = rig.rows()
    assert row.status == status and row.attempts == 1


def test_classify_twice_changes_nothing(rig):
    """The replies are classified human, auto-reply, bounce and unsubscribe; applying
    each verdict again (sync already applied it once) adds no bounce, no suppression."""
    sync(rig, T0 + timedelta(days=2))
    with rig.sessions() as s:
        kinds = {r.from_email: r.kind for r in s.scalars(select(Message).where(
            Message.direction == "in", Message.kind != "human"))}  # fmt: skip
    assert set(kinds.values()) == {ReplyKind.OUT_OF_OFFICE.value, ReplyKind.BOUNCE.value,
                                   ReplyKind.UNSUBSCRIBE.value}, kinds  # fmt: skip
    before = snapshot(rig)
    after = twice(rig, lambda now: reclassify(rig, now), T0 + timedelta(days=3))
    assert differences(before, after) == []


def test_apply_bounce_and_unsubscribe_twice_changes_nothing(rig):
    """The DSN suppressed the bounced address once and the request the other; the same
    effects applied again, and a refusal at send time for either, add nothing."""
    sync(rig, T0 + timedelta(days=2))
    with rig.sessions() as s:
        reasons = {x.address: x.reason for x in s.scalars(select(Suppression))}
        mails = {r.from_email: r for r in s.scalars(select(Message).where(
            Message.direction == "in", Message.kind.in_(["bounce", "unsubscribe"])))}  # fmt: skip
    assert reasons == {GONE: "hard_bounce", STOP: "unsubscribe"}

    def apply(now: datetime) -> None:
        with rig.sessions.begin() as session:
            effects = ReplyEffects(session, rig.config.replies, now)
            for row in mails.values():
                msg = parse_message(raw_from_bytes(*rig.mail.raw[row.message_id]))
                effects.apply(Classified(row.id, msg, classify(msg), row.customer_id))
            for address in (GONE, STOP):  # as delivery.py does on a 5xx
                assert not effects.suppress(address, None, "rejected", "550 5.1.1", None)

    before = snapshot(rig)
    assert differences(before, twice(rig, apply, T0 + timedelta(days=4))) == []


def test_plan_twice_proposes_each_step_once(rig):
    """Proposing at the due moment makes one row and one `planned` event; again, none."""
    due = first_due(rig)

    def plan(now: datetime) -> None:
        Cycle(rig.config, rig.sessions, now).propose({"sales"})

    twice(rig, plan, due)
    [row] = rig.rows()
    assert (row.recipient, row.status, row.stage) == (SILENT, "planned", 1)


def test_send_twice_sends_once(rig):
    """`run --once` at the due moment sends one follow-up and files one copy in Sent;
    another cycle then, or later, sends, stores and files nothing."""
    due = first_due(rig)
    first = twice(rig, lambda now: rig.run(now), due)
    [got] = first[1]
    assert got[1] == (SILENT,)
    with rig.sessions() as s:
        [row] = s.scalars(select(OutboxMail)).all()
    assert row.status == "sent" and row.message_id.encode() in got[2]
    assert sum(row.message_id.encode() in m[2] for m in first[2]["Sent"]) == 1


def mailbot(rig: Rig, *args: str) -> str:
    """One command in this process (a new interpreter costs seconds per call)."""
    done = CliRunner().invoke(cli, ["--config", str(rig.tmp / "mailbot.toml"), *args])
    assert done.exit_code == 0, (done.output, done.exception)
    return done.stdout


def test_the_commands_twice_change_nothing(mailbox, smtp, tmp_path):
    """`mailbot sync` and `run --once` as a person types them, each again: the repeat
    leaves the store (the sender lease included), the sink and the folders alone."""
    rig = Rig(mailbox, smtp, tmp_path)
    rig.mail = Mailbox(mailbox)
    write_toml(rig)
    mailbot(rig, "sync")
    due = first_due(rig)
    after_sync = snapshot(rig)
    assert "0 new" in mailbot(rig, "sync") and differences(after_sync, snapshot(rig)) == []
    assert "1 sent" in mailbot(rig, "run", "--once", "--at", due.isoformat())
    first = snapshot(rig)
    for at in (due, due + LATER):
        out = mailbot(rig, "run", "--once", "--at", at.isoformat())
        assert out.startswith("mode live: 0 proposed, 0 sent"), out
        assert differences(first, snapshot(rig)) == [], f"a repeat at {at} changed this"


def test_a_refused_send_twice_suppresses_once(mailbox, smtp, tmp_path):
    """The SMTP server refuses the follow-up (550): the row fails and the address is
    suppressed once; the next cycles neither retry nor suppress again."""
    quiet_customer(mailbox, to="reject@acme-lighting.de")
    rig = Rig(mailbox, smtp, tmp_path)
    twice(rig, lambda now: rig.run(now), due_moment(rig))
    [row] = rig.rows()
    with rig.sessions() as s:
        reasons = [x.reason for x in s.scalars(select(Suppression))]
    assert row.status == "failed" and reasons == ["rejected"] and smtp.messages == []


def test_a_greeting_twice_goes_out_once_and_a_held_one_is_logged_once(mailbox, smtp, tmp_path):
    """Christmas Eve morning in Berlin: Hans's greeting goes out once; Kurt's, held back by
    a dead-address verdict, is one skipped row with one `skipped` event, however often
    the cycle runs."""
    answered_customer(mailbox, SILENT)
    answered_customer(mailbox, KURT, n=2)
    rig = rig_with(mailbox, smtp, tmp_path)
    rig.run(T0 + timedelta(days=2))
    dead = LeadVerdict(KURT, "lampen-kurt.de", "invalid", 0.0, ("the domain accepts no mail",), {})
    with rig.sessions.begin() as s:
        save_checks(s, [dead], T0, timedelta(days=365), timedelta(hours=6))
    first = twice(rig, lambda now: rig.run(now), berlin(24, 9, 30))
    assert [m[1] for m in first[1]] == [(SILENT,)]
    with rig.sessions() as s:
        rows = {r.recipient: r.status for r in s.scalars(select(OutboxMail))}
        events = sorted(e.event for e in s.scalars(select(SendEvent)))
    assert rows == {SILENT: "sent", KURT: "cancelled"}
    assert events == ["planned", "planned", "sent", "skipped"]


class AwayBeforeTheSend(Cycle):
    """Their out-of-office lands after this cycle planned the follow-up, before it sends."""

    def propose(self, mailboxes: set[str]) -> None:
        super().propose(mailboxes)
        when = self.now - timedelta(minutes=1)
        away = mail(7, "hans@acme-lighting.de", OURS, "Automatic reply: Re: Inquiry", when,
                    body="I am out of the office until 12 October 2026 with no access to "
                    "email.", reply_to_id="<quote1@gmuv-lighting.cn>",
                    headers={"Auto-Submitted": "auto-replied"})  # fmt: skip
        self.user.append("INBOX", [(away, when)])


def test_a_send_the_fence_defers_twice_changes_nothing(mailbox, smtp, tmp_path):
    """The fence sees the out-of-office and moves the row to the return (same step, no
    send); the next cycles, at that moment and later, leave it there."""
    quiet_customer(mailbox)
    rig = Rig(mailbox, smtp, tmp_path)
    now = due_moment(rig)
    AwayBeforeTheSend.user = mailbox
    AwayBeforeTheSend(rig.config, rig.sessions, now).run(rig.config.mailboxes)
    first = snapshot(rig)
    for at in (now, now + LATER):
        rig.run(at)
        assert differences(first, snapshot(rig)) == [], f"a repeat at {at} changed this"
    [row] = rig.rows()
    assert row.status == "planned" and row.due_at.date() >= date(2026, 10, 12)
    assert first[1] == []
