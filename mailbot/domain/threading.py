"""Pure threading rules: which keys tie messages together, and subject matching.

Threading is JWZ-flavoured: a message joins every thread that knows its own
Message-ID or any ID in its In-Reply-To/References (threads merge when one
message bridges two). Only when no ID links it do we fall back to the
normalized subject, and then only within one customer and a time window —
"Re: Quotation" from two different customers are two conversations.
"""

from __future__ import annotations

import re
import unicodedata

from mailbot.domain.message import Address, Direction, ParsedMessage
from mailbot.domain.parties import CustomerIdentity, Us, is_machine

# Reply/forward markers across the languages our customers write in, in any
# order and repetition: "Re: AW: Fwd[2]: 回复：…". Longest alternatives first.
_PREFIXES = "|".join(
    sorted(
        {
            # Latin-script: en, de, nl, nordic, es/pt, fr, it, pl, tr, id/ms, vi
            "re",
            "fw",
            "fwd",
            "aw",
            "wg",
            "antw",
            "antwort",
            "doorst",
            "sv",
            "vs",
            "vb",
            "rv",
            "res",
            "enc",
            "tr",
            "réf",
            "ref",
            "r",
            "i",
            "rif",
            "odp",
            "pd",
            "ynt",
            "ilt",
            "yanit",
            "balas",
            "bls",
            "trả lời",
            "tl",
            "chuyển tiếp",
            # ru, zh, ja, ko, ar
            "ответ",
            "отв",
            "пересл",
            "回复",
            "回覆",
            "答复",
            "答覆",
            "转发",
            "轉寄",
            "转寄",
            "返信",
            "転送",
            "회신",
            "답장",
            "전달",
            "رد",
            "إعادة توجيه",
        },
        key=len,
        reverse=True,
    )
)
_PREFIX_RE = re.compile(
    rf"^\s*(?:\[[^\]]{{0,40}}\]\s*)?(?:(?:{_PREFIXES})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_LIST_TAG_RE = re.compile(r"^\s*\[[^\]]{1,40}\]\s*")
_SPACE_RE = re.compile(r"\s+")


def normalize_subject(subject: str) -> str:
    """The subject with reply/forward prefixes, list tags and spacing removed, casefolded."""
    s = unicodedata.normalize("NFKC", subject or "")
    while True:
        stripped = _LIST_TAG_RE.sub("", _PREFIX_RE.sub("", s))
        if stripped == s:
            break
        s = stripped
    return _SPACE_RE.sub(" ", s).strip().casefold()[:500]


def thread_keys(msg: ParsedMessage) -> list[str]:
    """Every Message-ID that ties this message to a thread, its own first."""
    keys = [msg.message_id]
    for ref in [msg.in_reply_to, *msg.references]:
        if ref and ref not in keys:
            keys.append(ref)
    return keys


def direction_of(msg: ParsedMessage, us: Us) -> Direction:
    """Ours if we wrote it. Our own MTA's bounces (MAILER-DAEMON@mx.our-domain) are
    reports coming in, not mail we sent."""
    ours = us.includes(msg.from_) and not (msg.from_ and is_machine(msg.from_))
    return Direction.OUTBOUND if ours else Direction.INBOUND


def counterparty(msg: ParsedMessage, us: Us) -> tuple[Address, CustomerIdentity] | None:
    """The customer side of a message: the sender of inbound mail, the first
    customer recipient of outbound mail. None for our internal mail and machines."""
    if direction_of(msg, us) is Direction.INBOUND:
        candidates = [msg.from_, *msg.reply_to]
    else:
        candidates = [*msg.to, *msg.cc]
    for address in candidates:
        identity = us.customer_of(address)
        if address and identity:
            return address, identity
    return None
