"""Subjects of the mail we send: the reply prefix in the thread's language convention.

Every mail client threads and displays `Re:` correctly, whatever its language, so
`Re:` is always safe; the table only makes a follow-up look like what the customer's
own client writes (Outlook in German writes `AW:`, in Brazilian Portuguese `RES:`,
Chinese clients `回复：`). Every prefix here is one `threading.normalize_subject`
strips, so our follow-up stays in its thread on both sides.
"""

from __future__ import annotations

import re

from mailbot.domain.threading import normalize_subject

DEFAULT_PREFIX = "Re: "

# language tag (lower case; the full tag is tried before its primary subtag) → prefix.
REPLY_PREFIXES: dict[str, str] = {
    "de": "AW: ",
    "fr": "RE: ",
    "es": "RE: ",
    "pt": "RES: ",
    "zh": "回复：",  # simplified Chinese: full-width colon, no space
    "zh-tw": "回覆：",
    "zh-hk": "回覆：",
    "zh-hant": "回覆：",
    "ja": "Re: ",
    "en": "Re: ",
}

_MAX_PREFIX_SCAN = 300  # characters of stacked prefixes we look through
_SPACE = re.compile(r"\s+")


def reply_prefix(language: str | None) -> str:
    """The reply prefix for a language tag ("de", "pt-BR", "zh_TW"); `Re: ` if unknown."""
    return by_language(REPLY_PREFIXES, language) or DEFAULT_PREFIX


def by_language(table: dict[str, str], language: str | None) -> str | None:
    """`table`'s entry for a language tag: the full tag ("zh-tw"), else its primary
    subtag ("pt" for "pt_BR"), else None."""
    tag = (language or "").strip().lower().replace("_", "-")
    return table.get(tag) or table.get(tag.split("-")[0])


def strip_prefixes(subject: str) -> str:
    """The subject without reply/forward prefixes and list tags, case and script kept.

    Exactly what `normalize_subject` strips (so the two can never disagree): the
    longest head whose removal leaves the same normalized subject is cut.
    "AW: Re: [Sales] Quotation UV-C 36W" → "Quotation UV-C 36W".
    """
    text = _SPACE.sub(" ", subject or "").strip()
    target = normalize_subject(text)
    cut = 0
    for i in range(1, min(len(text), _MAX_PREFIX_SCAN) + 1):
        if normalize_subject(text[i:]) == target:
            cut = i
    return text[cut:].strip()


def reply_subject(thread_subject: str, language: str | None) -> str:
    """`<prefix><subject>` for a reply in a thread: "AW: Angebot", "回复：报价"."""
    return reply_prefix(language) + strip_prefixes(thread_subject)
