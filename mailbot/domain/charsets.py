"""Turning mail bytes into text: transfer encodings, charsets, RFC 2047 words.

Every function here is total: bad input yields a best-effort string plus a
defect note, never an exception. Decoding order for bodies: UTF-8 first when the
label is missing or vague (us-ascii, latin-1), then the declared charset upgraded
to the superset real mailers emit (gb2312 → gb18030 …), then a guess
(charset_normalizer; script coherence for short data), then UTF-8 with
replacement characters.
"""

from __future__ import annotations

import binascii
import codecs
import re
import unicodedata
from collections.abc import Sequence

from charset_normalizer import from_bytes

# Mailers label text with a subset charset but emit the vendor superset.
_UPGRADES: dict[str, tuple[str, ...]] = {
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "x-gbk": ("gb18030",),
    "euc-cn": ("gb18030",),
    "ks_c_5601-1987": ("cp949",),
    "ks_c_5601": ("cp949",),
    "euc-kr": ("cp949",),
    "iso-8859-1": ("cp1252", "latin-1"),
    "latin1": ("cp1252", "latin-1"),
    "us-ascii": ("cp1252", "latin-1"),
    "ascii": ("cp1252", "latin-1"),
    "ansi_x3.4-1968": ("cp1252", "latin-1"),
    "shift_jis": ("cp932",),
    "shift-jis": ("cp932",),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "big5": ("big5hkscs",),
    "iso-2022-jp": ("iso2022_jp_ext", "iso2022_jp_2"),
    "windows-874": ("cp874",),
    "iso-8859-8-i": ("iso-8859-8",),
    "utf8": ("utf-8",),
}
# Labels that assert nothing: decode as if no charset were declared.
_MEANINGLESS = {"", "unknown-8bit", "x-unknown", "unknown", "x-user-defined", "default", "charset"}
_WEAK = {"us-ascii", "ascii", "ansi_x3.4-1968", "iso-8859-1", "latin1"}

_B64_JUNK = re.compile(rb"[^A-Za-z0-9+/]")
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_Pending = tuple[str, bytearray]
# Legacy charsets of raw 8-bit headers, likeliest first for a China-based seller.
_HEADER_GUESSES = ("gb18030", "cp1252", "cp1251", "cp932", "big5hkscs", "cp949", "iso2022_jp_ext")
# Adjacent letter scripts (a: ASCII, l: accented Latin, c: CJK, y: other) that real text avoids.
_ODD_PAIRS = {
    ("a", "c"), ("c", "a"), ("a", "y"), ("y", "a"), ("l", "l"), ("l", "c"), ("c", "l"),
    ("l", "y"), ("y", "l"), ("c", "y"), ("y", "c"),
}  # fmt: skip
_STATEFUL = ("iso2022", "utf_7", "hz")  # 7-bit charsets: ASCII bytes are not ASCII text
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)


def codec_candidates(label: str | None) -> list[str]:
    """Python codec names to try, strongest first; [] when the label is unusable."""
    name = (label or "").strip().strip("\"'").lower().partition("*")[0]
    if name in _MEANINGLESS:
        return []
    out: list[str] = []
    for cand in (*_UPGRADES.get(name, ()), name):
        try:
            codec = codecs.lookup(cand).name
        except LookupError:
            continue
        if codec not in out:
            out.append(codec)
    return out


def decode_text(data: bytes, charset: str | None, truncated: bool = False) -> tuple[str, list[str]]:
    """Decode body bytes; returns the text and defect notes.

    `truncated` data was cut at a byte offset, so a final partial character is dropped.
    """
    label = (charset or "").strip().lower()
    candidates = codec_candidates(charset)
    if data.isascii() and not (candidates and candidates[0].startswith(_STATEFUL)):
        return data.decode("ascii"), []
    # Valid non-ASCII UTF-8 is strong evidence, stronger than a vague label.
    weak = not candidates or label in _WEAK
    if weak and (text := _strict(data, "utf-8", truncated)) is not None:
        # IMAP servers report a missing label as us-ascii: that is no mislabelling.
        quiet = label in ("", "us-ascii", "ascii") or not candidates
        return text, ([] if quiet else [f"charset {label} mislabelled, was utf-8"])
    for codec in candidates:
        if (text := _strict(data, codec, truncated)) is not None:
            return text, []
    return _guess(data, f"charset {label or 'missing'} failed")


def decode_8bit(data: bytes, hints: Sequence[str] = ()) -> str:
    """Decode raw 8-bit header bytes: UTF-8, the body's charsets, then a guess.

    charset_normalizer is unreliable on a name or a subject (it reads latin-1
    "Jürgen" as mac_iceland), so short values are guessed by script coherence.
    """
    if data.isascii() and b"\x1b" not in data:
        return data.decode("ascii")
    hinted = [c for h in hints for c in codec_candidates(h)]
    for codec in ("utf-8", *hinted):
        if (text := _strict(data, codec)) is not None and _oddness(text) == 0:
            return text
    scored = []
    for rank, codec in enumerate(dict.fromkeys([*hinted, *_HEADER_GUESSES])):
        if (text := _strict(data, codec)) is not None:
            rare = _rare_hanzi(text) if codec == "gb18030" else 0
            scored.append((_oddness(text) + rare, rank, text))
    return min(scored)[2] if scored else data.decode("latin-1")


def decode_words(value: str, hints: Sequence[str] = ()) -> str:
    """Decode RFC 2047 encoded words; malformed words stay as written."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: _Pending | None = None
    pos = 0
    for m in _ENCODED_WORD.finditer(value):
        raw = _word_bytes(m.group(2), m.group(3))
        gap, pos = value[pos : m.start()], m.end()
        charset = m.group(1).lower().partition("*")[0]  # RFC 2231 "*lang" suffix
        adjacent = raw is not None and pending is not None and gap.strip() == ""
        if adjacent and pending is not None and pending[0] == charset:
            pending[1].extend(raw or b"")  # a character may span two adjacent words
            continue
        _flush(out, pending, hints)
        out.append("" if adjacent else gap)  # space between encoded words is not text
        pending = None if raw is None else (charset, bytearray(raw))
        if raw is None:
            out.append(m.group(0))
    _flush(out, pending, hints)
    out.append(value[pos:])
    return "".join(out)


def decode_transfer(payload: bytes, encoding: str | None) -> tuple[bytes, list[str]]:
    """Undo Content-Transfer-Encoding, tolerating broken base64 padding and junk."""
    enc = (encoding or "7bit").strip().lower()
    if enc == "base64":
        return _b64decode(payload)
    if enc == "quoted-printable":
        return binascii.a2b_qp(payload), []
    if enc in ("7bit", "8bit", "binary", ""):
        return payload, []
    return payload, [f"unknown transfer encoding {enc}"]


def sniff_html_charset(data: bytes) -> str | None:
    """The charset a <meta> tag declares in the first 4 KB of an HTML part."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _oddness(text: str) -> int:
    """How unlike real writing a decoding looks: stray symbols, scripts glued together."""
    odd, prev = 0, "."
    for ch in text:
        kind = _script(ch)
        odd += 2 if kind == "?" else int((prev, kind) in _ODD_PAIRS)
        prev = kind
    return odd


def _rare_hanzi(text: str) -> int:
    """Penalty when most ideographs lie outside GB2312 level 1: another charset read as GBK."""
    rare = total = 0
    for ch in text:
        if ord(ch) >= 0x2E80:
            total += 1
            try:
                rare += ch.encode("gb2312")[0] >= 0xD8
            except UnicodeEncodeError:
                rare += 1
    return rare if rare * 2 > total else 0


def _script(ch: str) -> str:
    if ch.isascii():
        return "a" if ch.isalpha() else ("?" if ch < " " and ch not in "\t\r\n" else ".")
    if ch.isalpha():
        code = ord(ch)
        return "l" if code < 0x250 else ("c" if code >= 0x2E80 else "y")
    category = unicodedata.category(ch)
    return "?" if category[0] == "C" or category in ("So", "Sk") else "."


def _strict(data: bytes, codec: str, partial: bool = False) -> str | None:
    try:
        if partial:
            return codecs.getincrementaldecoder(codec)().decode(data, final=False)
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes, note: str) -> tuple[str, list[str]]:
    if len(data) < 200:  # too little for charset_normalizer's statistics
        return decode_8bit(data), [f"{note}, guessed by script"]
    best = from_bytes(data[:65536]).best()
    if best is not None and (text := _strict(data, best.encoding)) is not None:
        return text, [f"{note}, guessed {best.encoding}"]
    return data.decode("utf-8", errors="replace"), [f"{note}, decoded with replacement"]


def _b64decode(payload: bytes) -> tuple[bytes, list[str]]:
    # Some mailers concatenate separately padded chunks: decode each chunk.
    out, notes = bytearray(), []
    for chunk in payload.split(b"="):
        clean = _B64_JUNK.sub(b"", chunk)
        if len(clean) % 4 == 1:  # one stray character cannot encode anything
            clean, notes = clean[:-1], ["base64 repaired"]
        out += binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))
    return bytes(out), notes


def _word_bytes(kind: str, text: str) -> bytes | None:
    try:
        if kind in "bB":
            if not re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) or len(text.rstrip("=")) % 4 == 1:
                return None
            core = text.rstrip("=")
            return binascii.a2b_base64(core + "=" * (-len(core) % 4))
        return binascii.a2b_qp(text.replace("_", " ").encode("ascii"), header=False)
    except (binascii.Error, UnicodeEncodeError):
        return None


def _flush(out: list[str], pending: _Pending | None, hints: Sequence[str]) -> None:
    if pending is None:
        return
    data = bytes(pending[1])
    for codec in codec_candidates(pending[0]):
        if (text := _strict(data, codec)) is not None:
            out.append(text)
            return
    out.append(decode_8bit(data, hints))
