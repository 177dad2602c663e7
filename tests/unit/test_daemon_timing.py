"""The daemon's timing rules (mailbot/domain/daemon_timing.py)."""

from datetime import UTC, datetime, timedelta

from mailbot.domain.daemon_timing import (
    changed_files,
    debounced,
    lease_renewal,
    lease_wait_line,
    reissue_idle,
    retry_delay,
    try_idle_again,
    watch_mode,
)

T = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
S = timedelta(seconds=1)


def test_debounce_waits_for_quiet_but_not_forever():
    assert debounced(T, T, 2 * S, 30 * S) == T + 2 * S  # one mail: 2 s later
    assert debounced(T, T + 5 * S, 2 * S, 30 * S) == T + 7 * S  # a burst: after the last
    assert debounced(T, T + 29 * S, 2 * S, 30 * S) == T + 30 * S  # a trickle: capped
    assert debounced(T, T, 40 * S, 30 * S) == T + 40 * S  # the cap never undercuts quiet


def test_retry_delay_doubles_from_the_interval_up_to_the_cap():
    minute, cap = timedelta(minutes=1), timedelta(minutes=30)
    delays = [retry_delay(n, minute, cap) for n in range(0, 8)]
    assert [d.total_seconds() / 60 for d in delays] == [1, 1, 2, 4, 8, 16, 30, 30]
    assert retry_delay(1000, minute, cap) == cap  # no overflow after a long outage
    assert retry_delay(3, timedelta(hours=1), cap) == timedelta(hours=1)  # never below it


def test_idle_is_reissued_after_its_span():
    assert not reissue_idle(100.0, 100.0 + 24 * 60, 25 * 60)
    assert reissue_idle(100.0, 100.0 + 25 * 60, 25 * 60)


def test_watch_mode_falls_back_to_polling():
    assert watch_mode(True, 0) == "idle"
    assert watch_mode(True, 1) == "idle"  # one broken IDLE: try again
    assert watch_mode(True, 2) == "poll"  # broken again: poll this mailbox
    assert watch_mode(False, 0) == "poll"  # the server has no IDLE


def test_a_mailbox_polling_because_idle_broke_tries_idle_again_after_a_while():
    assert not try_idle_again(True, 2, polled=3599, retry_after=3600)
    assert try_idle_again(True, 2, polled=3600, retry_after=3600)
    assert not try_idle_again(False, 0, polled=99_999, retry_after=3600)  # no IDLE at all
    assert not try_idle_again(True, 0, polled=99_999, retry_after=3600)  # not polling


def test_changed_files_sees_edits_additions_and_removals():
    before = {"a.toml": 1.0, "t/x.j2": 2.0, "t/gone.j2": 3.0}
    after = {"a.toml": 1.0, "t/x.j2": 2.5, "t/new.j2": 4.0}
    assert changed_files(before, after) == ["t/gone.j2", "t/new.j2", "t/x.j2"]
    assert changed_files(before, dict(before)) == []
    assert changed_files({"a.toml": 1.0}, {"a.toml": None}) == ["a.toml"]  # deleted


def test_lease_is_renewed_three_times_per_ttl():
    assert lease_renewal(timedelta(seconds=60)) == timedelta(seconds=20)


def test_lease_wait_line_names_holder_since_and_expiry():
    line = lease_wait_line("vm:42:ab12cd34", T, T + timedelta(minutes=10, seconds=40),
                           T + timedelta(minutes=10))  # fmt: skip
    assert line == (
        "the sender lease is held by vm:42:ab12cd34 since 2026-11-24 09:00:00Z (10 min); "
        "waiting, and taking over if it is not renewed by 09:10:40Z"
    )
    assert "(45 s)" in lease_wait_line("h", T, T, T + 45 * S)
    assert "(3 h)" in lease_wait_line("h", T, T, T + timedelta(hours=3, minutes=5))
