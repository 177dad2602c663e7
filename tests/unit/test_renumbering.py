"""The UIDVALIDITY breaker's decision: pure, `now` and the reset history are inputs."""

from datetime import UTC, datetime, timedelta

import pytest

from mailbot.config import parse_config
from mailbot.domain.renumbering import breaker_sentence, breaker_trips, recent_resets
from mailbot.errors import ConfigError

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


def hours_ago(*hours: float) -> list[datetime]:
    return [NOW - timedelta(hours=h) for h in hours]


def test_more_than_the_limit_within_the_window_trips():
    assert not breaker_trips(hours_ago(0, 1, 2), NOW, 3, DAY)  # 3 of 3 allowed
    assert breaker_trips(hours_ago(0, 1, 2, 23), NOW, 3, DAY)  # the 4th


def test_resets_older_than_the_window_do_not_count():
    history = hours_ago(0, 1, 24, 30)  # two inside, one at the edge, one long ago
    assert recent_resets(history, NOW, DAY) == sorted(hours_ago(0, 1))
    assert not breaker_trips(history, NOW, 3, DAY)
    earlier = NOW - timedelta(hours=20)  # then, 24 and 30 h ago were 4 and 10 h old
    assert recent_resets(history, earlier, DAY) == sorted(hours_ago(24, 30))


def test_a_reset_in_the_future_of_now_does_not_count():
    assert recent_resets(hours_ago(-1, 0), NOW, DAY) == [NOW]


def test_sentence_names_folder_mailbox_count_window_and_the_way_out():
    text = breaker_sentence("sales", "INBOX", 4, DAY)
    assert text.startswith("INBOX of mailbox sales changed UIDVALIDITY 4 times in 24 h")
    assert "mailbot sync --mailbox sales --reset-breaker" in text


@pytest.mark.parametrize("key, value", [("uidvalidity_resets_max", 0),
                                        ("uidvalidity_window_hours", 0)])  # fmt: skip
def test_sync_section_is_validated(tmp_path, key, value):
    with pytest.raises(ConfigError, match=f"sync.{key}"):
        parse_config({"sync": {key: value}}, tmp_path / "mailbot.toml")
