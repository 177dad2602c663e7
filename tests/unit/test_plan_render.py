"""`mailbot plan --json` writes each line directly; it must be exactly what json.dumps
of the documented dict (`item_json`) would write, whatever the values."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from mailbot.cli.plan import _json_line, _write_json, item_json
from mailbot.domain.expectation import ReplyWindow
from mailbot.domain.planner import Decision
from mailbot.services.planning import PlanItem, Profile

ZONES = ("Asia/Riyadh", "America/New_York", "Asia/Kolkata", "UTC", "Australia/Lord_Howe")
text = st.text()  # quotes, backslashes, control characters, CJK, astral planes
instants = st.none() | st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
)
windows = st.none() | st.builds(
    ReplyWindow,
    st.floats(min_value=0.25, max_value=1e6, allow_nan=False),
    st.integers(0, 500),
    st.floats(min_value=1, max_value=100),
)
profiles = st.builds(
    Profile, st.integers(1, 10**6), text, text, st.none() | text, st.sampled_from(ZONES),
    text, text, text, text,
)  # fmt: skip
decisions = st.builds(
    Decision, text, instants, text, st.none() | st.integers(1, 9), st.none() | text,
    instants, instants, st.booleans(), text, windows,
)  # fmt: skip


@given(profiles, st.integers(1, 10**9), text, decisions)
def test_a_plan_line_is_the_json_of_its_documented_fields(profile, thread, subject, decision):
    item = PlanItem(profile, thread, subject, decision)
    assert _json_line(item) == json.dumps(item_json(item), ensure_ascii=False)


def test_a_real_looking_line():
    """A Riyadh follow-up: local times in the customer's zone, the window rounded."""
    due = datetime(2026, 3, 29, 5, 30, tzinfo=UTC)
    item = PlanItem(
        Profile(1, "alnoor.sa", 'Al Noor "Trading"', "SA", "Asia/Riyadh", "regular", "import",
                "repeat", "import"),
        7, "Angebot – UV-C", Decision("awaiting_customer", due - timedelta(days=9), "follow_up",
                                      1, "gentle_reminder", due - timedelta(hours=2), due, True,
                                      "3 business days in Riyadh", ReplyWindow(27.0041, 2, 27.0)),
    )  # fmt: skip
    line = json.loads(_json_line(item))
    assert line["due_at"] == "2026-03-29T05:30:00Z"
    assert line["due_at_local"] == "2026-03-29T08:30:00+03:00"
    assert line["reply_window_hours"] == 27.0 and line["customer_name"] == 'Al Noor "Trading"'


def test_the_list_is_written_in_batches_as_one_json_list():
    """Across batch boundaries, and empty: the same text as one json.dumps-style list."""
    for count in (0, 1, 999, 1000, 2501):
        lines = [json.dumps({"n": n}) for n in range(count)]
        out = io.StringIO()
        _write_json(out, lines, batch=1000)
        expected = "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"
        assert out.getvalue() == expected and json.loads(out.getvalue()) == [
            {"n": n} for n in range(count)
        ]
