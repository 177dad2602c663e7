"""What a mail message is to mailbot, independent of where it came from.

Adapters (IMAP, mbox/Maildir files) produce a `RawMessage`: the header block
plus the body parts the product needs (text parts, not attachment bytes).
`mailbot.domain.parsing.parse_message` turns it into a `ParsedMessage`, the one
shape every later stage (threading, classification, storage) works with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Direction(StrEnum):
    INBOUND = "in"  # written by a counterparty
    OUTBOUND = "out"  # written by us (staff by hand, or mailbot)


@dataclass(frozen=True, slots=True)
class Address:
    email: str  # lower-cased addr-spec; "" when unparseable
    name: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2]

    @property
    def local_part(self) -> str:
        return self.email.rpartition("@")[0]


@dataclass(slots=True)
class BodyPart:
    """One MIME leaf. `payload` is None when it was not fetched (attachments)."""

    content_type: str  # lower-case "type/subtype"
    charset: str | None = None
    encoding: str | None = None  # Content-Transfer-Encoding, lower-case
    filename: str | None = None
    disposition: str | None = None  # "attachment" / "inline" / None
    payload: bytes | None = None
    section: str = "1"  # IMAP section number, e.g. "1.2"
    size: int = 0


@dataclass(slots=True)
class RawMessage:
    """A message as an adapter delivers it, before any interpretation."""

    header: bytes
    parts: list[BodyPart]
    size: int
    internal_date: datetime | None = None  # aware; the server's arrival time
    structure_defects: list[str] = field(default_factory=list)


@dataclass(slots=True)
class ParsedMessage:
    message_id: str  # "<...>" as written, or a stable derived "<...@mailbot.invalid>"
    message_id_derived: bool
    subject: str
    from_: Address | None
    to: list[Address]
    cc: list[Address]
    reply_to: list[Address]
    date: datetime  # aware UTC; the Date header, else the internal date
    date_offset_minutes: int | None  # the Date header's UTC offset; None if absent/±0000
    date_from_header: bool
    in_reply_to: str | None
    references: list[str]
    text: str  # the new text the sender wrote, without quoted history or signature
    quoted: str  # quoted history, cut from the text
    signature: str
    html_only: bool
    attachments: list[str]
    size: int
    headers: dict[str, str]  # selected headers, lower-case names, decoded
    defects: list[str]
    # Machine-readable parts of reports and forwards (bounce/forward handling):
    delivery_status: str = ""  # message/delivery-status text (RFC 3464 fields)
    enclosed_headers: str = ""  # header block of a returned/forwarded message
    internal_date: datetime | None = None  # copied from the RawMessage
