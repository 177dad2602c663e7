#!/usr/bin/env python3
"""Build the labelled reply corpus in tests/data/replies/ (for the reply classifier).

Two sources end up side by side:

* ``flufl/`` - the real bounce fixtures of flufl.bounce 6.0.0 (Apache-2.0, from GNU Mailman),
  copied byte for byte. Their labels are derived from flufl's own test expectations (the
  test source is parsed with ``ast``; the result is kept in ``flufl/EXPECTATIONS.json`` so a
  later run needs no sdist) plus hand-checked corrections in ``FLUFL_FIXES``.
* ``mailbot/<kind>/`` - messages written for this project in 17 languages and the
  charsets real mail uses, assembled byte by byte (CRLF line endings).

The script writes ``labels.json`` (one entry per file) and ``SOURCES.md`` (provenance,
licences, counts), then re-reads every file with the stdlib parser (compat32 and default
policies) and checks the labels (dates, kinds, counts). Output is deterministic.

    python scripts/make_reply_corpus.py                       # write + check
    python scripts/make_reply_corpus.py --flufl-sdist DIR     # (re-)import flufl fixtures
    python scripts/make_reply_corpus.py --check               # check the files on disk only

The sdist: ``pip download --no-deps --no-binary :all: flufl.bounce==6.0.0`` and unpack it.
"""

from __future__ import annotations

import argparse
import ast
import base64
import binascii
import email
import email.policy
import email.utils
import hashlib
import json
import re
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "replies"
FLUFL_DIR = OUT / "flufl"
WRITTEN = "written for mailbot"
FLUFL_SOURCE = "flufl.bounce 6.0.0 tests/data/{name} (Apache-2.0)"
KINDS = ("human", "out_of_office", "auto_reply", "left_company", "bounce", "delivery_status",
         "complaint", "unsubscribe", "bulk")

# ---------------------------------------------------------------------------------------
# Byte-level building blocks
# ---------------------------------------------------------------------------------------

CODECS = {  # charset label as written in the mail -> Python codec used for the bytes
    "utf-8": "utf-8", "us-ascii": "ascii", "iso-8859-1": "latin-1", "iso-8859-2": "iso8859_2",
    "iso-8859-9": "iso8859_9", "iso-8859-15": "iso8859_15", "windows-1252": "cp1252",
    "windows-1250": "cp1250", "windows-1251": "cp1251", "koi8-r": "koi8_r",
    "windows-1256": "cp1256", "gbk": "gbk", "gb2312": "gb2312", "gb18030": "gb18030",
    "big5": "big5", "shift_jis": "shift_jis", "iso-2022-jp": "iso2022_jp", "euc-kr": "euc_kr",
    "ks_c_5601-1987": "cp949", "euc-jp": "euc_jp",
}


def tz(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


def at(stamp: str, offset: float) -> datetime:
    """'2026-03-09 09:30' in a zone `offset` hours from UTC."""
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M").replace(tzinfo=tz(offset))


def date_header(d: datetime) -> str:
    return email.utils.format_datetime(d)


def _q_word(raw: bytes) -> str:
    safe = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/"
    return "".join("_" if b == 0x20 else chr(b) if b in safe else f"={b:02X}" for b in raw)


def encoded_words(text: str, charset: str, enc: str = "B") -> str:
    """RFC 2047 words (folded), split at character boundaries; each word <= 75 chars."""
    codec = CODECS[charset]

    def word(s: str) -> str:
        raw = s.encode(codec)
        payload = base64.b64encode(raw).decode() if enc == "B" else _q_word(raw)
        return f"=?{charset}?{enc}?{payload}?="

    words: list[str] = []
    chunk = ""
    for ch in text:
        if chunk and len(word(chunk + ch)) > 75:
            words.append(word(chunk))
            chunk = ""
        chunk += ch
    if chunk:
        words.append(word(chunk))
    return "\n ".join(words)


def fold(value: str, width: int = 76) -> str:
    """Fold an ASCII header value at spaces."""
    out, line = [], ""
    for piece in value.split(" "):
        if line and len(line) + 1 + len(piece) > width:
            out.append(line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    out.append(line)
    return "\n ".join(out)


def hval(value: str, charset: str, enc: str = "B") -> str:
    """A header value: plain if ASCII, else encoded words (the whole value, like Outlook)."""
    if value.isascii():
        return fold(value)
    return encoded_words(value, charset, enc)


def mailbox(name: str, addr: str, charset: str = "utf-8", enc: str = "B") -> str:
    if not name:
        return f"<{addr}>"
    if name.isascii():
        quoted = f'"{name}"' if re.search(r"[(),.:;<>@\[\]\\\"]", name) else name
        return f"{quoted} <{addr}>"
    return f"{encoded_words(name, charset, enc)} <{addr}>"


def encode_body(text: str, charset: str, cte: str) -> bytes:
    """Body bytes with "\\n" line ends (converted to CRLF for the whole message later)."""
    raw = text.encode(CODECS[charset])
    if not raw.endswith(b"\n"):
        raw += b"\n"
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        lines = raw[:-1].split(b"\n")
        return b"\n".join(binascii.b2a_qp(ln, istext=False) for ln in lines) + b"\n"
    return raw


def head(name: str, value: str) -> bytes:
    return f"{name}: {value}".encode("ascii")


def entity(ctype: str, body: bytes, cte: str | None = None, extra: tuple[str, ...] = ()) -> bytes:
    lines = [head("Content-Type", ctype)]
    if cte:
        lines.append(head("Content-Transfer-Encoding", cte))
    lines.extend(x.encode("ascii") for x in extra)
    return b"\n".join(lines) + b"\n\n" + body


def text_entity(text: str, charset: str, cte: str, subtype: str = "plain",
                params: str = "") -> bytes:
    label = charset if charset != "us-ascii" else "us-ascii"
    ctype = f'text/{subtype}; charset="{label}"{params}'
    return entity(ctype, encode_body(text, charset, cte), cte)


def multipart(subtype: str, boundary: str, parts: list[bytes], params: str = "",
              preamble: str = "") -> bytes:
    ctype = f'multipart/{subtype};{params}\n boundary="{boundary}"'
    body = preamble.encode()
    for p in parts:
        body += f"--{boundary}\n".encode() + p
        if not p.endswith(b"\n"):
            body += b"\n"
    body += f"--{boundary}--\n".encode()
    return head("Content-Type", ctype) + b"\n\n" + body


def assemble(headers: list[tuple[str, str]], ent: bytes, mime: bool = True) -> bytes:
    lines = [head(k, v) for k, v in headers]
    if mime:
        lines.append(b"MIME-Version: 1.0")
    raw = b"\n".join(lines) + b"\n" + ent
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def token(*parts: str, n: int = 16) -> str:
    """A stable pseudo-random token (the corpus has no randomness)."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:n]


def html_of(text: str, charset: str = "utf-8") -> str:
    esc = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    paras = "".join(f"<div>{ln or '<br>'}</div>\n" for ln in esc.split("\n"))
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f'</head><body dir="auto">\n{paras}</body></html>')


# ---------------------------------------------------------------------------------------
# The seller and its outbound mail (what the replies answer and quote)
# ---------------------------------------------------------------------------------------

STAFF = {"anna": "Anna Wang", "leo": "Leo Chen", "mei": "Mei Lin"}
DOMAIN = "gmuv-lighting.cn"
PHONE = "+86 755 2345 6789"


def staff_addr(key: str) -> str:
    return f"{key}@{DOMAIN}"


def signature(key: str) -> str:
    return (f"Best regards,\n{STAFF[key]}\nSales Manager | Guangming UV Lighting Co., Ltd.\n"
            f"Tel: {PHONE} | Mobile/WhatsApp: +86 138 2345 6789\n"
            f"{staff_addr(key)} | www.{DOMAIN}\n"
            "No. 18 Guangming Avenue, Guangming District, Shenzhen 518107, China")


FOOTER = ("--\nYou receive this mail because you asked Guangming UV Lighting for a quote.\n"
          "To unsubscribe from our product updates, reply \"unsubscribe\" or write to\n"
          f"unsubscribe@{DOMAIN}.")


@dataclass
class Outbound:
    key: str
    staff: str
    subject: str
    sent: datetime
    body: str
    footer: bool = False

    @property
    def msgid(self) -> str:
        return f"<{self.key}@{DOMAIN}>"

    @property
    def sender(self) -> str:
        return f"{STAFF[self.staff]} <{staff_addr(self.staff)}>"

    def text(self, greeting: str) -> str:
        out = f"Dear {greeting},\n\n{self.body}\n\n{signature(self.staff)}"
        return out + ("\n\n" + FOOTER if self.footer else "")


def _ob(key: str, staff: str, subject: str, stamp: str, body: str, footer: bool = False):
    return Outbound(key, staff, subject, at(stamp, 8), body, footer)


OUTBOUND = {o.key: o for o in [
    _ob("q20260112", "anna", "Quotation Q-2026-0112: UV-C germicidal lamps T8 36W",
        "2026-01-12 10:05",
        "Thank you for your inquiry. Please find attached our quotation Q-2026-0112:\n"
        "- UVC-T8-36W germicidal lamp, 254 nm, 1200 mm: USD 4.80/pc, MOQ 500 pcs\n"
        "- UVC-T8-18W germicidal lamp, 254 nm, 600 mm: USD 3.60/pc, MOQ 500 pcs\n"
        "Lead time: 15 working days after deposit. Prices valid until 28 February 2026."),
    _ob("q20260120", "mei", "Quotation for UV-C air purifier modules", "2026-01-20 14:30",
        "As discussed, here is our offer for the UV-C air purifier modules (UVM-60):\n"
        "USD 27.50/set for 1,000 sets, FOB Shenzhen, delivery before 10 March 2026.\n"
        "Samples can be sent by DHL within 3 days."),
    _ob("f20260203", "leo", "Follow-up: samples of 254nm UV-C tubes", "2026-02-03 09:40",
        "I am following up on the samples of our 254 nm UV-C tubes sent on 20 January\n"
        "(DHL 1234567890). Did they arrive in good condition? We would be glad to hear\n"
        "your test results. Note: our factory closes from 13 to 24 February for the\n"
        "Spring Festival."),
    _ob("f20260223", "anna", "Follow-up: your inquiry for UV-C lamps", "2026-02-23 09:00",
        "We are back from the Spring Festival holiday. May I ask whether you had time to\n"
        "review our offer of 12 January? We can hold the price until 31 March 2026."),
    _ob("q20260309", "anna", "Quotation Q-2026-0309 for UV curing lamps", "2026-03-09 09:30",
        "Please find attached quotation Q-2026-0309 for the UV curing lamps:\n"
        "- UVA-MH-2KW metal halide curing lamp, 365 nm: USD 38.00/pc\n"
        "- UVA-MH-5KW metal halide curing lamp, 365 nm: USD 72.00/pc\n"
        "Delivery: 20 days after order; validity: 30 days (until 8 April 2026)."),
    _ob("c20260310", "mei", "New 2026 catalogue: UV-C LED modules", "2026-03-10 15:00",
        "We are happy to send you our new 2026 catalogue of UV-C LED modules (265-280 nm).\n"
        "Highlights: 40% higher output, 10,000 h lifetime, IP67 housing.\n"
        "Ask us for a free sample before 30 April 2026.", footer=True),
    _ob("p20260316", "leo", "PI-2026-0316 proforma invoice and payment terms",
        "2026-03-16 11:20",
        "Attached is proforma invoice PI-2026-0316 for 2,000 pcs UVC-T8-36W.\n"
        "Payment: 30% T/T deposit, 70% before shipment. Shipment planned for 15 April 2026\n"
        "if the deposit arrives by 20 March."),
    _ob("q20260407", "anna", "Re: Inquiry about 222nm far-UVC lamps", "2026-04-07 10:10",
        "Thank you for your interest in our 222 nm far-UVC excimer lamps (FUV-222-20W).\n"
        "Price: USD 145/pc for 100 pcs, USD 128/pc for 500 pcs. Datasheet attached."),
    _ob("f20260420", "mei", "Follow-up: quotation Q-2026-0420 UV LED curing system",
        "2026-04-20 09:15",
        "I would like to follow up on quotation Q-2026-0420 (UV LED curing system,\n"
        "395 nm, 12 W/cm2). Do you have any questions? We can arrange a video call."),
    _ob("c20260427", "anna", "Nice meeting you at the Canton Fair", "2026-04-27 16:30",
        "It was a pleasure to meet you at our booth 11.2 K21 at the Canton Fair.\n"
        "As promised, I attach the price list and the catalogue of our UV-C lamps.",
        footer=True),
    _ob("f20260430", "leo", "Follow-up: UV-C lamp samples shipped", "2026-04-30 10:00",
        "Your samples (5 x UVC-T5-8W and 2 x FUV-222-20W) were shipped today with\n"
        "FedEx, tracking 7712 3456 7890. Please let us know when they arrive."),
    _ob("p20260511", "anna", "Price update from 1 June 2026", "2026-05-11 10:00",
        "Due to higher quartz glass costs, our prices will increase by 4% from 1 June 2026.\n"
        "Orders confirmed before 31 May 2026 keep the current prices.", footer=True),
    _ob("q20260602", "leo", "Quotation Q-2026-0602: amalgam UV lamps for water treatment",
        "2026-06-02 09:50",
        "Please find our quotation Q-2026-0602 for amalgam UV lamps (GPHA-320W, 254 nm):\n"
        "USD 21.00/pc for 300 pcs, USD 19.40/pc for 1,000 pcs. Lifetime 16,000 h."),
]}

# A Chinese-language quotation for Chinese-speaking customers.
ZH_OUTBOUND = Outbound(
    "q20260305", "mei", "报价单 Q-2026-0305 紫外线杀菌灯", at("2026-03-05 10:30", 8),
    "感谢您的询价。附件是我司报价单 Q-2026-0305：\n"
    "- UVC-T8-36W 紫外线杀菌灯管 254nm：人民币 32.00 元/支，起订量 500 支\n"
    "- 交货期：收到定金后 15 个工作日\n报价有效期至 2026 年 4 月 4 日。")
OUTBOUND[ZH_OUTBOUND.key] = ZH_OUTBOUND


def zh_text(o: Outbound, greeting: str) -> str:
    return (f"{greeting}，您好！\n\n{o.body}\n\n祝好！\n{STAFF[o.staff]}\n"
            f"深圳光明紫外照明有限公司 Guangming UV Lighting Co., Ltd.\n"
            f"电话：{PHONE}  {staff_addr(o.staff)}\n如不希望再收到我们的产品信息，请回复“退订”。")


# ---------------------------------------------------------------------------------------
# Quoted history, as each language's mail clients write it
# ---------------------------------------------------------------------------------------

MONTHS = {k: v.split() for k, v in {
    "en": "January February March April May June July August September October November "
          "December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
          "novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro",
    "nl": "januari februari maart april mei juni juli augustus september oktober november "
          "december",
    "sv": "januari februari mars april maj juni juli augusti september oktober november "
          "december",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
          "listopada grudnia",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November "
          "Desember",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}.items()}
WEEKDAYS = {k: v.split() for k, v in {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
    "de": "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag",
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "es": "lunes martes miércoles jueves viernes sábado domingo",
    "it": "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "pt": "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "nl": "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "sv": "måndag tisdag onsdag torsdag fredag lördag söndag",
    "pl": "poniedziałek wtorek środa czwartek piątek sobota niedziela",
    "tr": "Pazartesi Salı Çarşamba Perşembe Cuma Cumartesi Pazar",
    "ru": "понедельник вторник среда четверг пятница суббота воскресенье",
    "id": "Senin Selasa Rabu Kamis Jumat Sabtu Minggu",
    "ar": "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
    "vi": "Thứ_Hai Thứ_Ba Thứ_Tư Thứ_Năm Thứ_Sáu Thứ_Bảy Chủ_Nhật",
}.items()}


def _names(lang: str, d: datetime) -> dict[str, str]:
    wd = WEEKDAYS.get(lang, WEEKDAYS["en"])[d.weekday()].replace("_", " ")
    mon = MONTHS.get(lang, MONTHS["en"])[d.month - 1]
    wd3 = WD_ABBR[lang].split()[d.weekday()] if lang in WD_ABBR else wd[:3]
    return {"wd": wd, "wd3": wd3, "month": mon, "mon3": mon[:3], "d": str(d.day),
            "dd": f"{d.day:02d}", "m": str(d.month), "mm": f"{d.month:02d}", "Y": str(d.year),
            "HM": d.strftime("%H:%M"), "H": str(d.hour), "M": d.strftime("%M"),
            "ampm_ko": "오전" if d.hour < 12 else "오후",
            "ampm_zh": "上午" if d.hour < 12 else "下午",
            "h12": str((d.hour - 1) % 12 + 1)}


WD_ABBR = {"de": "Mo Di Mi Do Fr Sa So", "nl": "ma di wo do vr za zo",
           "ru": "пн вт ср чт пт сб вс", "tr": "Pzt Sal Çar Per Cum Cmt Paz"}

ATTRIBUTION = {  # Gmail-style "On ... wrote:" lines
    "en": "On {wd3}, {d} {mon3} {Y} at {HM}, {who} wrote:",
    "de": "Am {wd3}., {d}. {month} {Y} um {HM} Uhr schrieb {who}:",
    "fr": "Le {wd3}. {d} {month} {Y} à {HM}, {who} a écrit :",
    "es": "El {wd3}, {d} {mon3} {Y} a las {H}:{M}, {who} escribió:",
    "it": "Il giorno {wd3} {d} {mon3} {Y} alle ore {HM} {who} ha scritto:",
    "pt": "Em {wd3}., {d} de {mon3}. de {Y} às {HM}, {who} escreveu:",
    "nl": "Op {wd3} {d} {month} {Y} om {HM} schreef {who}:",
    "sv": "Den {wd3} {d} {month} {Y} kl {HM} skrev {who}:",
    "pl": "{wd3}., {d} {month} {Y} o {HM} {who} napisał(a):",
    "tr": "{who}, {d} {month} {Y} {wd3}, {HM} tarihinde şunu yazdı:",
    "ru": "{wd3}, {d} {month} {Y} г. в {HM}, {who}:",
    "zh": "在 {Y}年{m}月{d}日 {HM}，{who} 写道：",
    "zh-Hant": "{who} 於 {Y}年{m}月{d}日 {ampm_zh}{h12}:{M} 寫道：",
    "ja": "{Y}年{m}月{d}日 {HM} {who}:",
    "ko": "{Y}년 {m}월 {d}일 {ampm_ko} {h12}:{M}, {who}님이 작성:",
    "ar": "في {wd}، {d} {month} {Y} في {HM}، كتب {who}:",
    "id": "Pada {wd3}, {d} {mon3} {Y} pukul {H}.{M} {who} menulis:",
    "vi": "Vào {wd}, {d} thg {m}, {Y} vào lúc {HM} {who} đã viết:",
}

OUTLOOK = {  # separator, From, Sent, To, Subject, date format
    "en": ("From", "Sent", "To", "Subject", "{wd}, {month} {d}, {Y} {HM}"),
    "de": ("Von", "Gesendet", "An", "Betreff", "{wd}, {d}. {month} {Y} {HM}"),
    "fr": ("De\u00a0", "Envoyé\u00a0", "À\u00a0", "Objet\u00a0", "{wd} {d} {month} {Y} {HM}"),
    "es": ("De", "Enviado el", "Para", "Asunto", "{wd}, {d} de {month} de {Y} {H}:{M}"),
    "it": ("Da", "Inviato", "A", "Oggetto", "{wd} {d} {month} {Y} {HM}"),
    "pt": ("De", "Enviada em", "Para", "Assunto", "{wd}, {d} de {month} de {Y} {HM}"),
    "nl": ("Van", "Verzonden", "Aan", "Onderwerp", "{wd} {d} {month} {Y} {HM}"),
    "sv": ("Från", "Skickat", "Till", "Ämne", "den {d} {month} {Y} {HM}"),
    "pl": ("Od", "Wysłano", "Do", "Temat", "{wd}, {d} {month} {Y} {HM}"),
    "tr": ("Kimden", "Gönderildi", "Kime", "Konu", "{d} {month} {Y} {wd} {HM}"),
    "ru": ("От", "Отправлено", "Кому", "Тема", "{d} {month} {Y} г. {H}:{M}"),
    "zh": ("发件人", "发送时间", "收件人", "主题", "{Y}年{m}月{d}日 {HM}"),
    "zh-Hant": ("寄件者", "寄件日期", "收件者", "主旨", "{Y}年{m}月{d}日 {ampm_zh} {h12}:{M}"),
    "ja": ("差出人", "送信日時", "宛先", "件名", "{Y}年{m}月{d}日 {HM}"),
    "ko": ("보낸 사람", "보낸 날짜", "받는 사람", "제목", "{Y}년 {m}월 {d}일 {ampm_ko} {h12}:{M}"),
    "ar": ("من", "تم الإرسال", "إلى", "الموضوع", "{wd}، {d} {month} {Y} {HM}"),
    "id": ("Dari", "Dikirim", "Kepada", "Subjek", "{wd}, {dd} {month} {Y} {H}.{M}"),
    "vi": ("Từ", "Đã gửi", "Đến", "Chủ đề", "{wd}, ngày {d} tháng {m} năm {Y} {HM}"),
}


def quote_block(style: str, lang: str, out: Outbound, when_tz: timezone, greeting: str,
                to_addr: str) -> str:
    when = out.sent.astimezone(when_tz)
    names = _names("en" if lang.startswith("zh") or lang in ("ja", "ko", "vi") else lang, when)
    if lang == "vi":
        names["wd"] = WEEKDAYS["vi"][when.weekday()].replace("_", " ")
    text = zh_text(out, greeting) if out is ZH_OUTBOUND else out.text(greeting)
    if style == "gmail":
        who = f"{STAFF[out.staff]} <{staff_addr(out.staff)}>"
        line = ATTRIBUTION[lang].format(who=who, **names)
        quoted = "\n".join(f"> {ln}" if ln else ">" for ln in text.split("\n"))
        return f"{line}\n{quoted}\n"
    if style == "foxmail":
        return ("------------------&nbsp;原始邮件&nbsp;------------------".replace("&nbsp;", " ")
                + f"\n发件人: \"{STAFF[out.staff]}\"<{staff_addr(out.staff)}>;\n"
                f"发送时间: {when.year}年{when.month}月{when.day}日"
                f"(星期{'一二三四五六天'[when.weekday()]}) "
                f"{names['ampm_zh']}{names['h12']}:{names['M']}\n"
                + f"收件人: <{to_addr}>;\n主题: {out.subject}\n\n{text}\n")
    f, s, t, subj, fmt = OUTLOOK[lang]
    sent = fmt.format(**names)
    sep = "-----Original Message-----" if style == "outlook-classic" else "_" * 32
    return (f"{sep}\n{f}: {out.sender}\n{s}: {sent}\n{t}: {to_addr}\n{subj}: {out.subject}\n\n"
            f"{text}\n")


# ---------------------------------------------------------------------------------------
# A written message: what it says, how it is encoded, and its label
# ---------------------------------------------------------------------------------------

SUBJECT_PREFIX = {  # Outlook/Exchange out-of-office subject prefixes, by language
    "en": "Automatic reply:", "de": "Automatische Antwort:", "fr": "Réponse automatique :",
    "es": "Respuesta automática:", "it": "Risposta automatica:", "pt": "Resposta automática:",
    "nl": "Automatisch antwoord:", "sv": "Autosvar:", "pl": "Automatyczna odpowiedź:",
    "tr": "Otomatik yanıt:", "ru": "Автоответ:", "zh": "自动回复:", "zh-Hant": "自動回覆:",
    "ja": "自動応答:", "ko": "자동 회신:", "ar": "رد تلقائي:", "id": "Balasan otomatis:",
    "vi": "Trả lời tự động:",
}
CONTENT_LANGUAGE = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES", "it": "it-IT",
                    "pt": "pt-BR", "nl": "nl-NL", "sv": "sv-SE", "pl": "pl-PL", "tr": "tr-TR",
                    "ru": "ru-RU", "zh": "zh-CN", "zh-Hant": "zh-TW", "ja": "ja-JP",
                    "ko": "ko-KR", "ar": "ar-SA", "id": "id-ID", "vi": "vi-VN"}


@dataclass
class Mail:
    path: str                       # relative to tests/data/replies, without ".eml"
    kind: str
    lang: str                       # "zh-Hant" for traditional Chinese (label: "zh")
    country: str
    sent: datetime                  # the Date header (aware)
    sender: tuple[str, str]         # (display name, address)
    subject: str
    body: str = ""
    reply_to: str | None = None     # key of the Outbound this answers
    quote: str | None = None        # "gmail" | "outlook" | "outlook-classic" | "foxmail"
    greeting: str = "Sir or Madam"  # how our quoted mail greeted them
    to: str | None = None
    charset: str = "utf-8"
    cte: str = "quoted-printable"
    hcharset: str | None = None     # charset of encoded words (default: charset)
    henc: str = "B"
    headers: list[tuple[str, str]] = field(default_factory=list)
    html: bool = False
    msgid: str | None = None
    return_path: str | None = None
    threading: bool = True          # In-Reply-To/References to reply_to
    return_date: str | None = None
    certain: bool | None = None
    stated: str | None = None       # the date as written, ISO (checked against the rule)
    rule: str | None = None         # "back" (resumes on stated) | "until" (next working day)
    bounce: dict | None = None
    replacement: str | None = None
    notes: str | None = None
    raw: bytes | None = None        # a prebuilt message (reports)

    @property
    def outbound(self) -> Outbound | None:
        return OUTBOUND[self.reply_to] if self.reply_to else None

    @property
    def to_addr(self) -> str:
        if self.to:
            return email.utils.parseaddr(self.to)[1]
        return staff_addr(self.outbound.staff) if self.outbound else f"sales@{DOMAIN}"

    def label(self) -> dict:
        notes = self.notes
        if self.stated and self.rule:
            how = ("resumes that day" if self.rule == "back"
                   else "absent through that day; back the next working day")
            extra = f"stated date {self.stated} ({how})"
            notes = f"{notes}; {extra}" if notes else extra
        return {
            "kind": self.kind,
            "return_date": self.return_date,
            "return_date_certain": self.certain,
            "bounce": self.bounce,
            "replacement": self.replacement,
            "country": self.country or None,
            "language": "zh" if self.lang == "zh-Hant" else self.lang,
            "received_at": self.sent.isoformat(),
            "source": WRITTEN,
            "notes": notes,
        }


def received(m: Mail) -> str:
    host = m.sender[1].split("@")[1]
    arrive = m.sent + timedelta(seconds=41)
    ip = f"203.0.113.{int(token(host, n=4), 16) % 200 + 20}"
    qid = token(m.path, n=10).upper()
    return (f"from mail.{host} (mail.{host} [{ip}])\n\tby mx1.{DOMAIN} (Postfix) with ESMTPS "
            f"id {qid}\n\tfor <{m.to_addr}>; {date_header(arrive)}")


def default_msgid(m: Mail) -> str:
    return f"<{token(m.path, n=24)}@{m.sender[1].split('@')[1]}>"


def build(m: Mail) -> bytes:
    if m.raw is not None:
        return m.raw
    out = m.outbound
    hcs = m.hcharset or (m.charset if m.charset != "us-ascii" else "utf-8")
    to = m.to
    if to is None:
        to = out.sender if out else f"Guangming UV Lighting <sales@{DOMAIN}>"
    rp = m.return_path if m.return_path is not None else f"<{m.sender[1]}>"
    hdrs: list[tuple[str, str]] = [("Return-Path", rp), ("Received", received(m))]
    hdrs += [("From", mailbox(*m.sender, hcs, m.henc)), ("To", to),
             ("Subject", hval(m.subject, hcs, m.henc)) if m.subject else ("Subject", ""),
             ("Date", date_header(m.sent)), ("Message-ID", m.msgid or default_msgid(m))]
    if out and m.threading:
        hdrs += [("In-Reply-To", out.msgid), ("References", out.msgid)]
    hdrs += m.headers
    text = m.body.rstrip("\n") + "\n"
    if m.quote and out:
        lang = m.lang
        block = quote_block(m.quote, lang, out, m.sent.tzinfo, m.greeting, m.sender[1])
        text += "\n" + block
    if m.html:
        boundary = f"000000000000{token(m.path, 'alt', n=12)}"
        if m.msgid and ("outlook.com>" in m.msgid or "@EXCH" in m.msgid):
            boundary = f"_000_{token(m.path, 'alt', n=28).upper()}_"
        ent = multipart("alternative", boundary, [
            text_entity(text, m.charset, m.cte),
            text_entity(html_of(text, m.charset), m.charset, m.cte, "html")])
    else:
        ent = text_entity(text, m.charset, m.cte)
    return assemble(hdrs, ent)


# --- out-of-office / auto-reply systems: headers, subject, Message-ID ------------------

def thread_index(m: Mail) -> str:
    return base64.b64encode(bytes.fromhex(token(m.path, "ti", n=44))).decode()


def outlook_msgid(m: Mail) -> str:
    t = token(m.path, "ol", n=30).upper()
    site = ("AM0", "DB9", "VI1", "PA4", "AS8", "DU0", "GV1", "FR6")[int(t[20], 16) % 8]
    server = f"{site}PR0{int(t[24], 16) % 9 + 1}MB{t[25:29]}"
    return f"<{t[:20]}@{server}.eurprd0{len(m.path) % 9 + 1}.prod.outlook.com>"


def system(m: Mail, name: str) -> None:
    """Dress `m` as an auto-reply of mail system `name` (headers, Message-ID, dates)."""
    out = m.outbound
    cl = CONTENT_LANGUAGE[m.lang]
    if name in ("m365", "exch"):
        m.headers = [("Thread-Topic", hval(out.subject if out else m.subject, "utf-8")),
                     ("Thread-Index", thread_index(m))] + m.headers
        m.headers.append(("Content-Language", cl))
        m.headers.append(("X-MS-Has-Attach", ""))
        m.headers.append(("X-MS-TNEF-Correlator", ""))
        if name == "m365":
            m.sent = m.sent.astimezone(UTC)
            m.msgid = m.msgid or outlook_msgid(m)
            m.return_path = "<>"
            m.headers += [("Auto-Submitted", "auto-generated"),
                          ("X-MS-Exchange-Inbox-Rules-Loop", m.sender[1]),
                          ("X-Auto-Response-Suppress", "All"),
                          ("X-MS-PublicTrafficType", "Email")]
            m.html = True
        else:
            m.msgid = m.msgid or (f"<{token(m.path, 'ex', n=32).upper()}"
                                  f"@EXCH01.{m.sender[1].split('@')[1]}>")
            m.headers.append(("X-MimeOLE", "Produced By Microsoft Exchange V6.5"))
    elif name == "gmail":
        m.msgid = m.msgid or f"<CA+{token(m.path, 'gm', n=40)}@mail.gmail.com>"
        m.headers += [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")]
        m.html = True
    elif name == "zimbra":
        m.headers += [("Auto-Submitted", "auto-replied (zimbra; vacation)"),
                      ("X-Mailer", "Zimbra 9.0.0_GA_4583 (zclient/9.0.0_GA_4583)")]
    elif name == "sieve":
        m.headers += [("Auto-Submitted", "auto-replied (vacation)"), ("Precedence", "bulk")]
    elif name == "notes":
        m.headers += [("X-Mailer", "IBM Notes Release 9.0.1FP10 SHF383 February 13, 2019"),
                      ("X-MIMETrack", "Serialize by Router on NOTES01/Server(Release 9.0.1FP10)")]
    elif name == "yandex":
        m.msgid = m.msgid or f"<{token(m.path, n=20)}@mail.yandex.ru>"
        m.headers += [("Auto-Submitted", "auto-replied"), ("X-Yandex-Autoreply", "yes")]
    elif name == "exmail":
        m.headers += [("X-QQ-mid", f"bizesmtp{token(m.path, n=20)}"), ("X-Autoreply", "yes")]
    elif name == "coremail":
        m.headers += [("X-Mailer", "Coremail Webmail Server Version XT5.0.14 build 20230109"),
                      ("X-Coremail-Locale", "zh_CN")]
    elif name == "cpanel":
        m.headers += [("X-Autorespond", "Quotation inquiry"), ("Precedence", "auto_reply")]
    elif name in ("body", "plain"):
        pass
    else:
        raise ValueError(name)


def re_subject(prefix: str, subject: str) -> str:
    """Gmail and most clients do not stack 'Re:'; Outlook's localized prefixes do."""
    if prefix.lower() == "re:" and subject.lower().startswith("re:"):
        return subject
    return f"{prefix}{'' if prefix.endswith('：') else ' '}{subject}"


def prefix_subject(m: Mail) -> str:
    return f"{SUBJECT_PREFIX[m.lang]} {m.outbound.subject}"


# ---------------------------------------------------------------------------------------
# Customers' clocks (fixed rules for 2026, so the corpus does not depend on tzdata)
# ---------------------------------------------------------------------------------------

FIXED_OFFSET = {"MX": -6, "BR": -3, "AR": -3, "CO": -5, "CU": -5, "IN": 5.5, "NG": 1, "ZA": 2,
                "AE": 4, "SA": 3, "TR": 3, "RU": 3, "KZ": 5, "CN": 8, "TW": 8, "HK": 8,
                "SG": 8, "MY": 8, "JP": 9, "KR": 9, "ID": 7, "VN": 7}


def utc_offset(country: str, when: datetime) -> float:
    u = when.astimezone(UTC).replace(tzinfo=None)
    eu_summer = datetime(2026, 3, 29, 1) <= u < datetime(2026, 10, 25, 1)
    if country in ("DE", "AT", "CH", "FR", "BE", "ES", "IT", "NL", "SE", "PL"):
        return 2 if eu_summer else 1
    if country in ("GB", "PT", "IE"):
        return 1 if eu_summer else 0
    if country in ("US", "CA"):
        return -4 if datetime(2026, 3, 8, 7) <= u < datetime(2026, 11, 1, 6) else -5
    if country == "AU":
        return 11 if u < datetime(2026, 4, 4, 16) else 10
    if country == "EG":
        return 3 if datetime(2026, 4, 23, 22) <= u < datetime(2026, 10, 29, 21) else 2
    if country == "MA":
        return 0 if datetime(2026, 2, 15, 2) <= u < datetime(2026, 3, 22, 2) else 1
    return FIXED_OFFSET[country]


def local(country: str, when: datetime) -> datetime:
    return when.astimezone(tz(utc_offset(country, when)))


def after(key: str, minutes: float, country: str) -> datetime:
    """The customer's local time `minutes` after our mail `key` was sent."""
    return local(country, OUTBOUND[key].sent + timedelta(minutes=minutes))


# ---------------------------------------------------------------------------------------
# Out of office (return dates: "back on X" -> X; "until X" -> next working day after X)
# ---------------------------------------------------------------------------------------


def ooo(slug: str, lang: str, country: str, sysname: str, sender: tuple[str, str], key: str,
        body: str, *, minutes: float = 2, subject: str | None = None, rd: str | None = None,
        certain: bool | None = None, stated: str | None = None, rule: str | None = None,
        charset: str = "utf-8", cte: str = "quoted-printable", henc: str = "B",
        notes: str | None = None, kind: str = "out_of_office", replacement: str | None = None,
        headers: tuple = (), threading: bool = True) -> Mail:
    """An automatic answer to our mail `key` (out of office by default)."""
    m = Mail(f"mailbot/{kind}/{slug}", kind, lang, country,
             after(key, minutes, country), sender, "", body, reply_to=key, charset=charset,
             cte=cte, henc=henc, return_date=rd, replacement=replacement,
             headers=list(headers), threading=threading,
             certain=certain if certain is not None else (True if rd else None),
             stated=stated or rd, rule=rule or ("back" if rd else None), notes=notes)
    if subject is None:
        subject = (prefix_subject(m) if sysname in ("m365", "exch")
                   else re_subject("Re:", m.outbound.subject))
    m.subject = subject
    system(m, sysname)
    return m


def U(stated: str) -> dict:  # noqa: N802 - "until X (inclusive)": back the next working day
    d = date.fromisoformat(stated)
    return {"stated": stated, "rule": "until", "rd": next_working_day(d).isoformat()}


# Weekends (2026) and the public holidays that fall next to a stated date in this corpus.
WEEKEND = {"SA": (4, 5), "EG": (4, 5)}
HOLIDAYS_2026 = {
    "IT": {"2026-04-25", "2026-06-02"}, "DE": {"2026-04-03", "2026-04-06", "2026-05-01"},
    "FR": {"2026-05-01", "2026-05-08"}, "NG": {"2026-05-01"}, "ZA": {"2026-04-27"},
    "BR": {"2026-04-21", "2026-05-01"}, "PL": {"2026-05-01"}, "KZ": {"2026-05-07"},
    "TR": {"2026-03-20"}, "AR": {"2026-06-15"},
}


def is_working_day(country: str, d: date) -> bool:
    if d.weekday() in WEEKEND.get(country, (5, 6)):
        return False
    return d.isoformat() not in HOLIDAYS_2026.get(country, set())


def next_working_day(d: date, country: str = "") -> date:
    d += timedelta(days=1)
    while not is_working_day(country, d):
        d += timedelta(days=1)
    return d


def ooo_mail() -> list[Mail]:
    en_us = ("Brian Keller", "brian.keller@clearair-systems.com")
    en_gb = ("Sarah Whitfield", "s.whitfield@uvtech-supplies.co.uk")
    en_in = ("Rajesh Iyer", "rajesh.iyer@sterilux.in")
    return [
        # ---- English ----
        ooo("en-us-gmail-until-numeric", "en", "US", "gmail", en_us, "q20260309",
            "Thank you for your email. I am out of the office until 03/17/2026 with limited\n"
            "access to email. I will respond as soon as possible after my return.\n"
            "For urgent matters, please contact purchasing@clearair-systems.com\n"
            "or call +1 (614) 555-0142.\n\nBrian Keller\nPurchasing Manager, ClearAir Systems Inc.",
            **U("2026-03-17")),
        ooo("en-gb-m365-back-on-monday", "en", "GB", "m365", en_gb, "q20260309",
            "Hello,\n\nI am on annual leave and will be back in the office on Monday 16 March.\n"
            "Your email will not be forwarded. For anything urgent please contact\n"
            "sales.office@uvtech-supplies.co.uk.\n\nKind regards,\nSarah", rd="2026-03-16"),
        ooo("en-au-exchange-range-returning", "en", "AU", "exch",
            ("Liam O'Connor", "liam@pureflow.com.au"), "f20260203",
            "Hi,\n\nI am out of the office from 2 to 13 February, returning on Monday\n"
            "16 February 2026. During this time I will have no access to email.\n\n"
            "Cheers,\nLiam O'Connor\nPureFlow Water Solutions Pty Ltd", rd="2026-02-16"),
        ooo("en-in-body-only-until-the-17th", "en", "IN", "body", en_in, "p20260316",
            "Dear Sender,\n\nI am on leave until the 17th (inclusive) and will have no access to\n"
            "email. For urgent matters please contact my colleague Mr. Sunil Mehta at\n"
            "sunil.mehta@sterilux.in or +91 22 5555 0199.\n\nRegards,\nRajesh Iyer",
            notes="no auto headers, no subject prefix: only the body says it; month and year "
                  "come from the Date", **U("2026-03-17")),
        ooo("en-ng-gmail-custom-subject", "en", "NG", "gmail",
            ("Chinedu Okafor", "c.okafor@lagoswatertech.com.ng"), "f20260420",
            "Good day,\n\nI'm away on business travel from 20 April to 1 May 2026. I will be\n"
            "back in the office on 4 May.\n\nChinedu Okafor", subject="Out of Office",
            rd="2026-05-04"),
        ooo("en-za-zimbra-until-tuesday", "en", "ZA", "zimbra",
            ("Thandiwe Nkosi", "thandiwe@aquapure.co.za"), "f20260420",
            "I am out of the office until Tuesday, 28 April 2026, and will reply on my return.\n\n"
            "Thandiwe Nkosi | AquaPure (Pty) Ltd", subject="Out of office", **U("2026-04-28")),
        ooo("en-us-m365-no-date", "en", "US", "m365",
            ("Jennifer Morales", "jmorales@brightlinesupply.com"), "c20260310",
            "Thank you for your message. I am currently out of the office with limited access\n"
            "to email. I will respond to your message as soon as possible.\n"
            "For urgent requests, please call our office at +1 614 555 0100.\n\nJennifer"),
        ooo("en-us-gmail-ambiguous-trip", "en", "US", "gmail",
            ("Kevin Walsh", "kevin@uvpurelabs.com"), "q20260309",
            "Hi, I'll be at Light + Building in Frankfurt (8-13 March) and then visiting\n"
            "customers in Europe until around 20 March. Replies may be delayed.\n\nKevin",
            rd="2026-03-23", certain=False, stated="2026-03-20", rule="until",
            notes="'until around 20 March' with a trade fair range before it: the most "
                  "plausible return is Monday 23 March, but the text does not commit"),
        ooo("en-gb-exchange-back-on-thursday", "en", "GB", "exch",
            ("Oliver Grant", "oliver.grant@uvtech-supplies.co.uk"), "c20260310",
            "I'm out of the office today and tomorrow, back on Thursday.\n\nOliver",
            rd="2026-03-12",
            notes="weekday only: resolve against the Date (Tuesday 10 March 2026)"),
        ooo("en-in-m365-returning-6th-april", "en", "IN", "m365", en_in, "c20260310",
            "Dear Sir/Madam,\n\nI am travelling to Germany and will be returning to office on\n"
            "6th April 2026. Kindly expect a delay in response.\n\nThanks & Regards,\nRajesh Iyer",
            rd="2026-04-06"),
        # ---- German ----
        ooo("de-m365-bis-einschliesslich", "de", "DE", "m365",
            ("Jürgen Berger", "j.berger@berger-lichttechnik.de"), "q20260309",
            "Sehr geehrte Damen und Herren,\n\nvielen Dank für Ihre Nachricht. Ich bin bis "
            "einschließlich 17.03.2026\nnicht im Büro und habe keinen Zugriff auf meine E-Mails. "
            "Ihre Nachricht wird\nnicht weitergeleitet. In dringenden Fällen wenden Sie sich "
            "bitte an\neinkauf@berger-lichttechnik.de.\n\nMit freundlichen Grüßen\nJürgen Berger",
            **U("2026-03-17")),
        ooo("de-notes-abwesenheitsnotiz", "de", "DE", "notes",
            ("Stefan Wagner", "stefan.wagner@wagner-uv-technik.de"), "q20260309",
            "Ich werde ab  09.03.2026 nicht im Büro sein. Ich kehre zurück am 23.03.2026.\n\n"
            "Ich werde Ihre Nachricht nach meiner Rückkehr beantworten. In dringenden Fällen\n"
            "wenden Sie sich bitte an Frau Schneider (+49 711 555 2301).",
            subject="Abwesenheitsnotiz: Quotation Q-2026-0309 for UV curing lamps",
            charset="iso-8859-1", henc="Q", rd="2026-03-23",
            notes="Lotus Notes: no Auto-Submitted, only the German subject prefix"),
        ooo("at-exchange-ab-montag", "de", "AT", "exch",
            ("Andreas Huber", "a.huber@wassertechnik-huber.at"), "f20260203",
            "Guten Tag,\n\nich bin vom 2. bis 6. Februar auf Urlaub. Ab Montag, 9. Februar, bin "
            "ich\nwieder im Büro erreichbar. Ihre E-Mail wird nicht weitergeleitet.\n\n"
            "Andreas Huber\nWassertechnik Huber GmbH, Linz", charset="windows-1252",
            henc="Q", rd="2026-02-09"),
        ooo("ch-gmail-ferien-bis-und-mit", "de", "CH", "gmail",
            ("Martina Keller", "martina.keller@uvsysteme.ch"), "q20260407",
            "Grüezi\n\nIch bin bis und mit 14.04. in den Ferien und ab Mittwoch, 15.04., wieder\n"
            "erreichbar.\n\nFreundliche Grüsse\nMartina Keller", subject="Ferienabwesenheit",
            rd="2026-04-15"),
        ooo("de-zimbra-bis-zum-short", "de", "DE", "zimbra",
            ("Katrin Vogel", "k.vogel@hydroclean.de"), "p20260316",
            "Guten Tag,\n\nich bin bis zum 24.03. im Urlaub und habe nur eingeschränkten Zugriff\n"
            "auf meine E-Mails.\n\nViele Grüße\nKatrin Vogel",
            subject="Abwesenheit: PI-2026-0316 proforma invoice and payment terms",
            charset="iso-8859-15", **U("2026-03-24")),
        ooo("de-sieve-voraussichtlich", "de", "DE", "sieve",
            ("Thomas Becker", "t.becker@becker-anlagenbau.de"), "q20260309",
            "Ich bin voraussichtlich bis 20.03. abwesend. Ihre E-Mail wird nicht "
            "weitergeleitet.\n\nThomas Becker",
            subject="Auto: Quotation Q-2026-0309 for UV curing lamps",
            rd="2026-03-23", certain=False, stated="2026-03-20", rule="until",
            notes="'voraussichtlich' (presumably): the date is an estimate"),
        ooo("de-exchange-no-date", "de", "DE", "exch",
            ("Katrin Müller", "k.mueller@hydroclean.de"), "c20260310",
            "Vielen Dank für Ihre E-Mail. Ich bin zurzeit nicht im Büro. Ihre Nachricht wird\n"
            "nicht weitergeleitet. In dringenden Fällen wenden Sie sich bitte an\n"
            "info@hydroclean.de oder +49 40 555 1234.\n\nKatrin Müller",
            charset="iso-8859-1", henc="Q"),
        # ---- French ----
        ooo("fr-m365-jusqu-au-inclus", "fr", "FR", "m365",
            ("Claire Dubois", "claire.dubois@lumiere-pro.fr"), "q20260309",
            "Bonjour,\n\nJe suis absente du bureau jusqu'au 17 mars inclus et n'aurai qu'un accès\n"
            "limité à ma messagerie. Je traiterai votre message à mon retour.\n"
            "En cas d'urgence, merci de contacter achats@lumiere-pro.fr.\n\nCordialement,\n"
            "Claire Dubois", **U("2026-03-17")),
        ooo("be-exchange-de-retour-le", "fr", "BE", "exch",
            ("Julien Lambert", "j.lambert@aquatech.be"), "p20260316",
            "Bonjour,\n\nJe suis actuellement en congé. Je serai de retour le mercredi 1er avril.\n"
            "Pour toute urgence : +32 2 555 47 10.\n\nJulien Lambert", charset="windows-1252",
            henc="Q", rd="2026-04-01"),
        ooo("fr-gmail-conges-retour", "fr", "FR", "gmail",
            ("Nicolas Martin", "n.martin@hygiene-uv.fr"), "f20260420",
            "Bonjour,\n\nJe suis en congés du 20 avril au 1er mai inclus. Retour le 4 mai.\n\n"
            "Bien cordialement,\nNicolas Martin", subject="Absence du bureau", rd="2026-05-04"),
        ooo("ma-gmail-retour-au-bureau", "fr", "MA", "gmail",
            ("Youssef Benali", "y.benali@eauclaire.ma"), "p20260511",
            "Bonjour,\n\nJe serai absent du 11 au 15 mai. Retour au bureau le lundi 18 mai.\n\n"
            "Cordialement,\nYoussef Benali", rd="2026-05-18"),
        ooo("fr-zimbra-ambiguous-deplacement", "fr", "FR", "zimbra",
            ("Sophie Girard", "s.girard@lumiere-pro.fr"), "q20260309",
            "Bonjour,\n\nJe suis absente du 9 au 13 mars, puis en déplacement du 16 au 20 mars\n"
            "avec un accès limité à mes e-mails.\n\nSophie Girard",
            subject="Absence : Quotation Q-2026-0309 for UV curing lamps", rd="2026-03-23",
            certain=False, stated="2026-03-20", rule="until",
            notes="two periods: on leave until 13 March, travelling with limited access until "
                  "20 March; 16 March would also be defensible"),
        ooo("ca-m365-no-date", "fr", "CA", "m365",
            ("Mathieu Tremblay", "mtremblay@eclairagequebec.ca"), "c20260310",
            "Bonjour,\n\nJe suis présentement à l'extérieur du bureau. Je prendrai "
            "connaissance de\nvotre courriel à mon retour.\n\nMathieu Tremblay"),
        # ---- Spanish ----
        ooo("es-m365-hasta-inclusive", "es", "ES", "m365",
            ("Lucía Fernández", "lucia.fernandez@iluminacionsur.es"), "p20260316",
            "Buenos días:\n\nEstaré fuera de la oficina hasta el 24 de marzo inclusive, con "
            "acceso\nlimitado al correo. Para asuntos urgentes, contacte con\n"
            "compras@iluminacionsur.es.\n\n"
            "Un saludo,\nLucía Fernández", **U("2026-03-24")),
        ooo("mx-gmail-regreso-el-lunes", "es", "MX", "gmail",
            ("Alejandro Ramírez", "aramirez@purificadoresdelnorte.com.mx"), "q20260407",
            "Hola, gracias por tu correo.\n\nEstoy de vacaciones por Semana Santa. Regreso el "
            "lunes 13 de abril.\n\nSaludos,\nAlejandro Ramírez", rd="2026-04-13"),
        ooo("co-exchange-del-al", "es", "CO", "exch",
            ("Camila Torres", "ctorres@aguaviva.com.co"), "f20260203",
            "Cordial saludo:\n\nMe encuentro de vacaciones del 2 al 13 de febrero. Regresaré el "
            "lunes\n16 de febrero.\n\nCamila Torres\nAguaViva S.A.S.", charset="iso-8859-1",
            henc="Q", rd="2026-02-16"),
        ooo("ar-body-only-licencia", "es", "AR", "body",
            ("Martín Gómez", "mgomez@aguasdelplata.com.ar"), "q20260602",
            "Hola, estoy de licencia hasta el 10/06 inclusive. Ante cualquier urgencia escribir\n"
            "a ventas@aguasdelplata.com.ar.\n\nMartín Gómez", **U("2026-06-10"),
            notes="no auto headers; day-first numeric date without year"),
        ooo("es-sieve-no-date", "es", "ES", "sieve",
            ("Javier Moreno", "jmoreno@hidrotec.es"), "c20260310",
            "En estos momentos no me encuentro en la oficina. Responderé a su correo lo antes\n"
            "posible.\n\nJavier Moreno", subject="Fuera de la oficina"),
        # ---- Italian ----
        ooo("it-m365-dal-al-sabato", "it", "IT", "m365",
            ("Marco Rossi", "m.rossi@rossi-illuminazione.it"), "c20260310",
            "Buongiorno,\n\nsono fuori ufficio dal 10 al 14 marzo compresi, con accesso limitato\n"
            "alla posta. Per urgenze: ufficio.acquisti@rossi-illuminazione.it\n\nMarco Rossi",
            **U("2026-03-14"),
            notes="14 March 2026 is a Saturday: the next working day is Monday 16 March"),
        ooo("it-gmail-fuori-sede", "it", "IT", "gmail",
            ("Giulia Bianchi", "g.bianchi@acquapura.it"), "q20260407",
            "Buongiorno,\n\nsono fuori sede fino al 27 aprile. Per urgenze contattare il numero\n"
            "+39 02 5550 1122.\n\nCordiali saluti,\nGiulia Bianchi", subject="Fuori sede",
            **U("2026-04-27")),
        ooo("it-exchange-rientro", "it", "IT", "exch",
            ("Luca Conti", "l.conti@rossi-illuminazione.it"), "q20260602",
            "Buongiorno,\n\nsono in ferie. Rientrerò in ufficio mercoledì 3 giugno.\n\nLuca Conti",
            charset="iso-8859-1", henc="Q", rd="2026-06-03"),
        ooo("it-zimbra-ambiguous-16-o-17", "it", "IT", "zimbra",
            ("Francesca Romano", "f.romano@acquapura.it"), "q20260309",
            "Buongiorno,\n\nsarò in ferie dal 9 al 13 marzo. Rientro previsto il 16 o 17 marzo.\n\n"
            "Francesca Romano", subject="In ferie", rd="2026-03-16", certain=False,
            notes="two candidate return days"),
        # ---- Portuguese ----
        ooo("br-m365-ate", "pt", "BR", "m365",
            ("Rafael Souza", "rafael.souza@luzeagua.com.br"), "q20260309",
            "Olá,\n\nEstou em férias até 17/03/2026, com acesso restrito aos e-mails. Em caso de\n"
            "urgência, contate compras@luzeagua.com.br.\n\nAtenciosamente,\nRafael Souza",
            **U("2026-03-17")),
        ooo("pt-gmail-regressando", "pt", "PT", "gmail",
            ("Inês Carvalho", "ines.carvalho@uvportugal.pt"), "q20260407",
            "Bom dia,\n\nEstarei ausente do escritório de 6 a 10 de abril, regressando a 13 de "
            "abril.\n\nCumprimentos,\nInês Carvalho", rd="2026-04-13"),
        ooo("br-exchange-retorno", "pt", "BR", "exch",
            ("Fernanda Lima", "fernanda.lima@luzeagua.com.br"), "f20260420",
            "Prezados,\n\nEstou fora do escritório. Retorno no dia 4 de maio.\n\nAtt.,\n"
            "Fernanda Lima", charset="iso-8859-1", henc="Q", rd="2026-05-04"),
        ooo("br-body-only-no-date", "pt", "BR", "body",
            ("Carlos Pereira", "carlos@purificar.com.br"), "c20260310",
            "Olá! No momento estou fora do escritório e com acesso limitado ao e-mail.\n"
            "Responderei assim que possível.\n\nCarlos Pereira"),
        # ---- Dutch ----
        ooo("nl-m365-tot-en-met", "nl", "NL", "m365",
            ("Pieter de Vries", "p.devries@vrieslicht.nl"), "q20260309",
            "Beste afzender,\n\nIk ben afwezig tot en met dinsdag 17 maart. Uw e-mail wordt niet\n"
            "doorgestuurd. Voor dringende zaken kunt u contact opnemen met "
            "inkoop@vrieslicht.nl.\n\n"
            "Met vriendelijke groet,\nPieter de Vries", **U("2026-03-17")),
        ooo("be-nl-exchange-vanaf", "nl", "BE", "exch",
            ("Lotte Peeters", "lotte.peeters@uvclean.be"), "q20260407",
            "Goedemiddag,\n\nIk ben met paasvakantie. Vanaf maandag 13 april ben ik weer "
            "aanwezig.\n\nLotte Peeters", charset="windows-1252", henc="Q", rd="2026-04-13"),
        ooo("nl-gmail-vakantie-tm", "nl", "NL", "gmail",
            ("Sanne Bakker", "sanne@bakker-waterbehandeling.nl"), "c20260427",
            "Hallo,\n\nIk ben met vakantie van 27 april t/m 8 mei en ben weer op kantoor op\n"
            "maandag 11 mei.\n\nGroet,\nSanne", subject="Afwezig", rd="2026-05-11"),
        ooo("nl-sieve-no-date", "nl", "NL", "sieve",
            ("Jeroen Visser", "jeroen@visser-techniek.nl"), "c20260310",
            "Bedankt voor uw bericht. Ik ben momenteel niet op kantoor en lees mijn e-mail\n"
            "beperkt.\n\nJeroen Visser", subject="Afwezigheidsbericht"),
        # ---- Swedish ----
        ooo("se-m365-autosvar", "sv", "SE", "m365",
            ("Erik Lindqvist", "erik.lindqvist@nordljus.se"), "q20260309",
            "Hej!\n\nJag är på semester till och med den 17 mars och är tillbaka den 18 mars.\n"
            "Vid brådskande ärenden, kontakta inkop@nordljus.se.\n\nMed vänliga hälsningar\n"
            "Erik Lindqvist", rd="2026-03-18"),
        ooo("se-exchange-automatiskt-svar", "sv", "SE", "exch",
            ("Anna Berglund", "anna.berglund@nordljus.se"), "q20260407",
            "Hej,\n\nJag är tillbaka på kontoret måndag 13 april.\n\nHälsningar\nAnna Berglund",
            subject="Automatiskt svar: Re: Inquiry about 222nm far-UVC lamps",
            charset="iso-8859-1", henc="Q", rd="2026-04-13",
            notes="current Outlook Swedish prefix 'Automatiskt svar:' (older: 'Autosvar:')"),
        ooo("se-gmail-tom-iso", "sv", "SE", "gmail",
            ("Johan Nilsson", "johan.nilsson@vattenrening.se"), "p20260511",
            "Hej! Jag är ledig t.o.m. 2026-05-19 och läser inte e-post.\n"
            "Brådskande: ring växeln 08-555 123 00.\n\nJohan", **U("2026-05-19")),
        # ---- Polish ----
        ooo("pl-m365-wlacznie", "pl", "PL", "m365",
            ("Tomasz Kowalski", "t.kowalski@uvpol.pl"), "q20260309",
            "Dzień dobry,\n\njestem na urlopie do 17.03.2026 włącznie. W pilnych sprawach proszę\n"
            "o kontakt z zaopatrzenie@uvpol.pl.\n\nPozdrawiam\nTomasz Kowalski",
            **U("2026-03-17")),
        ooo("pl-exchange-wracam", "pl", "PL", "exch",
            ("Agnieszka Nowak", "a.nowak@uvpol.pl"), "q20260407",
            "Dzień dobry,\n\nwracam do biura 13.04. Do tego czasu mam ograniczony dostęp do "
            "poczty.\n\nAgnieszka Nowak", charset="iso-8859-2", henc="Q", rd="2026-04-13"),
        ooo("pl-gmail-od-do", "pl", "PL", "gmail",
            ("Piotr Wiśniewski", "p.wisniewski@aquaservice.pl"), "f20260430",
            "Dzień dobry,\n\nbędę nieobecny od 30 kwietnia do 8 maja. Ponownie w biurze będę\n"
            "w poniedziałek 11 maja.\n\nPozdrawiam,\nPiotr Wiśniewski", subject="Nieobecność",
            rd="2026-05-11"),
        ooo("pl-sieve-no-date", "pl", "PL", "sieve",
            ("Marta Zielińska", "m.zielinska@swiatlo-tech.pl"), "c20260310",
            "Dzień dobry, jestem poza biurem. Odpowiem na wiadomość po powrocie.",
            subject="Poza biurem", charset="iso-8859-2", henc="Q"),
        # ---- Turkish ----
        ooo("tr-m365-tarihine-kadar", "tr", "TR", "m365",
            ("Mehmet Yılmaz", "mehmet.yilmaz@aydinlatma-ege.com.tr"), "p20260316",
            "Merhaba,\n\n17.03.2026 tarihine kadar (dahil) ofis dışındayım ve e-postalarıma "
            "sınırlı\nerişimim var. Acil durumlar için satinalma@aydinlatma-ege.com.tr adresine\n"
            "yazabilirsiniz.\n\nSaygılarımla,\nMehmet Yılmaz", **U("2026-03-17")),
        ooo("tr-exchange-donecegim", "tr", "TR", "exch",
            ("Ayşe Demir", "ayse.demir@aydinlatma-ege.com.tr"), "q20260407",
            "Merhaba,\n\n13 Nisan Pazartesi günü ofise döneceğim. Acil konular için lütfen\n"
            "+90 232 555 40 40 numarasını arayınız.\n\nAyşe Demir", charset="iso-8859-9",
            henc="Q", rd="2026-04-13"),
        ooo("tr-gmail-izin-aralik", "tr", "TR", "gmail",
            ("Emre Kaya", "emre.kaya@sutek.com.tr"), "q20260602",
            "Merhaba,\n\n1-15 Haziran tarihleri arasında yıllık izindeyim. 16 Haziran Salı günü\n"
            "ofise döneceğim.\n\nEmre Kaya", subject="Yıllık izin", rd="2026-06-16"),
        ooo("tr-body-only-no-date", "tr", "TR", "body",
            ("Zeynep Arslan", "zeynep@arslanteknik.com.tr"), "c20260310",
            "Merhaba, şu anda ofis dışındayım, en kısa sürede dönüş yapacağım.\n\nZeynep Arslan"),
        # ---- Russian ----
        ooo("ru-m365-vklyuchitelno", "ru", "RU", "m365",
            ("Дмитрий Иванов", "d.ivanov@uf-tech.ru"), "q20260309",
            "Добрый день!\n\nЯ в отпуске до 17.03.2026 включительно. По срочным вопросам\n"
            "обращайтесь к Ольге Смирновой: o.smirnova@uf-tech.ru.\n\nС уважением,\n"
            "Дмитрий Иванов",
            subject="Автоматический ответ: Quotation Q-2026-0309 for UV curing lamps",
            **U("2026-03-17"),
            notes="current Outlook Russian prefix 'Автоматический ответ:' (older: 'Автоответ:')"),
        ooo("ru-exchange-vernus", "ru", "RU", "exch",
            ("Елена Кузнецова", "e.kuznetsova@uf-tech.ru"), "q20260407",
            "Здравствуйте!\n\nВернусь в офис 13 апреля. Ваше письмо не будет переадресовано.\n\n"
            "Елена Кузнецова", charset="windows-1251", rd="2026-04-13"),
        ooo("kz-yandex-s-po", "ru", "KZ", "yandex",
            ("Алексей Ким", "a.kim@suluteh.kz"), "f20260430",
            "Здравствуйте! Я в отпуске с 30 апреля по 11 мая. С 12 мая буду на связи.\n\n"
            "Алексей Ким", subject="Автоответ: Re: Follow-up: UV-C lamp samples shipped",
            rd="2026-05-12"),
        ooo("ru-sieve-koi8-no-date", "ru", "RU", "sieve",
            ("Сергей Попов", "s.popov@svet-opt.ru"), "c20260310",
            "Здравствуйте! Сейчас я не в офисе. Отвечу на ваше письмо, как только вернусь.",
            subject="Меня нет в офисе", charset="koi8-r", cte="8bit"),
        # ---- Chinese (simplified) ----
        ooo("cn-exmail-zhi-huilai", "zh", "CN", "exmail",
            ("王磊", "wanglei@huajing-env.com.cn"), "c20260310",
            "您好，我于3月9日至3月13日休假，3月16日回到公司后会尽快回复您。\n"
            "如有急事，请联系采购部李小姐：0571-5555 8866。\n\n王磊",
            subject="自动回复: New 2026 catalogue: UV-C LED modules", charset="gbk",
            cte="base64", rd="2026-03-16"),
        ooo("cn-coremail-subject-only", "zh", "CN", "coremail",
            ("刘洋", "liuyang@qingyuan-water.cn"), "q20260305",
            "本人目前不在办公室，将于2026年3月23日返回，届时再回复您的邮件。",
            subject="自动回复：报价单 Q-2026-0305 紫外线杀菌灯", charset="gbk", cte="8bit",
            rd="2026-03-23",
            notes="no auto headers; fullwidth colon in the subject prefix"),
        ooo("sg-m365-zidong-dafu", "zh", "SG", "m365",
            ("陈美玲", "meiling.chen@huaxin-trading.com.sg"), "q20260407",
            "您好！\n\n我正在休假，将于4月13日（星期一）回到办公室。紧急事务请联系\n"
            "sales@huaxin-trading.com.sg。\n\n陈美玲",
            subject="自动答复: Re: Inquiry about 222nm far-UVC lamps", rd="2026-04-13",
            notes="Outlook's simplified-Chinese prefix is '自动答复:' (not '自动回复:')"),
        ooo("cn-exmail-ambiguous-chuchai", "zh", "CN", "exmail",
            ("赵敏", "zhaomin@huajing-env.com.cn"), "q20260309",
            "您好，本人3月9日至3月13日出差，3月20日前回复可能有延迟，请谅解。\n赵敏",
            subject="自动回复: Quotation Q-2026-0309 for UV curing lamps", rd="2026-03-16",
            certain=False, stated="2026-03-13", rule="until",
            notes="travel ends 13 March (Friday) but replies 'may be delayed until 20 March'"),
        ooo("cn-body-only-no-date", "zh", "CN", "body",
            ("孙强", "sunqiang@dongfang-uv.com"), "q20260305",
            "您好，我现在不在办公室，回来后会尽快处理您的邮件。谢谢！",
            subject="回复：报价单 Q-2026-0305 紫外线杀菌灯", charset="gb18030", cte="base64"),
        # ---- Chinese (traditional) ----
        ooo("tw-m365-zidong-huifu", "zh-Hant", "TW", "m365",
            ("陳志明", "zhiming.chen@guangda-tech.com.tw"), "q20260309",
            "您好，本人休假至3月17日，3月18日起恢復上班，屆時將盡快回覆您的來信。\n\n陳志明",
            rd="2026-03-18"),
        ooo("hk-exchange-big5", "zh-Hant", "HK", "exch",
            ("黃嘉慧", "kawai.wong@hkpure.com.hk"), "q20260407",
            "您好！本人於2026年4月7日至4月10日休假，4月13日返回辦公室。\n"
            "如有急事，請致電 +852 2555 8123。\n\n黃嘉慧", charset="big5", cte="base64",
            rd="2026-04-13"),
        ooo("tw-gmail-canzhan", "zh-Hant", "TW", "gmail",
            ("林雅婷", "yating.lin@mingliang.com.tw"), "p20260511",
            "您好，本人於5月11日至5月15日出國參展，5月18日回到公司後再與您聯繫。\n林雅婷",
            subject="休假通知", charset="big5", cte="quoted-printable", rd="2026-05-18"),
        # ---- Japanese ----
        ooo("jp-m365-iso2022jp", "ja", "JP", "m365",
            ("佐藤 健", "k.sato@hikari-kiki.co.jp"), "q20260309",
            "お世話になっております。\n\n3月17日（火）まで不在にしております。\n"
            "3月18日（水）より順次対応いたします。\n\n佐藤 健", charset="iso-2022-jp",
            cte="7bit", rd="2026-03-18"),
        ooo("jp-exchange-golden-week", "ja", "JP", "exch",
            ("光機器株式会社 営業部", "eigyo@hikari-kiki.co.jp"), "f20260430",
            "平素より大変お世話になっております。\n\n誠に勝手ながら、4月29日（水）〜5月6日（水）は\n"
            "ゴールデンウィーク休業とさせていただきます。\n"
            "5月7日（木）より通常営業いたします。\n\n光機器株式会社 営業部",
            charset="shift_jis", cte="base64", rd="2026-05-07"),
        ooo("jp-gmail-shucchou-made", "ja", "JP", "gmail",
            ("田中 美咲", "misaki.tanaka@mizu-tech.jp"), "p20260316",
            "3月24日（火）まで出張のため不在です。\nメールの確認が遅れますことをご了承ください。\n\n"
            "田中 美咲", charset="iso-2022-jp", cte="7bit", **U("2026-03-24")),
        ooo("jp-zimbra-no-date", "ja", "JP", "zimbra",
            ("鈴木 一郎", "ichiro.suzuki@shoumei-kogyo.co.jp"), "c20260310",
            "ただいま外出しております。戻り次第ご連絡いたします。\n\n鈴木 一郎",
            subject="不在通知", charset="utf-8", cte="base64"),
        ooo("jp-sieve-ambiguous-gejun", "ja", "JP", "sieve",
            ("高橋 直樹", "naoki.takahashi@hikari-kiki.co.jp"), "q20260309",
            "3月下旬まで海外出張のため、返信が遅れます。\n\n高橋 直樹", subject="不在のお知らせ",
            charset="iso-2022-jp", cte="7bit", certain=False,
            notes="'until late March': no usable date"),
        # ---- Korean ----
        ooo("kr-m365-bokgwi", "ko", "KR", "m365",
            ("김민준", "mj.kim@uvtech.co.kr"), "q20260309",
            "안녕하세요.\n\n3월 17일까지 휴가 중입니다. 3월 18일에 복귀하여 회신드리겠습니다.\n\n"
            "김민준 드림", rd="2026-03-18"),
        ooo("kr-exchange-euckr", "ko", "KR", "exch",
            ("이서연", "sy.lee@cleanlight.co.kr"), "q20260407",
            "안녕하세요. 출장 중입니다. 4월 13일(월)부터 정상 근무합니다.\n\n이서연",
            charset="euc-kr", cte="base64", rd="2026-04-13"),
        ooo("kr-gmail-yejeong", "ko", "KR", "gmail",
            ("박지훈", "jihoon.park@sudo-eng.co.kr"), "q20260602",
            "6월 1일~6월 5일 해외 출장 중입니다. 6월 8일에 복귀 예정입니다.\n\n박지훈",
            subject="부재중 알림", rd="2026-06-08"),
        ooo("kr-body-only-no-date", "ko", "KR", "body",
            ("최유나", "yuna.choi@uvtech.co.kr"), "c20260310",
            "현재 부재중입니다. 확인 후 연락드리겠습니다.\n\n최유나", charset="ks_c_5601-1987",
            cte="base64"),
        # ---- Arabic ----
        ooo("sa-m365-hatta", "ar", "SA", "m365",
            ("أحمد الحربي", "a.alharbi@alnaqa-trading.com.sa"), "q20260407",
            "السلام عليكم،\n\nأنا في إجازة حتى 15 أبريل 2026. للأمور العاجلة يرجى التواصل مع\n"
            "purchasing@alnaqa-trading.com.sa\n\nمع التحية،\nأحمد الحربي", **U("2026-04-15"),
            notes="Saudi week: Thursday 16 April is a working day"),
        ooo("sa-exchange-sunday", "ar", "SA", "exch",
            ("فهد القحطاني", "f.alqahtani@alnaqa-trading.com.sa"), "q20260407",
            "شكراً لرسالتكم.\nسأعود إلى المكتب يوم الأحد 12 أبريل.\n\nفهد القحطاني",
            charset="windows-1256", cte="base64", rd="2026-04-12",
            notes="Sunday is the first working day of the Saudi week"),
        ooo("ae-gmail-men-ila", "ar", "AE", "gmail",
            ("خالد المنصوري", "khalid@gulfcleantech.ae"), "p20260511",
            "مرحباً،\n\nأنا خارج المكتب من 11 إلى 15 مايو، وسأعود يوم الاثنين 18 مايو.\n\n"
            "خالد المنصوري", subject="خارج المكتب", rd="2026-05-18"),
        ooo("eg-body-only-numeric", "ar", "EG", "body",
            ("محمد عبد الله", "m.abdallah@nilewater.com.eg"), "f20260420",
            "شكراً لتواصلكم. أنا خارج المكتب حتى 21/04/2026. سأرد على رسالتكم فور عودتي.\n\n"
            "محمد عبد الله", charset="windows-1256", cte="quoted-printable",
            **U("2026-04-21")),
        ooo("sa-sieve-no-date", "ar", "SA", "sieve",
            ("سارة العتيبي", "s.alotaibi@riyadh-uv.sa"), "c20260310",
            "شكراً لرسالتك، أنا حالياً خارج المكتب وسأرد عليك في أقرب وقت ممكن.",
            subject="رد آلي: خارج المكتب"),
        # ---- Indonesian ----
        ooo("id-m365-sampai-dengan", "id", "ID", "m365",
            ("Budi Santoso", "budi.santoso@sinarterang.co.id"), "f20260203",
            "Selamat pagi,\n\nSaya sedang cuti sampai dengan 10 Februari 2026 dan akses email\n"
            "terbatas. Untuk keperluan mendesak silakan hubungi pembelian@sinarterang.co.id.\n\n"
            "Salam,\nBudi Santoso", **U("2026-02-10")),
        ooo("id-exchange-kembali", "id", "ID", "exch",
            ("Dewi Lestari", "dewi.lestari@sinarterang.co.id"), "q20260407",
            "Terima kasih atas email Anda.\nSaya akan kembali ke kantor pada hari Senin, "
            "13 April 2026.\n\nDewi Lestari", charset="us-ascii", cte="7bit", rd="2026-04-13"),
        ooo("id-gmail-dinas-luar-kota", "id", "ID", "gmail",
            ("Agus Wijaya", "agus.wijaya@tirtamurni.co.id"), "p20260511",
            "Halo,\n\nSaya sedang dinas luar kota tanggal 11-15 Mei dan akan kembali ke kantor\n"
            "pada 18 Mei.\n\nAgus Wijaya", subject="Di luar kantor", rd="2026-05-18"),
        ooo("id-body-only-no-date", "id", "ID", "body",
            ("Rina Kusuma", "rina@cahayaabadi.co.id"), "c20260310",
            "Terima kasih atas email Anda. Saya sedang di luar kantor dan akan membalas\n"
            "secepatnya.\n\nRina Kusuma", charset="us-ascii", cte="7bit"),
        # ---- Vietnamese ----
        ooo("vn-m365-den-het-ngay", "vi", "VN", "m365",
            ("Nguyễn Văn Minh", "minh.nguyen@anhsangviet.com.vn"), "q20260309",
            "Xin chào,\n\nTôi đang nghỉ phép đến hết ngày 17/3/2026. Trường hợp khẩn cấp, vui "
            "lòng\nliên hệ chị Lan: lan.tran@anhsangviet.com.vn.\n\nTrân trọng,\nNguyễn Văn Minh",
            **U("2026-03-17")),
        ooo("vn-exchange-quay-lai", "vi", "VN", "exch",
            ("Phạm Thu Hà", "ha.pham@nuocsach-hn.vn"), "q20260407",
            "Tôi sẽ quay lại văn phòng vào ngày 13/4. Cảm ơn anh/chị.\n\nPhạm Thu Hà",
            cte="base64", rd="2026-04-13"),
        ooo("vn-gmail-cong-tac", "vi", "VN", "gmail",
            ("Trần Quốc Bảo", "bao.tran@uvsaigon.vn"), "p20260511",
            "Chào anh/chị,\n\nTôi đi công tác từ ngày 11/5 đến ngày 15/5, sẽ làm việc trở lại từ "
            "ngày 18/5.\n\nTrần Quốc Bảo", subject="Vắng mặt", rd="2026-05-18"),
        ooo("vn-sieve-no-date", "vi", "VN", "sieve",
            ("Lê Thị Hoa", "hoa.le@anhsangviet.com.vn"), "c20260310",
            "Tôi hiện không có mặt tại văn phòng và sẽ phản hồi email của bạn sớm nhất có thể.",
            subject="Thư trả lời tự động"),
    ]


# ---------------------------------------------------------------------------------------
# Human replies (including the hard negatives: they must never be called automatic)
# ---------------------------------------------------------------------------------------

OUTLOOK_RE = {"en": "RE:", "de": "AW:", "fr": "RE :", "es": "RE:", "it": "R:", "pt": "RES:",
              "nl": "RE:", "sv": "SV:", "pl": "Odp:", "tr": "YNT:", "ru": "RE:", "zh": "答复:",
              "zh-Hant": "回覆:", "ja": "RE:", "ko": "RE:", "ar": "رد:", "id": "RE:", "vi": "RE:"}
CLIENT_QUOTE = {"gmail": "gmail", "apple": "gmail", "thunderbird": "gmail", "outlook": "outlook",
                "foxmail": "foxmail", "plain": None}


def client_headers(m: Mail, client: str) -> None:
    if client == "gmail":
        m.msgid = m.msgid or f"<CA+{token(m.path, 'gm', n=40)}@mail.gmail.com>"
        m.html = True
    elif client == "apple":
        m.msgid = m.msgid or f"<{token(m.path, 'ap', n=32).upper()}@{m.sender[1].split('@')[1]}>"
        m.headers.append(("X-Mailer", "iPhone Mail (22D82)"))
    elif client == "thunderbird":
        m.headers.append(("User-Agent", "Mozilla Thunderbird"))
        m.headers.append(("Content-Language", CONTENT_LANGUAGE[m.lang]))
    elif client == "outlook":
        m.headers += [("Thread-Topic", hval(m.outbound.subject if m.outbound else m.subject,
                                              "utf-8")),
                      ("Thread-Index", thread_index(m)),
                      ("X-Mailer", "Microsoft Outlook 16.0"),
                      ("Content-Language", CONTENT_LANGUAGE[m.lang])]
    elif client == "foxmail":
        m.headers.append(("X-Mailer", "Foxmail 7.2.25.375[cn]"))
    elif client != "plain":
        raise ValueError(client)


def reply(slug: str, lang: str, country: str, sender: tuple[str, str], key: str, when: str | float,
          body: str, *, client: str = "gmail", quote: str | None = "default",
          subject: str | None = None, greeting: str | None = None, charset: str = "utf-8",
          cte: str = "quoted-printable", henc: str = "B", headers: tuple = (),
          notes: str | None = None, kind: str = "human", to: str | None = None,
          folder: str | None = None, **labels) -> Mail:
    """A reply to our mail `key`; `when` is local 'YYYY-mm-dd HH:MM' or hours after it."""
    out = OUTBOUND[key]
    if isinstance(when, str):
        sent = at(when, 0)
        sent = sent.replace(tzinfo=tz(utc_offset(country, sent)))
    else:
        sent = after(key, when * 60, country)
    if subject is None:
        prefix = OUTLOOK_RE[lang] if client == "outlook" else (
            "回复：" if client == "foxmail" else "Re:")
        subject = re_subject(prefix, out.subject)
    m = Mail(f"mailbot/{folder or kind}/{slug}", kind, lang, country, sent, sender, subject,
             body, reply_to=key, charset=charset, cte=cte, henc=henc, headers=list(headers),
             notes=notes, to=to, greeting=greeting or sender[0] or "Sir or Madam", **labels)
    m.quote = CLIENT_QUOTE[client] if quote == "default" else quote
    client_headers(m, client)
    return m


def human_mail() -> list[Mail]:
    brian = ("Brian Keller", "brian.keller@clearair-systems.com")
    sarah = ("Sarah Whitfield", "s.whitfield@uvtech-supplies.co.uk")
    rajesh = ("Rajesh Iyer", "rajesh.iyer@sterilux.in")
    ms_suppress = (("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", ""),
                   ("X-Auto-Response-Suppress", "All"),
                   ("X-MS-Exchange-Organization-AuthAs", "Internal"))
    oof_quote = (
        "________________________________\nFrom: Anna Wang <anna@gmuv-lighting.cn>\n"
        "Sent: Monday, March 9, 2026 9:31 AM\nTo: Kevin Walsh <kevin@uvpurelabs.com>\n"
        "Subject: Automatic reply: Quotation Q-2026-0309 for UV curing lamps\n\n"
        "Thank you for your mail. I am visiting customers until 13 March 2026.\n"
        "For urgent matters please contact my colleague Leo Chen (leo@gmuv-lighting.cn).\n")
    return [
        # ---- English (hard negatives first) ----
        reply("en-us-ok-thanks-iphone", "en", "US", brian, "q20260309", 3.2,
              "OK, thanks!\n\nSent from my iPhone", client="apple", greeting="Brian"),
        reply("en-gb-was-out-of-office-last-week", "en", "GB", sarah, "q20260309",
              "2026-03-17 10:42",
              "Hi Anna,\n\nSorry for the late reply - I was out of office last week.\n"
              "Could you confirm the lead time for 2,000 pcs of the UVA-MH-2KW, and whether\n"
              "you can do 25 days instead of 20?\n\nKind regards,\nSarah Whitfield\n"
              "Buyer, UV Tech Supplies Ltd\nTel: +44 161 555 0198", client="outlook",
              greeting="Sarah", headers=ms_suppress[:2],
              notes="hard negative: talks about having been out of office"),
        reply("en-in-received-will-revert", "en", "IN", rajesh, "q20260112", 5.5,
              "Dear Anna,\n\nWe received your quotation, will review internally and revert by "
              "next week.\n\nThanks & Regards,\nRajesh Iyer\nSterilux India Pvt. Ltd.\n"
              "+91 22 5555 0190", greeting="Mr. Iyer",
              notes="hard negative: an acknowledgement written by a person (no auto headers, "
                    "personal phrasing), not an auto_reply"),
        reply("en-au-reply-through-mailman-list", "en", "AU",
              ("Liam O'Connor", "liam@pureflow.com.au"), "f20260203", 26,
              "Hi Leo,\n\nThe samples arrived on Friday, all good. We'll test them in the\n"
              "retrofit pilot and report back on this list.\n\nCheers,\nLiam",
              client="thunderbird", greeting="Liam",
              to="UV retrofit project <uv-retrofit@lists.pureflow.com.au>",
              headers=(("Cc", "Leo Chen <leo@gmuv-lighting.cn>"),
                       ("List-Id", "UV retrofit project <uv-retrofit.lists.pureflow.com.au>"),
                       ("List-Unsubscribe",
                        "<https://lists.pureflow.com.au/mailman/options/uv-retrofit>,\n <mailto:"
                        "uv-retrofit-request@lists.pureflow.com.au?subject=unsubscribe>"),
                       ("List-Post", "<mailto:uv-retrofit@lists.pureflow.com.au>"),
                       ("List-Archive",
                        "<https://lists.pureflow.com.au/pipermail/uv-retrofit/>"),
                       ("Precedence", "list"),
                       ("X-BeenThere", "uv-retrofit@lists.pureflow.com.au"),
                       ("X-Mailman-Version", "2.1.39")),
              notes="hard negative: a person's reply relayed by the customer's Mailman list "
                    "(List-Id, Precedence: list); it answers our mail (In-Reply-To)"),
        reply("en-us-google-groups-reply", "en", "US",
              ("'Jennifer Morales' via Purchasing", "purchasing@brightlinesupply.com"),
              "q20260407", 9,
              "Hi Anna,\n\nCan you send the datasheet for the 222 nm lamps and the IES files?\n"
              "We also need the UL file number.\n\nThanks,\nJennifer Morales\n"
              "Bright Line Supply, Columbus OH", greeting="Jennifer",
              headers=(("Reply-To", "Jennifer Morales <jmorales@brightlinesupply.com>"),
                       ("X-Original-Sender", "jmorales@brightlinesupply.com"),
                       ("Precedence", "list"),
                       ("Mailing-list", "list purchasing@brightlinesupply.com; contact "
                                        "purchasing+owners@brightlinesupply.com"),
                       ("List-ID", "<purchasing.brightlinesupply.com>"),
                       ("X-Google-Group-Id", "735210984416"),
                       ("List-Post", "<https://groups.google.com/a/brightlinesupply.com/group/"
                                     "purchasing/post>,\n <mailto:purchasing@brightlinesupply"
                                     ".com>"),
                       ("List-Help", "<https://support.google.com/a/brightlinesupply.com/bin/"
                                     "topic.py?topic=25838>"),
                       ("List-Unsubscribe", "<mailto:googlegroups-manage+735210984416+"
                                            "unsubscribe@googlegroups.com>")),
              notes="hard negative: Google Groups shared mailbox (Precedence: list, List-ID); "
                    "the person is in Reply-To/X-Original-Sender"),
        reply("en-au-exchange-x-auto-response-suppress", "en", "AU",
              ("Liam O'Connor", "liam@pureflow.com.au"), "f20260203", "2026-02-16 09:05",
              "Hi Leo,\n\nBack in the office today. The lamps passed our first UV-C irradiance\n"
              "test (1.9 W at 1 m). Can you hold 3,000 pcs for us for a March order?\n\n"
              "Cheers,\nLiam O'Connor\nPureFlow Water Solutions Pty Ltd | +61 2 5550 1234",
              client="outlook", greeting="Liam", headers=ms_suppress,
              notes="hard negative: ordinary Exchange mail carries X-Auto-Response-Suppress: "
                    "All; also says 'back in the office today'"),
        reply("en-ng-quote-with-unsubscribe-footer", "en", "NG",
              ("Chinedu Okafor", "c.okafor@lagoswatertech.com.ng"), "c20260310", 20,
              "Dear Mei,\n\nPlease send a proforma invoice for 1,000 pcs of the UV-C LED modules\n"
              "(275 nm). We will pay the 30% deposit this week.\n\nBest regards,\n"
              "Chinedu Okafor\nLagos Water Tech Ltd\n+234 1 555 0142", greeting="Chinedu",
              notes="hard negative: the word 'unsubscribe' is only in our quoted footer"),
        reply("en-za-please-dont-remove-me", "en", "ZA",
              ("Thandiwe Nkosi", "thandiwe@aquapure.co.za"), "p20260511", 7,
              "Hi Anna,\n\nPlease don't remove me from your mailing list - keep sending your\n"
              "offers. We have a new project in Q3 and the price update is useful.\n\n"
              "Regards,\nThandiwe", greeting="Thandiwe",
              notes="hard negative: asks NOT to be removed"),
        reply("en-us-re-automatic-reply", "en", "US", ("Kevin Walsh", "kevin@uvpurelabs.com"),
              "q20260309", 1.5,
              "Hi Leo,\n\nI got Anna's out-of-office message. Could you confirm the 5KW lamp\n"
              "price meanwhile? We need to place the order this week.\n\nThanks,\nKevin\n\n"
              + oof_quote, client="outlook", quote=None,
              subject="RE: Automatic reply: Quotation Q-2026-0309 for UV curing lamps",
              headers=(("Cc", "Leo Chen <leo@gmuv-lighting.cn>"),) + ms_suppress[:2],
              notes="hard negative: answers OUR auto-reply, so the subject starts "
                    "'RE: Automatic reply:'; the quoted auto-reply contains a date"),
        reply("en-gb-different-address-same-company", "en", "GB",
              ("UV Tech Supplies Purchasing", "purchasing@uvtech-supplies.co.uk"), "q20260309",
              50,
              "Dear Anna,\n\nSarah asked me to follow up on Q-2026-0309. Please quote 500 pcs of\n"
              "the 2KW lamp, CIF Felixstowe.\n\nBest regards,\nDaniel Hughes\n"
              "Purchasing, UV Tech Supplies Ltd", client="outlook", greeting="Ms Whitfield",
              notes="reply from another address of the same company (we wrote to "
                    "s.whitfield@uvtech-supplies.co.uk)"),
        reply("en-in-back-from-vacation", "en", "IN", rajesh, "c20260310", "2026-03-23 11:15",
              "Hi Mei,\n\nI am back from vacation now. Please resend the catalogue with the 2026\n"
              "price list - the attachment was missing.\n\nRegards,\nRajesh",
              greeting="Rajesh", notes="hard negative: 'back from vacation'"),
        reply("en-us-stop-the-shipment", "en", "US", brian, "p20260316", 14,
              "Leo,\n\nPlease stop the shipment until we confirm the label artwork - our logo\n"
              "has changed. I'll send the new files tomorrow.\n\nBrian", client="outlook",
              greeting="Brian", notes="hard negative: 'stop' is about the shipment"),
        reply("en-ae-mentions-future-leave", "en", "AE",
              ("Omar Haddad", "omar@gulfcleantech.ae"), "p20260316", 4,
              "Dear Leo,\n\nThanks for the PI. I'll be on leave from 20 March to 29 March, so\n"
              "please send the final PI with the bank details before then. We will pay the\n"
              "deposit on 19 March.\n\nBest regards,\nOmar Haddad\nGulf Clean Tech LLC, Dubai\n"
              "Tel: +971 4 555 0123", client="outlook", greeting="Omar",
              notes="hard negative: a person announcing a future absence"),
        reply("en-us-auto-submitted-no", "en", "US", ("Kevin Walsh", "kevin@uvpurelabs.com"),
              "q20260407", 30,
              "Anna, thanks for the far-UVC prices. Can you do USD 120 at 1,000 pcs?\n\nKevin",
              client="thunderbird", greeting="Kevin",
              headers=(("Auto-Submitted", "no"),),
              notes="hard negative: 'Auto-Submitted: no' means a person sent it"),
        # ---- German ----
        reply("de-outlook-aw-muster", "de", "DE",
              ("Jürgen Berger", "j.berger@berger-lichttechnik.de"), "q20260309",
              "2026-03-18 08:47",
              "Hallo Frau Wang,\n\nvielen Dank für das Angebot. Können Sie uns je 2 Muster der\n"
              "UVA-MH-2KW und UVA-MH-5KW schicken? Lieferadresse wie bisher.\n\n"
              "Mit freundlichen Grüßen\nJürgen Berger\nBerger Lichttechnik GmbH\n"
              "Industriestraße 12, 70565 Stuttgart\nTel. +49 711 555 2300", client="outlook",
              greeting="Mr. Berger", charset="iso-8859-1", henc="Q"),
        reply("de-wieder-aus-dem-urlaub", "de", "DE",
              ("Katrin Müller", "k.mueller@hydroclean.de"), "c20260310", "2026-03-24 09:30",
              "Hallo Frau Lin,\n\nich bin wieder aus dem Urlaub zurück und habe mir Ihren "
              "Katalog\nangesehen. Bitte senden Sie mir ein Angebot für 300 Stück des "
              "275-nm-Moduls.\n\nViele Grüße\nKatrin Müller", greeting="Ms. Müller",
              notes="hard negative: 'wieder aus dem Urlaub zurück'"),
        reply("at-passt-danke-iphone", "de", "AT",
              ("Andreas Huber", "a.huber@wassertechnik-huber.at"), "f20260203",
              "2026-02-09 07:58", "Passt, danke!\n\nVon meinem iPhone gesendet", client="apple",
              greeting="Mr. Huber"),
        reply("ch-outlook-signature-absence", "de", "CH",
              ("Martina Keller", "martina.keller@uvsysteme.ch"), "q20260407", "2026-04-15 10:20",
              "Guten Tag Frau Wang\n\nBesten Dank. Wir bestellen 100 Stück FUV-222-20W. Die\n"
              "Bestellung folgt separat.\n\nFreundliche Grüsse\nMartina Keller\n"
              "UV Systeme AG | +41 44 555 12 12\nHinweis: Vom 20.04. bis 24.04. bin ich abwesend.",
              client="outlook", greeting="Ms. Keller", headers=ms_suppress,
              notes="hard negative: a future absence in the signature; X-Auto-Response-Suppress"),
        reply("de-thunderbird-lieferzeit", "de", "DE",
              ("Stefan Wagner", "stefan.wagner@wagner-uv-technik.de"), "q20260309",
              "2026-03-23 14:05",
              "Sehr geehrte Frau Wang,\n\nwie lange ist die Lieferzeit per Seefracht nach "
              "Hamburg? Und gibt es\neine Garantie auf die Lampen?\n\nMit freundlichen Grüßen\n"
              "Stefan Wagner", client="thunderbird", greeting="Mr. Wagner", cte="8bit"),
        # ---- French ----
        reply("fr-outlook-certificats", "fr", "FR",
              ("Claire Dubois", "claire.dubois@lumiere-pro.fr"), "q20260309", "2026-03-18 09:12",
              "Bonjour Anna,\n\nMerci pour votre offre. Pouvez-vous nous transmettre les "
              "certificats CE\net RoHS des lampes UVA-MH-5KW ?\n\nCordialement,\nClaire Dubois\n"
              "Lumière Pro SAS – Service achats\n+33 1 55 55 42 10", client="outlook",
              greeting="Claire", charset="windows-1252", henc="Q"),
        reply("be-merci-bien-recu", "fr", "BE", ("Julien Lambert", "j.lambert@aquatech.be"),
              "p20260316", "2026-04-01 08:30", "Merci, bien reçu.\n\nJulien",
              greeting="Julien"),
        reply("ma-prix-en-euros", "fr", "MA", ("Youssef Benali", "y.benali@eauclaire.ma"),
              "p20260511", "2026-05-18 11:02",
              "Bonjour Madame Wang,\n\nPouvez-vous nous donner les prix en euros, livraison CIF\n"
              "Casablanca ? Nous souhaitons commander avant le 31 mai.\n\nCordialement,\n"
              "Youssef Benali\nEau Claire SARL\n+212 522 55 55 10", greeting="Mr. Benali"),
        # ---- Spanish ----
        reply("es-outlook-adelantar-envio", "es", "ES",
              ("Lucía Fernández", "lucia.fernandez@iluminacionsur.es"), "p20260316",
              "2026-03-25 09:40",
              "Hola Leo:\n\nGracias por la factura proforma. ¿Podéis adelantar el envío al 10 de\n"
              "abril? Haremos el pago del depósito mañana.\n\nUn saludo,\nLucía Fernández\n"
              "Iluminación Sur S.L.\n+34 954 55 51 20", client="outlook", greeting="Lucía",
              charset="iso-8859-1", henc="Q"),
        reply("mx-ficha-tecnica", "es", "MX",
              ("Alejandro Ramírez", "aramirez@purificadoresdelnorte.com.mx"), "q20260407",
              "2026-04-13 10:15",
              "Hola Anna,\n\n¿Me puedes enviar la ficha técnica y el certificado de la lámpara\n"
              "FUV-222-20W? También necesitamos precio para 300 piezas.\n\nSaludos,\n"
              "Alejandro Ramírez\nPurificadores del Norte\nTel. +52 81 5555 0133",
              greeting="Alejandro"),
        reply("co-recibido-gracias-iphone", "es", "CO",
              ("Camila Torres", "ctorres@aguaviva.com.co"), "f20260203", "2026-02-16 08:10",
              "Recibido, gracias.\n\nEnviado desde mi iPhone", client="apple",
              greeting="Camila"),
        reply("ar-volvi-de-la-licencia", "es", "AR",
              ("Martín Gómez", "mgomez@aguasdelplata.com.ar"), "q20260602", "2026-06-11 09:20",
              "Hola Leo,\n\nVolví de la licencia. Queremos 300 lámparas GPHA-320W. ¿Cuál es el "
              "plazo\nde entrega a Buenos Aires?\n\nSaludos,\nMartín Gómez", client="outlook",
              greeting="Martín", notes="hard negative: 'volví de la licencia'"),
        # ---- Italian ----
        reply("it-outlook-campione", "it", "IT",
              ("Marco Rossi", "m.rossi@rossi-illuminazione.it"), "c20260310",
              "2026-03-16 11:45",
              "Buongiorno,\n\nci interessano i moduli UV-C LED da 275 nm. Potete inviarci un "
              "campione\ngratuito come indicato?\n\nCordiali saluti\nMarco Rossi\n"
              "Rossi Illuminazione S.r.l.\nTel. +39 02 5550 1100", client="outlook",
              greeting="Mr. Rossi", charset="iso-8859-15", henc="Q"),
        reply("it-grazie-ricevuto", "it", "IT", ("Giulia Bianchi", "g.bianchi@acquapura.it"),
              "q20260407", "2026-04-28 09:05",
              "Grazie mille, ricevuto. Vi faccio sapere entro venerdì.\n\nGiulia",
              greeting="Giulia"),
        reply("it-sono-rientrato-oggi", "it", "IT",
              ("Luca Conti", "l.conti@rossi-illuminazione.it"), "q20260602",
              "2026-06-03 08:55",
              "Buongiorno Leo,\n\nsono rientrato oggi. Il prezzo di 19,40 USD vale anche per 800 "
              "pezzi?\n\nSaluti,\nLuca Conti", client="outlook", greeting="Luca",
              notes="hard negative: 'sono rientrato oggi'"),
        # ---- Portuguese ----
        reply("br-outlook-voltei-das-ferias", "pt", "BR",
              ("Rafael Souza", "rafael.souza@luzeagua.com.br"), "q20260309", "2026-03-18 09:33",
              "Olá Anna,\n\nVoltei das férias hoje. Podemos fechar 200 peças da UVA-MH-2KW? Qual "
              "o\nprazo para entrega em Santos?\n\nAtenciosamente,\nRafael Souza\n"
              "Luz e Água Ltda.\n+55 11 5555-0123", client="outlook", greeting="Rafael",
              notes="hard negative: 'voltei das férias'"),
        reply("pt-obrigada-proposta", "pt", "PT",
              ("Inês Carvalho", "ines.carvalho@uvportugal.pt"), "q20260407", "2026-04-13 15:20",
              "Obrigada pela proposta. Vou analisar com a equipa e dou notícias na próxima "
              "semana.\n\nInês Carvalho", greeting="Inês"),
        reply("br-ok-obrigada-iphone", "pt", "BR",
              ("Fernanda Lima", "fernanda.lima@luzeagua.com.br"), "f20260420",
              "2026-05-04 08:12", "Ok, obrigada!\n\nEnviado do meu iPhone", client="apple",
              greeting="Fernanda"),
        # ---- Dutch ----
        reply("nl-outlook-ce-verklaring", "nl", "NL",
              ("Pieter de Vries", "p.devries@vrieslicht.nl"), "q20260309", "2026-03-18 10:02",
              "Beste Anna,\n\nBedankt voor de offerte. Kunnen jullie ook leveren met een "
              "CE-verklaring in\nhet Nederlands? Wij denken aan 150 stuks.\n\n"
              "Met vriendelijke groet,\nPieter de Vries\nVries Licht B.V.\n+31 20 555 0147",
              client="outlook", greeting="Pieter"),
        reply("be-nl-prima-dank-je", "nl", "BE", ("Lotte Peeters", "lotte.peeters@uvclean.be"),
              "q20260407", "2026-04-13 13:40",
              "Prima, dank je wel! Ik bespreek het met mijn collega.\n\nLotte",
              greeting="Lotte"),
        reply("nl-levertijd-rotterdam", "nl", "NL",
              ("Sanne Bakker", "sanne@bakker-waterbehandeling.nl"), "c20260427",
              "2026-05-11 09:25",
              "Hallo Anna,\n\nLeuk je ontmoet te hebben op de Canton Fair. Wat is de levertijd "
              "voor\n500 stuks UVC-T8-36W naar Rotterdam?\n\nGroet,\nSanne Bakker",
              client="thunderbird", greeting="Sanne"),
        # ---- Swedish ----
        reply("se-outlook-sv-prover", "sv", "SE",
              ("Erik Lindqvist", "erik.lindqvist@nordljus.se"), "q20260309", "2026-03-18 08:15",
              "Hej Anna,\n\nTack för offerten. Kan ni skicka två prover av UVA-MH-2KW till vårt\n"
              "kontor i Göteborg?\n\nMed vänliga hälsningar\nErik Lindqvist\nNordljus AB\n"
              "+46 31 555 12 34", client="outlook", greeting="Erik", charset="iso-8859-1",
              henc="Q"),
        reply("se-tack-noterat", "sv", "SE",
              ("Johan Nilsson", "johan.nilsson@vattenrening.se"), "p20260511",
              "2026-05-20 09:01", "Tack, noterat!\n\nJohan", greeting="Johan"),
        reply("se-outlook-livslangd", "sv", "SE",
              ("Anna Berglund", "anna.berglund@nordljus.se"), "q20260407", "2026-04-13 11:30",
              "Hej,\n\nvilken livslängd har FUV-222-20W vid kontinuerlig drift? Och vad kostar\n"
              "frakten till Stockholm?\n\nHälsningar\nAnna Berglund", client="outlook",
              greeting="Anna"),
        # ---- Polish ----
        reply("pl-outlook-odp-dostawa", "pl", "PL",
              ("Tomasz Kowalski", "t.kowalski@uvpol.pl"), "q20260309", "2026-03-18 09:50",
              "Dzień dobry,\n\ndziękuję za ofertę. Proszę o informację, czy możliwa jest dostawa "
              "do\nGdańska w ciągu 30 dni.\n\nPozdrawiam\nTomasz Kowalski\nUVPOL Sp. z o.o.\n"
              "tel. +48 58 555 12 30", client="outlook", greeting="Tomasz",
              charset="iso-8859-2", henc="Q"),
        reply("pl-dzieki-otrzymalam", "pl", "PL", ("Agnieszka Nowak", "a.nowak@uvpol.pl"),
              "q20260407", "2026-04-13 12:10",
              "Dzięki, otrzymałam. Wrócę z odpowiedzią po konsultacji z szefem.\n\nAgnieszka",
              greeting="Agnieszka"),
        reply("pl-thunderbird-probki", "pl", "PL",
              ("Piotr Wiśniewski", "p.wisniewski@aquaservice.pl"), "f20260430",
              "2026-05-11 10:40",
              "Dzień dobry,\n\npróbki dotarły dzisiaj. Dwie lampy FUV-222 mają uszkodzone "
              "opakowanie –\nczy możecie wysłać zamienniki?\n\nPozdrawiam,\nPiotr Wiśniewski",
              client="thunderbird", greeting="Piotr", cte="8bit"),
        # ---- Turkish ----
        reply("tr-outlook-ynt-proforma", "tr", "TR",
              ("Mehmet Yılmaz", "mehmet.yilmaz@aydinlatma-ege.com.tr"), "p20260316",
              "2026-03-18 10:25",
              "Merhaba Leo Bey,\n\nProforma faturayı aldık. Depozitoyu bu hafta göndereceğiz.\n"
              "Sevkiyat İzmir limanına olacak.\n\nSaygılarımla,\nMehmet Yılmaz\n"
              "Ege Aydınlatma A.Ş.\n+90 232 555 40 41", client="outlook", greeting="Mehmet",
              charset="iso-8859-9", henc="Q"),
        reply("tr-tesekkurler", "tr", "TR", ("Emre Kaya", "emre.kaya@sutek.com.tr"),
              "q20260602", "2026-06-16 09:15",
              "Teşekkürler, inceleyip dönüş yapacağım.\n\nEmre", greeting="Emre"),
        reply("tr-outlook-numune", "tr", "TR",
              ("Ayşe Demir", "ayse.demir@aydinlatma-ege.com.tr"), "q20260407",
              "2026-04-13 14:00",
              "Merhaba Anna Hanım,\n\nFUV-222-20W için 2 adet numune gönderebilir misiniz? "
              "Numune\nücretini ödeyebiliriz.\n\nİyi çalışmalar,\nAyşe Demir", client="outlook",
              greeting="Ayşe"),
        # ---- Russian ----
        reply("ru-outlook-dostavka", "ru", "RU", ("Дмитрий Иванов", "d.ivanov@uf-tech.ru"),
              "q20260309", "2026-03-18 11:20",
              "Добрый день, Анна!\n\nСпасибо за предложение. Подскажите, пожалуйста, возможна "
              "ли доставка\nдо Москвы железной дорогой и в какие сроки?\n\nС уважением,\n"
              "Дмитрий Иванов\nООО «УФ-Тех»\n+7 495 555-12-34", client="outlook",
              greeting="Dmitry", charset="windows-1251"),
        reply("ru-spasibo-poluchili", "ru", "RU",
              ("Елена Кузнецова", "e.kuznetsova@uf-tech.ru"), "q20260407", "2026-04-13 10:05",
              "Спасибо, получили. Вернусь с ответом на следующей неделе.\n\nЕлена",
              greeting="Elena"),
        reply("kz-koi8-obraztsy", "ru", "KZ", ("Алексей Ким", "a.kim@suluteh.kz"), "f20260430",
              "2026-05-12 09:35",
              "Здравствуйте, Лео!\n\nОбразцы получили, всё в порядке. Планируем заказ 500 ламп\n"
              "UVC-T5-8W в июне.\n\nАлексей Ким", client="thunderbird", greeting="Alexey",
              charset="koi8-r", cte="8bit"),
        # ---- Chinese (simplified) ----
        reply("cn-shoudao-xiexie", "zh", "CN", ("王磊", "wanglei@huajing-env.com.cn"),
              "q20260305", 2.5, "收到，谢谢！", client="foxmail", greeting="王经理",
              charset="gbk", cte="base64"),
        reply("cn-foxmail-jiage", "zh", "CN", ("刘洋", "liuyang@qingyuan-water.cn"),
              "q20260305", "2026-03-23 14:30",
              "梅经理您好：\n\n报价已收到。请问1000支的价格能否降到30元？另外需要提供检测报告。\n\n"
              "刘洋\n清源水处理设备有限公司\n电话：0755-5555 1234", client="foxmail",
              greeting="刘先生", charset="gbk", cte="base64"),
        reply("cn-chuchai-huilai", "zh", "CN", ("赵敏", "zhaomin@huajing-env.com.cn"),
              "q20260309", "2026-03-16 09:10",
              "Anna 您好，\n\n我刚出差回来。请把UVA-MH-5KW的规格书发给我，谢谢。\n\n赵敏",
              greeting="Ms. Zhao", notes="hard negative: '刚出差回来' (just back from a trip)"),
        reply("sg-outlook-dafu-dingdan", "zh", "SG",
              ("陈美玲", "meiling.chen@huaxin-trading.com.sg"), "q20260407", "2026-04-13 16:20",
              "Anna 你好，\n\n我们决定先订100支FUV-222-20W，请发形式发票。\n\n谢谢！\n陈美玲\n"
              "华信贸易私人有限公司 +65 6555 1234", client="outlook", greeting="Ms. Chen"),
        reply("cn-weixin-fukuan", "zh", "CN", ("孙强", "sunqiang@dongfang-uv.com"), "q20260305",
              "2026-03-06 10:45", "好的，我们下周安排付款。有问题加我微信 sunq1988 联系。",
              client="foxmail", greeting="孙总"),
        # ---- Chinese (traditional) ----
        reply("tw-outlook-big5-ul", "zh-Hant", "TW",
              ("陳志明", "zhiming.chen@guangda-tech.com.tw"), "q20260309", "2026-03-18 09:40",
              "Anna 您好：\n\n謝謝您的報價。請問UVA-MH-2KW是否有UL認證？我們預計採購300支。\n\n"
              "陳志明\n光達科技股份有限公司\nTel: +886 2 2555 1234", client="outlook",
              greeting="Mr. Chen", charset="big5", henc="B"),
        reply("hk-shoudao-xiexie", "zh-Hant", "HK", ("黃嘉慧", "kawai.wong@hkpure.com.hk"),
              "q20260407", "2026-04-13 10:10", "收到，謝謝！我們會盡快回覆。\n\n嘉慧",
              greeting="Ms. Wong"),
        # ---- Japanese ----
        reply("jp-outlook-iso2022jp-hacchu", "ja", "JP", ("佐藤 健", "k.sato@hikari-kiki.co.jp"),
              "q20260309", "2026-03-18 10:00",
              "王様\n\nお世話になっております。光機器の佐藤です。\nお見積りありがとうございます。"
              "UVA-MH-2KWを50本発注したいと考えております。\n"
              "納期をご教示いただけますでしょうか。\n\nよろしくお願いいたします。\n佐藤 健\n"
              "光機器株式会社\nTEL: 03-5555-1234", client="outlook", greeting="Mr. Sato",
              charset="iso-2022-jp", cte="7bit"),
        reply("jp-shift-jis-shouchi", "ja", "JP", ("田中 美咲", "misaki.tanaka@mizu-tech.jp"),
              "p20260316", "2026-03-25 09:20", "承知いたしました。ありがとうございます。\n\n田中",
              greeting="Ms. Tanaka", charset="shift_jis", cte="base64"),
        reply("jp-thunderbird-sample", "ja", "JP",
              ("鈴木 一郎", "ichiro.suzuki@shoumei-kogyo.co.jp"), "c20260310", 30,
              "新しいカタログをありがとうございます。\n275nmモジュールのサンプルを1個お願いできますで"
              "しょうか。\n\n鈴木", client="thunderbird", greeting="Mr. Suzuki", cte="base64"),
        # ---- Korean ----
        reply("kr-outlook-euckr-order", "ko", "KR", ("김민준", "mj.kim@uvtech.co.kr"),
              "q20260309", "2026-03-18 10:30",
              "안녕하세요 Anna 님,\n\n견적서 잘 받았습니다. UVA-MH-5KW 20개 주문하려고 합니다.\n"
              "부산항까지 배송 가능한가요?\n\n감사합니다.\n김민준 드림\n(주)유브이테크 | "
              "+82 2 555 1234", client="outlook", greeting="Mr. Kim", charset="euc-kr",
              cte="base64"),
        reply("kr-gamsahamnida", "ko", "KR", ("이서연", "sy.lee@cleanlight.co.kr"), "q20260407",
              "2026-04-13 09:45", "감사합니다. 검토 후 다시 연락드리겠습니다.\n\n이서연",
              greeting="Ms. Lee"),
        reply("kr-suumyeong-question", "ko", "KR", ("박지훈", "jihoon.park@sudo-eng.co.kr"),
              "q20260602", "2026-06-08 11:00",
              "안녕하세요, 램프 수명 16,000시간은 어떤 조건에서 측정된 건가요?\n\n박지훈",
              client="thunderbird", greeting="Mr. Park"),
        # ---- Arabic ----
        reply("sa-outlook-1256-order", "ar", "SA",
              ("أحمد الحربي", "a.alharbi@alnaqa-trading.com.sa"), "q20260407",
              "2026-04-16 09:30",
              "السيدة آنا المحترمة،\n\nشكراً على عرض السعر. نرغب في طلب 200 قطعة من "
              "FUV-222-20W.\nهل يمكنكم الشحن إلى ميناء جدة؟\n\nمع التحية،\nأحمد الحربي\n"
              "شركة النقاء للتجارة\nهاتف: +966 12 555 1234", client="outlook",
              greeting="Mr. Alharbi", charset="windows-1256"),
        reply("ae-shukran-tam-alistilam", "ar", "AE",
              ("خالد المنصوري", "khalid@gulfcleantech.ae"), "p20260511", "2026-05-18 10:05",
              "شكراً، تم الاستلام.\n\nخالد", greeting="Khalid"),
        reply("eg-video-warranty", "ar", "EG", ("محمد عبد الله", "m.abdallah@nilewater.com.eg"),
              "f20260420", "2026-04-22 11:40",
              "أهلاً مي،\n\nهل يمكن إرسال فيديو للمنتج قبل الشحن؟ ونريد معرفة مدة الضمان.\n\n"
              "محمد عبد الله", greeting="Mr. Abdallah", cte="base64"),
        # ---- Indonesian ----
        reply("id-outlook-sampel", "id", "ID",
              ("Budi Santoso", "budi.santoso@sinarterang.co.id"), "f20260203",
              "2026-02-11 13:20",
              "Selamat siang Pak Leo,\n\nSampel sudah kami terima dalam kondisi baik. Kami akan "
              "uji minggu ini\ndan kabari hasilnya.\n\nSalam,\nBudi Santoso\nPT Sinar Terang\n"
              "+62 21 5555 1234", client="outlook", greeting="Pak Budi",
              charset="us-ascii", cte="7bit"),
        reply("id-terima-kasih", "id", "ID", ("Dewi Lestari", "dewi.lestari@sinarterang.co.id"),
              "q20260407", "2026-04-13 09:00", "Terima kasih, sudah kami terima.\n\nDewi",
              greeting="Bu Dewi"),
        reply("id-harga-lama", "id", "ID", ("Agus Wijaya", "agus.wijaya@tirtamurni.co.id"),
              "p20260511", "2026-05-18 10:30",
              "Halo Bu Anna,\n\nApakah harga lama masih berlaku kalau kami konfirmasi order "
              "tanggal 29 Mei?\n\nTerima kasih,\nAgus Wijaya", greeting="Pak Agus",
              notes="a date in a human question is not a return date"),
        # ---- Vietnamese ----
        reply("vn-outlook-dat-hang", "vi", "VN",
              ("Nguyễn Văn Minh", "minh.nguyen@anhsangviet.com.vn"), "q20260309",
              "2026-03-18 09:15",
              "Chào chị Anna,\n\nCảm ơn chị đã gửi báo giá. Bên em muốn đặt 100 bóng UVA-MH-2KW,"
              " giao\nhàng về cảng Hải Phòng. Chị báo giúp em thời gian giao hàng nhé.\n\n"
              "Trân trọng,\nNguyễn Văn Minh\nCông ty TNHH Ánh Sáng Việt\nĐT: +84 24 5555 1234",
              client="outlook", greeting="Mr. Minh"),
        reply("vn-cam-on-da-nhan", "vi", "VN", ("Phạm Thu Hà", "ha.pham@nuocsach-hn.vn"),
              "q20260407", "2026-04-13 08:50", "Em cảm ơn chị, em đã nhận được.\n\nThu Hà",
              greeting="Ms. Ha"),
        reply("vn-gia-moi", "vi", "VN", ("Trần Quốc Bảo", "bao.tran@uvsaigon.vn"), "p20260511",
              "2026-05-18 14:10",
              "Chào chị, giá mới áp dụng từ 1/6 cho cả đơn đặt trước đó không ạ?\n\nBảo",
              greeting="Mr. Bao", cte="base64"),
    ]


# ---------------------------------------------------------------------------------------
# Unsubscribe requests
# ---------------------------------------------------------------------------------------


def unsub(slug: str, lang: str, country: str, sender: tuple[str, str], key: str,
          when: str | float, body: str, **kw) -> Mail:
    return reply(slug, lang, country, sender, key, when, body, kind="unsubscribe", **kw)


def unsubscribe_mail() -> list[Mail]:
    unsub_to = f"<unsubscribe+{token('hvac-depot', n=12)}@{DOMAIN}>"
    return [
        unsub("en-us-mailto-list-unsubscribe-empty", "en", "US",
              ("Dave Miller", "dave.miller@hvac-depot.com"), "c20260310", 2.0, "",
              client="plain", quote=None, subject="unsubscribe", to=unsub_to, threading=False,
              notes="a mailto: List-Unsubscribe hit: empty body, tagged unsubscribe+ address"),
        unsub("en-us-gmail-unsubscribe-button", "en", "US",
              ("Greg Turner", "greg.turner1974@gmail.com"), "p20260511", 6.0,
              "This message was automatically generated by Gmail.", client="plain", quote=None,
              subject="Unsubscribe", to=f"<unsubscribe@{DOMAIN}>", threading=False,
              notes="Gmail's unsubscribe button: machine-written, but a person's request"),
        unsub("en-gb-please-remove-me", "en", "GB",
              ("Helen Carter", "helen.carter@northbridge-fm.co.uk"), "c20260310", 3.5,
              "Please remove me from your mailing list. Thank you.", greeting="Helen"),
        unsub("en-us-stop-emailing-me", "en", "US", ("Mike Rivera", "mrivera@sunbeltmech.com"),
              "p20260511", 1.2,
              "Stop emailing me. I never asked for your catalogue. If this continues I will\n"
              "report it as spam.", client="outlook", greeting="Mike"),
        unsub("en-au-one-word", "en", "AU", ("Grace Lee", "grace@aquaclear.net.au"),
              "c20260427", 20, "Unsubscribe\n\nSent from my iPhone", client="apple",
              greeting="Grace"),
        unsub("en-in-subject-remove", "en", "IN", ("Vikram Shah", "vikram@shahtraders.in"),
              "c20260310", 30, "", client="plain", quote="gmail", subject="REMOVE",
              greeting="Vikram", notes="empty new text, request only in the subject"),
        unsub("de-bitte-keine-emails-mehr", "de", "DE",
              ("Frank Hoffmann", "f.hoffmann@hoffmann-elektro.de"), "c20260310", 4,
              "Guten Tag,\n\nbitte senden Sie mir keine E-Mails mehr und entfernen Sie meine "
              "Adresse aus\nIhrem Verteiler.\n\nF. Hoffmann", client="outlook",
              greeting="Mr. Hoffmann", charset="iso-8859-1", henc="Q"),
        unsub("at-abmelden", "de", "AT", ("Eva Gruber", "eva.gruber@gruber-licht.at"),
              "p20260511", 22, "Bitte abmelden.", subject="Abmelden", greeting="Ms. Gruber"),
        unsub("fr-desinscrire", "fr", "FR", ("Paul Mercier", "p.mercier@climatech.fr"),
              "c20260310", 5, "Bonjour,\n\nMerci de me désinscrire de votre liste de diffusion."
              "\n\nP. Mercier", client="outlook", greeting="Mr. Mercier",
              charset="iso-8859-15", henc="Q"),
        unsub("es-darse-de-baja", "es", "ES", ("Rosa Navarro", "rnavarro@frioindustrial.es"),
              "p20260511", 3, "Por favor, denme de baja de su lista de correo.\n\nGracias.",
              subject="Baja", greeting="Ms. Navarro"),
        unsub("it-cancellare-iscrizione", "it", "IT",
              ("Paolo Greco", "p.greco@grecoimpianti.it"), "c20260310", 26,
              "Buongiorno,\nvi prego di cancellare la mia iscrizione alla vostra newsletter e di "
              "non\ninviarmi più e-mail.\n\nPaolo Greco", client="outlook", greeting="Mr. Greco"),
        unsub("br-descadastrar", "pt", "BR", ("Juliana Rocha", "juliana@ecofiltros.com.br"),
              "c20260427", 8, "Favor me descadastrar da lista de e-mails.",
              subject="Descadastrar", greeting="Juliana"),
        unsub("nl-afmelden", "nl", "NL", ("Bram Smit", "bram.smit@smit-koeltechniek.nl"),
              "p20260511", 2.5, "Graag afmelden voor uw mailings.\n\nBram Smit",
              subject="Afmelden", greeting="Bram"),
        unsub("se-avregistrera", "sv", "SE", ("Karin Ek", "karin.ek@ekvent.se"), "c20260310",
              9, "Avregistrera mig från era utskick, tack.\n\nKarin", greeting="Karin"),
        unsub("pl-wypisz-mnie", "pl", "PL", ("Marek Dąbrowski", "m.dabrowski@dabtech.pl"),
              "p20260511", 4, "Proszę wypisać mnie z listy mailingowej.\n\nMarek Dąbrowski",
              subject="Wypisz mnie", greeting="Marek", charset="iso-8859-2", henc="Q"),
        unsub("tr-abonelikten-cik", "tr", "TR", ("Hakan Çelik", "hakan@celikmakine.com.tr"),
              "c20260310", 11, "Lütfen beni e-posta listenizden çıkarın.",
              subject="Abonelikten çık", greeting="Hakan Bey"),
        unsub("ru-otpishite-menya", "ru", "RU", ("Ирина Волкова", "i.volkova@teplo-servis.ru"),
              "c20260427", 5, "Отпишите меня, пожалуйста, от вашей рассылки.\n\nИрина",
              greeting="Irina", charset="windows-1251"),
        unsub("cn-qing-buyao-zai-fa", "zh", "CN", ("周杰", "zhoujie@hengtai-hvac.cn"),
              "c20260310", 1.5, "请不要再发邮件给我了，谢谢。", greeting="Mr. Zhou",
              charset="gbk", cte="base64"),
        unsub("cn-tuiding", "zh", "CN", ("吴芳", "wufang@lvyuan-env.com"), "q20260305", 30,
              "退订", subject="退订", client="foxmail", greeting="吴女士", charset="gbk",
              cte="8bit", notes="our quoted footer also says 退订; here it is the new text"),
        unsub("tw-quxiao-dingyue", "zh-Hant", "TW", ("許家豪", "jiahao.hsu@taiyang-ht.com.tw"),
              "c20260427", 6, "請將我從郵件名單中移除，謝謝。", subject="取消訂閱",
              greeting="Mr. Hsu", charset="big5", cte="base64"),
        unsub("jp-haishin-teishi", "ja", "JP", ("中村 翔", "sho.nakamura@kuchou-tech.co.jp"),
              "c20260310", 12, "配信停止をお願いします。\n\n中村", subject="配信停止",
              greeting="Mr. Nakamura", charset="iso-2022-jp", cte="7bit"),
        unsub("kr-susin-geobu", "ko", "KR", ("정다은", "daeun.jung@hanbit-air.co.kr"),
              "p20260511", 3, "수신 거부합니다. 더 이상 메일 보내지 마세요.", subject="수신 거부",
              greeting="Ms. Jung", charset="euc-kr", cte="base64"),
        unsub("sa-ilgha-alishtirak", "ar", "SA", ("نورة الشهري", "n.alshehri@alwaha-ac.com.sa"),
              "c20260310", 7, "الرجاء إلغاء الاشتراك وعدم إرسال رسائل أخرى.",
              subject="إلغاء الاشتراك", greeting="Ms. Alshehri", charset="windows-1256"),
        unsub("id-berhenti-berlangganan", "id", "ID", ("Siti Rahma", "siti@maju-teknik.co.id"),
              "c20260427", 10, "Mohon berhenti mengirim email. Saya ingin berhenti "
              "berlangganan.\n\nSiti", greeting="Bu Siti"),
        unsub("vn-huy-dang-ky", "vi", "VN", ("Đỗ Minh Tuấn", "tuan.do@dienlanh-hcm.vn"),
              "p20260511", 5, "Vui lòng hủy đăng ký email này cho tôi. Cảm ơn.",
              subject="Hủy đăng ký", greeting="Mr. Tuan"),
    ]


# ---------------------------------------------------------------------------------------
# Left the company / address changed
# ---------------------------------------------------------------------------------------


def left(slug: str, lang: str, country: str, sysname: str, sender: tuple[str, str], key: str,
         body: str, replacement: str | None, **kw) -> Mail:
    return ooo(slug, lang, country, sysname, sender, key, body, kind="left_company",
               replacement=replacement, **kw)


def left_company_mail() -> list[Mail]:
    return [
        left("en-us-m365-no-longer-with", "en", "US", "m365",
             ("Mark Johnson", "mark.johnson@clearair-systems.com"), "q20260309",
             "Thank you for your email. Please note that Mark Johnson is no longer with\n"
             "ClearAir Systems. Please contact Brian Keller at brian.keller@clearair-systems.com\n"
             "for all purchasing matters.", "brian.keller@clearair-systems.com",
             notes="an Exchange 'Automatic reply:' that is not an absence"),
        left("en-gb-mailbox-no-longer-monitored", "en", "GB", "sieve",
             ("James Porter", "j.porter@uvtech-supplies.co.uk"), "c20260310",
             "This mailbox is no longer monitored. Please send all enquiries to\n"
             "sales@uvtech-supplies.co.uk.", "sales@uvtech-supplies.co.uk",
             subject="Mailbox no longer monitored"),
        reply("en-au-admin-by-hand", "en", "AU", ("Liam O'Connor", "liam@pureflow.com.au"),
              "f20260203", 30,
              "Hi Leo,\n\nPeter Nguyen left PureFlow at the end of January, so your mail to him\n"
              "was forwarded to me. Please send future quotes and samples to me directly\n"
              "(liam@pureflow.com.au).\n\nCheers,\nLiam O'Connor\nOperations Manager",
              client="outlook", greeting="Peter", kind="left_company",
              to="Leo Chen <leo@gmuv-lighting.cn>", replacement="liam@pureflow.com.au",
              notes="written by a colleague, not automatic"),
        left("en-in-address-changed", "en", "IN", "cpanel",
             ("Rajesh Iyer", "rajesh.iyer@sterilux.in"), "p20260511",
             "Dear Sender,\n\nPlease note my email address has changed to "
             "rajesh.iyer@sterilux.co.in.\nThis address will be deactivated on 30 June 2026. "
             "Kindly update your records.\n\nRajesh Iyer", "rajesh.iyer@sterilux.co.in",
             subject="Email address changed"),
        left("en-us-no-longer-employed-no-contact", "en", "US", "m365",
             ("John Smith", "jsmith@brightlinesupply.com"), "c20260427",
             "John Smith is no longer employed by Bright Line Supply. This email account is\n"
             "not monitored.", None),
        left("de-m365-nicht-mehr-taetig", "de", "DE", "m365",
             ("Sabine Müller", "s.mueller@hydroclean.de"), "q20260309",
             "Sehr geehrte Damen und Herren,\n\nFrau Müller ist nicht mehr bei uns tätig. Bitte "
             "wenden Sie sich künftig an\nHerrn Klaus Richter, k.richter@hydroclean.de, "
             "Tel. +49 40 555 1240.\n\nHydroClean GmbH", "k.richter@hydroclean.de"),
        left("fr-ne-fait-plus-partie", "fr", "FR", "exch",
             ("Pierre Leroy", "p.leroy@lumiere-pro.fr"), "c20260310",
             "Bonjour,\n\nPierre Leroy ne fait plus partie de la société. Merci d'adresser vos\n"
             "messages à achats@lumiere-pro.fr.\n\nLumière Pro SAS", "achats@lumiere-pro.fr",
             charset="windows-1252", henc="Q"),
        left("es-ya-no-trabaja", "es", "ES", "m365",
             ("Jorge Sánchez", "jsanchez@iluminacionsur.es"), "q20260309",
             "Jorge Sánchez ya no trabaja en Iluminación Sur. Por favor, diríjase a\n"
             "compras@iluminacionsur.es.", "compras@iluminacionsur.es"),
        left("it-non-fa-piu-parte", "it", "IT", "gmail",
             ("Paola Ricci", "p.ricci@acquapura.it"), "c20260427",
             "La sig.ra Paola Ricci non fa più parte del nostro staff. Per favore scrivete a\n"
             "info@acquapura.it.", "info@acquapura.it", subject="Indirizzo non più attivo"),
        left("br-nao-faz-mais-parte", "pt", "BR", "exch",
             ("Bruno Alves", "bruno.alves@luzeagua.com.br"), "q20260407",
             "O colaborador Bruno Alves não faz mais parte da empresa.\nFavor contatar "
             "comercial@luzeagua.com.br.", "comercial@luzeagua.com.br",
             subject="Resposta automática: Re: Inquiry about 222nm far-UVC lamps",
             notes="Portuguese Exchange prefix on a left-the-company notice"),
        left("nl-niet-meer-werkzaam", "nl", "NL", "zimbra",
             ("Mark Jansen", "m.jansen@vrieslicht.nl"), "c20260310",
             "Mark Jansen is niet meer werkzaam bij Vries Licht. Neem contact op met\n"
             "p.devries@vrieslicht.nl.", "p.devries@vrieslicht.nl",
             subject="Niet meer in dienst"),
        left("se-har-slutat", "sv", "SE", "exch",
             ("Lars Holm", "lars.holm@nordljus.se"), "p20260511",
             "Hej,\n\nLars Holm har slutat på Nordljus AB. Vänligen kontakta\n"
             "erik.lindqvist@nordljus.se i stället.\n\nNordljus AB",
             "erik.lindqvist@nordljus.se", charset="iso-8859-1", henc="Q"),
        left("pl-nie-pracuje-juz", "pl", "PL", "m365",
             ("Katarzyna Lewandowska", "k.lewandowska@uvpol.pl"), "p20260511",
             "Pani Katarzyna Lewandowska nie pracuje już w naszej firmie. Prosimy o kontakt:\n"
             "biuro@uvpol.pl.", "biuro@uvpol.pl"),
        left("tr-artik-calismamaktadir", "tr", "TR", "exch",
             ("Ali Öztürk", "ali.ozturk@aydinlatma-ege.com.tr"), "q20260309",
             "Ali Öztürk artık şirketimizde çalışmamaktadır. Lütfen\n"
             "satinalma@aydinlatma-ege.com.tr adresine yazınız.",
             "satinalma@aydinlatma-ege.com.tr", charset="iso-8859-9", henc="Q"),
        left("ru-bolshe-ne-rabotaet", "ru", "RU", "yandex",
             ("Андрей Соколов", "a.sokolov@uf-tech.ru"), "c20260310",
             "Здравствуйте! Андрей Соколов больше не работает в компании.\n"
             "Пожалуйста, пишите на info@uf-tech.ru.", "info@uf-tech.ru",
             subject="Автоответ: сотрудник больше не работает"),
        left("cn-yi-lizhi", "zh", "CN", "exmail",
             ("张伟", "zhangwei@qingyuan-water.cn"), "q20260305",
             "您好，张伟已离职，请联系采购部刘洋：liuyang@qingyuan-water.cn。",
             "liuyang@qingyuan-water.cn", subject="自动回复: 报价单 Q-2026-0305 紫外线杀菌灯",
             charset="gbk", cte="base64",
             notes="Chinese auto-reply prefix, but the content is 'has left'"),
        left("jp-taishoku", "ja", "JP", "exch",
             ("山本 花子", "hanako.yamamoto@hikari-kiki.co.jp"), "q20260309",
             "山本は2026年2月末をもって退職いたしました。\n今後のご連絡は営業部 "
             "eigyo@hikari-kiki.co.jp までお願いいたします。", "eigyo@hikari-kiki.co.jp",
             charset="iso-2022-jp", cte="7bit"),
        left("kr-toesa", "ko", "KR", "body",
             ("최수진", "sujin.choi@cleanlight.co.kr"), "c20260310",
             "최수진 님은 퇴사하였습니다. 업무 관련 문의는 sy.lee@cleanlight.co.kr 로 연락 "
             "부탁드립니다.", "sy.lee@cleanlight.co.kr", charset="euc-kr", cte="base64"),
        left("sa-lam-yaud-yamal", "ar", "SA", "m365",
             ("عمر الزهراني", "o.alzahrani@alnaqa-trading.com.sa"), "q20260407",
             "نود إعلامكم بأن السيد عمر الزهراني لم يعد يعمل لدى الشركة.\n"
             "يرجى التواصل مع purchasing@alnaqa-trading.com.sa",
             "purchasing@alnaqa-trading.com.sa"),
        left("id-sudah-tidak-bekerja", "id", "ID", "gmail",
             ("Hendra Gunawan", "hendra@sinarterang.co.id"), "p20260511",
             "Bapak Hendra Gunawan sudah tidak bekerja lagi di PT Sinar Terang.\n"
             "Silakan hubungi budi.santoso@sinarterang.co.id.", "budi.santoso@sinarterang.co.id",
             subject="Tidak aktif lagi"),
        left("vn-da-nghi-viec", "vi", "VN", "sieve",
             ("Hoàng Nam", "nam.hoang@anhsangviet.com.vn"), "q20260407",
             "Anh Hoàng Nam đã nghỉ việc tại công ty. Vui lòng liên hệ\n"
             "minh.nguyen@anhsangviet.com.vn.", "minh.nguyen@anhsangviet.com.vn",
             subject="Thông báo nghỉ việc"),
    ]


# ---------------------------------------------------------------------------------------
# Auto-acknowledgements (tickets, shops, support desks)
# ---------------------------------------------------------------------------------------


def ack(slug: str, lang: str, country: str, sysname: str, sender: tuple[str, str], key: str,
        subject: str, body: str, **kw) -> Mail:
    return ooo(slug, lang, country, sysname, sender, key, body, kind="auto_reply",
               subject=subject, **kw)


def auto_reply_mail() -> list[Mail]:
    ticket = (("X-Mailer", "Zendesk Mailer"), ("Auto-Submitted", "auto-generated"))
    return [
        ack("en-zendesk-request-received", "en", "US", "plain",
            ("UV Pure Labs Support", "support@uvpurelabs.zendesk.com"), "q20260407",
            "[UV Pure Labs] Re: Inquiry about 222nm far-UVC lamps",
            "##- Please type your reply above this line -##\n\nYour request (48213) has been "
            "received and is being reviewed by our\nsupport staff.\n\nTo add additional "
            "comments, reply to this email.\n\nThis email is a service from UV Pure Labs.",
            headers=ticket),
        ack("en-freshdesk-ticket-no-headers", "en", "US", "plain",
            ("Bright Line Supply Helpdesk", "help@brightlinesupply.freshdesk.com"), "c20260310",
            "Ticket Received - New 2026 catalogue: UV-C LED modules",
            "Dear Mei Lin,\n\nWe would like to acknowledge that we have received your request "
            "and a ticket\nhas been created. A support representative will be reviewing your "
            "request and\nwill send you a personal response (usually within 24 hours).\n\n"
            "To view the status of the ticket or add comments, please visit\n"
            "https://brightlinesupply.freshdesk.com/helpdesk/tickets/12345\n\nThank you for "
            "your patience.\n\nSincerely,\nBright Line Supply Support Team",
            notes="no auto headers: the ticket phrasing is the cue"),
        ack("en-automated-response", "en", "GB", "sieve",
            ("Northbridge Facilities", "info@northbridge-fm.co.uk"), "p20260511",
            "Thank you for your email",
            "This is an automated response. Thank you for contacting Northbridge Facilities\n"
            "Management. We have received your message and will get back to you within two\n"
            "business days."),
        ack("en-in-shop-autoresponder", "en", "IN", "plain",
            ("Sterilux India", "info@sterilux.in"), "q20260112",
            "Thank you for contacting Sterilux India",
            "Thank you for your email to Sterilux India. Our office hours are Monday to\n"
            "Saturday, 9:30 am to 6:30 pm IST. Our team will respond shortly.\n\n"
            "Sterilux India Pvt. Ltd. | www.sterilux.in",
            notes="no auto headers; a shop autoresponder"),
        ack("de-otrs-eingangsbestaetigung", "de", "DE", "plain",
            ("HydroClean Service", "service@hydroclean.de"), "c20260310",
            "[Ticket#2026031010000123] Eingangsbestätigung: New 2026 catalogue: UV-C LED "
            "modules",
            "Sehr geehrte Damen und Herren,\n\nvielen Dank für Ihre Anfrage. Wir haben Ihr "
            "Anliegen unter der Ticketnummer\n2026031010000123 erfasst und melden uns "
            "schnellstmöglich bei Ihnen.\n\nIhr HydroClean Serviceteam",
            headers=(("X-Loop", "service@hydroclean.de"), ("Precedence", "bulk"),
                     ("Auto-Submitted", "auto-replied"), ("X-Mailer", "OTRS Mail Service")),
            charset="iso-8859-15", henc="Q"),
        ack("fr-accuse-de-reception", "fr", "FR", "sieve",
            ("Service Clients Lumière Pro", "contact@lumiere-pro.fr"), "q20260309",
            "Accusé de réception",
            "Bonjour,\n\nNous avons bien reçu votre message. Il sera traité dans les meilleurs "
            "délais.\n\nCeci est un message automatique, merci de ne pas y répondre."),
        ack("es-hemos-recibido-su-solicitud", "es", "MX", "plain",
            ("Atención a Clientes", "atencion@purificadoresdelnorte.com.mx"), "q20260407",
            "Hemos recibido su solicitud #4821",
            "Estimado cliente:\n\nHemos recibido su solicitud #4821. Le responderemos en un "
            "plazo máximo de\n48 horas hábiles.\n\nEste es un mensaje automático, por favor no "
            "responda a este correo.", headers=(("X-Autoreply", "yes"),)),
        ack("it-conferma-di-ricezione", "it", "IT", "cpanel",
            ("Rossi Illuminazione", "info@rossi-illuminazione.it"), "c20260427",
            "Conferma di ricezione",
            "Gentile cliente,\n\nla sua e-mail è stata ricevuta. La contatteremo al più "
            "presto.\n\nMessaggio generato automaticamente.", charset="iso-8859-1", henc="Q"),
        ack("br-recebemos-sua-mensagem", "pt", "BR", "plain",
            ("Luz e Água Atendimento", "atendimento@luzeagua.com.br"), "p20260511",
            "Recebemos sua mensagem - Protocolo 2026051112345",
            "Olá!\n\nRecebemos sua mensagem e em breve nossa equipe entrará em contato.\n"
            "Protocolo: 2026051112345\n\nEste é um e-mail automático.",
            notes="no auto headers"),
        ack("nl-ontvangstbevestiging", "nl", "NL", "sieve",
            ("Vries Licht Klantenservice", "klantenservice@vrieslicht.nl"), "c20260310",
            "Ontvangstbevestiging",
            "Bedankt voor uw e-mail. Wij hebben uw bericht ontvangen en reageren binnen twee\n"
            "werkdagen.\n\nDit is een automatisch gegenereerd bericht."),
        ack("se-vi-har-tagit-emot", "sv", "SE", "plain",
            ("Nordljus Kundtjänst", "kundtjanst@nordljus.se"), "q20260309",
            "Vi har tagit emot ditt ärende [20260309-0042]",
            "Hej!\n\nVi har tagit emot ditt ärende (ärendenummer 20260309-0042) och återkommer "
            "så\nsnart som möjligt.\n\nVänliga hälsningar\nNordljus Kundtjänst",
            headers=(("Auto-Submitted", "auto-generated"),)),
        ack("pl-potwierdzenie-otrzymania", "pl", "PL", "plain",
            ("UVPOL Biuro", "biuro@uvpol.pl"), "c20260427",
            "Potwierdzenie otrzymania zgłoszenia 2026/04/118",
            "Dziękujemy za wiadomość. Zgłoszenie otrzymało numer 2026/04/118.\n"
            "Odpowiemy w ciągu 2 dni roboczych.\n\nWiadomość wygenerowana automatycznie.",
            headers=(("Precedence", "auto_reply"),), charset="iso-8859-2", henc="Q"),
        ack("tr-talebiniz-alinmistir", "tr", "TR", "cpanel",
            ("Sutek Müşteri Hizmetleri", "destek@sutek.com.tr"), "q20260602",
            "Talebiniz alınmıştır",
            "Değerli müşterimiz,\n\ne-postanız alınmıştır. En kısa sürede size dönüş "
            "yapılacaktır.\n\nBu otomatik bir mesajdır."),
        ack("ru-obrashchenie-zaregistrirovano", "ru", "RU", "plain",
            ("Служба поддержки Свет-Опт", "support@svet-opt.ru"), "c20260310",
            "Ваше обращение зарегистрировано [#58213]",
            "Здравствуйте!\n\nВаше обращение зарегистрировано под номером 58213. Мы ответим в "
            "течение\nодного рабочего дня.\n\nЭто письмо отправлено автоматически, отвечать на "
            "него не нужно.", headers=(("Auto-Submitted", "auto-replied"),),
            charset="koi8-r", cte="base64"),
        ack("cn-xitong-zidong-fasong", "zh", "CN", "exmail",
            ("恒泰暖通", "info@hengtai-hvac.cn"), "q20260305",
            "自动回复: 报价单 Q-2026-0305 紫外线杀菌灯",
            "您好！您的邮件已收到，我们会尽快回复。\n（此邮件为系统自动发送，请勿直接回复）",
            charset="gb18030", cte="base64"),
        ack("jp-jidou-henshin-otoiawase", "ja", "JP", "plain",
            ("株式会社ミズテック お客様窓口", "info@mizu-tech.jp"), "q20260309",
            "【自動返信】お問い合わせありがとうございます",
            "※このメールは自動返信です。\n\nお問い合わせいただきありがとうございます。\n"
            "担当者より2営業日以内にご連絡いたします。\n\n株式会社ミズテック",
            charset="iso-2022-jp", cte="7bit", notes="no auto headers"),
        ack("kr-jadong-eungdap-jeopsu", "ko", "KR", "plain",
            ("한빛에어 고객센터", "cs@hanbit-air.co.kr"), "q20260407",
            "[자동응답] 문의가 접수되었습니다",
            "고객님의 문의가 정상적으로 접수되었습니다.\n영업일 기준 1~2일 이내에 "
            "답변드리겠습니다.\n\n한빛에어 고객센터", headers=(("Auto-Submitted", "auto-replied"),),
            charset="euc-kr", cte="base64"),
        ack("ae-tam-istilam-talabak", "ar", "AE", "sieve",
            ("Gulf Clean Tech", "info@gulfcleantech.ae"), "p20260511", "تم استلام طلبك",
            "شكراً لتواصلكم معنا. تم استلام رسالتكم وسيتم الرد عليها خلال يومي عمل.\n"
            "هذه رسالة آلية."),
        ack("id-terima-kasih-telah-menghubungi", "id", "ID", "plain",
            ("PT Tirta Murni", "info@tirtamurni.co.id"), "c20260310",
            "Terima kasih telah menghubungi kami",
            "Terima kasih telah menghubungi kami. Pesan Anda sudah kami terima dan akan segera\n"
            "kami tindak lanjuti.\n\nEmail ini dikirim secara otomatis.",
            headers=(("X-Autorespond", "Terima kasih"),), charset="us-ascii", cte="7bit"),
        ack("vn-da-nhan-duoc-email", "vi", "VN", "plain",
            ("Nước Sạch Hà Nội", "info@nuocsach-hn.vn"), "q20260407",
            "Xác nhận đã nhận email",
            "Chúng tôi đã nhận được email của quý khách và sẽ phản hồi trong vòng 24 giờ.\n"
            "Đây là email tự động, vui lòng không trả lời.",
            headers=(("Auto-Submitted", "auto-replied"),)),
    ]


# ---------------------------------------------------------------------------------------
# Bulk: newsletters, platform notifications, mailing-list traffic (not replies to us)
# ---------------------------------------------------------------------------------------


def bulk(slug: str, lang: str, country: str | None, sender: tuple[str, str], when: datetime,
         subject: str, body: str, *, list_id: str | None = None, unsub: str | None = None,
         precedence: str | None = "bulk", extra: tuple = (), to: str | None = None,
         charset: str = "utf-8", cte: str = "quoted-printable", html: bool = True,
         notes: str | None = None) -> Mail:
    headers: list[tuple[str, str]] = []
    if list_id:
        headers.append(("List-Id", list_id))
    if unsub:
        headers.append(("List-Unsubscribe", unsub))
        if unsub.startswith("<https"):
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    if precedence:
        headers.append(("Precedence", precedence))
    headers += list(extra)
    m = Mail(f"mailbot/bulk/{slug}", "bulk", lang, country or "", when, sender, subject, body,
             to=to or f"Anna Wang <anna@{DOMAIN}>", charset=charset, cte=cte,
             headers=headers, html=html, notes=notes)
    m.return_path = f"<bounces+{token(slug, n=10)}@{sender[1].split('@')[1]}>"
    return m


def bulk_mail() -> list[Mail]:
    def u(host: str, slug: str) -> str:
        return f"<https://{host}/unsubscribe?u={token(slug, n=20)}>"

    return [
        bulk("en-alibaba-inquiry-notification", "en", None,
             ("Alibaba.com", "notice@service.alibaba.com"), at("2026-03-11 22:14", 8),
             "You have received a new inquiry for UV-C germicidal lamps",
             "Dear Anna Wang,\n\nA buyer from Brazil has sent an inquiry for your product\n"
             "\"UV-C germicidal lamp T8 36W\". Log in to My Alibaba to read and reply.\n\n"
             "This email was sent by Alibaba.com. Please do not reply to this email.",
             unsub=u("notice.alibaba.com", "ali"),
             notes="marketplace notification (noreply, List-Unsubscribe)"),
        bulk("en-made-in-china-buyer-inquiry", "en", None,
             ("Made-in-China.com", "service@made-in-china.com"), at("2026-04-02 09:40", 8),
             "Buyer Inquiry Notification: 222nm far UVC lamp",
             "Dear Supplier,\n\nYou have 1 new buyer inquiry in your Message Center.\n"
             "Product: 222nm far UVC lamp\nQuantity: 200 pieces\n\nPlease reply within 24 hours "
             "to improve your response rate.\n\nThis is a system notification, please do not "
             "reply.", unsub=u("www.made-in-china.com", "mic")),
        bulk("en-linkedin-search-appearances", "en", None,
             ("LinkedIn", "messages-noreply@linkedin.com"), at("2026-03-16 01:05", 0),
             "Anna, you appeared in 12 searches this week",
             "You appeared in 12 searches this week.\nSee who's looking: "
             "https://www.linkedin.com/me/search-appearances\n\nYou are receiving LinkedIn "
             "notification emails.\nUnsubscribe: https://www.linkedin.com/e/v2?e=unsub",
             unsub=u("www.linkedin.com", "li"), precedence=None,
             extra=(("X-LinkedIn-Class", "EMAIL-DEFAULT"),
                    ("X-LinkedIn-Template", "email_weekly_search_appearances"))),
        bulk("en-global-sources-trade-show", "en", None,
             ("Global Sources", "no-reply@globalsources.com"), at("2026-03-20 10:00", 8),
             "Invitation: Global Sources Lifestyle Show, Hong Kong, April 2026",
             "Dear Exhibitor,\n\nRegister now for the Global Sources Lifestyle Show (Hong Kong,\n"
             "27-30 April 2026) and meet 50,000 buyers.\n\nManage your subscriptions: "
             "https://www.globalsources.com/subscriptions", unsub=u("globalsources.com", "gs")),
        bulk("de-light-building-newsletter", "de", "DE",
             ("Light + Building", "newsletter@messefrankfurt.com"), at("2026-02-10 09:00", 1),
             "Light + Building 2026: Ihr Ticket-Gutschein und das Programm",
             "Sehr geehrte Damen und Herren,\n\nvom 8. bis 13. März 2026 ist Frankfurt wieder "
             "die Weltleitmesse für Licht\nund Gebäudetechnik. Sichern Sie sich jetzt Ihr "
             "Ticket.\n\nNewsletter abbestellen: https://www.messefrankfurt.com/abmelden",
             list_id="<light-building.newsletter.messefrankfurt.com>",
             unsub=u("www.messefrankfurt.com", "lb"), charset="iso-8859-1",
             notes="trade-fair mailing; mentions dates (not a reply)"),
        bulk("cn-canton-fair-notice", "zh", "CN",
             ("中国进出口商品交易会", "noreply@cantonfair.org.cn"), at("2026-03-25 14:00", 8),
             "第139届广交会参展商服务通知",
             "尊敬的参展商：\n\n第139届广交会将于2026年4月15日开幕，请登录参展商服务平台完成"
             "展位确认。\n\n此邮件由系统自动发送，请勿回复。如需退订，请点击退订链接。",
             unsub=u("www.cantonfair.org.cn", "cf"), charset="gbk", cte="base64"),
        bulk("es-mailchimp-customer-newsletter", "es", "ES",
             ("Iluminación Sur", "news@iluminacionsur.es"), at("2026-04-08 10:30", 2),
             "Novedades de abril: nuevas luminarias LED",
             "Hola,\n\nEste mes presentamos nuestra nueva gama de luminarias LED para naves\n"
             "industriales.\n\nSi no desea recibir más correos, puede darse de baja aquí:\n"
             "https://iluminacionsur.us12.list-manage.com/unsubscribe",
             list_id="<a1b2c3d4e5f6a7b8c9d0e1f2a.123456.list-id.mcsv.net>",
             unsub=u("iluminacionsur.us12.list-manage.com", "mc"),
             extra=(("X-Mailer", "MailChimp Mailer - **CIDb2c4e6f8a0b2c4e6f8**"),
                    ("X-Campaign", "mailchimpa1b2c3d4e5.b2c4e6f8a0")),
             notes="a customer's own newsletter, from a known customer domain"),
        bulk("fr-lettre-uv-mars", "fr", "FR",
             ("Hygiène UV Magazine", "newsletter@hygiene-uv.fr"), at("2026-03-12 08:00", 1),
             "La lettre de l'UV - mars 2026",
             "Bonjour,\n\nAu sommaire ce mois-ci : la désinfection UV-C dans les hôpitaux.\n\n"
             "Pour vous désinscrire, cliquez ici : https://www.hygiene-uv.fr/desinscription",
             list_id="<lettre.hygiene-uv.fr>", unsub=u("www.hygiene-uv.fr", "fr")),
        bulk("it-novita-primavera", "it", "IT", ("Acquapura", "newsletter@acquapura.it"),
             at("2026-03-23 09:15", 1), "Novità di primavera da Acquapura",
             "Gentile cliente,\n\nscopra le nostre novità per il trattamento dell'acqua.\n\n"
             "Per cancellarsi dalla newsletter: https://www.acquapura.it/newsletter/cancella",
             unsub=u("www.acquapura.it", "it"), charset="iso-8859-15"),
        bulk("jp-mail-magazine", "ja", "JP", ("光機器ニュース", "news@hikari-kiki.co.jp"),
             at("2026-03-03 10:00", 9), "【光機器メールマガジン】2026年3月号",
             "光機器メールマガジン 2026年3月号\n\n今月の特集：UV硬化装置の最新動向\n\n"
             "配信停止はこちら：https://www.hikari-kiki.co.jp/mm/stop",
             unsub=u("www.hikari-kiki.co.jp", "jp"), charset="iso-2022-jp", cte="7bit",
             html=False),
        bulk("ru-promo-skidki", "ru", "RU", ("Свет-Опт", "rassylka@svet-opt.ru"),
             at("2026-03-02 12:00", 3), "Весенние скидки до 20% на светильники",
             "Здравствуйте!\n\nТолько до 31 марта скидки до 20% на промышленные светильники.\n\n"
             "Отписаться от рассылки: https://svet-opt.ru/unsubscribe",
             list_id="<promo.svet-opt.ru>", unsub=u("svet-opt.ru", "ru"),
             charset="windows-1251"),
        bulk("kr-newsletter", "ko", "KR", ("유브이테크 뉴스레터", "newsletter@uvtech.co.kr"),
             at("2026-03-17 09:00", 9), "[뉴스레터] 3월 신제품 소식",
             "안녕하세요, 유브이테크입니다.\n\n3월 신제품 소식을 전해 드립니다.\n\n"
             "수신을 원하지 않으시면 수신거부를 클릭하세요.",
             unsub=u("www.uvtech.co.kr", "kr"), charset="euc-kr", cte="base64"),
        bulk("tr-mart-bulteni", "tr", "TR",
             ("Ege Aydınlatma", "bulten@aydinlatma-ege.com.tr"), at("2026-03-05 11:00", 3),
             "Mart Bülteni: Yeni LED armatürler",
             "Merhaba,\n\nMart bültenimizde yeni LED armatür serimizi tanıtıyoruz.\n\n"
             "Abonelikten çıkmak için: https://www.aydinlatma-ege.com.tr/abonelik-iptal",
             unsub=u("www.aydinlatma-ege.com.tr", "tr"), charset="iso-8859-9"),
        bulk("pl-newsletter-marzec", "pl", "PL", ("UVPOL", "newsletter@uvpol.pl"),
             at("2026-03-18 08:30", 1), "Newsletter UVPOL - marzec 2026",
             "Dzień dobry,\n\nw marcowym wydaniu: lampy bakteriobójcze w przemyśle "
             "spożywczym.\n\nWypisz się z newslettera: https://www.uvpol.pl/newsletter/wypisz",
             list_id="<newsletter.uvpol.pl>", unsub=u("www.uvpol.pl", "pl"),
             charset="iso-8859-2"),
        bulk("nl-nieuwsbrief", "nl", "NL", ("Vries Licht", "nieuwsbrief@vrieslicht.nl"),
             at("2026-03-26 07:45", 1), "Nieuwsbrief maart: UV-C in de zorg",
             "Beste relatie,\n\nIn deze nieuwsbrief: UV-C desinfectie in de zorg.\n\n"
             "Afmelden: https://www.vrieslicht.nl/afmelden", unsub=u("www.vrieslicht.nl", "nl")),
        bulk("br-novidades-marco", "pt", "BR", ("Luz e Água", "news@luzeagua.com.br"),
             at("2026-03-19 10:00", -3), "Novidades de março",
             "Olá,\n\nConfira os lançamentos de março em tratamento de água.\n\n"
             "Para descadastrar: https://www.luzeagua.com.br/descadastrar",
             unsub=u("www.luzeagua.com.br", "br")),
        bulk("se-nyhetsbrev", "sv", "SE", ("Nordljus", "nyhetsbrev@nordljus.se"),
             at("2026-04-14 08:00", 2), "Nyhetsbrev april",
             "Hej!\n\nI aprils nyhetsbrev: nya UV-C-armaturer för ventilation.\n\n"
             "Avregistrera: https://www.nordljus.se/avregistrera",
             unsub=u("www.nordljus.se", "se")),
        bulk("ae-nashra-akhbar", "ar", "AE", ("Gulf Clean Tech", "news@gulfcleantech.ae"),
             at("2026-04-21 09:00", 4), "النشرة الإخبارية - أبريل 2026",
             "عملاءنا الكرام،\n\nتعرفوا على أحدث حلول التعقيم بالأشعة فوق البنفسجية.\n\n"
             "لإلغاء الاشتراك: https://www.gulfcleantech.ae/unsubscribe",
             unsub=u("www.gulfcleantech.ae", "ae")),
        bulk("id-buletin", "id", "ID", ("PT Tirta Murni", "buletin@tirtamurni.co.id"),
             at("2026-04-06 09:00", 7), "Buletin April: Solusi air bersih",
             "Halo,\n\nSimak solusi pengolahan air terbaru dari kami.\n\n"
             "Berhenti berlangganan: https://www.tirtamurni.co.id/unsubscribe",
             unsub=u("www.tirtamurni.co.id", "id"), charset="us-ascii", cte="7bit"),
        bulk("vn-ban-tin", "vi", "VN", ("Ánh Sáng Việt", "bantin@anhsangviet.com.vn"),
             at("2026-04-09 08:30", 7), "Bản tin tháng 4",
             "Kính gửi Quý khách,\n\nMời Quý khách xem các sản phẩm chiếu sáng mới.\n\n"
             "Hủy đăng ký: https://www.anhsangviet.com.vn/huy-dang-ky",
             unsub=u("www.anhsangviet.com.vn", "vn")),
        bulk("en-mailman-list-post", "en", None,
             ("Dr. Helen Park", "hpark@uv-research.example.org"), at("2026-03-12 15:20", -4),
             "[UVC-Forum] Draft far-UVC exposure limits for comment",
             "Dear colleagues,\n\nThe working group has posted the draft exposure limits for\n"
             "222 nm sources. Comments are welcome until 15 April.\n\nHelen\n\n"
             "_______________________________________________\nUVC-Forum mailing list\n"
             "UVC-Forum@lists.uv-research.example.org\n"
             "https://lists.uv-research.example.org/mailman/listinfo/uvc-forum",
             list_id="UV-C industry forum <uvc-forum.lists.uv-research.example.org>",
             unsub="<https://lists.uv-research.example.org/mailman/options/uvc-forum>,\n "
                   "<mailto:uvc-forum-request@lists.uv-research.example.org?subject=unsubscribe>",
             precedence="list", to="UVC-Forum@lists.uv-research.example.org",
             extra=(("X-BeenThere", "uvc-forum@lists.uv-research.example.org"),
                    ("X-Mailman-Version", "2.1.39"),
                    ("List-Post", "<mailto:uvc-forum@lists.uv-research.example.org>")),
             html=False, notes="a mailing-list post to a list we read, not a reply to us"),
        bulk("en-google-groups-digest", "en", None,
             ("lighting-buyers@googlegroups.com", "lighting-buyers@googlegroups.com"),
             at("2026-03-14 06:00", 0),
             "Abridged summary of lighting-buyers@googlegroups.com - 3 updates in 2 topics",
             "lighting-buyers@googlegroups.com\nGoogle Groups\n\nTopic digest\n"
             "- UV-C lamp suppliers in Shenzhen? - 2 updates\n- Canton Fair 2026 meetups - "
             "1 update\n\nYou received this digest because you're subscribed to updates for "
             "this group.\nYou can change your settings on the group membership page.",
             list_id="<lighting-buyers.googlegroups.com>",
             unsub="<mailto:googlegroups-manage+208375919+unsubscribe@googlegroups.com>,\n "
                   "<https://groups.google.com/d/forum/lighting-buyers/unsubscribe>",
             precedence="list",
             extra=(("Mailing-list", "list lighting-buyers@googlegroups.com; contact "
                                     "lighting-buyers+owners@googlegroups.com"),)),
        bulk("en-dhl-noreply-shipment", "en", None,
             ("DHL Express", "noreply@dhl.com"), at("2026-03-17 03:12", 0),
             "DHL On Demand Delivery: your shipment 1234567890 is on its way",
             "Your shipment 1234567890 from GUANGMING UV LIGHTING is on its way.\n"
             "Estimated delivery: Thursday, 19 March 2026.\n\nThis is an automatically "
             "generated email, please do not reply.", precedence=None,
             notes="transactional noreply notification: no list headers, no Precedence"),
    ]


# ---------------------------------------------------------------------------------------
# Reports: delivery status (RFC 3464), read receipts (RFC 8098), feedback (RFC 5965)
# ---------------------------------------------------------------------------------------


def original_headers(out: Outbound, rcpt: str, rcpt_name: str = "") -> str:
    to = f"{rcpt_name} <{rcpt}>" if rcpt_name else f"<{rcpt}>"
    return (f"Return-Path: <{out.staff}@{DOMAIN}>\nFrom: {out.sender}\nTo: {to}\n"
            f"Subject: {out.subject}\nDate: {date_header(out.sent)}\nMessage-ID: {out.msgid}\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=\"us-ascii\"\n")


def original_message(out: Outbound, rcpt: str) -> bytes:
    return (original_headers(out, rcpt) + "Content-Transfer-Encoding: 7bit\n\n"
            + out.text("Sir or Madam") + "\n").encode("ascii")


@dataclass
class Rcpt:
    addr: str
    action: str            # failed | delayed | delivered | relayed
    status: str
    diagnostic: str = ""
    remote: str = ""


def dsn(slug: str, kind: str, lang: str, country: str | None, key: str, minutes: float,
        reporter: tuple[str, str], subject: str, text: str, rcpts: list[Rcpt], mta: str, *,
        full: bool = False, offset: float = 0, charset: str = "us-ascii",
        cte: str = "7bit", notes: str | None = None) -> Mail:
    out = OUTBOUND[key]
    sent = (out.sent + timedelta(minutes=minutes)).astimezone(tz(offset))
    fields = [f"Reporting-MTA: dns; {mta}",
              f"Arrival-Date: {date_header(out.sent.astimezone(tz(offset)))}"]
    if mta.startswith("mx1."):
        fields.insert(1, f"X-Postfix-Queue-ID: {token(slug, n=10).upper()}")
    blocks = ["\n".join(fields)]
    for r in rcpts:
        lines = [f"Final-Recipient: rfc822; {r.addr}", f"Original-Recipient: rfc822;{r.addr}",
                 f"Action: {r.action}", f"Status: {r.status}"]
        if r.remote:
            lines.append(f"Remote-MTA: dns; {r.remote}")
        if r.diagnostic:
            lines.append(f"Diagnostic-Code: smtp; {r.diagnostic}")
        if r.action == "delayed":
            retry = timedelta(days=5) if mta.startswith("mx1.") else timedelta(hours=43)
            lines.append(f"Will-Retry-Until: {date_header(sent + retry)}")
        blocks.append("\n".join(lines))
    status = "\n\n".join(blocks) + "\n"
    boundary = f"{token(slug, 'b', n=10).upper()}.{int(sent.timestamp())}/{mta}"
    rcpt0 = rcpts[0].addr
    orig = (entity("message/rfc822", original_message(out, rcpt0)) if full
            else entity("text/rfc822-headers", original_headers(out, rcpt0).encode()))
    parts = [
        entity(f'text/plain; charset="{charset}"', encode_body(text, charset, cte), cte,
               ("Content-Description: Notification",)),
        entity("message/delivery-status", status.encode("ascii"), None,
               ("Content-Description: Delivery report",)),
        orig,
    ]
    ent = multipart("report", boundary, parts, params=" report-type=delivery-status;",
                    preamble="This is a MIME-encapsulated message.\n\n")
    headers = [("Return-Path", "<>"), ("From", mailbox(*reporter)),
               ("To", out.sender), ("Subject", hval(subject, "utf-8")),
               ("Date", date_header(sent)),
               ("Message-ID", f"<{token(slug, n=20)}@{mta}>"), ("Auto-Submitted", "auto-replied")]
    failed = [r for r in rcpts if r.action in ("failed", "delayed")]
    bounce = None
    if failed:
        bounce = {"permanent": failed[0].action == "failed" and failed[0].status[0] == "5",
                  "recipients": [r.addr.lower() for r in failed], "status": failed[0].status}
    m = Mail(f"mailbot/{kind}/{slug}", kind, lang, country or "", sent, reporter, subject,
             reply_to=key, threading=False, bounce=bounce, notes=notes)
    m.raw = assemble(headers, ent)
    return m


def mdn(slug: str, lang: str, country: str, key: str, when: str, reader: tuple[str, str],
        subject: str, text: str, disposition: str, *, charset: str = "utf-8",
        notes: str | None = None) -> Mail:
    out = OUTBOUND[key]
    sent = at(when, 0)
    sent = sent.replace(tzinfo=tz(utc_offset(country, sent)))
    report = (f"Reporting-UA: {reader[1].split('@')[1]}; Microsoft Outlook 16.0\n"
              f"Final-Recipient: rfc822;{reader[1]}\nOriginal-Message-ID: {out.msgid}\n"
              f"Disposition: {disposition}\n")
    boundary = f"----=_NextPart_{token(slug, n=12)}"
    parts = [text_entity(text, charset, "quoted-printable"),
             entity("message/disposition-notification", report.encode("ascii"), "7bit")]
    ent = multipart("report", boundary, parts,
                    params=" report-type=disposition-notification;")
    headers = [("From", mailbox(*reader, charset)), ("To", out.sender),
               ("Subject", hval(subject, charset)), ("Date", date_header(sent)),
               ("Message-ID", f"<{token(slug, n=24)}@{reader[1].split('@')[1]}>"),
               ("In-Reply-To", out.msgid), ("References", out.msgid),
               ("Thread-Topic", hval(out.subject, charset)), ("X-MS-Has-Attach", ""),
               ("Content-Language", CONTENT_LANGUAGE[lang])]
    m = Mail(f"mailbot/delivery_status/{slug}", "delivery_status", lang, country, sent, reader,
             subject, reply_to=key, notes=notes)
    m.raw = assemble(headers, ent)
    return m


def arf(slug: str, country: str, key: str, hours: float, reporter: tuple[str, str],
        subject: str, text: str, rcpt: str | None, ua: str, *, full: bool = True,
        extra_fields: tuple[str, ...] = (), notes: str | None = None) -> Mail:
    out = OUTBOUND[key]
    sent = (out.sent + timedelta(hours=hours)).astimezone(UTC)
    fields = ["Feedback-Type: abuse", f"User-Agent: {ua}", "Version: 1",
              f"Original-Mail-From: <{out.staff}@{DOMAIN}>"]
    if rcpt:
        fields.append(f"Original-Rcpt-To: <{rcpt}>")
    fields += [f"Arrival-Date: {date_header(out.sent)}", "Source-IP: 198.51.100.25",
               f"Reported-Domain: {DOMAIN}", *extra_fields]
    report = "\n".join(fields) + "\n"
    shown = rcpt or "redacted@example.invalid"
    orig = (entity("message/rfc822", original_message(out, shown)) if full
            else entity("text/rfc822-headers", original_headers(out, shown).encode()))
    parts = [text_entity(text, "us-ascii", "7bit"),
             entity("message/feedback-report", report.encode("ascii"), "7bit"), orig]
    boundary = f"_----{token(slug, n=16)}"
    ent = multipart("report", boundary, parts, params=" report-type=feedback-report;")
    headers = [("Return-Path", f"<{reporter[1]}>"), ("From", mailbox(*reporter)),
               ("To", f"<fbl@{DOMAIN}>"), ("Subject", fold(subject)),
               ("Date", date_header(sent)),
               ("Message-ID", f"<{token(slug, n=24)}@{reporter[1].split('@')[1]}>")]
    note = f"complaint by {rcpt}" if rcpt else "recipient redacted by the feedback loop"
    m = Mail(f"mailbot/complaint/{slug}", "complaint", "en", country, sent, reporter, subject,
             reply_to=key, threading=False, notes=f"{note}; {notes}" if notes else note)
    m.raw = assemble(headers, ent)
    return m


def report_mail() -> list[Mail]:
    postmaster = ("Mail Delivery System", "MAILER-DAEMON@mx1.gmuv-lighting.cn")
    o365 = ("Microsoft Outlook", "postmaster@uvtech-supplies.co.uk")
    return [
        # ---- delivery status: delays, successes, read receipts ----
        dsn("en-postfix-delayed-4.4.1", "delivery_status", "en", "DE", "q20260309", 250,
            postmaster, "Delayed Mail (still being retried)",
            "This is the mail system at host mx1.gmuv-lighting.cn.\n\n"
            "####################################################################\n"
            "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #\n"
            "####################################################################\n\n"
            "Your message could not be delivered for more than 4 hour(s).\n"
            "It will be retried until it is 5 day(s) old.\n\n"
            "<t.becker@becker-anlagenbau.de>: connect to mx.becker-anlagenbau.de[192.0.2.41]:25:"
            "\n    Connection timed out\n",
            [Rcpt("t.becker@becker-anlagenbau.de", "delayed", "4.4.1",
                  "connect to mx.becker-anlagenbau.de[192.0.2.41]:25: Connection timed out")],
            "mx1.gmuv-lighting.cn", offset=8),
        dsn("en-exchange-delivery-delayed-4.4.7", "delivery_status", "en", "GB", "c20260310",
            1450, o365, "Delivery delayed:New 2026 catalogue: UV-C LED modules",
            "Delivery is delayed to these recipients or groups:\n\n"
            "helen.carter@northbridge-fm.co.uk\n\nSubject: New 2026 catalogue: UV-C LED "
            "modules\n\nThis message hasn't been delivered yet. Delivery will continue to be "
            "attempted.\n\nThe server will keep trying to deliver this message for the next 1 "
            "days, 19 hours\nand 57 minutes. You'll be notified if the message can't be "
            "delivered by that time.\n",
            [Rcpt("helen.carter@northbridge-fm.co.uk", "delayed", "4.4.7",
                  "450 4.4.7 Message delayed")],
            "LO2P265MB1234.GBRP265.PROD.OUTLOOK.COM", charset="utf-8", cte="quoted-printable"),
        dsn("en-postfix-success-delivered", "delivery_status", "en", "NL", "q20260309", 1,
            postmaster, "Successful Mail Delivery Report",
            "This is the mail system at host mx1.gmuv-lighting.cn.\n\n"
            "Your message was successfully delivered to the destination(s)\nlisted below. If "
            "the message was delivered to mailbox you will receive no\nfurther notifications. "
            "Otherwise you may still receive notifications of\nmail delivery errors from "
            "other systems.\n\n<p.devries@vrieslicht.nl>: delivery via\n"
            "    mx.vrieslicht.nl[192.0.2.80]:25: 250 2.0.0 Ok: queued as 4F2A81C0\n",
            [Rcpt("p.devries@vrieslicht.nl", "delivered", "2.0.0",
                  "250 2.0.0 Ok: queued as 4F2A81C0", "mx.vrieslicht.nl")],
            "mx1.gmuv-lighting.cn", offset=8, notes="NOTIFY=SUCCESS report: not a failure"),
        dsn("en-postfix-relayed", "delivery_status", "en", "IT", "q20260602", 1, postmaster,
            "Successful Mail Delivery Report",
            "This is the mail system at host mx1.gmuv-lighting.cn.\n\n"
            "Your message was successfully delivered to the destination(s)\nlisted below. "
            "The destination did not support delivery status\nnotifications, so you may not "
            "be told about later errors.\n\n<l.conti@rossi-illuminazione.it>: relayed to "
            "non-DSN-aware mailer\n",
            [Rcpt("l.conti@rossi-illuminazione.it", "relayed", "2.0.0",
                  "250 2.0.0 Ok", "mail.rossi-illuminazione.it")],
            "mx1.gmuv-lighting.cn", offset=8, notes="Action: relayed is a success"),
        mdn("en-outlook-read-receipt", "en", "US", "q20260407", "2026-04-07 09:31",
            ("Kevin Walsh", "kevin@uvpurelabs.com"),
            "Read: Re: Inquiry about 222nm far-UVC lamps",
            "Your message\n\n  To: Kevin Walsh\n  Subject: Re: Inquiry about 222nm far-UVC "
            "lamps\n  Sent: Monday, April 6, 2026 10:10:00 PM (UTC-05:00) Eastern Time (US & "
            "Canada)\n\nwas read on Tuesday, April 7, 2026 9:31:12 AM (UTC-05:00) Eastern Time "
            "(US & Canada).", "manual-action/MDN-sent-manually; displayed"),
        mdn("de-gelesen", "de", "DE", "q20260309", "2026-03-18 08:40",
            ("Jürgen Berger", "j.berger@berger-lichttechnik.de"),
            "Gelesen: Quotation Q-2026-0309 for UV curing lamps",
            "Ihre Nachricht\n\n  An: Jürgen Berger\n  Betreff: Quotation Q-2026-0309 for UV "
            "curing lamps\n  Gesendet: Montag, 9. März 2026 02:30:00 (UTC+01:00) Amsterdam, "
            "Berlin, Bern, Rom, Stockholm, Wien\n\nwurde am Mittwoch, 18. März 2026 08:40:05 "
            "(UTC+01:00) Amsterdam, Berlin, Bern, Rom, Stockholm, Wien gelesen.",
            "manual-action/MDN-sent-manually; displayed", charset="iso-8859-1"),
        mdn("cn-yidu", "zh", "CN", "q20260305", "2026-03-05 11:02",
            ("刘洋", "liuyang@qingyuan-water.cn"), "已读: 报价单 Q-2026-0305 紫外线杀菌灯",
            "您的邮件\n\n  收件人: 刘洋\n  主题: 报价单 Q-2026-0305 紫外线杀菌灯\n"
            "  发送时间: 2026年3月5日 10:30:00 (UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐\n\n"
            "已于 2026年3月5日 11:02:17 (UTC+08:00) 北京，重庆，香港特别行政区，乌鲁木齐 读取。",
            "manual-action/MDN-sent-manually; displayed", charset="gb2312"),
        mdn("en-not-read-deleted", "en", "AU", "c20260427", "2026-05-02 16:20",
            ("Grace Lee", "grace@aquaclear.net.au"),
            "Not read: Nice meeting you at the Canton Fair",
            "Your message\n\n  To: Grace Lee\n  Subject: Nice meeting you at the Canton Fair\n"
            "  Sent: Monday, 27 April 2026 6:30:00 PM (UTC+10:00) Canberra, Melbourne, Sydney"
            "\n\nwas deleted without being read on Saturday, 2 May 2026 4:20:44 PM (UTC+10:00)"
            " Canberra, Melbourne, Sydney.", "manual-action/MDN-sent-manually; deleted",
            notes="a not-read notification: still a disposition report, not a human"),
        # ---- complaints (feedback loops) ----
        arf("yahoo-fbl-abuse", "US", "c20260310", 30,
            ("Yahoo! Mail AntiSpam Feedback", "feedback@arf.mail.yahoo.com"),
            "FW: New 2026 catalogue: UV-C LED modules",
            "This is an email abuse report for an email message received from IP 198.51.100.25"
            "\non Tue, 10 Mar 2026 07:00:41 +0000.\nFor more information about this format "
            "please see http://www.mipassoc.org/arf/.\n", "d.miller1988@yahoo.com",
            "Yahoo!-Mail-Feedback/2.0"),
        arf("yahoo-fbl-redacted", "US", "p20260511", 52,
            ("Yahoo! Mail AntiSpam Feedback", "feedback@arf.mail.yahoo.com"),
            "FW: Price update from 1 June 2026",
            "This is an email abuse report for an email message received from IP 198.51.100.25"
            "\non Mon, 11 May 2026 02:00:39 +0000.\n", None, "Yahoo!-Mail-Feedback/2.0",
            full=False),
        arf("outlook-jmrp-complaint", "GB", "c20260427", 7,
            ("staff@hotmail.com", "staff@hotmail.com"),
            "complaint about message from 198.51.100.25",
            "This is an email abuse report for an email message received from IP 198.51.100.25"
            " on\nMon, 27 Apr 2026 08:30:44 -0700\n", "helen.carter77@outlook.com",
            "Microsoft JMRP/1.0", extra_fields=("Removal-Recipient: "
                                                "helen.carter77@outlook.com",)),
        arf("isp-abuse-report-headers-only", "DE", "c20260310", 75,
            ("Abuse Team", "abuse@mail-provider.example.net"),
            "Abuse report: New 2026 catalogue: UV-C LED modules",
            "A recipient of our mail service reported the attached message as spam.\n"
            "Please remove this address from your lists.\n", "f.hoffmann@hoffmann-elektro.de",
            "ExampleNet-FBL/1.1", full=False),
        arf("mailru-fbl", "RU", "p20260511", 26,
            ("Mail.Ru FBL", "fbl@corp.mail.ru"), "Mail.Ru FBL report",
            "This is a Mail.Ru spam complaint report (ARF). Message was marked as spam by "
            "the\nrecipient.\n", "i.volkova@mail.ru", "Mail.Ru-FBL/1.0"),
        # ---- modern bounces (to complement the flufl ones) ----
        dsn("en-gmail-address-not-found-5.1.1", "bounce", "en", "US", "p20260511", 0.5,
            ("Mail Delivery Subsystem", "mailer-daemon@googlemail.com"),
            "Delivery Status Notification (Failure)",
            "** Address not found **\n\nYour message wasn't delivered to "
            "old.buyer@gmail.com because the address couldn't be\nfound, or is unable to "
            "receive mail.\n\nThe response from the remote server was:\n550 5.1.1 The email "
            "account that you tried to reach does not exist.\n",
            [Rcpt("old.buyer@gmail.com", "failed", "5.1.1",
                  "550-5.1.1 The email account that you tried to reach does not exist.",
                  "gmail-smtp-in.l.google.com")], "mx.google.com"),
        dsn("en-m365-ndr-recipient-not-found", "bounce", "en", "GB", "c20260310", 0.5, o365,
            "Undeliverable: New 2026 catalogue: UV-C LED modules",
            "Your message to j.porter@uvtech-supplies.co.uk couldn't be delivered.\n\n"
            "j.porter wasn't found at uvtech-supplies.co.uk.\n\nRemote Server returned "
            "'550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP\n"
            "address lookup'\n",
            [Rcpt("j.porter@uvtech-supplies.co.uk", "failed", "5.1.10",
                  "550 5.1.10 RESOLVER.ADR.RecipientNotFound")],
            "AM0PR01MB1234.eurprd01.prod.exchangelabs.com", charset="utf-8",
            cte="quoted-printable", full=True),
        dsn("en-postfix-mailbox-full-5.2.2", "bounce", "en", "IN", "q20260112", 0.5, postmaster,
            "Undelivered Mail Returned to Sender",
            "This is the mail system at host mx1.gmuv-lighting.cn.\n\nI'm sorry to have to "
            "inform you that your message could not\nbe delivered to one or more recipients. "
            "It's attached below.\n\n<vikram@shahtraders.in>: host mx.shahtraders.in"
            "[192.0.2.77] said: 552 5.2.2\n    Mailbox full (in reply to RCPT TO command)\n",
            [Rcpt("vikram@shahtraders.in", "failed", "5.2.2", "552 5.2.2 Mailbox full",
                  "mx.shahtraders.in")], "mx1.gmuv-lighting.cn", offset=8, full=True,
            notes="mailbox full with a 5.x.x status: reported as permanent"),
    ]


def qq_bounce() -> Mail:
    """A Tencent-style Chinese non-delivery notice (plain text, no DSN part)."""
    out = ZH_OUTBOUND
    sent = out.sent + timedelta(seconds=50)
    body = ("很抱歉您发送的邮件被退回，以下是该邮件的相关信息：\n\n"
            "被退回邮件：\n  主题：报价单 Q-2026-0305 紫外线杀菌灯\n"
            "  时间：2026年3月5日(星期四) 上午10:30\n  收件人：zhanglin2019@qq.com\n\n"
            "退信原因：\n  收件人邮箱不存在（550 Mailbox not found or access denied）\n\n"
            "建议解决方案：请检查收件人邮箱地址是否正确。\n\n此邮件由系统自动发送，请勿回复。")
    m = Mail("mailbot/bounce/cn-qq-tuixin", "bounce", "zh", "CN", sent,
             ("系统退信", "MAILER-DAEMON@qq.com"), "退信：报价单 Q-2026-0305 紫外线杀菌灯",
             body, reply_to=out.key, threading=False, to=out.sender, charset="gb18030",
             cte="base64", return_path="<>",
             headers=[("Auto-Submitted", "auto-replied"), ("X-QQ-MIME", "TCMime 1.0 by Tencent")],
             bounce={"permanent": True, "recipients": ["zhanglin2019@qq.com"], "status": None},
             notes="no DSN part; the reason is an SMTP 550 without an enhanced status code")
    m.msgid = f"<{token(m.path, n=20)}@qq.com>"
    return m


# ---------------------------------------------------------------------------------------
# flufl.bounce fixtures: import, expectations from its tests, labels
# ---------------------------------------------------------------------------------------


def _bytes_set(node: ast.AST) -> list[str] | None:
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return None
    if isinstance(value, (set, frozenset, list, tuple)) and all(
            isinstance(v, bytes) for v in value):
        return sorted(v.decode() for v in value)
    return None


def parse_flufl_tests(test_dir: Path) -> dict[str, dict]:
    """What flufl's own tests expect per data file: {file: {permanent, temporary, tests}}."""
    exp: dict[str, dict] = {}

    def add(name: str, addrs: list[str], temporary: bool, where: str) -> None:
        e = exp.setdefault(name, {"permanent": [], "temporary": [], "tests": []})
        key = "temporary" if temporary else "permanent"
        e[key] = sorted(set(e[key]) | set(addrs))
        if where not in e["tests"]:
            e["tests"].append(where)

    for path in sorted(test_dir.glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Tuple) and len(node.elts) == 4:
                vals = node.elts
                if (isinstance(vals[1], ast.Constant) and str(vals[1].value).endswith(".txt")
                        and isinstance(vals[3], ast.Constant)):
                    addrs = _bytes_set(vals[2])
                    if addrs is not None:
                        add(vals[1].value, addrs, bool(vals[3].value),
                            f"{path.name}::{vals[0].value}")
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                first = node.elts[0]
                if isinstance(first, ast.Constant) and str(first.value).endswith(".txt"):
                    addrs = _bytes_set(node.elts[1])
                    if addrs is not None:
                        add(first.value, addrs, False, f"{path.name}::parametrize")
            elif isinstance(node, ast.FunctionDef):
                files = [c.args[0].value for c in ast.walk(node)
                         if isinstance(c, ast.Call) and getattr(c.func, "id", "") == "_parse"
                         and c.args and isinstance(c.args[0], ast.Constant)]
                if len(files) != 1:
                    continue
                for a in ast.walk(node):
                    if not (isinstance(a, ast.Assert) and isinstance(a.test, ast.Compare)):
                        continue
                    left = a.test.left
                    what = (left.id if isinstance(left, ast.Name) else
                            getattr(left.func, "id", "") if isinstance(left, ast.Call) else "")
                    if what not in ("temporary", "permanent", "scan_message"):
                        continue
                    addrs = _bytes_set(a.test.comparators[0])
                    if addrs is not None:
                        add(files[0], addrs, what == "temporary", f"{path.name}::{node.name}")
    return dict(sorted(exp.items()))


def import_flufl(sdist: Path) -> None:
    data = sdist / "tests" / "data"
    if not data.is_dir():
        sys.exit(f"{data}: not found (unpack the flufl.bounce 6.0.0 sdist there)")
    FLUFL_DIR.mkdir(parents=True, exist_ok=True)
    for src in sorted(data.glob("*.txt")):
        shutil.copyfile(src, FLUFL_DIR / f"{src.stem}.eml")
    shutil.copyfile(sdist / "LICENSE", FLUFL_DIR / "LICENSE")
    full_text = Path("/usr/share/common-licenses/Apache-2.0")  # Debian's copy of the licence
    if full_text.exists():
        shutil.copyfile(full_text, FLUFL_DIR / "LICENSE-2.0.txt")
    exp = parse_flufl_tests(sdist / "tests")
    doc = {"source": "flufl.bounce 6.0.0 sdist, tests/*.py (Apache-2.0)",
           "about": "failed recipients each data file's tests expect, as parsed from the "
                    "test source by scripts/make_reply_corpus.py (addresses as written)",
           "files": exp}
    (FLUFL_DIR / "EXPECTATIONS.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


ENHANCED = re.compile(r"(?<![\w.])([245]\.\d{1,3}\.\d{1,3})(?![\w.])")
FAILURE_CODE = re.compile(r"(?<![\w.])([45]\.\d{1,3}\.\d{1,3})(?![\w.])")
ORIGINAL_MARKERS = re.compile(
    r"^(-+ ?(Original message|Below this line|This is a copy|The header of the original|"
    r"Message header follows|Original message follows)|.*RETURNED MAIL FOLLOWS|"
    r"Original message (as received|follows)|Original message headers|"
    r"Included is a copy|A copy of the original message)", re.I | re.M)


def report_status(msg: email.message.Message) -> str | None:
    """The first enhanced status code of a failure/delay report (DSN field, else text)."""
    texts: list[str] = []

    def walk(part: email.message.Message) -> str | None:
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            for block in part.get_payload() or []:
                action = str(block.get("action", "")).lower()
                found = ENHANCED.match(str(block.get("status", "")).strip())
                if found and not action.startswith(("delivered", "relayed", "expanded")):
                    return found.group(1)
            return None
        if ctype in ("message/rfc822", "text/rfc822-headers"):
            return None
        if part.is_multipart():
            for sub in part.get_payload():
                got = walk(sub)
                if got:
                    return got
            return None
        if part.get_content_maintype() == "text":
            raw = part.get_payload(decode=True) or b""
            texts.append(raw.decode("latin-1"))
        return None

    got = walk(msg)
    if got:
        return got
    text = "\n".join(texts)
    cut = ORIGINAL_MARKERS.search(text)
    found = FAILURE_CODE.search(text[:cut.start()] if cut else text)
    return found.group(1) if found else None


_ML = "a Mailman moderation notice that could not be delivered"
FLUFL_FIXES: dict[str, dict] = {  # hand-checked corrections and notes, by file stem
    "bounce_01": {"kind": "bounce", "recipients": ["userz@example.net"], "permanent": True,
                  "notes": "no expectation in flufl's tests. JetMail report: mailbox 'dylan' "
                           "full ('mail box space not enough'); the text names only the local "
                           "account, the list's recipient userz@example.net is read from the "
                           "returned headers"},
    "dumbass_01": {"kind": "bounce", "recipients": [], "permanent": True,
                   "notes": "InterScan 'Exceeded Maximum Delivery Attempts': a real failure, "
                            "but no recipient address anywhere (flufl expects none)"},
    "simple_43": {"kind": "bounce", "recipients": [], "permanent": True,
                  "notes": "'not a valid user of the system' but the report never names the "
                           "recipient (flufl expects none)"},
    "simple_42": {"kind": "bounce", "recipients": ["david...@gmail.com"],
                  "notes": "flufl's SimpleMatch test expects nothing; the DSN part names "
                           "david...@gmail.com (truncated in the fixture, not a valid address); "
                           "Gmail blocked the mail as unsolicited (Diagnostic 5.7.1)"},
    "groupwise_03": {"kind": "human", "language": "es", "country": "CU",
                     "notes": "a person's reply (hotel reservations, 'RE:' subject, "
                              "Disposition-Notification-To); flufl keeps it as a non-bounce "
                              "regression test"},
    "qmail_08": {"kind": "auto_reply", "language": "es",
                 "notes": "Precedence: auto_reply; Spanish 'we are processing your inquiry' "
                          "autoresponder, not a bounce (flufl only checks it does not crash)"},
    "dsn_15": {"status": "5.1.1", "notes": "the whole DSN is attached as message/rfc822"},
    "dsn_02": {"notes": "Action: failed but Status 4.4.7 (X.400 message timed out): returned, "
                        "yet the cause is temporary; flufl counts it as permanent"},
    "yahoo_01": {"notes": "gave up after connection failures (#4.4.1): returned, yet the cause "
                          "is temporary; flufl counts it as permanent"},
    "simple_44": {"notes": "returned after 92 hours of '4.4.4 Temporary server error'; flufl "
                           "counts it as permanent"},
    "dsn_01": {"notes": "disk quota reached, Status 5.0.0"},
    "dsn_03": {"notes": "the Status field holds an SMTP reply ('553 Exceeded maximum inbound "
                        "message size'), not an enhanced status code"},
    "dsn_04": {"notes": "disk quota exceeded, Status 5.0.0; Final-Recipient is a local alias"},
    "dsn_17": {"notes": "delay warning (quota); Final-Recipient reads xxx@example.fi (the "
                        "fixture's anonymisation), Original-Recipient userx@example.fi"},
    "simple_03": {"notes": "Exim 'has not yet been delivered ... after more than 24 hours'"},
    "simple_21": {"notes": "delay warning; the recipient line of the text is empty, the "
                           "address is in the attached headers"},
    "simple_22": {"notes": "Symantec gateway: 'Delivery attempts will continue to be made for "
                           "5 day(s)' - a delay warning despite the 'Delivery failure' subject"},
    "simple_35": {"notes": "'postponed due to a full mailbox': a delay warning"},
    "simple_38": {"notes": "Dovecot LDA rejection sent as an MDN (report-type="
                           "disposition-notification, 'deleted'): quota exceeded"},
    "simple_14": {"notes": "the text names usery@ as the recipient and userx@ in the 552 quota "
                           "reply; flufl expects both"},
    "yale_01": {"notes": "the text names only 'userx'; flufl derives both Yale addresses"},
    "aol_01": {"notes": "the text names the screen name; flufl appends @aol.com"},
    "sina_01": {"language": "zh", "notes": "GB2312 text (SINA mail)"},
    "simple_25": {"notes": "bilingual English/Chinese (GB2312 HTML)"},
    "simple_39": {"language": "ru", "notes": "Russian and English (Mail.Ru)"},
    "simple_13": {"language": "fr", "notes": "French reason, English header line"},
    "simple_20": {"language": "fr", "notes": "French and English; " + _ML},
    "simple_19": {"language": "es", "notes": "Spanish, Portuguese and English"},
    "microsoft_03": {"notes": _ML},
    "simple_11": {"notes": _ML},
    "simple_24": {"notes": "Undeliverable notice for 'The results of your email commands'"},
    "smtp32_01": {"notes": "Date header 'Mon,  2 Apr 101 04:20:10 CST' (a year-2000 bug): "
                           "Python reads the year as 101"},
    "llnl_01": {"notes": "'did not exactly match an LLNL email address', with a directory hint"},
    "groupwise_02": {"notes": "HTML-only Exchange 5.5 NDR; flufl's GroupWise test expects "
                              "nothing, its Exchange test the address"},
}


def flufl_labels() -> dict[str, dict]:
    exp_path = FLUFL_DIR / "EXPECTATIONS.json"
    if not exp_path.exists():
        sys.exit(f"{exp_path} missing: run with --flufl-sdist DIR once")
    expectations = json.loads(exp_path.read_text(encoding="utf-8"))["files"]
    labels: dict[str, dict] = {}
    for path in sorted(FLUFL_DIR.glob("*.eml")):
        name = f"{path.stem}.txt"
        exp = expectations.get(name, {"permanent": [], "temporary": [], "tests": []})
        fix = FLUFL_FIXES.get(path.stem, {})
        msg = email.message_from_bytes(path.read_bytes())
        if exp["permanent"]:
            kind, rcpts = "bounce", exp["permanent"]
        elif exp["temporary"]:
            kind, rcpts = "delivery_status", exp["temporary"]
        elif "kind" in fix:
            kind, rcpts = fix["kind"], []
        else:
            raise SystemExit(f"{name}: flufl expects nothing and FLUFL_FIXES has no kind")
        kind = fix.get("kind", kind)
        rcpts = [a.lower() for a in fix.get("recipients", rcpts)]
        bounce = None
        if kind in ("bounce", "delivery_status"):
            status = fix.get("status", report_status(msg))
            if kind == "bounce":
                permanent = fix.get("permanent", not (status or "5").startswith("4"))
            else:
                permanent = False
            bounce = {"permanent": permanent, "recipients": sorted(rcpts), "status": status}
        try:
            received = email.utils.parsedate_to_datetime(str(msg["date"])).isoformat()
        except (TypeError, ValueError):
            received = None
        tests = ", ".join(exp["tests"]) or "none"
        notes = fix.get("notes")
        labels[f"flufl/{path.name}"] = {
            "kind": kind, "return_date": None, "return_date_certain": None, "bounce": bounce,
            "replacement": None, "country": fix.get("country"),
            "language": fix.get("language", "en"), "received_at": received,
            "source": FLUFL_SOURCE.format(name=name),
            "notes": f"flufl tests: {tests}" + (f"; {notes}" if notes else ""),
        }
    return labels


# ---------------------------------------------------------------------------------------
# Writing, documentation, checks
# ---------------------------------------------------------------------------------------

FIELDS = {
    "kind": "one of: " + ", ".join(KINDS),
    "return_date": "out_of_office only: the first day the person is expected back (ISO); "
                   "'back on X' -> X, 'until X' -> the next working day of their country",
    "return_date_certain": "true when the text states the date unambiguously, false when it "
                           "is an estimate or a judgement between dates, null when no date",
    "bounce": "bounce / delivery_status (delay) only: {permanent, recipients (lower-case, as "
              "the report names them), status (first enhanced status code, or null)}; "
              "permanent follows the status class when there is one (4.x.x -> false); null "
              "for successes and read receipts",
    "replacement": "left_company only: the new contact address named in the text, or null",
    "country": "ISO 3166 alpha-2 of the customer (null for third-party fixtures and "
               "platform mail)",
    "language": "ISO 639-1 of the message text (zh for simplified and traditional)",
    "received_at": "the Date header, ISO 8601 with its offset (no offset when the header "
                   "says -0000 or names no numeric zone; null when there is no Date)",
    "source": "'written for mailbot' or the flufl.bounce file it was copied from",
    "notes": "why the label is what it is, when that is not obvious",
}


def written_mail() -> list[Mail]:
    mails = (ooo_mail() + human_mail() + unsubscribe_mail() + left_company_mail()
             + auto_reply_mail() + bulk_mail() + report_mail() + [qq_bounce()])
    paths = [m.path for m in mails]
    dupes = [p for p, n in Counter(paths).items() if n > 1]
    if dupes:
        raise SystemExit(f"duplicate paths: {dupes}")
    return mails


def render() -> tuple[dict[str, bytes], dict[str, dict]]:
    files: dict[str, bytes] = {}
    labels: dict[str, dict] = {}
    for m in written_mail():
        rel = f"{m.path}.eml"
        files[rel] = build(m)
        labels[rel] = m.label()
    return files, labels


def write(files: dict[str, bytes], labels: dict[str, dict]) -> None:
    shutil.rmtree(OUT / "mailbot", ignore_errors=True)
    for rel, raw in files.items():
        path = OUT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(raw)
    (OUT / ".gitattributes").write_text("# byte-exact fixtures: never convert line endings\n"
                                        "*.eml -text\n", encoding="ascii")
    labels = {**labels, **flufl_labels()}
    doc = {"version": 1,
           "about": "labels for tests/data/replies/**.eml (see SOURCES.md); generated by "
                    "scripts/make_reply_corpus.py",
           "fields": FIELDS, "files": dict(sorted(labels.items()))}
    (OUT / "labels.json").write_text(
        json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (OUT / "SOURCES.md").write_text(sources_md(doc["files"]), encoding="utf-8")


def _table(head: list[str], rows: list[list]) -> str:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def sources_md(labels: dict[str, dict]) -> str:
    by_kind = Counter(v["kind"] for v in labels.values())
    written = {k: v for k, v in labels.items() if v["source"] == WRITTEN}
    rows = [[k, sum(1 for v in written.values() if v["kind"] == k),
             by_kind[k] - sum(1 for v in written.values() if v["kind"] == k), by_kind[k]]
            for k in KINDS]
    rows.append(["**total**", len(written), len(labels) - len(written), len(labels)])
    langs = sorted({v["language"] for v in labels.values()})
    lrows = []
    for lang in langs:
        sel = [v for v in labels.values() if v["language"] == lang]
        counts = Counter(v["kind"] for v in sel)
        lrows.append([lang, len(sel)] + [counts.get(k, "") for k in KINDS])
    hant = sum(1 for v in written.values() if v["language"] == "zh" and v["country"] in
               ("TW", "HK"))
    return f"""# Reply corpus: provenance and licences

Labelled mail for the reply classifier (`mailbot/domain/classify.py`). Every `.eml` here
has an entry in `labels.json` (field meanings are in its `fields` key). Regenerate with
`python scripts/make_reply_corpus.py` (it also re-checks every file and label); do not edit
the files by hand: they are byte-exact on purpose (charsets, CRLF, encodings).

## Sources

{_table(["directory", "what", "licence"], _source_rows(len(labels) - len(written), len(written)))}

Each label's `source` names its origin; flufl labels also name the flufl test(s) that state
the expectation. Where the labels depart from flufl's expectations (a non-bounce, a bounce in
which flufl finds no address, a 4.x.x status on a returned message) the label's `notes` say
so; `FLUFL_FIXES` in the script lists every such decision.

## Counts per class

{_table(["class", "written for mailbot", "flufl.bounce", "total"], rows)}

## Counts per language

`zh` includes {hant} messages in traditional Chinese (country TW or HK).

{_table(["language", "total"] + list(KINDS), lrows)}

## Charsets and encodings used by the written messages

{_table(["charset", "messages"], sorted(Counter(_charsets()).items()))}
"""


def _source_rows(n_flufl: int, n_written: int) -> list[list[str]]:
    return [
        ["`flufl/`",
         f"the {n_flufl} bounce fixtures of flufl.bounce 6.0.0 (`tests/data/*.txt` of the "
         "PyPI sdist; https://gitlab.com/warsaw/flufl.bounce), real bounces collected by the "
         "GNU Mailman project, copied byte for byte and renamed `.eml`",
         "Apache-2.0, Copyright 2004-2026 Barry Warsaw; `flufl/LICENSE` is the notice as "
         "shipped, `flufl/LICENSE-2.0.txt` the full licence text"],
        ["`flufl/EXPECTATIONS.json`",
         "the failed recipients flufl's own tests expect per file, parsed from the sdist's "
         "`tests/*.py`", "Apache-2.0 (derived from the same sdist)"],
        ["`mailbot/<kind>/`",
         f"{n_written} messages written for this project: people, companies, numbers and "
         "addresses are invented (the seller is Guangming UV Lighting Co., Ltd., "
         "gmuv-lighting.cn)", "same as this repository"],
    ]


def _charsets() -> list[str]:
    out = []
    for m in written_mail():
        if m.raw is None:
            out.append(f"{m.charset} ({m.cte})")
        else:
            out.append("report (multipart/report)")
    return out


def _walk_all(msg: email.message.Message, strict: bool) -> None:
    for name, value in msg.items():
        str(value)
        _ = name
    for part in msg.walk():
        if part.is_multipart():
            continue
        part.get_payload(decode=True)
        if strict and isinstance(part, email.message.EmailMessage) and \
                part.get_content_maintype() == "text":
            part.get_content()


def check(labels_doc: dict | None = None, rendered: dict[str, bytes] | None = None) -> list[str]:
    errors: list[str] = []
    doc = labels_doc or json.loads((OUT / "labels.json").read_text(encoding="utf-8"))
    labels = doc["files"]
    on_disk = {str(p.relative_to(OUT)) for p in OUT.rglob("*.eml")}
    for missing in sorted(on_disk - labels.keys()):
        errors.append(f"{missing}: no label")
    for extra in sorted(labels.keys() - on_disk):
        errors.append(f"{extra}: label without file")
    for rel in sorted(on_disk & labels.keys()):
        raw = (OUT / rel).read_bytes()
        if rel.startswith("mailbot/"):
            lines = raw.split(b"\r\n")
            if b"\n" in raw.replace(b"\r\n", b"") or b"\r" in raw.replace(b"\r\n", b""):
                errors.append(f"{rel}: bare CR or LF")
            if max(len(ln) for ln in lines) > 998:
                errors.append(f"{rel}: line longer than 998 octets")
            if raw.split(b"\r\n\r\n")[0].decode("ascii", "replace").count("\ufffd"):
                errors.append(f"{rel}: 8-bit bytes in the header")
        if rendered is not None and rel in rendered and rendered[rel] != raw:
            errors.append(f"{rel}: differs from a fresh render (not deterministic?)")
        try:
            for policy in (email.policy.compat32, email.policy.default):
                msg = email.message_from_bytes(raw, policy=policy)
                _walk_all(msg, strict=rel.startswith("mailbot/"))
        except Exception as exc:  # noqa: BLE001 - report any parser failure
            errors.append(f"{rel}: parse failed: {exc!r}")
            continue
        errors += [f"{rel}: {e}" for e in check_label(labels[rel], msg)]
    counts = Counter(v["kind"] for v in labels.values())
    minimum = {"out_of_office": 70, "human": 60, "auto_reply": 20, "left_company": 15,
               "unsubscribe": 25, "complaint": 5, "delivery_status": 8, "bulk": 20,
               "bounce": 100}
    for kind, n in minimum.items():
        if counts[kind] < n:
            errors.append(f"only {counts[kind]} {kind} (want >= {n})")
    if len(labels) < 300:
        errors.append(f"only {len(labels)} messages (want >= 300)")
    return errors


def check_label(lab: dict, msg: email.message.EmailMessage) -> list[str]:
    errs = []
    if lab["kind"] not in KINDS:
        errs.append(f"unknown kind {lab['kind']}")
    if not re.fullmatch(r"[a-z]{2}", lab["language"] or ""):
        errs.append("language")
    if lab["country"] is not None and not re.fullmatch(r"[A-Z]{2}", lab["country"]):
        errs.append("country")
    if lab["return_date"]:
        if lab["kind"] != "out_of_office":
            errs.append("return_date on a non-OOO")
        got = datetime.fromisoformat(lab["received_at"])
        days = (date.fromisoformat(lab["return_date"]) - got.date()).days
        if not 0 <= days <= 180:
            errs.append(f"return_date {days} days after receipt")
        if lab["return_date_certain"] is None:
            errs.append("return_date without certainty")
        elif not is_working_day(lab["country"], date.fromisoformat(lab["return_date"])):
            errs.append("return_date is not a working day")
    elif lab["return_date_certain"] is True:
        errs.append("certain without a date")
    if lab["bounce"] is not None:
        b = lab["bounce"]
        if lab["kind"] not in ("bounce", "delivery_status"):
            errs.append("bounce data on a non-bounce")
        if any(a != a.lower() for a in b["recipients"]):
            errs.append("recipients not lower-case")
        if b["status"] and not re.fullmatch(r"[245]\.\d{1,3}\.\d{1,3}", b["status"]):
            errs.append(f"status {b['status']}")
    elif lab["kind"] == "bounce":
        errs.append("bounce without bounce data")
    if lab["replacement"] and lab["kind"] != "left_company":
        errs.append("replacement on a non-left_company")
    if lab["source"] == WRITTEN:
        got = email.utils.parsedate_to_datetime(str(msg["date"]))
        if got.isoformat() != datetime.fromisoformat(lab["received_at"]).isoformat():
            errs.append("received_at differs from the Date header")
    return errs


def check_rules(mails: list[Mail]) -> list[str]:
    """The stated date and its rule must give the labelled return date."""
    errs = []
    for m in mails:
        if m.kind != "out_of_office" or not (m.stated and m.rule and m.return_date):
            continue
        stated = date.fromisoformat(m.stated)
        want = stated if m.rule == "back" else next_working_day(stated, m.country)
        if m.certain and want.isoformat() != m.return_date:
            errs.append(f"{m.path}: {m.rule} {m.stated} gives {want}, label {m.return_date}")
    return errs


def holiday_warnings(labels: dict[str, dict]) -> list[str]:
    """Cross-check return dates against the `holidays` package, when it is installed."""
    try:
        import holidays  # noqa: PLC0415 - optional
    except ImportError:
        return []
    out = []
    for rel, lab in sorted(labels.items()):
        if not lab["return_date"]:
            continue
        d = date.fromisoformat(lab["return_date"])
        cal = holidays.country_holidays(lab["country"], years=d.year)
        if d in cal:
            out.append(f"{rel}: {d} is {cal.get(d)} in {lab['country']}")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--flufl-sdist", type=Path,
                    help="unpacked flufl.bounce 6.0.0 sdist to (re-)import the bounces from")
    ap.add_argument("--check", action="store_true", help="only check the files on disk")
    args = ap.parse_args()
    if args.flufl_sdist:
        import_flufl(args.flufl_sdist)
    files, labels = render()
    if not args.check:
        write(files, labels)
    again, _ = render()
    errors = [f"{rel}: render is not deterministic" for rel in files if again[rel] != files[rel]]
    errors += check(rendered=files) + check_rules(written_mail())
    doc = json.loads((OUT / "labels.json").read_text(encoding="utf-8"))
    for warning in holiday_warnings(doc["files"]):
        print(f"warning: {warning}")
    for err in errors:
        print(f"error: {err}")
    counts = Counter(v["kind"] for v in doc["files"].values())
    print(f"{len(doc['files'])} messages: " + ", ".join(f"{k} {counts[k]}" for k in KINDS))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
