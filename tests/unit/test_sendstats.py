"""The counting rules of `mailbot stats` (domain.sendstats), on hand-made rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from mailbot.domain.sendstats import (
    Answer,
    Bounce,
    OptOut,
    Send,
    Step,
    judge,
    step_of,
    summarize,
    within,
)

T = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
ACME, OTHER = 1, 2


def send(id: int, at: datetime, thread: int | None = 7, stage: int | None = 1, **kw) -> Send:
    fields = dict(id=id, kind="followup", stage=stage, occasion=None, template="gentle_reminder",
                  customer_id=ACME, thread_id=thread, recipient="hans@acme.de",
                  message_id=f"<f{id}@gmuv.cn>", at=at)  # fmt: skip
    return Send(**(fields | kw))  # type: ignore[arg-type]


def flags(sends, answers=(), bounces=(), opt_outs=()) -> dict[int, tuple[bool, bool, bool]]:
    return {o.send.id: (o.replied, o.bounced, o.unsubscribed)
            for o in judge(sends, answers, bounces, opt_outs)}  # fmt: skip


def replied(sends, *answers) -> set[int]:
    return {i for i, (r, _, _) in flags(sends, answers).items() if r}


def test_a_reply_in_the_thread_after_the_send_counts():
    assert replied([send(1, T)], Answer(ACME, 7, T + DAY)) == {1}


def test_a_message_before_the_send_is_not_a_reply_to_it():
    assert replied([send(1, T)], Answer(ACME, 7, T - DAY)) == set()


def test_the_next_automated_mail_in_the_thread_takes_over_the_credit():
    """Stage 1, no answer; stage 2, then the answer: it answers stage 2 only."""
    sends = [send(1, T), send(2, T + 5 * DAY, stage=2)]
    assert replied(sends, Answer(ACME, 7, T + 6 * DAY)) == {2}
    assert replied(sends, Answer(ACME, 7, T + 2 * DAY)) == {1}


def test_a_reply_in_another_thread_or_from_another_customer_does_not_count():
    assert replied([send(1, T)], Answer(ACME, 8, T + DAY), Answer(OTHER, 7, T + DAY)) == set()


def test_a_request_to_stop_is_not_a_reply():
    assert replied([send(1, T)], Answer(ACME, 7, T + DAY, stop=True)) == set()


def test_a_threadless_mail_counts_any_message_within_its_window():
    greeting = send(1, T, thread=None, kind="greeting", stage=None, occasion="christmas",
                    reply_by=T + 3 * DAY)  # fmt: skip
    assert replied([greeting], Answer(ACME, 99, T + 2 * DAY)) == {1}
    assert replied([greeting], Answer(ACME, 99, T + 4 * DAY)) == set()
    assert replied([greeting], Answer(OTHER, 99, T + 2 * DAY)) == set()
    assert replied([replace(greeting, reply_by=None)], Answer(ACME, 99, T + DAY)) == set()


def test_bounce_naming_the_mail_counts_for_it_whenever_it_comes():
    sends = [send(1, T), send(2, T + 5 * DAY, stage=2)]
    late = Bounce("hans@acme.de", T + 6 * DAY, True, "<f1@gmuv.cn>")
    assert flags(sends, bounces=[late]) == {1: (False, True, False), 2: (False, False, False)}


def test_bounce_without_original_counts_for_the_last_mail_to_that_address():
    sends = [send(1, T), send(2, T + 5 * DAY, stage=2), send(3, T + DAY, recipient="li@acme.de")]
    bounce = Bounce("Hans@Acme.de", T + 6 * DAY, True, None)
    got = flags(sends, bounces=[bounce])
    assert [i for i, (_, b, _) in got.items() if b] == [2]


def test_soft_bounces_and_bounces_of_staff_mail_do_not_count():
    bounces = [Bounce("hans@acme.de", T + DAY, False, "<f1@gmuv.cn>"),
               Bounce("hans@acme.de", T + DAY, True, "<staff@gmuv.cn>"),
               Bounce("hans@acme.de", T - DAY, True, None)]  # fmt: skip
    assert flags([send(1, T)], bounces=bounces) == {1: (False, False, False)}


def test_a_refused_mail_is_sent_and_bounced_and_takes_no_later_credit():
    """Refused outright (5xx): a bounce; the answer and the stop request go to the last
    mail that reached them."""
    sends = [send(1, T), send(2, T + 5 * DAY, stage=2, refused=True)]
    got = flags(sends, [Answer(ACME, 7, T + 6 * DAY)], [], [OptOut(ACME, T + 7 * DAY)])
    assert got == {1: (True, False, True), 2: (False, True, False)}
    assert summarize(judge(sends, [], [], [])).total.sent == 2


def test_an_unsubscribe_counts_for_the_last_mail_the_customer_got():
    sends = [send(1, T), send(2, T + DAY, thread=8), send(3, T + 2 * DAY, customer_id=OTHER)]
    got = flags(sends, opt_outs=[OptOut(ACME, T + 3 * DAY), OptOut(ACME, T - DAY)])
    assert [i for i, (_, _, u) in got.items() if u] == [2]


def test_groups_rates_and_order():
    sends = [
        send(1, T, tier="vip", country="DE"),
        send(2, T + DAY, thread=8, tier="vip", country="DE"),
        send(3, T + 2 * DAY, thread=9, stage=2, tier="regular", country="SA"),
        send(
            4,
            T,
            thread=None,
            kind="greeting",
            stage=None,
            occasion="diwali",
            tier="regular",
            country="IN",
            reply_by=T + DAY,
        ),  # fmt: skip
        send(5, T, thread=None, kind="care", stage=None, template="usage_tips"),
    ]
    report = summarize(judge(sends, [Answer(ACME, 8, T + 2 * DAY)], [], []))
    assert [s.label for s in report.by_step] == [
        "follow-up 1", "follow-up 2", "greeting diwali", "care usage_tips"
    ]  # fmt: skip
    first = report.by_step[Step("followup", 1, None)]
    assert (first.sent, first.replied, first.reply_rate) == (2, 1, 0.5)
    assert list(report.by_tier) == ["regular", "vip", "unknown"]  # busiest first, unknown last
    assert report.by_country["DE"].replied == 1 and report.by_country["SA"].reply_rate == 0
    assert report.total.sent == 5 and summarize([]).total.reply_rate is None


def test_the_period_selects_by_send_time_and_keeps_later_replies():
    sends = [send(1, T), send(2, T + 10 * DAY, thread=8)]
    outcomes = judge(sends, [Answer(ACME, 7, T + 20 * DAY)], [], [])
    march = within(outcomes, T, T + 5 * DAY)
    assert [(o.send.id, o.replied) for o in march] == [(1, True)]
    assert [o.send.id for o in within(outcomes, T + DAY, None)] == [2]


def test_step_names():
    assert step_of("followup", 3, None, "last_try").label == "follow-up 3"
    assert step_of("greeting", None, "eid_al_fitr", "x").label == "greeting eid_al_fitr"
    assert step_of("care", 2, "shipped", "x").label == "care 2 shipped"
