"""Huge and odd messages, built in memory, for the hostile-input tests and bench.

`huge_message(mb)`: one text/plain body of `mb` MB plus an attachment
(the 50 MB case). `many_parts(n)`: a multipart/mixed of `n` leaves, alternately
text/plain, text/html and a small attachment, every 50th a nested
multipart/alternative and a message/rfc822 (the 10,000-part case).
"""

from __future__ import annotations

import base64

HEAD = (b"From: Hans Weber <hans@acme-lighting.de>\r\nTo: sales@gmuv-lighting.cn\r\n"
        b"Subject: Re: Inquiry\r\nDate: Tue, 1 Sep 2026 09:00:00 +0200\r\n"
        b"Message-ID: <big@acme-lighting.de>\r\nMIME-Version: 1.0\r\n")  # fmt: skip
LINE = b"Please quote 200 pieces of the UVC lamps, 254 nm, delivery to Hamburg.\r\n"


def huge_message(mb: int) -> bytes:
    """About `mb` MB: a text body of 40% and a base64 attachment of the rest."""
    text = LINE * (mb * 1024 * 1024 * 4 // 10 // len(LINE))
    blob = base64.encodebytes(b"%PDF" + bytes(range(256)) * (mb * 4096 * 44 // 100))
    return (HEAD + b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
            b"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + text +
            b"--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
            b'filename="spec.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + blob +
            b"--B--\r\n")  # fmt: skip


def many_parts(n: int) -> bytes:
    """A multipart/mixed of `n` leaves of every kind parsing reads."""
    out = [HEAD, b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n']
    for i in range(n):
        out.append(b"--B\r\n" + _leaf(i))
    out.append(b"--B--\r\n")
    return b"".join(out)


def _leaf(i: int) -> bytes:
    if i % 50 == 49:
        return (b'Content-Type: multipart/alternative; boundary="A%d"\r\n\r\n--A%d\r\n'
                b"Content-Type: text/plain\r\n\r\nalt %d\r\n--A%d\r\nContent-Type: text/html"
                b"\r\n\r\n<p>alt %d</p>\r\n--A%d--\r\n" % (i, i, i, i, i, i))  # fmt: skip
    if i % 50 == 24:
        return (b"Content-Type: message/rfc822\r\n\r\nFrom: x@y.de\r\nSubject: fwd %d\r\n\r\n"
                b"enclosed\r\n" % i)  # fmt: skip
    kind = i % 3
    if kind == 0:
        return b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + LINE
    if kind == 1:
        return b"Content-Type: text/html\r\n\r\n<p>Part %d</p>\r\n" % i
    return (b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; '
            b'filename="p%d.bin"\r\n\r\nxxxx\r\n' % i)  # fmt: skip


def many_alternatives(n: int) -> bytes:
    """`n` multipart/alternative pairs (plain + HTML) and no top-level text: every HTML
    part's siblings must be looked up (the quadratic case before sets were used)."""
    out = [HEAD, b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n']
    for i in range(n):
        out.append(b"--B\r\n" + _leaf(i * 50 + 49))
    out.append(b"--B--\r\n")
    return b"".join(out)
