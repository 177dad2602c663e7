"""Saving lead checks when another process saves the same address at the same moment."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, insert, select

from mailbot.domain.leadcheck import LeadVerdict
from mailbot.store.db import migrate, open_engine, session_factory
from mailbot.store.leads import save_checks
from mailbot.store.models import LeadCheck
from tests.stores import db_url

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEAD = "buyer@neon-import.de"


def test_a_check_saved_while_a_replica_saves_the_same_new_address(tmp_path: Path) -> None:
    """Two daemons checked the same new lead; the other one's row lands between this
    save's lookup (no row yet) and its insert. The save replaces that row instead of
    failing on the duplicate key (which cost the whole cycle's checks before)."""
    engine = open_engine(db_url(tmp_path / "mailbot.db"))
    migrate(engine)
    sessions = session_factory(engine)
    theirs = {"email": LEAD, "domain": "neon-import.de", "verdict": "unknown", "score": 0.5,
              "reasons": ["the DNS server timed out"], "details": {},
              "checked_at": T0, "expires_at": T0 + timedelta(hours=6)}  # fmt: skip
    raced: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def replica_first(conn, cursor, statement, *_args) -> None:  # noqa: ANN001
        if statement.startswith("INSERT INTO lead_checks") and not raced:
            raced.append(statement)
            with engine.begin() as other:  # another connection: the other replica
                other.execute(insert(LeadCheck.__table__), [theirs])

    ours = LeadVerdict(LEAD, "neon-import.de", "valid", 1.0, (), {"mx": ["mx.neon-import.de"]})
    later = T0 + timedelta(minutes=1)
    with sessions.begin() as session:
        save_checks(session, [ours], later, timedelta(days=30), timedelta(hours=6))
    assert raced, "the other replica's insert never ran: the race was not staged"
    with sessions() as session:
        [row] = session.scalars(select(LeadCheck))
    assert (row.email, row.verdict, row.score, row.reasons) == (LEAD, "valid", 1.0, [])
    assert row.details == {"mx": ["mx.neon-import.de"]}
    assert (row.checked_at, row.expires_at) == (later, later + timedelta(days=30))
    engine.dispose()
