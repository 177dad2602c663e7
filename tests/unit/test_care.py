"""Post-purchase care (domain/care.py) and the orders CSV (domain/order_csv.py)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from mailbot.config import Care, CareStep
from mailbot.domain.calendar import BusinessCalendar
from mailbot.domain.care import OrderFact, care_for
from mailbot.domain.order_csv import read_orders

WINDOW = (time(8, 30), time(11, 0))
DE = BusinessCalendar("DE")
CARE = Care()
# Tue 3 Nov 2026 14:00 UTC: shipped; Tue 10 Nov 10:00 UTC: delivered (Berlin, CET).
SHIPPED = OrderFact(1, "shipped", datetime(2026, 11, 3, 14, tzinfo=UTC), "PO-7", "1Z999")
DELIVERED = OrderFact(2, "delivered", datetime(2026, 11, 10, 10, tzinfo=UTC), "PO-7")


def run(events, now, steps=CARE.steps, stale=3):
    return care_for(events, steps, CARE.replacement_for, DE, WINDOW, now, stale)


def local(t: datetime) -> str:
    return t.astimezone(DE.zone).strftime("%a %Y-%m-%d %H:%M")


def test_shipping_notice_goes_out_the_next_morning_after_shipping():
    due, dropped = run([SHIPPED], datetime(2026, 11, 4, 9, tzinfo=UTC))
    [notice] = due
    assert dropped == [] and notice.template == "care/shipping_notice"
    # 15:00 Berlin is after the 11:00 window: Wed 4 Nov, 09:00 (their opening).
    assert local(notice.send_at) == "Wed 2026-11-04 09:00"
    assert notice.key == "care/e1/shipping_notice"
    assert "PO-7" in notice.reason


def test_steps_after_delivery_in_order_and_not_before_their_moment():
    events = [SHIPPED, DELIVERED]
    # Thu 12 Nov 08:00 Berlin: the shipping notice's moment (Wed 4 Nov) is 8 days gone,
    # the arrival check's not yet come.
    due, dropped = run(events, datetime(2026, 11, 12, 7, tzinfo=UTC))
    assert due == [] and [(d.template, d.stale) for d in dropped] == [
        ("care/shipping_notice", True)
    ]
    # arrival check: 2 days after Tue 10 Nov 11:00 → Thu 12 Nov 11:00 is past the window:
    # Fri 13 Nov 09:00.
    due, _ = run(events, datetime(2026, 11, 13, 8, tzinfo=UTC), stale=30)
    names = [m.template.split("/")[1] for m in due]
    assert names == ["shipping_notice", "arrival_check"]
    assert local(due[1].send_at) == "Fri 2026-11-13 09:00"
    due, _ = run(events, datetime(2027, 1, 1, tzinfo=UTC), stale=400)
    assert [m.template.split("/")[1] for m in due] == [
        "shipping_notice",
        "arrival_check",
        "usage_tips",
        "satisfaction_check",
    ]


def test_a_returned_order_gets_no_further_care():
    returned = OrderFact(3, "returned", datetime(2026, 11, 11, 8, tzinfo=UTC), "PO-7")
    now = datetime(2026, 11, 20, tzinfo=UTC)
    due, dropped = run([SHIPPED, DELIVERED, returned], now, stale=30)
    assert [m.template for m in due] == ["care/shipping_notice"]
    assert {d.template for d in dropped} == {"care/arrival_check", "care/usage_tips"}
    assert all("PO-7 was returned on 2026-11-11" in d.why for d in dropped)


def test_reorder_reminder_after_the_products_interval_unless_they_ordered_again():
    lamp = OrderFact(2, "delivered", datetime(2026, 1, 5, 10, tzinfo=UTC), "PO-1", "", "T8 lamp")
    steps = [CareStep(template="reorder_reminder", on="delivered", replacement=True)]
    care = Care(replacement_days={"T8 lamp": 200})
    day_200 = lamp.at + timedelta(days=200)  # Fri 24 Jul 2026
    due, _ = care_for([lamp], steps, care.replacement_for, DE, WINDOW, day_200, 3)
    assert due == []  # 12:00 Berlin: past the window, so Mon 27 Jul
    due, _ = care_for([lamp], steps, care.replacement_for, DE, WINDOW,
                      day_200 + timedelta(days=3), 3)  # fmt: skip
    [reminder] = due
    assert local(reminder.send_at) == "Mon 2026-07-27 09:00"
    again = OrderFact(9, "ordered", datetime(2026, 6, 1, tzinfo=UTC), "PO-2")
    due, dropped = care_for([lamp, again], steps, care.replacement_for, DE, WINDOW,
                            day_200 + timedelta(days=3), 3)  # fmt: skip
    assert due == [] and "ordered again on 2026-06-01" in dropped[0].why


def test_history_imported_late_is_stale_not_a_burst_of_mail():
    due, dropped = run([SHIPPED], datetime(2026, 12, 1, tzinfo=UTC))
    assert due == [] and dropped[0].stale and "passed more than 3 days ago" in dropped[0].why


def test_orders_csv_reads_rows_and_names_every_problem():
    good = read_orders(
        "Customer,Event,Date,Ref,Tracking,Product,Contact\n"
        "acme-lighting.de,shipped,2026-11-03,PO-7,1Z999,T8 lamp,hans@acme-lighting.de\n"
        "acme-lighting.de,delivered,2026-11-10T10:00+01:00,PO-7,,,\n"
    )
    assert good.problems == [] and [r.kind for r in good.rows] == ["shipped", "delivered"]
    assert good.rows[0].at == datetime(2026, 11, 3, 12, tzinfo=UTC)
    assert good.rows[1].at == datetime(2026, 11, 10, 9, tzinfo=UTC) and good.rows[1].line == 3
    bad = read_orders("customer,event,date\nacme.de,sent,2026-13-01\n,shipped,2026-11-01\n")
    assert bad.problems == [
        "row 2, column 'event': 'sent' is not one of ordered, paid, shipped, delivered, "
        "returned, cancelled",
        "row 2, column 'date': '2026-13-01' is not an ISO date",
        "row 3, column 'customer': required",
    ]
    typo = read_orders("customer,evnt,date\n")
    assert "row 1: unknown column 'evnt'" in typo.problems[0]
    assert "row 1: missing column 'event'" in typo.problems
