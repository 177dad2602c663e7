"""A deterministic corpus of realistic sales mail for the sync benchmark.

`generate(n, seed)` yields `n` messages, conversation by conversation: an inquiry
from a customer into INBOX, then replies that alternate (loosely) between our staff
(Sent) and the customer (INBOX), each with In-Reply-To/References. About 70% land in
INBOX. Bodies are multipart/alternative text+HTML of 1-8 KB in several languages and
charsets (mostly UTF-8; some GB18030, ISO-2022-JP, windows-1251, ISO-8859-1); about
40% carry a PDF/JPEG/XLSX-like attachment of random (incompressible) bytes, sized so
the average message is about 50 KB. The same seed gives the same bytes.

Each message's new text holds a token `REF-<n>` next to a word in its language
(`Language.marker`), so the benchmark can check that the store decoded every body.

MIME is assembled by hand rather than with `email.message`: it is several times
faster, and it lets us choose encodings the way real clients do.
"""

from __future__ import annotations

import base64
import binascii
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr
from urllib.parse import quote

OUR_DOMAIN = "gmuv-lighting.cn"
SALES = f"sales@{OUR_DOMAIN}"
STAFF = [("Anna Chen", "anna"), ("Li Wei", "li.wei"), ("Zhang Min", "zhang.min")]
START = datetime(2024, 11, 1, tzinfo=UTC)
SPAN_DAYS = 730

INBOUND_SHARE = 0.7
ATTACH_SHARE = 0.4
# Attachment sizes (raw bytes) are log-normal; these give ~50 KB per message overall.
ATTACH_MEDIAN = 34_000
ATTACH_SIGMA = 1.1
ATTACH_MIN, ATTACH_MAX = 4_000, 3_000_000


@dataclass(frozen=True)
class Language:
    code: str
    charset: str
    encoding: str  # transfer encoding of the text parts: base64 / quoted-printable / 7bit
    weight: float
    marker: str  # a word that must survive decoding
    greeting: str
    closing: str
    phrases: tuple[str, ...]
    names: tuple[str, ...]
    domains: tuple[str, ...]
    subjects: tuple[str, ...]
    reply_prefix: str = "Re: "


LANGUAGES = [
    Language(
        "en",
        "utf-8",
        "quoted-printable",
        0.45,
        "quotation",
        "Dear {name},",
        "Best regards,",
        (
            "Thank you for your inquiry about our UVC germicidal lamps.",
            "Please find our quotation for the 254nm T8 tubes attached.",
            "Could you confirm the quantity and the delivery port?",
            "Our MOQ is 500 pieces; lead time is 15-20 days after deposit.",
            "We can offer CE, RoHS and UL certificates on request.",
            "The price is FOB Shenzhen, valid for 30 days.",
            "Kindly let us know if you need samples before placing the order.",
            "Our engineers can customise the ballast for 220-240V input.",
            "We shipped a similar order to a distributor in Texas last month.",
            "Payment terms: 30% T/T deposit, balance before shipment.",
        ),
        ("John Smith", "Sarah Johnson", "Raj Patel", "Emily Brown", "Michael O'Neil"),
        ("acme-lighting.com", "brightco.co.uk", "gmail.com", "uvpure.com.au", "sterilux.in"),
        (
            "Inquiry: UVC lamps 254nm",
            "Quotation request for T8 UV tubes",
            "Samples and pricing",
            "Order 2025-{n} UV sterilizer",
            "Price list for UV-C modules",
        ),
    ),
    Language(
        "de",
        "utf-8",
        "quoted-printable",
        0.10,
        "Grüße",
        "Sehr geehrte Damen und Herren,",
        "Mit freundlichen Grüßen",
        (
            "Vielen Dank für Ihr Angebot über die UVC-Röhren.",
            "Könnten Sie uns bitte die Lieferzeit für 2.000 Stück nennen?",
            "Wir benötigen außerdem das Datenblatt und die CE-Konformitätserklärung.",
            "Der Preis erscheint uns etwas hoch; ist ein Mengenrabatt möglich?",
            "Bitte senden Sie die Muster an unser Lager in München.",
            "Die Zahlung erfolgt wie üblich per Überweisung.",
        ),
        ("Hans Müller", "Jürgen Weiß", "Anja Köhler", "Stefan Groß"),
        ("acme-licht.de", "uv-technik.de", "gmx.de", "lichtwerk.at"),
        (
            "Anfrage UVC-Röhren",
            "Angebot für UV-Module",
            "Bestellung Nr. {n}",
            "Rückfrage zur Lieferung",
        ),
        "AW: ",
    ),
    Language(
        "fr",
        "iso-8859-1",
        "quoted-printable",
        0.05,
        "Cordialement",
        "Bonjour,",
        "Cordialement,",
        (
            "Merci pour votre devis concernant les lampes germicides.",
            "Pourriez-vous nous préciser le délai de livraison ?",
            "Nous souhaitons recevoir des échantillons avant la commande.",
            "Le prix indiqué est-il valable pour une quantité de mille pièces ?",
            "Veuillez trouver ci-joint notre bon de commande signé.",
        ),
        ("Hélène Dupré", "François Lefèvre", "Amélie Roux"),
        ("lumiere-uv.fr", "orange.fr", "eclairage-pro.be"),
        ("Demande de devis lampes UV", "Commande n° {n}", "Échantillons UVC"),
    ),
    Language(
        "zh",
        "utf-8",
        "base64",
        0.15,
        "报价单",
        "您好，",
        "此致敬礼",
        (
            "感谢您对我们紫外线杀菌灯的询价。",
            "附件是254nm灯管的报价单，请查收。",
            "请确认数量和目的港，我们会尽快安排生产。",
            "最小起订量为500支，交货期为收到定金后15至20天。",
            "我们可以提供CE、RoHS认证文件。",
            "如需样品，请告知收件地址。",
        ),
        ("王伟", "李娜", "张强", "刘洋"),
        ("163.com", "qq.com", "uvlight.com.cn", "126.com"),
        ("询价：紫外线杀菌灯", "关于订单{n}的报价", "样品寄送确认", "UVC灯管价格咨询"),
        "回复：",
    ),
    Language(
        "zh-gb",
        "gb18030",
        "base64",
        0.07,
        "报价单",
        "您好：",
        "顺祝商祺",
        (
            "请问贵司的紫外线灯管是否支持定制长度？",
            "我们需要报价单和产品说明书。",
            "上次的货物已经收到，质量很好。",
            "请尽快安排发货，谢谢。",
            "付款方式可以是信用证吗？",
        ),
        ("陈静", "赵磊", "孙丽"),
        ("sina.com", "sohu.com", "guangzhou-uv.cn"),
        ("订购紫外线灯", "报价单确认{n}", "发货通知"),
        "答复: ",
    ),
    Language(
        "ja",
        "iso-2022-jp",
        "7bit",
        0.05,
        "見積書",
        "お世話になっております。",
        "よろしくお願いいたします。",
        (
            "紫外線ランプの見積書をお送りいただけますでしょうか。",
            "納期についてご確認をお願いいたします。",
            "サンプルを二本ご送付いただけますと幸いです。",
            "価格は数量により変わりますか。",
        ),
        ("田中太郎", "鈴木花子", "佐藤健"),
        ("uv-japan.co.jp", "yahoo.co.jp", "shoumei.jp"),
        ("紫外線ランプのお見積り", "注文番号{n}について", "サンプルのご依頼"),
    ),
    Language(
        "ru",
        "windows-1251",
        "base64",
        0.05,
        "Спасибо",
        "Здравствуйте!",
        "С уважением,",
        (
            "Спасибо за ваше предложение по ультрафиолетовым лампам.",
            "Просим выслать коммерческое предложение на 1000 штук.",
            "Какой срок поставки до Москвы?",
            "Нужны сертификаты соответствия ЕАЭС.",
            "Оплату произведём после получения счёта.",
        ),
        ("Иван Петров", "Ольга Смирнова", "Дмитрий Козлов"),
        ("mail.ru", "yandex.ru", "uvlamp.ru"),
        ("Запрос цены на УФ лампы", "Заказ № {n}", "Образцы ламп"),
        "RE: ",
    ),
    Language(
        "es",
        "utf-8",
        "quoted-printable",
        0.08,
        "cotización",
        "Estimados señores:",
        "Saludos cordiales,",
        (
            "Gracias por la cotización de las lámparas UVC.",
            "¿Podrían indicarnos el plazo de entrega a Valencia?",
            "Necesitamos muestras antes de confirmar el pedido.",
            "El precio incluye el embalaje estándar de exportación?",
        ),
        ("José García", "María Fernández", "Lucía Martínez"),
        ("iluminacion-uv.es", "hotmail.es", "luzpura.mx"),
        ("Solicitud de cotización lámparas UV", "Pedido n.º {n}", "Muestras UVC"),
    ),
]

ATTACHMENTS = [
    ("application", "pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "{stem}.pdf", 0.5),
    ("image", "jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "IMG_{n}.jpg", 0.35),
    (
        "application",
        "vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"PK\x03\x04",
        "{stem}.xlsx",
        0.15,
    ),
]
STEMS = {
    "en": "Quotation",
    "de": "Angebot",
    "fr": "Devis",
    "zh": "报价单",
    "zh-gb": "报价单",
    "ja": "見積書",
    "ru": "Счёт",
    "es": "Cotización",
}


@dataclass(frozen=True)
class Mail:
    """One generated message and where/when it arrives."""

    n: int
    folder: str  # "INBOX" or "Sent"
    when: datetime
    raw: bytes
    seen: bool
    language: str
    marker: str  # must appear in the stored text
    attachments: int
    html_only: bool

    @property
    def token(self) -> str:
        return f"REF-{self.n:06d}"


@dataclass
class _Thread:
    lang: Language
    customer: tuple[str, str]
    staff: tuple[str, str]
    subject: str
    ids: list[str]
    last_text: str = ""


class _Pool:
    """Random bytes to slice attachments from (fast, deterministic, incompressible)."""

    def __init__(self, rng: random.Random, size: int = 8 << 20) -> None:
        self.data, self.rng = rng.randbytes(size), rng

    def take(self, size: int) -> bytes:
        start = self.rng.randrange(0, len(self.data) - size)
        return self.data[start : start + size]


def generate(n: int, seed: int = 1) -> Iterator[Mail]:
    """Yield `n` messages, thread by thread (not in time order)."""
    rng = random.Random(seed)
    pool = _Pool(rng)
    made = 0
    thread_no = 0
    while made < n:
        thread_no += 1
        thread = _new_thread(rng, thread_no)
        when = START + timedelta(seconds=rng.uniform(0, SPAN_DAYS * 86400))
        for k in range(min(_thread_length(rng), n - made)):
            inbound = rng.random() < (0.9 if k == 0 else 0.62)
            yield _message(rng, pool, made, thread, k, inbound, when)
            made += 1
            when += timedelta(seconds=rng.expovariate(1 / 86400) + 600)


def _thread_length(rng: random.Random) -> int:
    return max(1, min(30, int(rng.expovariate(1 / 3.0)) + 1))


def _new_thread(rng: random.Random, no: int) -> _Thread:
    lang = rng.choices(LANGUAGES, [x.weight for x in LANGUAGES])[0]
    name = rng.choice(lang.names)
    local = f"c{no}.{rng.choice(['info', 'purchase', 'buyer', 'office', 'tech'])}"
    customer = (name, f"{local}@{rng.choice(lang.domains)}")
    staff_name, staff_local = rng.choice(STAFF)
    subject = rng.choice(lang.subjects).format(n=no)
    return _Thread(lang, customer, (staff_name, f"{staff_local}@{OUR_DOMAIN}"), subject, [])


def _message(
    rng: random.Random,
    pool: _Pool,
    n: int,
    thread: _Thread,
    k: int,
    inbound: bool,
    when: datetime,
) -> Mail:
    lang = thread.lang
    sender, to = (
        (thread.customer, ("GMUV Sales", SALES))
        if inbound
        else (
            thread.staff,
            thread.customer,
        )
    )
    mid = f"<{when:%Y%m%d%H%M%S}.{n}.{rng.getrandbits(40):x}@{sender[1].split('@')[1]}>"
    text = _text(rng, lang, n, sender[0], to[0], thread.last_text)
    thread.last_text = text
    html_only = rng.random() < 0.05
    body = _alternative(rng, lang, text, html_only)
    attach = []
    if rng.random() < ATTACH_SHARE:
        attach.append(_attachment(rng, pool, lang, n))
        if rng.random() < 0.15:
            attach.append(_attachment(rng, pool, lang, n + 1))
    boundary = f"----=_Part_{n}_{rng.getrandbits(48):x}"
    if attach:
        top = (
            f'Content-Type: multipart/mixed; boundary="{boundary}"\n\n'
            f"This is a multi-part message in MIME format.\n\n--{boundary}\n".encode()
            + body
            + b"".join(f"\n--{boundary}\n".encode() + a for a in attach)
            + f"\n--{boundary}--\n".encode()
        )
    else:
        top = body
    subject = thread.subject if k == 0 else lang.reply_prefix + thread.subject
    headers = _headers(rng, lang, sender, to, subject, when, mid, thread.ids, inbound)
    thread.ids.append(mid)
    return Mail(
        n=n,
        folder="INBOX" if inbound else "Sent",
        when=when,
        raw=headers + b"MIME-Version: 1.0\n" + top,
        seen=not inbound or rng.random() < 0.85,
        language=lang.code,
        marker=lang.marker,
        attachments=len(attach),
        html_only=html_only,
    )


def _text(rng: random.Random, lang: Language, n: int, sender: str, to: str, previous: str) -> str:
    target = rng.randint(600, 4000)
    lines = [lang.greeting.format(name=to), ""]
    lines.append(f"{lang.marker} REF-{n:06d}")
    size = 0
    while size < target:
        para = " ".join(rng.choice(lang.phrases) for _ in range(rng.randint(2, 5)))
        lines += [para, ""]
        size += len(para.encode())
    lines += [lang.closing, sender, f"Tel: +86 755 {rng.randint(1000000, 9999999)}"]
    new = "\n".join(lines)
    if previous:
        quoted = "\n".join("> " + line for line in previous.splitlines())
        room = max(0, 7000 - len(new.encode()))
        new += "\n\n" + quoted[: room // 3 if lang.code in ("zh", "zh-gb", "ja") else room]
    return new


def _alternative(rng: random.Random, lang: Language, text: str, html_only: bool) -> bytes:
    html = _html(text)
    html_part = _text_part("html", lang, html)
    if html_only:
        return html_part
    boundary = f"----=_Alt_{rng.getrandbits(48):x}"
    return (
        f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n--{boundary}\n'.encode()
        + _text_part("plain", lang, text)
        + f"\n--{boundary}\n".encode()
        + html_part
        + f"\n--{boundary}--\n".encode()
    )


def _html(text: str) -> str:
    paras = []
    for block in text.split("\n\n"):
        escaped = block.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if block.startswith("> "):
            paras.append(
                f'<blockquote style="margin:0 0 0 .8ex;border-left:1px #ccc solid;'
                f'padding-left:1ex">{escaped.replace(chr(10), "<br>")}</blockquote>'
            )
        else:
            paras.append(
                f'<p style="font-family:Calibri,Arial;font-size:11pt">'
                f"{escaped.replace(chr(10), '<br>')}</p>"
            )
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html"></head>'
        "<body>\n" + "\n".join(paras) + "\n</body></html>\n"
    )


def _text_part(subtype: str, lang: Language, text: str) -> bytes:
    data = text.encode(lang.charset)
    if lang.encoding == "base64":
        body = base64.encodebytes(data)
    elif lang.encoding == "quoted-printable":
        body = binascii.b2a_qp(data, header=False).replace(b"\r\n", b"\n")
    else:
        body = data
    return (
        f'Content-Type: text/{subtype}; charset="{lang.charset}"\n'
        f"Content-Transfer-Encoding: {lang.encoding}\n\n"
    ).encode() + body


def _attachment(rng: random.Random, pool: _Pool, lang: Language, n: int) -> bytes:
    maintype, subtype, magic, pattern, _w = rng.choices(ATTACHMENTS, [a[4] for a in ATTACHMENTS])[0]
    size = int(rng.lognormvariate(math.log(ATTACH_MEDIAN), ATTACH_SIGMA))
    size = max(ATTACH_MIN, min(ATTACH_MAX, size))
    name = pattern.format(stem=STEMS[lang.code], n=n)
    param = f'filename="{name}"' if name.isascii() else f"filename*=utf-8''{quote(name)}"
    head = (
        f'Content-Type: {maintype}/{subtype}; name="{Header(name, "utf-8").encode()}"\n'
        f"Content-Transfer-Encoding: base64\n"
        f"Content-Disposition: attachment; {param}\n\n"
    )
    return head.encode() + base64.encodebytes(magic + pool.take(size))


def _headers(
    rng: random.Random,
    lang: Language,
    sender: tuple[str, str],
    to: tuple[str, str],
    subject: str,
    when: datetime,
    mid: str,
    ancestors: list[str],
    inbound: bool,
) -> bytes:
    lines = []
    if inbound:
        lines += _received(rng, sender[1].split("@")[1], when)
        if rng.random() < 0.5:
            sig = base64.b64encode(rng.randbytes(192)).decode()
            lines.append(
                f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; "
                f"d={sender[1].split('@')[1]};\n s=sel1; h=from:to:subject:date:message-id;\n"
                f" bh={base64.b64encode(rng.randbytes(32)).decode()};\n b={sig[:70]}\n"
                f" {sig[70:140]}\n {sig[140:]}"
            )
    lines.append(f"From: {_address(lang, *sender)}")
    lines.append(f"To: {_address(lang, *to)}")
    if rng.random() < 0.2:
        lines.append(f"Cc: {_address(lang, 'Purchasing', 'purchase@' + sender[1].split('@')[1])}")
    lines.append(f"Subject: {_encoded(lang, subject)}")
    local = when.astimezone(_zone(lang, inbound))
    lines.append(f"Date: {format_datetime(local)}")
    lines.append(f"Message-ID: {mid}")
    if ancestors:
        lines.append(f"In-Reply-To: {ancestors[-1]}")
        lines.append("References: " + "\n ".join(ancestors[-10:]))
    lines.append(f"X-Mailer: {rng.choice(MAILERS)}")
    return ("\n".join(lines) + "\n").encode("ascii")


MAILERS = [
    "Microsoft Outlook 16.0",
    "Foxmail 7.2.25.228[cn]",
    "Apple Mail (2.3774)",
    "Thunderbird 128.3.1",
    "Coremail Webmail Server",
]


def _received(rng: random.Random, domain: str, when: datetime) -> list[str]:
    hops = []
    for _ in range(rng.randint(2, 4)):
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        hops.append(
            f"Received: from mail{rng.randint(1, 40)}.{domain} (mail.{domain} [{ip}])\n"
            f"\tby mx.{OUR_DOMAIN} (Postfix) with ESMTPS id {rng.getrandbits(40):X}\n"
            f"\tfor <{SALES}>; {format_datetime(when)}"
        )
    return hops


ZONES = {"en": -5, "de": 1, "fr": 1, "zh": 8, "zh-gb": 8, "ja": 9, "ru": 3, "es": 1}


def _zone(lang: Language, inbound: bool) -> timezone:
    return timezone(timedelta(hours=ZONES[lang.code] if inbound else 8))


def _address(lang: Language, name: str, email: str) -> str:
    if name.isascii():
        return formataddr((name, email))
    return f"{Header(name, lang.charset).encode()} <{email}>"


def _encoded(lang: Language, text: str) -> str:
    if text.isascii():
        return text
    return Header(text, lang.charset, maxlinelen=76).encode()
