"""`mailbot demo`: the whole pipeline on a bundled sample mailbox, no server needed."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from mailbot.adapters.mailfile import read_messages
from mailbot.adapters.outfolder import FolderPostOffice
from mailbot.cli.app import App
from mailbot.cli.review import console, customer_table, profiles_of
from mailbot.config import load_config
from mailbot.domain.order_csv import OrderRow
from mailbot.services.calendars import Calendars
from mailbot.services.importer import import_messages
from mailbot.services.occasion_plan import moments_between
from mailbot.services.orders import OrderLog
from mailbot.services.planning import build_plan
from mailbot.services.profiles import infer_profiles
from mailbot.services.replay import replay
from mailbot.store.models import Customer, Message, OutboxMail, Suppression
from mailbot.store.overview import customer_rows, find_customer

DEMO_CONFIG = """\
# Written by `mailbot demo`: the sample seller, a Shenzhen UV-lamp exporter.
[company]
name = "Guangming UV Lighting Co., Ltd."
country = "CN"
own_domains = ["gmuv-lighting.cn"]

[database]
url = "sqlite:///{db}"

[logging]
level = "warning"

[plan]
workers = 1  # 33 customers: one process is quicker than forking

[sending]
# The demo "sends" into the folder sent-by-mailbot/ (see `mailbot demo`); with a real
# mailbox, start with "approve" and look at `mailbot log` before going live.
mode = "live"
min_gap_seconds = 0

# The sample customers are invented: asking real DNS about them says nothing (and may
# wait for timeouts on a machine without network). `mailbot verify ADDRESS` works on demand.
[verification]
auto = false

# The shared sales mailbox. The demo never connects to it: mail comes from the
# bundled sample, and what mailbot sends is written to files.
[[mailboxes]]
name = "sales"
address = "sales@gmuv-lighting.cn"
display_name = "Anna Li (Guangming UV)"
signature = "Anna Li\\nSales Manager\\nGuangming UV Lighting Co., Ltd.\\nShenzhen, China"

[mailboxes.imap]
host = "imap.example.invalid"
username = "sales@gmuv-lighting.cn"
"""

# The replay: a month into the sample mailbox to the end of the year, and the order
# PureAir Solutions placed through Lisa Brown (C12 in demo/README.md) on its way.
REPLAY_START = datetime(2026, 10, 1, tzinfo=UTC)
REPLAY_END = datetime(2026, 12, 31, tzinfo=UTC)
DEMO_ORDER = [
    ("ordered", datetime(2026, 11, 19, 17, tzinfo=UTC)),
    ("shipped", datetime(2026, 11, 26, 9, tzinfo=UTC)),
    ("delivered", datetime(2026, 12, 8, 15, tzinfo=UTC)),
]


def sample_mailbox() -> Path:
    return Path(str(resources.files("mailbot.demo").joinpath("sample.mbox")))


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path),
    default=Path("mailbot-demo"),
    show_default=True,
    help="Where to write the demo config and database.",
)
def demo(folder: Path) -> None:
    """Import the bundled sample mailbox and show what mailbot knows."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    config_file = folder / "mailbot.toml"
    config_file.write_text(DEMO_CONFIG.format(db=(folder / "mailbot.db").resolve()))
    app = App(str(config_file), config=load_config(config_file))
    click.get_current_context().call_on_close(app.close)  # its own App: not the group's
    report = import_messages(
        read_messages(sample_mailbox(), "mbox"), app.config, app.sessions, app.clock
    )
    with app.sessions.begin() as session:
        infer_profiles(session, app.config, app.clock())
    with app.sessions() as session:
        rows = customer_rows(session)
        kinds = dict(
            session.execute(
                select(Message.kind, func.count())
                .where(Message.kind.is_not(None), Message.direction == "in")
                .group_by(Message.kind)
            ).all()
        )
        suppressed = session.scalar(
            select(func.count()).select_from(Suppression).where(Suppression.removed_at.is_(None))
        )
    out = console()
    out.print(
        f"Imported {report.stored} messages from the sample mailbox "
        f"({report.defects} with parse defects, kept).",
        highlight=False,
    )
    read = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in sorted(kinds.items()))
    out.print(
        f"Inbound mail read as: {read}; {suppressed} address(es) suppressed.", highlight=False
    )
    out.print(customer_table(rows, profiles_of(app, rows)))
    stamps = [t for r in rows for t in (r.last_inbound, r.last_outbound) if t]
    last = max(stamps, default=None)
    if last is not None:
        at = last + timedelta(days=1)
        with app.sessions() as session:
            items = build_plan(session, app.config, at)
        counts = Counter(i.decision.action for i in items)
        summary = ", ".join(f"{n} {action.replace('_', ' ')}" for action, n in counts.most_common())
        out.print(f"Plan one day after the last message ({at:%Y-%m-%d %H:%M}Z): {summary}.",
                  highlight=False)  # fmt: skip
        out.print(f"  mailbot --config {config_file} plan --at {at:%Y-%m-%dT%H:%MZ}",
                  highlight=False, markup=False)  # fmt: skip
    replay_demo(app, folder, out)
    out.print(
        f"Explore: mailbot --config {config_file} thread {rows[0].key if rows else ''}",
        highlight=False,
    )


def replay_demo(app: App, folder: Path, out: Console) -> None:
    """Weeks of the send cycle on the sample, "sending" into a folder; the timeline."""
    with app.sessions.begin() as session:
        orders = OrderLog(session, REPLAY_START, "import")
        customer = find_customer(session, "pureairsolutions.com")
        if customer is not None:
            for kind, at in DEMO_ORDER:
                orders.record(customer, OrderRow(0, customer.key, kind, at, "GM-2026-1187",
                                                 "1Z 999 AA1 01 2345 6784", "UVC-T8-36W",
                                                 "lbrown@pureairsolutions.com"))  # fmt: skip
        moments = moments_between(session, app.config, REPLAY_START, REPLAY_END)
    sent_to = folder / "sent-by-mailbot"
    out.print(f"\nReplaying the send cycle {REPLAY_START:%d %b} – {REPLAY_END:%d %b %Y}, "
              f"sending into {sent_to}/ …", highlight=False)  # fmt: skip
    ticks = replay(app.config, app.sessions, REPLAY_START, REPLAY_END,
                   FolderPostOffice(sent_to), moments)  # fmt: skip
    out.print(timeline_table(app, len(ticks)))
    with app.sessions() as session:
        counts = Counter(session.scalars(select(OutboxMail.status)))
    words = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    out.print(f"Outbox: {words}. Every decision, with its reason: "
              f"mailbot --config {app.config_file} log", highlight=False, markup=False)  # fmt: skip


def timeline_table(app: App, cycles: int) -> Table:
    calendars = Calendars(app.config)
    table = Table(title=f"What mailbot did ({cycles} cycles)", title_justify="left")
    for name in ("when (customer's time)", "customer", "what", "outcome"):
        table.add_column(name)
    with app.sessions() as session:
        query = (select(OutboxMail, Customer).join(Customer, Customer.id == OutboxMail.customer_id)
                 .order_by(OutboxMail.updated_at, OutboxMail.id))  # fmt: skip
        for row, cust in session.execute(query):
            zone = calendars.customer(cust.country, cust.subdivision, cust.timezone,
                                      cust.key).zone  # fmt: skip
            at = (row.sent_at or row.updated_at).astimezone(zone)
            what = (f"follow-up {row.stage} ({row.template})" if row.kind == "followup"
                    else f"{row.kind}: {row.occasion}")  # fmt: skip
            outcome = row.status if row.status == "sent" else f"{row.status}: {row.outcome}"
            table.add_row(f"{at:%a %d %b %H:%M} {zone.key.rsplit('/', 1)[-1]}", cust.key, what,
                          outcome)  # fmt: skip
    return table
