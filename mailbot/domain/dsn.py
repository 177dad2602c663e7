"""RFC 3464 delivery-status fields, read from `ParsedMessage.delivery_status`.

A DSN has one per-message block (Reporting-MTA, Arrival-Date …) and one block per
recipient (Final-Recipient, Action, Status, Diagnostic-Code …), separated by blank
lines. Only the per-recipient blocks matter to us. The Action field is the MTA's own
verdict, so when it is present it beats every heuristic: `failed` is a bounce,
`delayed`/`delivered`/`relayed`/`expanded` are news about a delivery that has not
failed (yet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$")
_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.]*\d)")
_TEXT_STATUS = re.compile(r"(?<![\w.])[45]\.\d{1,3}\.\d{1,3}(?![\d.]*\d)")  # not "Exim 2.0.13"
_SMTP_REPLY = re.compile(r"\b([245])[0-5]\d\b")
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
FAILED = "failed"
NOT_FAILED = ("delayed", "delivered", "relayed", "expanded")


@dataclass(frozen=True, slots=True)
class DsnRecipient:
    address: str | None  # lower-case; Original-Recipient when typed rfc822, else Final-Recipient
    action: str  # "failed", "delayed", … ("" when absent)
    status: str | None  # "5.1.1"; from Status, else from the diagnostic code


def parse_dsn(text: str) -> list[DsnRecipient]:
    """The per-recipient blocks of a delivery-status body (empty when there are none)."""
    out = []
    for block in _blocks(text):
        if not ({"action", "final-recipient", "original-recipient"} & block.keys()):
            continue
        out.append(
            DsnRecipient(
                address=_recipient(block),
                action=_action(block.get("action", "")),
                status=_status(block),
            )
        )
    return out


def _blocks(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    last = ""
    for line in text.replace("\r", "").split("\n"):
        if not line.strip():
            if current:
                blocks.append(current)
            current, last = {}, ""
        elif line[0] in " \t" and last:  # folded continuation line
            current[last] += " " + line.strip()
        elif m := _FIELD.match(line):
            last = m.group(1).lower()
            current.setdefault(last, m.group(2).strip())
    if current:
        blocks.append(current)
    return blocks


def _action(value: str) -> str:
    word = value.strip().lower().split(" ", 1)[0].strip("();")
    # opensmtpd writes the non-standard "Action: error"; some MTAs say "failure".
    return FAILED if word.startswith(("fail", "error")) else word


def _recipient(block: dict[str, str]) -> str | None:
    original = block.get("original-recipient", "")
    typed = original.lower().replace(" ", "").startswith("rfc822;")
    if typed and (found := address_in(original.split(";", 1)[1])):
        return found
    for name in ("final-recipient", "x-actual-recipient", "original-recipient"):
        value = block.get(name, "")
        if found := address_in(value.split(";", 1)[-1]):
            return found
    return None


def _status(block: dict[str, str]) -> str | None:
    for name in ("status", "diagnostic-code"):
        if m := _STATUS.search(block.get(name, "")):
            return m.group(0)
    if m := _SMTP_REPLY.search(block.get("diagnostic-code", "")):
        return f"{m.group(1)}.0.0"  # only the class is known
    return None


def address_in(text: str) -> str | None:
    """The first addr-spec in a text, lower-case, without angle brackets or quotes."""
    m = _ADDRESS.search(text)
    return m.group(0).strip(".").lower() if m else None


def status_in(text: str) -> str | None:
    """The first enhanced status code (RFC 3463, "5.1.1") in a free text."""
    m = _TEXT_STATUS.search(text)
    return m.group(0) if m else None
