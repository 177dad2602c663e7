"""`mailbot demo`: the whole pipeline on a bundled sample mailbox, no server needed."""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import timedelta
from importlib import resources
from pathlib import Path

import click
from sqlalchemy import func, select

from mailbot.adapters.mailfile import read_messages
from mailbot.cli.app import App
from mailbot.cli.review import console, customer_table, profiles_of
from mailbot.config import load_config
from mailbot.services.importer import import_messages
from mailbot.services.planning import build_plan
from mailbot.services.profiles import infer_profiles
from mailbot.store.models import Message, Suppression
from mailbot.store.overview import customer_rows

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

# The sample customers are invented: asking real DNS about them says nothing (and may
# wait for timeouts on a machine without network). `mailbot verify ADDRESS` works on demand.
[verification]
auto = false
"""


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
                .where(Message.kind.is_not(None))
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
    out.print(
        f"Explore: mailbot --config {config_file} thread {rows[0].key if rows else ''}",
        highlight=False,
    )
