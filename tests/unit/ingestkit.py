"""Parsed messages made by hand, and the seller's config, for ingest tests on a real store."""

from __future__ import annotations

from datetime import UTC, datetime

from mailbot.config import parse_config
from mailbot.domain.message import Address, ParsedMessage

CONFIG = parse_config(
    {"company": {"own_addresses": ["sales@gmuv-lighting.cn"], "own_domains": ["gmuv-lighting.cn"]}}
)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pm(
    mid: str, sender: str, to: str | list[str], subject: str, at: datetime, refs=(), **kw
) -> ParsedMessage:
    refs = list(refs)
    recipients = [to] if isinstance(to, str) else to
    fields = dict(
        message_id=mid,
        message_id_derived=False,
        subject=subject,
        from_=Address(sender),
        to=[Address(t) for t in recipients],
        cc=[],
        reply_to=[],
        date=at,
        date_offset_minutes=None,
        date_from_header=True,
        in_reply_to=refs[-1] if refs else None,
        references=refs,
        text="hello",
        quoted="",
        signature="",
        html_only=False,
        attachments=[],
        size=10,
        headers={},
        defects=[],
    )
    fields.update(kw)
    return ParsedMessage(**fields)
