"""`mailbot migrate-db --to URL`: copy the store to another database (e.g. PostgreSQL)."""

from __future__ import annotations

import click
from rich.table import Table

from mailbot.cli.app import App
from mailbot.cli.review import console
from mailbot.errors import StoreError
from mailbot.store.copy import copy_store
from mailbot.store.db import open_engine, shown_url
from mailbot.store.service import SENDER, lease


@click.command("migrate-db")
@click.option(
    "--to",
    "to_url",
    required=True,
    metavar="URL",
    help="The new, empty database, e.g. postgresql+psycopg://user:pw@host/mailbot.",
)
@click.pass_obj
def migrate_db(app: App, to_url: str) -> None:
    """Copy every table of this store into an empty database, then compare row counts."""
    with app.sessions() as session:
        holder = lease(session, SENDER)
    if holder is not None and holder.expires_at > app.clock():
        raise StoreError(
            f"a daemon ({holder.holder}) is using the store",
            "stop `mailbot run` first, so nothing changes while it is copied",
        )
    target = open_engine(to_url)
    try:
        copied = copy_store(app.engine, target)
    finally:
        target.dispose()
    table = Table(title=f"{shown_url(app.engine)} → {shown_url(target)}", title_justify="left")
    for name in ("table", "rows here", "rows there"):
        table.add_column(name, justify="left" if name == "table" else "right")
    for row in copied:
        table.add_row(row.table, str(row.source), str(row.target))
    console().print(table)
    click.echo(f"copied {sum(c.target for c in copied)} rows in {len(copied)} tables; "
               "set [database].url to the new URL to use it")  # fmt: skip
