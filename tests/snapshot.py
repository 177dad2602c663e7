"""Everything a run could have changed, as plain data: every table of the store (rows in
primary-key order), the SMTP sink's messages and the IMAP server's folders. Two equal
snapshots mean the run in between changed nothing anyone could observe.

Works on SQLite and PostgreSQL alike: the tables come from `MetaData.reflect`, not from
the models, so a table someone adds later is covered without touching this file.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, MetaData, select

Rows = list[dict[str, Any]]


def store_snapshot(engine: Engine, ignore: dict[str, set[str]] | None = None) -> dict[str, Rows]:
    """Table name → its rows; `ignore`: table → columns left out (say why at the caller)."""
    ignore = ignore or {}
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, Rows] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings()
            out[name] = [{k: v for k, v in r.items() if k not in ignore.get(name, set())}
                         for r in rows]  # fmt: skip
    return out


def sink_snapshot(smtp) -> list[tuple[str, tuple[str, ...], bytes]]:  # type: ignore[no-untyped-def]
    """What the SMTP server received: envelope and bytes, in order."""
    return [(m.mail_from, tuple(m.rcpt_tos), m.data) for m in smtp.messages]


def imap_snapshot(user) -> dict[str, list[tuple[int, tuple[bytes, ...], bytes]]]:  # type: ignore[no-untyped-def]
    """Folder → (UID, flags, full message) of every message in the rig account."""
    client = user.client()
    out = {}
    for _flags, _sep, name in client.list_folders():
        folder = name.decode() if isinstance(name, bytes) else name
        client.select_folder(folder, readonly=True)
        got = client.fetch(client.search(["ALL"]), ["FLAGS", "BODY.PEEK[]"])
        # \Recent belongs to the IMAP session that first sees a message, not to the mail.
        out[folder] = sorted((uid, tuple(sorted(set(v[b"FLAGS"]) - {b"\\Recent"})), v[b"BODY[]"])
                             for uid, v in got.items())  # fmt: skip
    return out


def changes(before: dict[str, list], after: dict[str, list]) -> list[str]:
    """What differs between two snapshots (table or folder → rows), one short line each."""
    out = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        out += [f"{name}: gone {_short(r)}" for r in old if r not in new]
        out += [f"{name}: new or changed {_short(r)}" for r in new if r not in old]
    return out


def _short(row: object) -> str:
    text = repr(row)
    return text if len(text) < 300 else text[:300] + "…"
