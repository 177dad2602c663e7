"""Small generator of realistic sales mail for tests (not fixtures: variations)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

SELLER = "gmuv-lighting.cn"


def mail(
    n: int,
    sender: str,
    to: str,
    subject: str,
    when: datetime,
    body: str = "",
    reply_to_id: str | None = None,
    message_id: str | None = "auto",
    attachment_kb: int = 0,
    headers: dict[str, str] | None = None,
) -> bytes:
    msg = EmailMessage()
    for name, value in (headers or {}).items():
        msg[name] = value
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    if message_id == "auto":
        message_id = msg_id(n, sender)
    if message_id:
        msg["Message-ID"] = message_id
    if reply_to_id:
        msg["In-Reply-To"] = reply_to_id
        msg["References"] = reply_to_id
    msg.set_content(body or f"Message {n} about {subject}.\n\nBest regards,\n{sender}\n")
    if attachment_kb:
        msg.add_attachment(
            b"%PDF-1.4\n" + b"x" * (attachment_kb * 1024),
            maintype="application",
            subtype="pdf",
            filename=f"quote-{n}.pdf",
        )
    return msg.as_bytes()


def msg_id(n: int, sender: str) -> str:
    return f"<m{n}.{sender.split('@')[0]}@{sender.split('@')[1]}>"


def conversation(
    n: int, customer: str, start: datetime, replies: int = 1
) -> list[tuple[str, bytes, datetime]]:
    """An inquiry from `customer` and alternating answers: (folder, bytes, date) each."""
    out = []
    subject = f"Inquiry {n}: UVC lamps 254nm"
    parent = None
    for k in range(replies + 1):
        when = start + timedelta(hours=5 * k)
        inbound = k % 2 == 0
        sender, to = (customer, f"sales@{SELLER}") if inbound else (f"anna@{SELLER}", customer)
        mid = f"<c{n}.{k}@{sender.split('@')[1]}>"
        subj = subject if k == 0 else f"Re: {subject}"
        raw = mail(n * 100 + k, sender, to, subj, when, reply_to_id=parent, message_id=mid)
        out.append(("INBOX" if inbound else "Sent", raw, when))
        parent = mid
    return out


T0 = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
