#!/usr/bin/env python3
"""Write the fixture mail in tests/data/ (written for mailbot; no third-party mail).

Every fixture is assembled here byte by byte, so odd charsets, mislabelled parts,
broken headers and encoded words come out exactly as intended. The script also
writes tests/data/expectations.json (the facts a test can check after parsing)
and tests/data/README.md (one line per file), then re-reads every file with the
stdlib parser and checks the expectations against a reference decoder.

    python scripts/make_test_mail.py            # write + check
    python scripts/make_test_mail.py --check    # check the files on disk only

The seller in all fixtures is Guangming UV Lighting Co., Ltd. (gmuv-lighting.cn,
sales@ shared mailbox; staff anna@, leo@, mei@). Customers are invented.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import codecs
import email
import email.header
import email.policy
import email.utils
import json
import re
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data"
SOURCE = "written for mailbot"

# --------------------------------------------------------------------------------------
# Byte-level building blocks
# --------------------------------------------------------------------------------------


def tz(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


def date_header(d: datetime) -> str:
    """RFC 5322 date with the numeric offset of `d` (aware)."""
    return email.utils.format_datetime(d)


def utc_iso(d: datetime) -> str:
    return d.astimezone(UTC).isoformat()


def offset_minutes(d: datetime) -> int | None:
    off = d.utcoffset()
    assert off is not None
    minutes = int(off.total_seconds() // 60)
    return minutes or None


def ew_b(text: str | bytes, charset: str, codec: str | None = None) -> str:
    raw = text if isinstance(text, bytes) else text.encode(codec or charset)
    return f"=?{charset}?B?{base64.b64encode(raw).decode('ascii')}?="


_Q_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def q_bytes(raw: bytes) -> str:
    out = []
    for b in raw:
        if b == 0x20:
            out.append("_")
        elif b in _Q_SAFE:
            out.append(chr(b))
        else:
            out.append(f"={b:02X}")
    return "".join(out)


def ew_q(text: str | bytes, charset: str, codec: str | None = None) -> str:
    raw = text if isinstance(text, bytes) else text.encode(codec or charset)
    return f"=?{charset}?Q?{q_bytes(raw)}?="


def ew_split(text: str, charset: str, max_bytes: int = 36, enc: str = "B") -> str:
    """Encode `text` as several encoded words, split at character boundaries, folded."""
    words: list[str] = []
    chunk = ""
    for ch in text:
        if len((chunk + ch).encode(charset)) > max_bytes and chunk:
            words.append(chunk)
            chunk = ""
        chunk += ch
    if chunk:
        words.append(chunk)
    fn = ew_b if enc == "B" else ew_q
    return "\n ".join(fn(w, charset) for w in words)


def b64_body(raw: bytes) -> bytes:
    return base64.encodebytes(raw)  # 76-char lines, "\n" separated, trailing "\n"


def qp_body(raw: bytes) -> bytes:
    return binascii.b2a_qp(raw, istext=True)


def encode_body(text: str, codec: str, cte: str) -> bytes:
    raw = text.encode(codec)
    if cte == "base64":
        return b64_body(raw)
    if cte == "quoted-printable":
        return qp_body(raw) + (b"" if raw.endswith(b"\n") else b"\n")
    return raw if raw.endswith(b"\n") else raw + b"\n"


def H(name: str, value: str) -> bytes:  # noqa: N802 - short on purpose
    """One header (value may contain "\\n " folds); ASCII only."""
    return f"{name}: {value}".encode("ascii")


def leaf(content_type: str, body: bytes, cte: str | None = None,
         extra: tuple[bytes, ...] = ()) -> bytes:
    lines = [H("Content-Type", content_type)]
    if cte:
        lines.append(H("Content-Transfer-Encoding", cte))
    lines.extend(extra)
    return b"\n".join(lines) + b"\n\n" + body


def text_leaf(text: str, charset: str | None, cte: str, codec: str | None = None,
              subtype: str = "plain", extra: tuple[bytes, ...] = ()) -> bytes:
    ctype = f"text/{subtype}" + (f"; charset={charset}" if charset else "")
    return leaf(ctype, encode_body(text, codec or charset or "utf-8", cte), cte, extra)


def multipart(subtype: str, boundary: str, parts: list[bytes], params: str = "",
              preamble: bytes = b"") -> bytes:
    """A whole multipart entity (its own Content-Type line plus body)."""
    ct = f'multipart/{subtype};{params}\n boundary="{boundary}"'
    body = preamble
    for p in parts:
        body += f"--{boundary}\n".encode() + p
        if not p.endswith(b"\n"):
            body += b"\n"
    body += f"--{boundary}--\n".encode()
    return H("Content-Type", ct) + b"\n\n" + body


def message(headers: list[bytes], entity: bytes, crlf: bool = True) -> bytes:
    """Top-level headers + an entity (Content-* lines, blank line, body)."""
    raw = b"\n".join(headers) + b"\nMIME-Version: 1.0\n" + entity
    return raw.replace(b"\n", b"\r\n") if crlf else raw


def plain_message(headers: list[bytes], text: str, charset: str | None, cte: str,
                  codec: str | None = None, crlf: bool = True) -> bytes:
    return message(headers, text_leaf(text, charset, cte, codec), crlf)


def tiny_pdf(title: str) -> bytes:
    """A minimal valid one-page PDF showing `title` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("ascii")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return out


def tiny_png() -> bytes:
    """A 2x2 purple PNG (the 'logo' of an HTML signature)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x80\x20\xc0" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiny_xlsx_stub() -> bytes:
    """Not a real workbook: a few bytes standing in for one (only the name matters)."""
    return b"PK\x03\x04 mailbot test stub, not a real spreadsheet\n"


def quote(text: str) -> str:
    return "\n".join(("> " + ln) if ln else ">" for ln in text.rstrip("\n").split("\n")) + "\n"


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------

SALES = "sales@gmuv-lighting.cn"
ANNA = "Anna Li <anna@gmuv-lighting.cn>"
LEO = "Leo Zhang <leo@gmuv-lighting.cn>"
MEI = "Mei Chen <mei@gmuv-lighting.cn>"


def our_sig(name: str, title: str = "Sales Manager") -> str:
    return (f"{name}\n{title} | Guangming UV Lighting Co., Ltd.\n"
            "Tel: +86 755 2345 6789 | WhatsApp: +86 138 0013 8000\n"
            "www.gmuv-lighting.cn\n")


OUR_QUOTE_EN = (
    "Dear customer,\n\n"
    "Thank you for your inquiry. Please find our quotation below:\n\n"
    "- UVC 254nm T8 30W germicidal tube, quartz glass, G13: USD 3.85/pc\n"
    "- Electronic ballast 220-240V for 1x30W: USD 4.20/pc\n\n"
    "MOQ 200 pcs, lead time 15 days, FOB Shenzhen. CE and RoHS certificates available.\n\n"
    "Best regards,\n"
)

# --------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------


@dataclass
class Fixture:
    name: str
    about: str
    data: bytes
    expect: dict
    wellformed_subject: bool = True  # stdlib decode_header must agree with `subject`
    tags: list[str] = field(default_factory=list)


FIXTURES: list[Callable[[], Fixture]] = []


def fixture(fn: Callable[[], Fixture]) -> Callable[[], Fixture]:
    FIXTURES.append(fn)
    return fn


def exp_date(d: datetime) -> dict:
    return {"date_utc": utc_iso(d), "date_offset_minutes": offset_minutes(d)}


# ---- charsets ------------------------------------------------------------------------


@fixture
def charset_gbk_quote_request() -> Fixture:
    subject = "询价：UVC紫外线灯管 T8 30W 500支"
    d = datetime(2026, 3, 2, 9, 41, 7, tzinfo=tz(8))
    body = (
        "您好！\n\n"
        "我司是广州一家外贸公司，客户在肯尼亚，需要以下产品报价：\n"
        "1. UVC紫外线灯管 T8 30W 254nm，500支\n"
        "2. 配套电子镇流器 220V，500个\n\n"
        "请报FOB深圳价格，并告知交货期和最小起订量。\n"
        "谢谢！\n\n"
        "黄志强\n"
        "广州恒信贸易有限公司\n"
        "电话：+86 20 8123 4567\n"
    )
    headers = [
        H("From", f"{ew_b('黄志强', 'GBK')} <huang.zq@hengxin-trade.com.cn>"),
        H("To", SALES),
        H("Subject", ew_split(subject, "GBK", 30)),
        # Chinese clients often add "(CST)" after the numeric zone: China Standard Time.
        H("Date", date_header(d) + " (CST)"),
        H("Message-ID", "<20260302094107.1187@hengxin-trade.com.cn>"),
        H("X-Mailer", "Foxmail 7.2.25.228[cn]"),
    ]
    return Fixture(
        "charset_gbk_quote_request.eml",
        "GBK 8bit body, GBK B-encoded subject folded over several words, Date with '+0800 (CST)'",
        plain_message(headers, body, "GBK", "8bit"),
        {"subject": subject, "from": "huang.zq@hengxin-trade.com.cn",
         "message_id": "<20260302094107.1187@hengxin-trade.com.cn>",
         "text_contains": ["紫外线灯管", "FOB深圳"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_gb18030_emoji() -> Fixture:
    subject = "样品已收到👍"
    d = datetime(2026, 3, 9, 14, 5, 0, tzinfo=tz(8))
    body = (
        "Anna 你好，\n\n"
        "样品已收到，测试结果很好👍。\n"
        "灯管亮度和寿命都符合要求，我们下周会下正式订单。\n\n"
        "刘䶮\n"
        "+86 592 555 0188\n"
    )
    headers = [
        H("From", f"{ew_b('刘䶮', 'GB18030')} <liu.yan@xm-aqua.com>"),
        H("To", ANNA),
        H("Subject", ew_b(subject, "GB18030")),
        H("Date", date_header(d)),
        H("Message-ID", "<tencent_3F1A9C@qq.com>"),
    ]
    return Fixture(
        "charset_gb18030_emoji.eml",
        "GB18030 base64 body and subject with characters outside GBK (emoji, 4-byte sequence; 䶮)",
        plain_message(headers, body, "GB18030", "base64"),
        {"subject": subject, "from": "liu.yan@xm-aqua.com",
         "message_id": "<tencent_3F1A9C@qq.com>",
         "text_contains": ["样品已收到", "👍"], "signature_contains": ["刘䶮"],
         **exp_date(d), "attachments": []},
    )


@fixture
def charset_gb2312_mislabelled_gbk() -> Fixture:
    subject = "王喆：镇流器报价确认"
    d = datetime(2026, 3, 4, 11, 20, 0, tzinfo=tz(8))
    body = (
        "Mei 您好：\n\n"
        "我是王喆，负责这次镇流器的采购。\n"
        "报价已收到，单价没有问题。请按1000个准备形式发票。\n"
        "另外，请确认交货期是否能在25天以内。\n\n"
        "王喆 / 采购部\n"
        "深圳市堃源照明科技有限公司\n"
    )
    headers = [
        # Labelled gb2312, but 喆 and 堃 exist only in GBK: a strict gb2312 decode fails.
        H("From", f"{ew_b('王喆', 'gb2312', 'gbk')} <wangzhe@kunyuan-light.cn>"),
        H("To", MEI),
        H("Subject", ew_b(subject, "gb2312", "gbk")),
        H("Date", date_header(d)),
        H("Message-ID", "<000a01dcab12$5f3e2c10$1d7a8430$@kunyuan-light.cn>"),
    ]
    return Fixture(
        "charset_gb2312_mislabelled_gbk.eml",
        "charset=gb2312 label (body and encoded words) on GBK bytes (喆, 堃 are not in GB2312)",
        plain_message(headers, body, "gb2312", "base64", codec="gbk"),
        {"subject": subject, "from": "wangzhe@kunyuan-light.cn",
         "message_id": "<000a01dcab12$5f3e2c10$1d7a8430$@kunyuan-light.cn>",
         "text_contains": ["我是王喆", "形式发票"], **exp_date(d), "attachments": []},
        wellformed_subject=False,
    )


@fixture
def charset_big5_taiwan_inquiry() -> Fixture:
    subject = "詢價：紫外線殺菌燈管 (許志明)"
    d = datetime(2026, 3, 5, 10, 12, 33, tzinfo=tz(8))
    body = (
        "您好：\n\n"
        "敝公司為台灣的水處理設備商，需要紫外線殺菌燈管報價：\n"
        "UVC 254nm 40W 石英燈管 300支，以及相容的電子安定器。\n"
        "請提供CE與RoHS證書。\n\n"
        "許志明 敬上\n"
        "台灣淨水科技股份有限公司\n"
        "電話：+886 2 2345 6789\n"
    )
    headers = [
        H("From", f"{ew_q('許志明', 'big5')} <jm.hsu@tw-puretech.com.tw>"),
        H("To", SALES),
        # 許 is 0xB3 0x5C in Big5: the second byte is a backslash.
        H("Subject", ew_q(subject, "big5")),
        H("Date", date_header(d)),
        H("Message-ID", "<5f2c1d3e-88a0-4b1e-9d2f-tw001@tw-puretech.com.tw>"),
    ]
    return Fixture(
        "charset_big5_taiwan_inquiry.eml",
        "Big5 8bit body, Q-encoded Big5 subject/From (許 has a 0x5C trail byte)",
        plain_message(headers, body, "big5", "8bit"),
        {"subject": subject, "from": "jm.hsu@tw-puretech.com.tw",
         "message_id": "<5f2c1d3e-88a0-4b1e-9d2f-tw001@tw-puretech.com.tw>",
         "text_contains": ["紫外線殺菌燈管"], "signature_contains": ["許志明", "+886 2 2345 6789"],
         **exp_date(d), "attachments": []},
    )


@fixture
def charset_shift_jis_japan_inquiry() -> Fixture:
    subject = "お見積りのお願い（UV-C ランプ）"
    d = datetime(2026, 3, 6, 9, 3, 0, tzinfo=tz(9))
    body = (
        "Guangming UV Lighting 御中\n\n"
        "いつもお世話になっております。\n"
        "下記製品のお見積りをお願いいたします。\n\n"
        "① UV-C殺菌ランプ 40W（254nm） 200本\n"
        "② 電子安定器 100V用 200台\n\n"
        "納期とCE/RoHS証明書の有無もお知らせください。\n\n"
        "三光商事株式会社 大阪支店\n"
        "山本 浩\n"
        "TEL: +81 6-1234-5678\n"
    )
    headers = [
        H("From", f"{ew_b('山本 浩', 'Shift_JIS', 'cp932')} <h.yamamoto@sanko-shoji.co.jp>"),
        H("To", SALES),
        H("Subject", ew_b(subject, "Shift_JIS", "cp932")),
        H("Date", date_header(d)),
        H("Message-ID", "<20260306090300.A1B2.h.yamamoto@sanko-shoji.co.jp>"),
    ]
    return Fixture(
        "charset_shift_jis_japan_inquiry.eml",
        "Shift_JIS 8bit body using CP932 extensions (①②, not in strict Shift_JIS)",
        plain_message(headers, body, "Shift_JIS", "8bit", codec="cp932"),
        {"subject": subject, "from": "h.yamamoto@sanko-shoji.co.jp",
         "message_id": "<20260306090300.A1B2.h.yamamoto@sanko-shoji.co.jp>",
         "text_contains": ["お見積りをお願いいたします", "① UV-C殺菌ランプ"],
         "signature_contains": ["+81 6-1234-5678"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_iso2022jp_reply() -> Fixture:
    subject = "Re: 見積書の件"
    d = datetime(2026, 3, 4, 17, 45, 0, tzinfo=tz(9))
    ours = ("Dear Mr. Takahashi,\n\nPlease find attached our quotation GMUV-Q2026-0301.\n\n"
            + our_sig("Mei Chen"))
    body = (
        "Mei Chen 様\n\n"
        "ご回答ありがとうございます。\n"
        "社内で検討のうえ、来週中にご連絡いたします。\n\n"
        "高橋 健二\n"
        "三光商事株式会社\n"
        "TEL: +81 3-1234-5678\n\n"
        "2026年3月3日(火) 10:00 Mei Chen <mei@gmuv-lighting.cn>:\n"
        + quote(ours)
    )
    headers = [
        H("From", f"{ew_b('高橋 健二', 'ISO-2022-JP')} <takahashi@sanko-shoji.co.jp>"),
        H("To", MEI),
        H("Subject", ew_b(subject, "ISO-2022-JP")),
        H("Date", date_header(d)),
        H("Message-ID", "<CAJp2026KT0304a@mail.gmail.com>"),
        H("In-Reply-To", "<202603031000188832@gmuv-lighting.cn>"),
        H("References", "<202603031000188832@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "charset_iso2022jp_reply.eml",
        "ISO-2022-JP 7bit body and subject; Japanese Gmail quote header '2026年3月3日(火) … :'",
        plain_message(headers, body, "ISO-2022-JP", "7bit"),
        {"subject": subject, "from": "takahashi@sanko-shoji.co.jp",
         "message_id": "<CAJp2026KT0304a@mail.gmail.com>",
         "in_reply_to": "<202603031000188832@gmuv-lighting.cn>",
         "references": ["<202603031000188832@gmuv-lighting.cn>"],
         "text_contains": ["ご回答ありがとうございます"],
         "quoted_contains": ["Please find attached our quotation GMUV-Q2026-0301"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_euc_kr_korea_inquiry() -> Fixture:
    subject = "견적 요청: UV 살균 램프 T5"
    d = datetime(2026, 3, 10, 13, 30, 0, tzinfo=tz(9))
    body = (
        "안녕하세요,\n\n"
        "저희는 서울의 수처리 장비 회사입니다.\n"
        "UV 살균 램프 T5 21W 500개 견적을 부탁드립니다.\n"
        "샘플 2개를 먼저 받아볼 수 있을까요?\n\n"
        "감사합니다.\n"
        "김민준 / 한빛유브이\n"
        "Tel: +82 2-1234-5678\n"
    )
    headers = [
        # Outlook in Korea labels EUC-KR as ks_c_5601-1987.
        H("From", f"{ew_b('김민준', 'ks_c_5601-1987', 'cp949')} <mj.kim@hanbituv.co.kr>"),
        H("To", SALES),
        H("Subject", ew_b(subject, "ks_c_5601-1987", "cp949")),
        H("Date", date_header(d)),
        H("Message-ID", "<SL2P216MB1234ABCD@SL2P216MB1234.KORP216.PROD.OUTLOOK.COM>"),
    ]
    return Fixture(
        "charset_euc_kr_korea_inquiry.eml",
        "EUC-KR base64 body; subject/From labelled ks_c_5601-1987 (Outlook Korea)",
        plain_message(headers, body, "euc-kr", "base64"),
        {"subject": subject, "from": "mj.kim@hanbituv.co.kr",
         "message_id": "<SL2P216MB1234ABCD@SL2P216MB1234.KORP216.PROD.OUTLOOK.COM>",
         "text_contains": ["UV 살균 램프 T5 21W"], "signature_contains": ["+82 2-1234-5678"],
         **exp_date(d), "attachments": []},
    )


@fixture
def charset_windows1251_russian() -> Fixture:
    subject = "Запрос цены на УФ лампы"
    d = datetime(2026, 3, 11, 12, 15, 0, tzinfo=tz(3))
    body = (
        "Добрый день!\n\n"
        "Просим выслать коммерческое предложение на бактерицидные лампы\n"
        "UVC T8 36W (254 нм), 1000 шт., и электронные балласты к ним.\n"
        "Доставка: авиа до Москвы.\n\n"
        "С уважением,\n"
        "Сергей Иванов\n"
        "ООО «УФ-Технологии»\n"
        "Тел.: +7 495 123-45-67\n"
    )
    headers = [
        H("From", f"{ew_b('Сергей Иванов', 'windows-1251')} <s.ivanov@uf-tech.ru>"),
        H("To", SALES),
        H("Subject", ew_b(subject, "windows-1251")),
        H("Date", date_header(d)),
        H("Message-ID", "<1741684500.418223@uf-tech.ru>"),
    ]
    return Fixture(
        "charset_windows1251_russian.eml",
        "windows-1251 quoted-printable body and B-encoded subject (Russian)",
        plain_message(headers, body, "windows-1251", "quoted-printable"),
        {"subject": subject, "from": "s.ivanov@uf-tech.ru",
         "message_id": "<1741684500.418223@uf-tech.ru>",
         "text_contains": ["бактерицидные лампы"],
         "signature_contains": ["+7 495 123-45-67"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_koi8r_russian() -> Fixture:
    subject = "Образцы амальгамных ламп"
    d = datetime(2026, 3, 12, 15, 40, 0, tzinfo=tz(5))
    body = (
        "Здравствуйте, Анна!\n\n"
        "Образцы амальгамных ламп 320 Вт получили, спасибо.\n"
        "Нужен сертификат соответствия и паспорт изделия на русском языке.\n\n"
        "Айгерим Нурланова\n"
        "Тел.: +7 727 355 01 42\n"
    )
    headers = [
        H("From", f"{ew_q('Айгерим Нурланова', 'koi8-r')} <aigerim@vodaochistka.kz>"),
        H("To", ANNA),
        H("Subject", ew_q(subject, "koi8-r")),
        H("Date", date_header(d)),
        H("Message-ID", "<4471.1741776000@vodaochistka.kz>"),
    ]
    return Fixture(
        "charset_koi8r_russian.eml",
        "KOI8-R 8bit body, Q-encoded KOI8-R subject and From (Kazakhstan, +0500)",
        plain_message(headers, body, "koi8-r", "8bit"),
        {"subject": subject, "from": "aigerim@vodaochistka.kz",
         "message_id": "<4471.1741776000@vodaochistka.kz>",
         "text_contains": ["амальгамных ламп 320 Вт"], "signature_contains": ["+7 727 355 01 42"],
         **exp_date(d), "attachments": []},
    )


@fixture
def charset_windows1252_french() -> Fixture:
    subject = "Demande de prix – lampes UV-C"
    d = datetime(2026, 3, 10, 16, 2, 0, tzinfo=tz(1))
    body = (
        "Bonjour Madame Li,\n\n"
        "Votre prix de 29,50 € par lampe amalgame nous paraît élevé.\n"
        "La main d’œuvre pour le remplacement est déjà à notre charge ;\n"
        "pourriez-vous revoir l’offre pour 300 pièces ?\n\n"
        "Cordialement,\n"
        "Sophie Martin\n"
        "Hygiène Lumière SARL\n"
        "Tél. : +33 1 23 45 67 89\n"
    )
    headers = [
        H("From", f"{ew_q('Sophie Martin', 'windows-1252')} <s.martin@hygiene-lumiere.fr>"),
        H("To", ANNA),
        H("Subject", ew_q(subject, "windows-1252")),
        H("Date", date_header(d)),
        H("Message-ID", "<a1b2c3d4e5@hygiene-lumiere.fr>"),
    ]
    return Fixture(
        "charset_windows1252_french.eml",
        "windows-1252 QP body with €, œ and ’ (bytes 0x80, 0x9C, 0x92); en dash in subject",
        plain_message(headers, body, "windows-1252", "quoted-printable"),
        {"subject": subject, "from": "s.martin@hygiene-lumiere.fr",
         "message_id": "<a1b2c3d4e5@hygiene-lumiere.fr>",
         "text_contains": ["29,50 €", "main d’œuvre"],
         "signature_contains": ["+33 1 23 45 67 89"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_latin1_actually_cp1252() -> Fixture:
    subject = "Re: Price for 500 pcs T5 lamps"
    d = datetime(2026, 3, 12, 10, 25, 0, tzinfo=tz(0))
    body = (
        "Hi Anna,\n\n"
        "Thanks \u2013 our \u201cbest price\u201d target is \u20ac2.80 per lamp, "
        "delivered Felixstowe.\n"
        "If you can\u2019t meet it, let me know what you can do.\n\n"
        "Regards,\n"
        "James Wilson\n"
        "Brightwater UV Ltd\n"
        "Tel: +44 20 7946 0123\n"
    )
    headers = [
        H("From", "James Wilson <james.wilson@brightwater-uv.co.uk>"),
        H("To", ANNA),
        H("Subject", subject),
        H("Date", date_header(d)),
        H("Message-ID", "<LO2P265MB0001A@LO2P265MB0001.GBRP265.PROD.OUTLOOK.COM>"),
    ]
    return Fixture(
        "charset_latin1_actually_cp1252.eml",
        "labelled iso-8859-1 but bytes are windows-1252 (smart quotes 0x93/0x94, € 0x80, – 0x96)",
        plain_message(headers, body, "iso-8859-1", "quoted-printable", codec="cp1252"),
        {"subject": subject, "from": "james.wilson@brightwater-uv.co.uk",
         "message_id": "<LO2P265MB0001A@LO2P265MB0001.GBRP265.PROD.OUTLOOK.COM>",
         "text_contains": ["\u201cbest price\u201d", "\u20ac2.80"],
         "signature_contains": ["+44 20 7946 0123"],
         "date_utc": utc_iso(d), "date_offset_minutes": None, "attachments": []},
    )


@fixture
def charset_utf8_no_label() -> Fixture:
    subject = "Cotação lâmpadas UV-C 55W"
    d = datetime(2026, 3, 9, 8, 50, 0, tzinfo=tz(-3))
    body = (
        "Prezados,\n\n"
        "Gostaríamos de receber uma cotação de 400 lâmpadas UV-C 55W\n"
        "para filtros de piscina, com frete CIF Santos.\n\n"
        "Atenciosamente,\n"
        "Carlos Silva\n"
        "Aquaclara Filtros Ltda.\n"
        "Tel.: +55 11 98765-4321\n"
    )
    headers = [
        H("From", "Carlos Silva <carlos@aquaclara.com.br>"),
        H("To", SALES),
        H("Subject", ew_q(subject, "UTF-8")),
        H("Date", date_header(d)),
        H("Message-ID", "<d41d8cd98f00b204e980@aquaclara.com.br>"),
    ]
    # Content-Type without charset, 8bit UTF-8 bytes; LF line endings (as an mbox export).
    data = message(headers, leaf("text/plain", body.encode("utf-8"), "8bit"), crlf=False)
    return Fixture(
        "charset_utf8_no_label.eml",
        "8bit UTF-8 body with 'Content-Type: text/plain' and no charset; LF line endings",
        data,
        {"subject": subject, "from": "carlos@aquaclara.com.br",
         "message_id": "<d41d8cd98f00b204e980@aquaclara.com.br>",
         "text_contains": ["cotação de 400 lâmpadas"], "signature_contains": ["+55 11 98765-4321"],
         **exp_date(d), "attachments": []},
    )


@fixture
def charset_unknown_label() -> Fixture:
    subject = "Lieferzeit UVC-Röhren"
    d = datetime(2026, 3, 16, 9, 12, 0, tzinfo=tz(1))
    body = (
        "Sehr geehrte Frau Li,\n\n"
        "wie ist die Lieferzeit für 200 Stück UVC-Röhren T8 30W per Seefracht\n"
        "nach Hamburg?\n\n"
        "Mit freundlichen Grüßen\n"
        "Klaus Weber\n"
    )
    headers = [
        H("From", "Klaus Weber <k.weber@aqua-technik-weber.de>"),
        H("To", ANNA),
        H("Subject", ew_q(subject, "UTF-8")),
        H("Date", date_header(d)),
        H("Message-ID", "<weber.20260316091200@aqua-technik-weber.de>"),
    ]
    return Fixture(
        "charset_unknown_label.eml",
        "body labelled charset=\"x-unknown-foo\" (not a codec); the bytes are UTF-8",
        message(headers, leaf('text/plain; charset="x-unknown-foo"',
                              body.encode("utf-8"), "8bit")),
        {"subject": subject, "from": "k.weber@aqua-technik-weber.de",
         "message_id": "<weber.20260316091200@aqua-technik-weber.de>",
         "text_contains": ["Lieferzeit für 200 Stück"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_declared_utf8_actually_gbk() -> Fixture:
    subject = "关于紫外线灯管的订单"
    d = datetime(2026, 3, 13, 15, 8, 0, tzinfo=tz(8))
    body = (
        "陈小姐您好：\n\n"
        "感谢贵司上周提供的报价。我们已经和终端客户确认过规格，\n"
        "决定订购以下产品：紫外线杀菌灯管T8 36W 八百支，电子镇流器八百个，\n"
        "另外需要五十支备用灯管。请尽快发送形式发票，我们收到后三个工作日内\n"
        "安排百分之三十的预付款，余款在发货前付清。包装请使用中性纸箱，\n"
        "不要印刷贵司的标志。运输方式为海运到蒙巴萨港口，请告知最早的船期。\n\n"
        "谢谢！\n"
        "赵明\n"
    )
    headers = [
        H("From", f"{ew_b('赵明', 'UTF-8')} <zhaoming@dongfang-export.com>"),
        H("To", MEI),
        H("Subject", ew_b(subject, "UTF-8")),
        H("Date", date_header(d)),
        H("Message-ID", "<DF20260313150800@dongfang-export.com>"),
    ]
    return Fixture(
        "charset_declared_utf8_actually_gbk.eml",
        "body declared charset=utf-8 whose 8bit bytes are GBK (strict UTF-8 decode fails)",
        plain_message(headers, body, "utf-8", "8bit", codec="gbk"),
        {"subject": subject, "from": "zhaoming@dongfang-export.com",
         "message_id": "<DF20260313150800@dongfang-export.com>",
         "text_contains": ["紫外线杀菌灯管", "蒙巴萨"], **exp_date(d), "attachments": []},
    )


@fixture
def charset_windows1256_arabic() -> Fixture:
    subject = "طلب عرض سعر لمصابيح الأشعة فوق البنفسجية"
    d = datetime(2026, 3, 8, 10, 30, 0, tzinfo=tz(3))
    body = (
        "السلام عليكم،\n\n"
        "نرجو إرسال عرض سعر لعدد 600 مصباح UVC بقدرة 36 واط مع الموازنات الإلكترونية،\n"
        "الشحن إلى ميناء جدة.\n\n"
        "مع خالص التحية،\n"
        "محمد الحربي\n"
        "مؤسسة النور التجارية\n"
        "جوال: +966 50 123 4567\n"
    )
    headers = [
        H("From", f"{ew_b('محمد الحربي', 'windows-1256')} <m.alharbi@alnoor-trading.com.sa>"),
        H("To", SALES),
        H("Subject", ew_split(subject, "windows-1256", 30)),
        H("Date", date_header(d)),
        H("Message-ID", "<AM0PR10MB3001@alnoor-trading.com.sa>"),
    ]
    return Fixture(
        "charset_windows1256_arabic.eml",
        "windows-1256 (Arabic) base64 body and multi-word B-encoded subject",
        plain_message(headers, body, "windows-1256", "base64"),
        {"subject": subject, "from": "m.alharbi@alnoor-trading.com.sa",
         "message_id": "<AM0PR10MB3001@alnoor-trading.com.sa>",
         "text_contains": ["عرض سعر"], "signature_contains": ["+966 50 123 4567"],
         **exp_date(d), "attachments": []},
    )


# ---- RFC 2047 encoded words -----------------------------------------------------------


@fixture
def encoded_words_adjacent_mixed() -> Fixture:
    # Adjacent words: the whitespace between them is dropped (RFC 2047 §6.2);
    # mixed B and Q, mixed charsets, and plain text around them.
    subj_raw = ("AW: " + ew_q("Angebot für ", "ISO-8859-1") + "\n "
                + ew_b("UVC-Röhren ", "UTF-8") + " " + ew_q("– Müller GmbH", "UTF-8")
                + " (Bestellung 4711)")
    subject = "AW: Angebot für UVC-Röhren – Müller GmbH (Bestellung 4711)"
    d = datetime(2026, 3, 17, 8, 5, 0, tzinfo=tz(1))
    body = ("Hallo Frau Li,\n\nbitte bestätigen Sie die Bestellung 4711.\n\n"
            "Gruß\nJürgen Müller\n")
    headers = [
        H("From", f"{ew_q('Jürgen Müller', 'ISO-8859-1')} <j.mueller@mueller-lichttechnik.de>"),
        H("To", f"{ew_q('Anna Li (锐光)', 'UTF-8')} <anna@gmuv-lighting.cn>"),
        H("Subject", subj_raw),
        H("Date", date_header(d)),
        H("Message-ID", "<3e1f7a.4711@mueller-lichttechnik.de>"),
    ]
    return Fixture(
        "encoded_words_adjacent_mixed.eml",
        "subject with adjacent B and Q words in two charsets, folded, plain text around them",
        plain_message(headers, body, "utf-8", "quoted-printable"),
        {"subject": subject, "from": "j.mueller@mueller-lichttechnik.de",
         "message_id": "<3e1f7a.4711@mueller-lichttechnik.de>",
         "text_contains": ["Bestellung 4711"], **exp_date(d), "attachments": []},
    )


@fixture
def encoded_word_split_multibyte() -> Fixture:
    subject = "关于紫外线灯管的报价 – 第二版"
    raw = subject.encode("utf-8")
    # Cut the bytes at 7 and 16: each cut lands inside a 3-byte character.
    pieces = [raw[:7], raw[7:16], raw[16:]]
    subj_raw = (ew_b(pieces[0], "UTF-8") + "\n " + ew_q(pieces[1], "UTF-8") + "\n "
                + ew_b(pieces[2], "UTF-8"))
    d = datetime(2026, 3, 18, 16, 0, 0, tzinfo=tz(8))
    body = "Dear Anna,\n\nthe second version of the quotation is fine for us.\n\nTan Wei Ming\n"
    headers = [
        H("From", "Tan Wei Ming <twm@lumipure.com.sg>"),
        H("To", ANNA),
        H("Subject", subj_raw),
        H("Date", date_header(d)),
        H("Message-ID", "<SG2PR06MB5555@lumipure.com.sg>"),
    ]
    return Fixture(
        "encoded_word_split_multibyte.eml",
        "UTF-8 subject split across 3 encoded words (B,Q,B) with cuts inside multi-byte characters",
        plain_message(headers, body, "us-ascii", "7bit"),
        {"subject": subject, "from": "twm@lumipure.com.sg",
         "message_id": "<SG2PR06MB5555@lumipure.com.sg>",
         "text_contains": ["second version of the quotation"], **exp_date(d), "attachments": []},
    )


@fixture
def encoded_word_malformed() -> Fixture:
    # 1) B word without its "=" padding, 2) a word glued to "Re:" with no space,
    # 3) a word that is never closed with "?=".
    padless = base64.b64encode(b"QUOTE for UV-C lamps").decode().rstrip("=")
    subj_raw = f"Re:=?utf-8?B?{padless}?= =?utf-8?Q?Angebot_f=C3=BCr_Lampen"
    d = datetime(2026, 3, 19, 11, 0, 0, tzinfo=tz(-6))
    body = "Hola Leo,\n\nadjunto el pedido firmado.\n\nJosé García\n"
    headers = [
        # An encoded word inside a quoted string (forbidden by RFC 2047, common anyway).
        H("From", '"=?utf-8?Q?Jos=C3=A9_Garc=C3=ADa?=" <jose.garcia@solucionesuv.com.mx>'),
        H("To", LEO),
        H("Subject", subj_raw),
        H("Date", date_header(d)),
        H("Message-ID", "<BN8PR11MB0007@solucionesuv.com.mx>"),
        H("X-Note", "=?x-unknown?Q?caf=E9?="),
    ]
    return Fixture(
        "encoded_word_malformed.eml",
        "malformed encoded words: missing base64 padding, glued to 'Re:', unterminated, "
        "encoded word in a quoted display name, unknown charset in X-Note",
        plain_message(headers, body, "utf-8", "8bit"),
        {"subject_contains": ["QUOTE for UV-C lamps", "Angebot"],
         "from": "jose.garcia@solucionesuv.com.mx",
         "message_id": "<BN8PR11MB0007@solucionesuv.com.mx>",
         "text_contains": ["adjunto el pedido firmado"], **exp_date(d), "attachments": []},
        wellformed_subject=False,
    )


# ---- RFC 2231 parameters --------------------------------------------------------------


@fixture
def rfc2231_filename_utf8() -> Fixture:
    d = datetime(2026, 3, 3, 10, 30, 0, tzinfo=tz(8))
    text = ("Dear Mr. Müller,\n\nplease find our quotation and price overview attached.\n\n"
            + our_sig("Anna Li"))
    f1 = "报价单_GMUV-2026-031.pdf"
    f2 = "Preisübersicht 2026.pdf"
    enc1 = "UTF-8''" + "".join(f"%{b:02X}" if b > 0x7E or b in b" %'*" else chr(b)
                               for b in f1.encode("utf-8"))
    enc2 = "iso-8859-1'de'" + "".join(f"%{b:02X}" if b > 0x7E or b in b" %'*" else chr(b)
                                      for b in f2.encode("latin-1"))
    att1 = leaf(f"application/pdf; name*={enc1}", b64_body(tiny_pdf("Quotation GMUV-2026-031")),
                "base64", (H("Content-Disposition", f"attachment;\n filename*={enc1}"),))
    att2 = leaf("application/pdf", b64_body(tiny_pdf("Price overview 2026")), "base64",
                (H("Content-Disposition", f"attachment; filename*={enc2}"),))
    entity = multipart("mixed", "----=_Part_2231_utf8",
                       [text_leaf(text, "utf-8", "quoted-printable"), att1, att2])
    headers = [
        H("From", ANNA),
        H("To", f"{ew_q('Hans Müller', 'UTF-8')} <hans.mueller@mueller-lichttechnik.de>"),
        H("Subject", "Quotation GMUV-2026-031 UVC T8 lamps"),
        H("Date", date_header(d)),
        H("Message-ID", "<202603031030557120@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "rfc2231_filename_utf8.eml",
        "outbound quote with RFC 2231 filenames: filename*=UTF-8''… (Chinese) and "
        "iso-8859-1'de'… (German)",
        message(headers, entity),
        {"subject": "Quotation GMUV-2026-031 UVC T8 lamps", "from": "anna@gmuv-lighting.cn",
         "message_id": "<202603031030557120@gmuv-lighting.cn>",
         "text_contains": ["price overview attached"], **exp_date(d), "attachments": [f1, f2]},
    )


@fixture
def rfc2231_filename_continuations() -> Fixture:
    d = datetime(2026, 3, 20, 9, 0, 0, tzinfo=tz(7))
    f1 = "紫外线灯管规格表.xlsx"
    b1 = f1.encode("utf-8")
    pct = "".join(f"%{b:02X}" for b in b1[:-5])
    # Split after 13 bytes: the cut falls inside the 5th character (legal in RFC 2231).
    sec0, sec1 = pct[: 13 * 3], pct[13 * 3:]
    f2 = "Technical datasheet for amalgam lamp 320W and matching ballast rev C.pdf"
    cd1 = (f"attachment;\n filename*0*=UTF-8''{sec0};\n filename*1*={sec1};\n"
           f' filename*2=".xlsx"')
    cd2 = (f'attachment;\n filename*0="{f2[:30]}";\n filename*1="{f2[30:60]}";\n'
           f' filename*2="{f2[60:]}"')
    text = ("Dear Mei,\n\nAs discussed, our specification sheet and the datasheet are "
            "attached.\n\nBest regards,\nBudi Santoso\nPT Sinar Terang Abadi\n"
            "Tel: +62 21 1234 5678\n")
    entity = multipart("mixed", "b1_rfc2231_cont", [
        text_leaf(text, "utf-8", "7bit"),
        leaf("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             b64_body(tiny_xlsx_stub()), "base64", (H("Content-Disposition", cd1),)),
        leaf("application/pdf", b64_body(tiny_pdf("Datasheet amalgam 320W")), "base64",
             (H("Content-Disposition", cd2),)),
    ])
    headers = [
        H("From", "Budi Santoso <budi@sinarterang.co.id>"),
        H("To", MEI),
        H("Subject", "Specification sheet UV lamps"),
        H("Date", date_header(d)),
        H("Message-ID", "<CAB5s7t2026032009@mail.gmail.com>"),
    ]
    return Fixture(
        "rfc2231_filename_continuations.eml",
        "RFC 2231 continuations: filename*0*=UTF-8''…;filename*1*=…;filename*2=\"…\" and "
        "plain filename*0/1/2",
        message(headers, entity),
        {"subject": "Specification sheet UV lamps", "from": "budi@sinarterang.co.id",
         "message_id": "<CAB5s7t2026032009@mail.gmail.com>",
         "text_contains": ["specification sheet and the datasheet"],
         "signature_contains": ["+62 21 1234 5678"], **exp_date(d), "attachments": [f1, f2]},
    )


@fixture
def attachment_filename_rfc2047_param() -> Fixture:
    d = datetime(2026, 3, 4, 15, 0, 0, tzinfo=tz(8))
    fname = "产品目录2026.pdf"
    word = ew_b(fname, "GBK")
    text = "黄先生您好：\n\n附件是我司2026年产品目录，请查收。\n\n陈美\n"
    entity = multipart("mixed", "----=_NextPart_5F3A_GBK", [
        text_leaf(text, "GBK", "base64"),
        leaf(f'application/octet-stream;\n name="{word}"', b64_body(tiny_pdf("Catalogue 2026")),
             "base64", (H("Content-Disposition", f'attachment;\n filename="{word}"'),)),
    ])
    headers = [
        H("From", f"{ew_b('陈美', 'GBK')} <mei@gmuv-lighting.cn>"),
        H("To", "huang.zq@hengxin-trade.com.cn"),
        H("Subject", ew_b("产品目录", "GBK")),
        H("Date", date_header(d)),
        H("Message-ID", "<202603041500021147@gmuv-lighting.cn>"),
        H("X-Mailer", "Foxmail 7.2.25.228[cn]"),
    ]
    return Fixture(
        "attachment_filename_rfc2047_param.eml",
        "attachment name/filename given as an RFC 2047 encoded word in quotes (GBK), "
        "as Chinese clients write it",
        message(headers, entity),
        {"subject": "产品目录", "from": "mei@gmuv-lighting.cn",
         "message_id": "<202603041500021147@gmuv-lighting.cn>",
         "text_contains": ["产品目录"], **exp_date(d), "attachments": [fname]},
    )


# ---- MIME structure -------------------------------------------------------------------


@fixture
def html_only_gmail_quote() -> Fixture:
    d = datetime(2026, 3, 5, 14, 22, 0, tzinfo=tz(1))
    html = (
        '<div dir="ltr">Hallo Frau Li,<br><br>vielen Dank f&uuml;r das Angebot.'
        "&nbsp;K&ouml;nnen Sie uns 20&nbsp;Muster der Amalgamlampe 150W per Luftfracht "
        "schicken?<br><br>Viele Gr&uuml;&szlig;e<br>J&uuml;rgen Becker<br>"
        "Mobil: 0049 151 2345 6789</div><br>"
        '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">Am Mi., 4. M&auml;rz 2026 '
        "um 10:00 Uhr schrieb Anna Li &lt;<a href=\"mailto:anna@gmuv-lighting.cn\">"
        "anna@gmuv-lighting.cn</a>&gt;:<br></div>"
        '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
        'border-left:1px solid rgb(204,204,204);padding-left:1ex">'
        "Dear Mr. Becker,<br><br>our price for the amalgam lamp 150W is USD 38.00/pc."
        "<br><br>Anna Li<br>Tel: +86 755 2345 6789</blockquote></div>\n"
    )
    headers = [
        H("From", "=?UTF-8?Q?J=C3=BCrgen_Becker?= <juergen.becker@web.de>"),
        H("To", ANNA),
        H("Subject", "Re: Quotation amalgam lamp 150W"),
        H("Date", date_header(d)),
        H("Message-ID", "<CAKx9p2026030514220001@mail.gmail.com>"),
        H("In-Reply-To", "<202603041000445566@gmuv-lighting.cn>"),
        H("References", "<202603041000445566@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "html_only_gmail_quote.eml",
        "text/html only (no text/plain), entities and &nbsp;, Gmail HTML quote "
        "(div.gmail_quote/blockquote) in German",
        message(headers, text_leaf(html, "UTF-8", "quoted-printable", subtype="html")),
        {"subject": "Re: Quotation amalgam lamp 150W", "from": "juergen.becker@web.de",
         "message_id": "<CAKx9p2026030514220001@mail.gmail.com>",
         "in_reply_to": "<202603041000445566@gmuv-lighting.cn>",
         "references": ["<202603041000445566@gmuv-lighting.cn>"],
         "html_only": True, "text_contains": ["Können Sie uns 20"],
         "signature_contains": ["0049 151 2345 6789"],
         "quoted_contains": ["USD 38.00/pc"], "text_excludes": ["+86 755 2345 6789"],
         **exp_date(d), "attachments": []},
    )


@fixture
def multipart_alternative_reply() -> Fixture:
    d = datetime(2026, 3, 11, 9, 40, 0, tzinfo=tz(-6))
    ours = "Dear Alejandro,\n\nthe T8 36W lamp is USD 4.10/pc FOB Shenzhen.\n\nLeo Zhang\n"
    plain = (
        "Hola Leo,\n\n"
        "Gracias por la cotización. Necesitamos 600 lámparas T8 36W y 600 balastros.\n"
        "¿Pueden enviar por DHL a Ciudad de México?\n\n"
        "Saludos,\n"
        "Alejandro García\n"
        "Soluciones UV de México S.A. de C.V.\n"
        "Tel: +52 55 1234 5678\n\n"
        "From: Leo Zhang <leo@gmuv-lighting.cn>\n"
        "Sent: Tuesday, March 10, 2026 9:15 PM\n"
        "To: Alejandro García <agarcia@solucionesuv.com.mx>\n"
        "Subject: Quotation T8 36W\n\n" + ours
    )
    html = (
        "<html><body><p>Hola Leo,</p><p>Gracias por la cotizaci&oacute;n. Necesitamos 600 "
        "l&aacute;mparas T8 36W y 600 balastros.<br>&iquest;Pueden enviar por DHL a Ciudad de "
        "M&eacute;xico?</p><p>Saludos,<br>Alejandro Garc&iacute;a<br>Tel: +52 55 1234 5678</p>"
        '<div id="divRplyFwdMsg"><hr><b>From:</b> Leo Zhang &lt;leo@gmuv-lighting.cn&gt;<br>'
        "<b>Sent:</b> Tuesday, March 10, 2026 9:15 PM<br><b>Subject:</b> Quotation T8 36W"
        "</div><p>Dear Alejandro,<br>the T8 36W lamp is USD 4.10/pc FOB Shenzhen.</p>"
        "</body></html>\n"
    )
    entity = multipart("alternative", "_000_BN8PR11MB0008_", [
        text_leaf(plain, "utf-8", "quoted-printable"),
        text_leaf(html, "utf-8", "base64", subtype="html"),
    ])
    headers = [
        H("From", "=?utf-8?Q?Alejandro_Garc=C3=ADa?= <agarcia@solucionesuv.com.mx>"),
        H("To", LEO),
        H("Subject", "RE: Quotation T8 36W"),
        H("Date", date_header(d)),
        H("Message-ID", "<BN8PR11MB0008@solucionesuv.com.mx>"),
        H("In-Reply-To", "<202603102115009931@gmuv-lighting.cn>"),
        H("References", "<202603102115009931@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "multipart_alternative_reply.eml",
        "multipart/alternative (QP text/plain + base64 text/html), Spanish, Outlook "
        "From/Sent/To/Subject quote block",
        message(headers, entity),
        {"subject": "RE: Quotation T8 36W", "from": "agarcia@solucionesuv.com.mx",
         "message_id": "<BN8PR11MB0008@solucionesuv.com.mx>",
         "in_reply_to": "<202603102115009931@gmuv-lighting.cn>",
         "references": ["<202603102115009931@gmuv-lighting.cn>"],
         "html_only": False, "text_contains": ["600 lámparas T8 36W"],
         "signature_contains": ["+52 55 1234 5678"], "quoted_contains": ["USD 4.10/pc"],
         **exp_date(d), "attachments": []},
    )


@fixture
def multipart_mixed_pdf_quote() -> Fixture:
    d = datetime(2026, 3, 3, 16, 45, 0, tzinfo=tz(8))
    text = ("Dear Mr. Kumar,\n\nThank you for your inquiry. Please find our quotation "
            "Q2026-0312 attached (UVC 11W and 16W lamps for RO purifiers).\n\n"
            "Best regards,\n" + our_sig("Mei Chen"))
    fname = "GMUV_Quotation_Q2026-0312.pdf"
    entity = multipart("mixed", "=_gmuv_mixed_0312", [
        text_leaf(text, "utf-8", "7bit"),
        leaf(f'application/pdf; name="{fname}"', b64_body(tiny_pdf("Quotation Q2026-0312")),
             "base64", (H("Content-Disposition", f'attachment; filename="{fname}"'),)),
    ], preamble=b"This is a multi-part message in MIME format.\n\n")
    headers = [
        H("From", MEI),
        H("To", "Rajesh Kumar <rajesh@saiaquasystems.in>"),
        H("Cc", SALES),
        H("Subject", "Quotation Q2026-0312 - UVC lamps for RO purifiers"),
        H("Date", date_header(d)),
        H("Message-ID", "<202603031645331208@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "multipart_mixed_pdf_quote.eml",
        "outbound multipart/mixed quote with a small base64 PDF attachment and a preamble",
        message(headers, entity),
        {"subject": "Quotation Q2026-0312 - UVC lamps for RO purifiers",
         "from": "mei@gmuv-lighting.cn", "message_id": "<202603031645331208@gmuv-lighting.cn>",
         "text_contains": ["quotation Q2026-0312 attached"], **exp_date(d),
         "attachments": [fname]},
    )


@fixture
def multipart_related_nested() -> Fixture:
    d = datetime(2026, 3, 16, 14, 10, 0, tzinfo=tz(3))
    plain = ("Dear Anna,\n\nplease see the attached specification for the UVC T8 lamps we need "
             "for our HVAC projects.\n\nBest regards,\nKhalid Al-Otaibi\nProcurement\n"
             "Mobile: +966 55 765 4321\n")
    html = ("<html><body><p>Dear Anna,</p><p>please see the attached specification for the "
            "UVC T8 lamps we need for our HVAC projects.</p><p>Best regards,<br>Khalid "
            "Al-Otaibi<br>Procurement<br>Mobile: +966 55 765 4321</p>"
            '<img src="cid:image001.png@01DCB5A1.2F3E4D50" alt="Al-Noor"></body></html>\n')
    alt = multipart("alternative", "_002_alt_", [
        text_leaf(plain, "us-ascii", "7bit"),
        text_leaf(html, "us-ascii", "7bit", subtype="html"),
    ])
    related = multipart("related", "_001_rel_", [
        alt,
        leaf('image/png; name="image001.png"', b64_body(tiny_png()), "base64", (
            H("Content-ID", "<image001.png@01DCB5A1.2F3E4D50>"),
            H("Content-Disposition", 'inline; filename="image001.png"'))),
    ], params=' type="multipart/alternative";')
    pdf = "Specification_UVC_T8.pdf"
    mixed = multipart("mixed", "_003_mixed_", [
        related,
        leaf(f'application/pdf; name="{pdf}"', b64_body(tiny_pdf("Specification UVC T8")),
             "base64", (H("Content-Disposition", f'attachment; filename="{pdf}"'),)),
    ])
    headers = [
        H("From", "Khalid Al-Otaibi <k.otaibi@alnoor-trading.com.sa>"),
        H("To", ANNA),
        H("Subject", "Specification for HVAC UVC lamps"),
        H("Date", date_header(d)),
        H("Message-ID", "<AM0PR10MB3002@alnoor-trading.com.sa>"),
    ]
    return Fixture(
        "multipart_related_nested.eml",
        "mixed > related > alternative nesting (Outlook HTML with inline cid: logo) plus a PDF",
        message(headers, mixed),
        {"subject": "Specification for HVAC UVC lamps", "from": "k.otaibi@alnoor-trading.com.sa",
         "message_id": "<AM0PR10MB3002@alnoor-trading.com.sa>",
         "text_contains": ["specification for the UVC T8 lamps"],
         "signature_contains": ["+966 55 765 4321"], **exp_date(d),
         "attachments_include": [pdf]},
    )


@fixture
def forwarded_message_rfc822() -> Fixture:
    inner_d = datetime(2026, 3, 12, 8, 30, 0, tzinfo=tz(-4))
    inner = (
        b"From: Tom Baker <tbaker@stmarys-hospital.org>\n"
        b"To: Lisa Brown <lbrown@pureairsolutions.com>\n"
        b"Subject: RFQ for upper-room UVGI fixtures\n"
        + f"Date: {date_header(inner_d)}\n".encode()
        + b"Message-ID: <rfq-0312@stmarys-hospital.org>\n"
        b"MIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n"
        b"Lisa,\n\nWe need 40 upper-room UVGI fixtures for the new wing. Please quote.\n\nTom\n"
    )
    d = datetime(2026, 3, 12, 11, 5, 0, tzinfo=tz(-4))
    fname = "RFQ for upper-room UVGI fixtures.eml"
    text = ("Leo,\n\nforwarding our customer's RFQ. Could you please quote the lamps and "
            "ballasts for 40 fixtures?\n\nThanks,\nLisa Brown\nPurchasing, PureAir Solutions Inc.\n"
            "Phone: +1 (617) 555-0199\n")
    entity = multipart("mixed", "fwd_rfc822_boundary", [
        text_leaf(text, "us-ascii", "7bit"),
        leaf("message/rfc822", inner, None,
             (H("Content-Disposition", f'attachment; filename="{fname}"'),)),
    ])
    headers = [
        H("From", "Lisa Brown <lbrown@pureairsolutions.com>"),
        H("To", LEO),
        H("Subject", "Fwd: RFQ for upper-room UVGI fixtures"),
        H("Date", date_header(d)),
        H("Message-ID", "<fwd-0312.lbrown@pureairsolutions.com>"),
    ]
    return Fixture(
        "forwarded_message_rfc822.eml",
        "forward with the original attached as message/rfc822 (own From/Subject/Message-ID)",
        message(headers, entity),
        {"subject": "Fwd: RFQ for upper-room UVGI fixtures", "from": "lbrown@pureairsolutions.com",
         "message_id": "<fwd-0312.lbrown@pureairsolutions.com>",
         "text_contains": ["forwarding our customer's RFQ"],
         "signature_contains": ["+1 (617) 555-0199"], **exp_date(d), "attachments": [fname]},
    )


# ---- broken headers -------------------------------------------------------------------


@fixture
def broken_header_no_colon() -> Fixture:
    d = datetime(2026, 3, 18, 10, 0, 0, tzinfo=tz(3))
    body = "Hello Anna,\n\nPlease send the proforma invoice for 300 ballasts.\n\nMehmet\n"
    headers = [
        H("From", "Mehmet Yilmaz <mehmet@yilmazaydinlatma.com.tr>"),
        H("To", ANNA),
        H("Subject", "Proforma invoice for ballasts"),
        H("Date", date_header(d)),
        H("Message-ID", "<tr.20260318100000@yilmazaydinlatma.com.tr>"),
    ]
    entity = text_leaf(body, "us-ascii", "7bit")
    ct, rest = entity.split(b"\n\n", 1)
    # A header line without a colon, after which another header follows.
    data = message(headers, ct + b"\nX-Mailer Microsoft Outlook 16.0\nX-Priority: 3\n\n" + rest)
    return Fixture(
        "broken_header_no_colon.eml",
        "a header line without a colon ('X-Mailer Microsoft Outlook 16.0') among the headers",
        data,
        {"subject": "Proforma invoice for ballasts", "from": "mehmet@yilmazaydinlatma.com.tr",
         "message_id": "<tr.20260318100000@yilmazaydinlatma.com.tr>",
         "text_contains": ["proforma invoice for 300 ballasts"], **exp_date(d), "attachments": []},
    )


@fixture
def broken_header_bad_folding() -> Fixture:
    d = datetime(2026, 3, 19, 15, 30, 0, tzinfo=tz(7))
    subject = "Quotation for UVC germicidal lamps and electronic ballasts"
    body = "Dear Mei,\n\nWe accept the quotation. Please send the PI.\n\nBudi\n"
    headers = [
        H("From", "Budi Santoso <budi@sinarterang.co.id>"),
        H("To", MEI),
        H("Subject", "Quotation for UVC germicidal lamps\n and electronic ballasts"),
        H("Date", date_header(d)),
        H("Message-ID", "<CAB5s7t2026031915@mail.gmail.com>"),
        H("X-Folded-Blank", "first part\n \n second part"),  # whitespace-only fold line
    ]
    entity = text_leaf(body, "us-ascii", "7bit")
    ct, rest = entity.split(b"\n\n", 1)
    # A folded Cc whose continuation lost its leading whitespace, then one more header.
    data = message(headers, ct + b"\nCc: anna@gmuv-lighting.cn,\nleo@gmuv-lighting.cn\n"
                   b"X-Mailer: Foxmail 7.2\n\n" + rest)
    return Fixture(
        "broken_header_bad_folding.eml",
        "folding gone wrong: Cc continuation without leading whitespace, a whitespace-only "
        "fold line; a correctly folded subject",
        data,
        {"subject": subject, "from": "budi@sinarterang.co.id",
         "message_id": "<CAB5s7t2026031915@mail.gmail.com>",
         "text_contains": ["We accept the quotation"], **exp_date(d), "attachments": []},
    )


@fixture
def broken_header_raw_8bit() -> Fixture:
    d = datetime(2026, 3, 20, 13, 45, 0, tzinfo=tz(1))
    subject = "Anfrage: UV-C Röhren für Kläranlage"
    body = ("Guten Tag,\n\nwir benötigen 50 UV-C Röhren 80W für eine Kläranlage.\n\n"
            "Jürgen Weiß\nTel.: +49 711 1234 5678\n")
    lines = [
        "From: Jürgen Weiß <j.weiss@klaertechnik-weiss.de>".encode("latin-1"),  # raw latin-1
        H("To", SALES),
        ("Subject: " + subject).encode("utf-8"),  # raw UTF-8, no encoded word
        H("Date", date_header(d)),
        H("Message-ID", "<20260320134500.weiss@klaertechnik-weiss.de>"),
        "X-Organisation: Klärtechnik Weiß GmbH".encode(),
    ]
    return Fixture(
        "broken_header_raw_8bit.eml",
        "raw 8-bit bytes in headers: UTF-8 Subject, latin-1 From display name (no encoded words)",
        plain_message(lines, body, "utf-8", "8bit"),
        {"subject": subject, "from": "j.weiss@klaertechnik-weiss.de",
         "message_id": "<20260320134500.weiss@klaertechnik-weiss.de>",
         "text_contains": ["50 UV-C Röhren 80W"], "signature_contains": ["+49 711 1234 5678"],
         **exp_date(d), "attachments": []},
        wellformed_subject=False,
    )


@fixture
def missing_message_id() -> Fixture:
    d = datetime(2026, 3, 9, 18, 20, 0, tzinfo=tz(1))
    body = ("Hi,\n\nPlease quote 100 pcs of 4-pin T5 UVC lamps 25W.\n\nChinedu Okafor\n"
            "+234 803 123 4567\n")
    headers = [
        H("From", "Chinedu Okafor <chinedu.okafor@gmail.com>"),
        H("To", SALES),
        H("Subject", "Need price UV lamps CIF Lagos"),
        H("Date", date_header(d)),
    ]
    return Fixture(
        "missing_message_id.eml",
        "no Message-ID header at all (the parser must derive a stable one)",
        plain_message(headers, body, "utf-8", "7bit"),
        {"subject": "Need price UV lamps CIF Lagos", "from": "chinedu.okafor@gmail.com",
         "message_id": None, "text_contains": ["4-pin T5 UVC lamps"],
         "signature_contains": ["+234 803 123 4567"], **exp_date(d), "attachments": []},
    )


@fixture
def duplicate_message_id() -> Fixture:
    d = datetime(2026, 3, 10, 9, 5, 0, tzinfo=tz(2))
    body = ("Hi Anna,\n\nWe need 30 amalgam lamps for ballast water treatment.\n\n"
            "David Cohen\nOr Tech Ltd\nTel: +972 3 123 4567\n")
    headers = [
        H("From", "David Cohen <david@ortech.co.il>"),
        H("To", ANNA),
        H("Subject", "Amalgam lamps for BWTS"),
        H("Date", date_header(d)),
        H("Message-ID", "<first.0310@ortech.co.il>"),
        H("Message-ID", "<second.0310@relay.ortech.co.il>"),
    ]
    return Fixture(
        "duplicate_message_id.eml",
        "two Message-ID headers with different values (the first one counts)",
        plain_message(headers, body, "utf-8", "7bit"),
        {"subject": "Amalgam lamps for BWTS", "from": "david@ortech.co.il",
         "message_id": "<first.0310@ortech.co.il>", "text_contains": ["ballast water treatment"],
         "signature_contains": ["+972 3 123 4567"], **exp_date(d), "attachments": []},
    )


@fixture
def missing_from() -> Fixture:
    d = datetime(2026, 3, 13, 7, 30, 0, tzinfo=tz(-5))
    body = "Please quote 20 UVC lamps for our duct units.\n"
    headers = [
        H("To", SALES),
        H("Subject", "UVC lamps quote"),
        H("Date", date_header(d)),
        H("Message-ID", "<nofrom.0313@webform.pureairsolutions.com>"),
    ]
    return Fixture(
        "missing_from.eml",
        "no From header (a web-form relay); nothing else identifies the sender",
        plain_message(headers, body, "us-ascii", "7bit"),
        {"subject": "UVC lamps quote", "from": None,
         "message_id": "<nofrom.0313@webform.pureairsolutions.com>",
         "text_contains": ["20 UVC lamps"], **exp_date(d), "attachments": []},
    )


@fixture
def from_display_name_only() -> Fixture:
    d = datetime(2026, 3, 13, 9, 0, 0, tzinfo=tz(-3))
    body = "Bom dia,\n\nAinda aguardamos o PI.\n\nCarlos\n"
    headers = [
        H("From", "Carlos Silva"),
        H("To", SALES),
        H("Subject", "=?UTF-8?Q?Pedido_pendente?="),
        H("Date", date_header(d)),
        H("Message-ID", "<nameonly.0313@aquaclara.com.br>"),
    ]
    return Fixture(
        "from_display_name_only.eml",
        "From with a display name only ('Carlos Silva', no address): from email is ''",
        plain_message(headers, body, "utf-8", "7bit"),
        {"subject": "Pedido pendente", "from": "", "message_id": "<nameonly.0313@aquaclara.com.br>",
         "text_contains": ["Ainda aguardamos o PI"], **exp_date(d), "attachments": []},
    )


@fixture
def from_multiple_addresses() -> Fixture:
    d = datetime(2026, 3, 15, 11, 0, 0, tzinfo=tz(3))
    body = ("Dear Anna,\n\nBoth of us approve the PI. Payment by L/C at sight.\n\n"
            "Mohammed Al-Harbi / Khalid Al-Otaibi\n")
    headers = [
        H("From", "Mohammed Al-Harbi <M.AlHarbi@alnoor-trading.com.sa>,\n"
                  " Khalid Al-Otaibi <k.otaibi@alnoor-trading.com.sa>"),
        H("Sender", "Khalid Al-Otaibi <k.otaibi@alnoor-trading.com.sa>"),
        H("To", ANNA),
        H("Subject", "PI approval"),
        H("Date", date_header(d)),
        H("Message-ID", "<AM0PR10MB3003@alnoor-trading.com.sa>"),
    ]
    return Fixture(
        "from_multiple_addresses.eml",
        "From with two mailboxes (mixed-case address first) plus Sender; 'from' is the first",
        plain_message(headers, body, "utf-8", "7bit"),
        {"subject": "PI approval", "from": "m.alharbi@alnoor-trading.com.sa",
         "message_id": "<AM0PR10MB3003@alnoor-trading.com.sa>",
         "text_contains": ["Payment by L/C at sight"], **exp_date(d), "attachments": []},
    )


# ---- dates ----------------------------------------------------------------------------


def _date_fixture(name: str, about: str, date_value: str | None, expect_date: dict,
                  who: str, addr: str, subject: str, text: str) -> Fixture:
    headers = [H("From", f"{who} <{addr}>"), H("To", SALES), H("Subject", subject)]
    if date_value is not None:
        headers.append(H("Date", date_value))
    headers.append(H("Message-ID", f"<{name}@{addr.split('@')[1]}>"))
    return Fixture(
        f"{name}.eml", about, plain_message(headers, text + "\n", "utf-8", "7bit"),
        {"subject": subject, "from": addr, "message_id": f"<{name}@{addr.split('@')[1]}>",
         "text_contains": [text.split("\n")[0]], **expect_date, "attachments": []},
    )


@fixture
def date_garbage() -> Fixture:
    return _date_fixture(
        "date_garbage", "Date header that is not a date ('Someday soon, maybe 25:61')",
        "Someday soon, maybe 25:61", {"date": "fallback"},
        "Sarah Thompson", "sarah@aquapure.com.au", "Ballast question",
        "Do your ballasts have SAA approval?")


@fixture
def date_missing() -> Fixture:
    return _date_fixture(
        "date_missing", "no Date header at all",
        None, {"date": "fallback"},
        "Sarah Thompson", "sarah@aquapure.com.au", "Lamp life",
        "What is the rated life of the 40W lamp?")


@fixture
def date_minus_0000() -> Fixture:
    d = datetime(2026, 3, 3, 8, 15, 0, tzinfo=UTC)
    return _date_fixture(
        "date_minus_0000", "Date with '-0000' (UTC, local zone unknown; naive in Python)",
        "Tue, 03 Mar 2026 08:15:00 -0000", {"date_utc": utc_iso(d), "date_offset_minutes": None},
        "Ahmed Hassan", "ahmed@gulfcleantech.ae", "UV lamps for AHU",
        "Please quote UVC lamps for 12 air handling units.")


@fixture
def date_plus_0000_outlook() -> Fixture:
    d = datetime(2026, 3, 3, 7, 2, 11, tzinfo=UTC)
    return _date_fixture(
        "date_plus_0000_outlook",
        "Outlook/Exchange-style '+0000' Date from a Riyadh sender (offset says nothing)",
        "Tue, 3 Mar 2026 07:02:11 +0000", {"date_utc": utc_iso(d), "date_offset_minutes": None},
        "Khalid Al-Otaibi", "k.otaibi@alnoor-trading.com.sa", "Payment terms",
        "Can you accept L/C at sight for the first order?")


@fixture
def date_epoch_1970() -> Fixture:
    f = _date_fixture(
        "date_epoch_1970", "Date in 1970 (epoch zero from a broken client): unusable, fall back",
        "Thu, 01 Jan 1970 00:00:00 +0000", {"date": "fallback"},
        "Budi Santoso", "budi@sinarterang.co.id", "Re: PI GMUV-PI-0320",
        "Payment will be sent tomorrow.")
    f.expect["notes"] = ("Parses as 1970-01-01T00:00:00+00:00; mailbot treats a Date this "
                         "far before the message's arrival as unusable.")
    return f


@fixture
def date_named_zone_cst() -> Fixture:
    d = datetime(2026, 3, 3, 9, 30, 0, tzinfo=tz(-6))
    return _date_fixture(
        "date_named_zone_cst",
        "Date with an obsolete named zone 'CST' from Chicago (RFC 5322 obs-zone: -0600)",
        "Tue, 3 Mar 2026 09:30:00 CST", {"date_utc": utc_iso(d), "date_offset_minutes": -360},
        "Kevin O'Brien", "kobrien@outlook.com", "UV lamp quote",
        "Please send me a quote for 25 UVC lamps, 36W.")


# ---- replies and quoted history -------------------------------------------------------


@fixture
def reply_gmail_on_wrote() -> Fixture:
    d = datetime(2026, 3, 4, 11, 12, 0, tzinfo=tz(5.5))
    ours = ("Dear Mr. Kumar,\n\nPlease find our quotation Q2026-0312 attached.\n\n"
            "Best regards,\n" + our_sig("Mei Chen"))
    body = (
        "Hi Mei,\n\n"
        "Thanks for the quick quote. Our target price for the 11W lamp is USD 1.60 at\n"
        "5000 pcs per month. Can you match it?\n\n"
        "-- \n"
        "Rajesh Kumar\n"
        "Director, Sai Aqua Systems Pvt Ltd\n"
        "Mob: +91 98450 12345\n\n"
        "On Tue, 3 Mar 2026 at 14:15, Mei Chen <mei@gmuv-lighting.cn> wrote:\n\n"
        + quote(ours)
    )
    headers = [
        H("From", "Rajesh Kumar <rajesh@saiaquasystems.in>"),
        H("To", MEI),
        H("Cc", SALES),
        H("Subject", "Re: Quotation Q2026-0312 - UVC lamps for RO purifiers"),
        H("Date", date_header(d)),
        H("Message-ID", "<CAF3k9Qx2026030411120@mail.gmail.com>"),
        H("In-Reply-To", "<202603031645331208@gmuv-lighting.cn>"),
        H("References", "<202603031645331208@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "reply_gmail_on_wrote.eml",
        "Gmail reply: 'On Tue, 3 Mar 2026 at 14:15, Mei Chen <…> wrote:', '-- ' signature "
        "with +91 mobile, In-Reply-To/References; our +86 signature only in the quote",
        plain_message(headers, body, "UTF-8", "quoted-printable"),
        {"subject": "Re: Quotation Q2026-0312 - UVC lamps for RO purifiers",
         "from": "rajesh@saiaquasystems.in", "message_id": "<CAF3k9Qx2026030411120@mail.gmail.com>",
         "in_reply_to": "<202603031645331208@gmuv-lighting.cn>",
         "references": ["<202603031645331208@gmuv-lighting.cn>"],
         "text_contains": ["target price for the 11W lamp"],
         "signature_contains": ["+91 98450 12345"],
         "quoted_contains": ["quotation Q2026-0312 attached"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def reply_outlook_original_message() -> Fixture:
    d = datetime(2026, 3, 4, 9, 20, 0, tzinfo=tz(-5))
    body = (
        "Leo,\n\n"
        "The price works. Can you ship 2 samples of the 120V ballast by FedEx first?\n\n"
        "Best regards,\n"
        "Michael Johnson\n"
        "PureAir Solutions Inc.\n"
        "Tel: +1 (617) 555-0142\n\n"
        "-----Original Message-----\n"
        "From: Leo Zhang [mailto:leo@gmuv-lighting.cn]\n"
        "Sent: Tuesday, March 3, 2026 10:00 PM\n"
        "To: Michael Johnson <mjohnson@pureairsolutions.com>\n"
        "Subject: Quotation upper-room UVGI lamps\n\n"
        "Dear Michael,\n\n"
        "our price for the 120V electronic ballast is USD 9.80/pc.\n\n"
        + our_sig("Leo Zhang")
    )
    headers = [
        H("From", "Michael Johnson <mjohnson@pureairsolutions.com>"),
        H("To", LEO),
        H("Subject", "RE: Quotation upper-room UVGI lamps"),
        H("Date", date_header(d)),
        H("Message-ID", "<MN2PR04MB6001@pureairsolutions.com>"),
        H("In-Reply-To", "<202603032200117734@gmuv-lighting.cn>"),
        H("References", "<202603032200117734@gmuv-lighting.cn>"),
        H("Thread-Topic", "Quotation upper-room UVGI lamps"),
        H("X-Auto-Response-Suppress", "All"),  # ordinary Exchange mail carries this too
    ]
    return Fixture(
        "reply_outlook_original_message.eml",
        "Outlook reply with '-----Original Message-----' and From/Sent/To/Subject block; "
        "X-Auto-Response-Suppress on a human mail",
        plain_message(headers, body, "us-ascii", "7bit"),
        {"subject": "RE: Quotation upper-room UVGI lamps",
         "from": "mjohnson@pureairsolutions.com",
         "message_id": "<MN2PR04MB6001@pureairsolutions.com>",
         "in_reply_to": "<202603032200117734@gmuv-lighting.cn>",
         "references": ["<202603032200117734@gmuv-lighting.cn>"],
         "text_contains": ["2 samples of the 120V ballast"],
         "signature_contains": ["+1 (617) 555-0142"], "quoted_contains": ["USD 9.80/pc"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def reply_outlook_from_sent_block() -> Fixture:
    d = datetime(2026, 3, 4, 6, 48, 0, tzinfo=UTC)
    body = (
        "Dear Anna,\n\n"
        "Thank you. We need the CE certificate and the test report before we can order.\n\n"
        "Regards,\n"
        "Mohammed Al-Harbi\n"
        "Al-Noor Trading Est.\n"
        "Mobile: +966 50 123 4567\n\n"
        "________________________________\n"
        "From: Anna Li <anna@gmuv-lighting.cn>\n"
        "Sent: Tuesday, March 3, 2026 10:00 AM\n"
        "To: Mohammed Al-Harbi <m.alharbi@alnoor-trading.com.sa>\n"
        "Subject: Quotation UV air duct lamps\n\n"
        "Dear Mr. Al-Harbi,\n\n"
        "our offer for the UV air duct lamp 36W is USD 6.50/pc CIF Dammam.\n\n"
        + our_sig("Anna Li")
    )
    headers = [
        H("From", "Mohammed Al-Harbi <m.alharbi@alnoor-trading.com.sa>"),
        H("To", ANNA),
        H("Subject", "RE: Quotation UV air duct lamps"),
        H("Date", "Wed, 4 Mar 2026 06:48:00 +0000"),
        H("Message-ID", "<AM0PR10MB3004@alnoor-trading.com.sa>"),
        H("In-Reply-To", "<202603031000228811@gmuv-lighting.cn>"),
        H("References", "<202603031000228811@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "reply_outlook_from_sent_block.eml",
        "Outlook 365 reply: '____' rule then From:/Sent:/To:/Subject: block (no 'Original "
        "Message' line); +0000 Date from Riyadh; +966 mobile",
        plain_message(headers, body, "utf-8", "quoted-printable"),
        {"subject": "RE: Quotation UV air duct lamps", "from": "m.alharbi@alnoor-trading.com.sa",
         "message_id": "<AM0PR10MB3004@alnoor-trading.com.sa>",
         "in_reply_to": "<202603031000228811@gmuv-lighting.cn>",
         "references": ["<202603031000228811@gmuv-lighting.cn>"],
         "text_contains": ["CE certificate and the test report"],
         "signature_contains": ["+966 50 123 4567"], "quoted_contains": ["USD 6.50/pc CIF Dammam"],
         "text_excludes": ["+86 755 2345 6789"],
         "date_utc": utc_iso(d), "date_offset_minutes": None, "attachments": []},
    )


@fixture
def reply_german_am_schrieb() -> Fixture:
    d = datetime(2026, 3, 3, 15, 40, 0, tzinfo=tz(1))
    ours = ("Sehr geehrter Herr Müller,\n\nanbei unser Angebot: UVC-Röhre T8 30W, "
            "USD 3,85/Stück FOB Shenzhen.\n\n" + our_sig("Anna Li"))
    body = (
        "Sehr geehrte Frau Li,\n\n"
        "danke für das Angebot. Bei 500 Stück erwarten wir 5 % Rabatt.\n"
        "Bitte senden Sie uns auch die CE- und RoHS-Zertifikate.\n\n"
        "Mit freundlichen Grüßen\n"
        "Hans Müller\n"
        "Müller Lichttechnik GmbH\n"
        "Tel: +49 30 1234567\n\n"
        "Am 03.03.2026 um 10:00 schrieb Anna Li <anna@gmuv-lighting.cn>:\n"
        + quote(ours)
    )
    headers = [
        H("From", "=?utf-8?Q?Hans_M=C3=BCller?= <hans.mueller@mueller-lichttechnik.de>"),
        H("To", ANNA),
        H("Subject", "=?utf-8?Q?AW:_Angebot_UVC-R=C3=B6hren_T8?="),
        H("Date", date_header(d)),
        H("Message-ID", "<5a7e9c0d.4f1b@mueller-lichttechnik.de>"),
        H("In-Reply-To", "<202603031000337788@gmuv-lighting.cn>"),
        H("References", "<202603031000337788@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "reply_german_am_schrieb.eml",
        "German reply: 'Am 03.03.2026 um 10:00 schrieb Anna Li <…>:', German sign-off with "
        "+49 number, AW: subject with In-Reply-To",
        plain_message(headers, body, "utf-8", "quoted-printable"),
        {"subject": "AW: Angebot UVC-Röhren T8", "from": "hans.mueller@mueller-lichttechnik.de",
         "message_id": "<5a7e9c0d.4f1b@mueller-lichttechnik.de>",
         "in_reply_to": "<202603031000337788@gmuv-lighting.cn>",
         "references": ["<202603031000337788@gmuv-lighting.cn>"],
         "text_contains": ["Bei 500 Stück erwarten wir 5 % Rabatt"],
         "signature_contains": ["+49 30 1234567"],
         "quoted_contains": ["USD 3,85/Stück FOB Shenzhen"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def reply_german_outlook_von_gesendet() -> Fixture:
    d = datetime(2026, 3, 5, 8, 55, 0, tzinfo=tz(1))
    body = (
        "Hallo Frau Li,\n\n"
        "die Muster sind angekommen, vielen Dank. Wir testen sie bis Ende nächster Woche.\n\n"
        "Freundliche Grüße\n"
        "Petra Schulz\n"
        "Einkauf\n"
        "Tel. 0049 89 1234 5678\n\n"
        "Von: Anna Li <anna@gmuv-lighting.cn>\n"
        "Gesendet: Mittwoch, 4. März 2026 03:10\n"
        "An: Petra Schulz <petra.schulz@mueller-lichttechnik.de>\n"
        "Betreff: Muster elektronische Vorschaltgeräte\n\n"
        "Dear Ms. Schulz,\n\n"
        "the 3 ballast samples were sent by DHL, AWB 1234567890.\n\n"
        + our_sig("Anna Li")
    )
    headers = [
        H("From", "Petra Schulz <petra.schulz@mueller-lichttechnik.de>"),
        H("To", ANNA),
        H("Subject", "=?utf-8?Q?AW:_Muster_elektronische_Vorschaltger=C3=A4te?="),
        H("Date", date_header(d)),
        H("Message-ID", "<FR3P281MB0123@mueller-lichttechnik.de>"),
        H("In-Reply-To", "<202603041010662233@gmuv-lighting.cn>"),
        H("References", "<202603041010662233@gmuv-lighting.cn>"),
    ]
    return Fixture(
        "reply_german_outlook_von_gesendet.eml",
        "German Outlook quote block 'Von:/Gesendet:/An:/Betreff:'; phone written '0049 89 …'",
        plain_message(headers, body, "utf-8", "8bit"),
        {"subject": "AW: Muster elektronische Vorschaltgeräte",
         "from": "petra.schulz@mueller-lichttechnik.de",
         "message_id": "<FR3P281MB0123@mueller-lichttechnik.de>",
         "in_reply_to": "<202603041010662233@gmuv-lighting.cn>",
         "references": ["<202603041010662233@gmuv-lighting.cn>"],
         "text_contains": ["die Muster sind angekommen"],
         "signature_contains": ["0049 89 1234 5678"], "quoted_contains": ["AWB 1234567890"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def reply_chinese_original_mail() -> Fixture:
    subject = "回复：询价：UVC紫外线灯管 T8 30W 500支"
    d = datetime(2026, 3, 3, 16, 30, 0, tzinfo=tz(8))
    body = (
        "陈小姐，\n\n"
        "价格可以接受，请再确认一下交货期，客户希望三月底前出货。\n\n"
        "黄志强\n"
        "电话：+86 20 8123 4567\n\n"
        "------------------ 原始邮件 ------------------\n"
        "发件人: \"Mei Chen\"<mei@gmuv-lighting.cn>;\n"
        "发送时间: 2026年3月3日(星期二) 上午10:00\n"
        "收件人: \"黄志强\"<huang.zq@hengxin-trade.com.cn>;\n"
        "主题: Re: 询价：UVC紫外线灯管 T8 30W 500支\n\n"
        "黄先生您好，\n\n"
        "T8 30W 灯管单价 USD 3.85，FOB Shenzhen，交货期15天。\n\n"
        + our_sig("Mei Chen")
    )
    headers = [
        H("From", f"\"{ew_b('黄志强', 'gb18030')}\" <huang.zq@hengxin-trade.com.cn>"),
        H("To", f"\"{ew_b('Mei Chen', 'gb18030')}\" <mei@gmuv-lighting.cn>"),
        H("Subject", ew_split(subject, "gb18030", 33)),
        H("Date", date_header(d)),
        H("Message-ID", "<tencent_8B1F2E@qq.com>"),
        H("X-QQ-MIME", "TCMime 1.0 by Tencent"),
    ]
    return Fixture(
        "reply_chinese_original_mail.eml",
        "QQ Mail reply: '------------------ 原始邮件 ------------------' + 发件人/发送时间 block, "
        "gb18030 base64, '回复：' subject and no In-Reply-To/References",
        plain_message(headers, body, "gb18030", "base64"),
        {"subject": subject, "from": "huang.zq@hengxin-trade.com.cn",
         "message_id": "<tencent_8B1F2E@qq.com>", "in_reply_to": None, "references": [],
         "text_contains": ["价格可以接受"], "quoted_contains": ["交货期15天"],
         "text_excludes": ["+86 755 2345 6789"], **exp_date(d), "attachments": []},
    )


@fixture
def reply_aw_subject_only_no_references() -> Fixture:
    d = datetime(2026, 3, 6, 10, 5, 0, tzinfo=tz(1))
    body = (
        "Hallo Frau Li,\n\n"
        "wir nehmen die 500 Stück zum besprochenen Preis. Bitte Proforma-Rechnung schicken.\n\n"
        "Best regards,\n"
        "Hans Müller\n"
        "Tel: +49 30 1234567\n\n"
        "-----Ursprüngliche Nachricht-----\n"
        "Von: Anna Li <anna@gmuv-lighting.cn>\n"
        "Gesendet: Donnerstag, 5. März 2026 09:30\n"
        "An: Hans Müller <hans.mueller@mueller-lichttechnik.de>\n"
        "Betreff: Re: AW: Angebot UVC-Röhren T8\n\n"
        "Dear Mr. Müller,\n\nwe can offer 3 % discount at 500 pcs.\n\n" + our_sig("Anna Li")
    )
    headers = [
        H("From", "=?iso-8859-1?Q?Hans_M=FCller?= <hans.mueller@mueller-lichttechnik.de>"),
        H("To", ANNA),
        H("Subject", "=?iso-8859-1?Q?AW:_Re:_AW:_Angebot_UVC-R=F6hren_T8?="),
        H("Date", date_header(d)),
        H("Message-ID", "<5a7e9c0d.5c2d@mueller-lichttechnik.de>"),
    ]
    return Fixture(
        "reply_aw_subject_only_no_references.eml",
        "reply linked only by its 'AW: Re: AW:' subject (no In-Reply-To/References); "
        "'-----Ursprüngliche Nachricht-----' quote; English sign-off 'Best regards, Hans Müller'",
        plain_message(headers, body, "iso-8859-1", "quoted-printable"),
        {"subject": "AW: Re: AW: Angebot UVC-Röhren T8",
         "from": "hans.mueller@mueller-lichttechnik.de",
         "message_id": "<5a7e9c0d.5c2d@mueller-lichttechnik.de>",
         "in_reply_to": None, "references": [],
         "text_contains": ["wir nehmen die 500 Stück"], "signature_contains": ["+49 30 1234567"],
         "quoted_contains": ["3 % discount at 500 pcs"], "text_excludes": ["+86 755 2345 6789"],
         **exp_date(d), "attachments": []},
    )


# ---- automatic mail -------------------------------------------------------------------


@fixture
def autoreply_ooo_exchange_german() -> Fixture:
    d = datetime(2026, 3, 4, 3, 11, 0, tzinfo=tz(1))
    body = (
        "Vielen Dank für Ihre Nachricht.\n\n"
        "Ich bin bis einschließlich 13.03.2026 nicht im Büro und habe keinen Zugriff auf "
        "meine E-Mails.\n"
        "In dringenden Fällen wenden Sie sich bitte an einkauf@mueller-lichttechnik.de.\n\n"
        "Petra Schulz\n"
    )
    headers = [
        H("From", "Petra Schulz <petra.schulz@mueller-lichttechnik.de>"),
        H("To", ANNA),
        H("Subject", "=?utf-8?Q?Automatische_Antwort:_Muster_elektronische_Vorschaltger=C3=A4te?="),
        H("Date", date_header(d)),
        H("Message-ID", "<FR3P281MB0124@mueller-lichttechnik.de>"),
        H("In-Reply-To", "<202603041010662233@gmuv-lighting.cn>"),
        H("References", "<202603041010662233@gmuv-lighting.cn>"),
        H("Auto-Submitted", "auto-generated"),
        H("X-Auto-Response-Suppress", "All"),
    ]
    return Fixture(
        "autoreply_ooo_exchange_german.eml",
        "Exchange out-of-office in German (Auto-Submitted: auto-generated) with an absence "
        "end date 13.03.2026",
        plain_message(headers, body, "utf-8", "quoted-printable"),
        {"subject": "Automatische Antwort: Muster elektronische Vorschaltgeräte",
         "from": "petra.schulz@mueller-lichttechnik.de",
         "message_id": "<FR3P281MB0124@mueller-lichttechnik.de>",
         "in_reply_to": "<202603041010662233@gmuv-lighting.cn>",
         "kind": "auto_reply", "ooo_until": "2026-03-13",
         "text_contains": ["nicht im Büro"], **exp_date(d), "attachments": []},
    )


@fixture
def bounce_dsn_user_unknown() -> Fixture:
    d = datetime(2026, 3, 3, 10, 31, 5, tzinfo=tz(8))
    orig = (
        b"From: Anna Li <anna@gmuv-lighting.cn>\n"
        b"To: info@capeuvsolutions.co.za\n"
        b"Subject: Quotation UVC lamps - Canton Fair follow-up\n"
        b"Date: Tue, 03 Mar 2026 10:30:59 +0800\n"
        b"Message-ID: <202603031030599001@gmuv-lighting.cn>\n"
    )
    explanation = (
        "This is the mail system at host mx1.gmuv-lighting.cn.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n\n"
        "<info@capeuvsolutions.co.za>: host mx.capeuvsolutions.co.za[192.0.2.25] said:\n"
        "    550 5.1.1 <info@capeuvsolutions.co.za>: Recipient address rejected: User\n"
        "    unknown in virtual mailbox table (in reply to RCPT TO command)\n"
    )
    status = (
        b"Reporting-MTA: dns; mx1.gmuv-lighting.cn\n"
        b"X-Postfix-Queue-ID: 4F1A22C0123\n"
        b"Arrival-Date: Tue,  3 Mar 2026 10:31:00 +0800 (CST)\n\n"
        b"Final-Recipient: rfc822; info@capeuvsolutions.co.za\n"
        b"Original-Recipient: rfc822;info@capeuvsolutions.co.za\n"
        b"Action: failed\n"
        b"Status: 5.1.1\n"
        b"Remote-MTA: dns; mx.capeuvsolutions.co.za\n"
        b"Diagnostic-Code: smtp; 550 5.1.1 <info@capeuvsolutions.co.za>: Recipient address\n"
        b"    rejected: User unknown in virtual mailbox table\n"
    )
    entity = multipart("report", "4F1A22C0123.1772505065/mx1.gmuv-lighting.cn", [
        leaf("text/plain; charset=us-ascii", explanation.encode(), None,
             (H("Content-Description", "Notification"),)),
        leaf("message/delivery-status", status, None,
             (H("Content-Description", "Delivery report"),)),
        leaf("text/rfc822-headers", orig, None,
             (H("Content-Description", "Undelivered Message Headers"),)),
    ], params=" report-type=delivery-status;")
    headers = [
        H("Return-Path", "<>"),
        H("From", "MAILER-DAEMON@mx1.gmuv-lighting.cn (Mail Delivery System)"),
        H("To", "anna@gmuv-lighting.cn"),
        H("Subject", "Undelivered Mail Returned to Sender"),
        H("Date", date_header(d)),
        H("Message-ID", "<20260303023105.4F1A22C0124@mx1.gmuv-lighting.cn>"),
        H("Auto-Submitted", "auto-replied"),
    ]
    return Fixture(
        "bounce_dsn_user_unknown.eml",
        "Postfix DSN: multipart/report; report-type=delivery-status, Action: failed, 5.1.1 "
        "for one recipient, original headers attached",
        message(headers, entity),
        {"subject": "Undelivered Mail Returned to Sender",
         "from": "mailer-daemon@mx1.gmuv-lighting.cn",
         "message_id": "<20260303023105.4F1A22C0124@mx1.gmuv-lighting.cn>",
         "kind": "bounce", "bounce_recipient": "info@capeuvsolutions.co.za",
         "bounce_status": "5.1.1", "bounced_message_id": "<202603031030599001@gmuv-lighting.cn>",
         **exp_date(d)},
    )


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

FIELDS = {
    "subject": "decoded Subject, exact (folding removed, RFC 2047 decoded, whitespace between "
               "adjacent encoded words dropped)",
    "subject_contains": "substrings of the decoded subject (used instead of `subject` where "
                        "the exact result of a malformed header is a judgement call)",
    "from": "first From mailbox, lower-case; \"\" = From present but no usable address; "
            "null = no From header",
    "message_id": "first Message-ID header as written (with <>); null = none (derive one)",
    "in_reply_to": "In-Reply-To as written, or null when absent (only stated for replies)",
    "references": "References ids in order ([] when absent; only stated for replies)",
    "date_utc": "the Date header as an aware UTC ISO-8601 timestamp",
    "date_offset_minutes": "the Date header's UTC offset in minutes; null for +0000/-0000",
    "date": "\"fallback\" when the Date header is missing or unusable (use the arrival time)",
    "text_contains": "substrings that must appear in the decoded new text (original script)",
    "signature_contains": "substrings of the sender's own signature (new text or signature "
                          "field, never only in the quote)",
    "quoted_contains": "substrings that must end up in the quoted history, not the new text",
    "text_excludes": "substrings that must NOT be in the new text (they live in the quote)",
    "attachments": "decoded attachment filenames, exact list in MIME order",
    "attachments_include": "decoded filenames that must be among the attachments",
    "html_only": "true when the message has text/html and no text/plain",
    "kind": "\"auto_reply\" or \"bounce\" for automatic mail",
    "ooo_until": "last day of absence stated in an out-of-office (ISO date)",
    "bounce_recipient": "the recipient a DSN reports as failed",
    "bounce_status": "that recipient's DSN Status code",
    "bounced_message_id": "Message-ID of the mail that bounced (from the attached headers)",
    "notes": "free text for a human",
}


def build_all() -> list[Fixture]:
    fixtures = [fn() for fn in FIXTURES]
    names = [f.name for f in fixtures]
    assert len(names) == len(set(names)), "duplicate fixture names"
    return fixtures


def write_all(fixtures: list[Fixture]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for f in fixtures:
        (OUT / f.name).write_bytes(f.data)
    expectations = {
        "version": 1,
        "source": SOURCE,
        "fields": FIELDS,
        "files": {f.name: f.expect for f in fixtures},
    }
    (OUT / "expectations.json").write_text(
        json.dumps(expectations, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# Test mail fixtures",
        "",
        "Generated by `scripts/make_test_mail.py` (run it to regenerate; it also re-checks",
        "every file). All mail here was written for mailbot: people, companies, numbers and",
        "addresses are invented (the seller is Guangming UV Lighting Co., Ltd., gmuv-lighting.cn).",
        "",
        "The facts a test can check after parsing are in `expectations.json` (its `fields` key",
        "describes each field). The .eml files are byte-exact on purpose (odd charsets, raw",
        "8-bit headers, CRLF line endings except where noted): do not re-save them in an editor.",
        "",
        "| file | what it exercises | source |",
        "| --- | --- | --- |",
    ]
    for f in fixtures:
        lines.append(f"| `{f.name}` | {f.about.replace('|', '/')} | {SOURCE} |")
    (OUT / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------------------
# Checking (a reference decoder, independent of mailbot's own parser)
# --------------------------------------------------------------------------------------

ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "utf-8", "ascii": "utf-8", "shift_jis": "cp932", "sjis": "cp932",
    "x-sjis": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs",
}


def decode_bytes(raw: bytes, charset: str | None, hint: str | None = None) -> str:
    tried: list[str] = []
    if charset:
        cs = charset.strip().lower()
        tried.append(ALIASES.get(cs, cs))
    tried += ["utf-8"] + ([ALIASES.get(hint, hint)] if hint else [])
    for cs in tried:
        try:
            codecs.lookup(cs)
            return raw.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        from charset_normalizer import from_bytes  # project dependency
        best = from_bytes(raw).best()
        if best is not None:
            return str(best)
    except ImportError:
        pass
    for cs in ("gb18030", "big5hkscs", "cp932", "cp949"):
        try:
            return raw.decode(cs)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


EW_RE = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")


def decode_words(value: str, hint: str | None = None) -> str:
    """RFC 2047 decoding the way mailbot should do it (tolerant)."""
    value = re.sub(r"\r?\n(?=[ \t])", "", value)
    pieces: list[tuple[bytes, str | None]] = []
    pos, prev_ew = 0, False
    for m in EW_RE.finditer(value):
        between = value[pos:m.start()]
        if between and not (prev_ew and not between.strip(" \t")):
            pieces.append((between.encode("utf-8", "surrogateescape"), None))
        charset, enc, text = m.group(1).split("*")[0], m.group(2).upper(), m.group(3)
        if enc == "B":
            raw = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            raw = re.sub(rb"=([0-9A-Fa-f]{2})", lambda x: bytes([int(x.group(1), 16)]),
                         text.replace("_", " ").encode("ascii"))
        if pieces and pieces[-1][1] == charset:
            pieces[-1] = (pieces[-1][0] + raw, charset)
        else:
            pieces.append((raw, charset))
        pos, prev_ew = m.end(), True
    if value[pos:]:
        pieces.append((value[pos:].encode("utf-8", "surrogateescape"), None))
    return "".join(decode_bytes(raw, cs, hint) for raw, cs in pieces)


class _HTMLText(HTMLParser):
    BLOCK = {"br", "p", "div", "tr", "li", "blockquote", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        self.out.append(data.replace("\xa0", " "))


def html_to_text(html: str) -> str:
    p = _HTMLText()
    p.feed(html)
    return "".join(p.out)


def leaves(msg: email.message.Message) -> list[email.message.Message]:
    if msg.get_content_type() == "message/rfc822":
        return [msg]  # a forwarded message is an attachment, not part of this one
    if msg.is_multipart():
        out = []
        for part in msg.get_payload():
            out.extend(leaves(part))
        return out
    return [msg]


def filename_of(part: email.message.Message) -> str | None:
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):
        name = email.utils.collapse_rfc2231_value(name)
    if name is None:
        return None
    return decode_words(str(name))


def body_text(msg: email.message.Message) -> tuple[str, bool]:
    plain, html = None, None
    for part in leaves(msg):
        if part.get_content_maintype() != "text" or part.get_content_disposition() == "attachment":
            continue
        if part.get_content_type() == "text/rfc822-headers":
            continue
        raw = part.get_payload(decode=True) or b""
        text = decode_bytes(raw, part.get_content_charset())
        if part.get_content_subtype() == "plain" and plain is None:
            plain = text
        elif part.get_content_subtype() == "html" and html is None:
            html = text
    if plain is not None:
        return plain, False
    return (html_to_text(html) if html else ""), html is not None


def raw_header(msg: email.message.Message, name: str) -> str | None:
    """The first header of that name as it was parsed (8-bit bytes as surrogates)."""
    for k, v in msg.raw_items():
        if k.lower() == name.lower():
            return str(v)
    return None


def check(fixtures: list[Fixture]) -> list[str]:
    problems: list[str] = []
    exp_all = json.loads((OUT / "expectations.json").read_text(encoding="utf-8"))["files"]
    on_disk = {p.name for p in OUT.glob("*.eml")}
    if on_disk != set(exp_all):
        problems.append(f"files vs expectations differ: {sorted(on_disk ^ set(exp_all))}")
    for f in fixtures:
        data = (OUT / f.name).read_bytes()
        if data != f.data:
            problems.append(f"{f.name}: bytes on disk differ from the generator")
        exp = exp_all[f.name]

        def bad(msg: str, name: str = f.name) -> None:
            problems.append(f"{name}: {msg}")

        m = email.message_from_bytes(data, policy=email.policy.compat32)
        # policy.default must not crash on the things a parser touches.
        try:
            md = email.message_from_bytes(data, policy=email.policy.default)
            for h in ("subject", "from", "to", "date", "message-id"):
                str(md.get(h, ""))
            md.get_body(("plain", "html"))
            list(md.iter_attachments()) if md.is_multipart() else None
        except Exception as e:  # report, the fixture may legitimately upset it
            print(f"  note: {f.name}: policy.default raised {type(e).__name__}: {e}")

        hint = next((p.get_content_charset() for p in leaves(m)
                     if p.get_content_maintype() == "text" and p.get_content_charset()), None)
        subj = decode_words(raw_header(m, "Subject") or "", hint)
        if "subject" in exp:
            if subj != exp["subject"]:
                bad(f"subject {subj!r} != {exp['subject']!r}")
            if f.wellformed_subject:
                std = str(email.header.make_header(email.header.decode_header(
                    re.sub(r"\r?\n(?=[ \t])", "", raw_header(m, "Subject") or ""))))
                if std != exp["subject"]:
                    bad(f"stdlib decode_header gives {std!r}")
        for s in exp.get("subject_contains", []):
            if s not in subj:
                bad(f"subject {subj!r} lacks {s!r}")

        frm = raw_header(m, "From")
        if frm is None:
            got_from = None
        else:
            addrs = [a for _, a in email.utils.getaddresses([decode_words(frm)]) if "@" in a]
            got_from = addrs[0].lower() if addrs else ""
        if "from" in exp and got_from != exp["from"]:
            bad(f"from {got_from!r} != {exp['from']!r}")

        mid = raw_header(m, "Message-ID")
        mid = mid.strip() if mid else None
        if "message_id" in exp and mid != exp["message_id"]:
            bad(f"message_id {mid!r} != {exp['message_id']!r}")
        if "in_reply_to" in exp:
            irt = raw_header(m, "In-Reply-To")
            if (irt.strip() if irt else None) != exp["in_reply_to"]:
                bad("in_reply_to mismatch")
        if "references" in exp:
            refs = re.findall(r"<[^>]+>", raw_header(m, "References") or "")
            if refs != exp["references"]:
                bad("references mismatch")

        dh = raw_header(m, "Date")
        if "date_utc" in exp:
            dt = email.utils.parsedate_to_datetime(dh)
            if dt.tzinfo is None:  # -0000
                dt = dt.replace(tzinfo=UTC)
            if dt.astimezone(UTC).isoformat() != exp["date_utc"]:
                bad(f"date {dt.isoformat()} != {exp['date_utc']}")
            off = email.utils.parsedate_tz(dh)[9] // 60
            if (off or None) != exp.get("date_offset_minutes"):
                bad(f"offset {off} != {exp.get('date_offset_minutes')}")
        elif exp.get("date") == "fallback":
            usable = False
            if dh:
                try:
                    usable = email.utils.parsedate_to_datetime(dh).year >= 1990
                except (TypeError, ValueError):
                    usable = False
            if usable:
                bad("date marked fallback but parses to a plausible date")
        else:
            bad("no date expectation")

        text, html_only = body_text(m)
        if "html_only" in exp and html_only != exp["html_only"]:
            bad(f"html_only {html_only}")
        qpos = min([text.find(s) for s in exp.get("quoted_contains", [])] or [len(text) + 1])
        for s in exp.get("text_contains", []) + exp.get("signature_contains", []):
            i = text.find(s)
            if i < 0:
                bad(f"body lacks {s!r}")
            elif i >= qpos:
                bad(f"{s!r} appears only after the quote starts")
        for s in exp.get("quoted_contains", []):
            if s not in text:
                bad(f"body lacks quoted {s!r}")
        for s in exp.get("text_excludes", []):
            i = text.find(s)
            if i < 0 or i < qpos:
                bad(f"{s!r} should be present, and only in the quote")

        names = [n for n in (filename_of(p) for p in leaves(m)) if n]
        if "attachments" in exp and names != exp["attachments"]:
            bad(f"attachments {names} != {exp['attachments']}")
        for n in exp.get("attachments_include", []):
            if n not in names:
                bad(f"attachment {n!r} missing from {names}")
        if exp.get("kind") == "bounce":
            if m.get_content_type() != "multipart/report":
                bad("bounce is not multipart/report")
            if exp["bounce_recipient"] not in data.decode("ascii", "replace"):
                bad("bounce recipient absent")
        if exp.get("kind") == "auto_reply" and not m.get("Auto-Submitted"):
            bad("auto reply without Auto-Submitted")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the files on disk")
    args = ap.parse_args()
    fixtures = build_all()
    if not args.check:
        write_all(fixtures)
        print(f"wrote {len(fixtures)} fixtures to {OUT.relative_to(ROOT)}")
    problems = check(fixtures)
    for p in problems:
        print("PROBLEM:", p)
    print(f"checked {len(fixtures)} fixtures: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
