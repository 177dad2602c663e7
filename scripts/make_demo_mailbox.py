#!/usr/bin/env python3
"""Write mailbot/demo/sample.mbox and mailbot/demo/README.md (written for mailbot).

A deterministic demo mailbox of Guangming UV Lighting Co., Ltd. (gmuv-lighting.cn): the
shared sales@ inbox together with what the staff (anna@, leo@, mei@) sent, between
2026-09-01 and 2026-11-20. About 40 conversations with invented customers in 25
countries: inquiries, quotes, proforma invoices, samples, follow-ups, two out-of-office
replies, one bounce and one newsletter. Every person, company, address and phone number
is invented.

    python scripts/make_demo_mailbox.py           # write + check
    python scripts/make_demo_mailbox.py --check   # check the files on disk only

Fixed seed, fixed dates: running it twice gives identical bytes.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import email
import email.header
import email.policy
import email.utils
import html
import mailbox
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "mailbot" / "demo"
MBOX = DEMO / "sample.mbox"
README = DEMO / "README.md"
SEED = 20260901
MAX_BYTES = 600 * 1024

# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    key: str
    name: str
    email: str
    company: str
    country: str  # ISO 3166 alpha-2
    tz: str
    lang: str  # main language(s) of their mail
    client: str  # key of CLIENTS
    sig: str
    charset: str = "utf-8"
    utc_dates: bool = False  # Exchange/Outlook 365 writes +0000
    html: bool = False  # sends multipart/alternative


STAFF_SIG = (
    "{name}\n{title}\nGuangming UV Lighting Co., Ltd.\n"
    "No. 18 Guangming Road, Guangming District, Shenzhen 518107, China\n"
    "Tel: +86 755 2345 6789 | WhatsApp: {mobile}\nwww.gmuv-lighting.cn"
)


def staff(key: str, name: str, title: str, mobile: str, client: str) -> Person:
    return Person(key, name, f"{key}@gmuv-lighting.cn", "Guangming UV Lighting Co., Ltd.",
                  "CN", "Asia/Shanghai", "en", client,
                  STAFF_SIG.format(name=name, title=title, mobile=mobile))


STAFF = {
    "anna": staff("anna", "Anna Li", "Sales Manager, Europe & Middle East",
                  "+86 138 0013 8000", "outlook_en"),
    "leo": staff("leo", "Leo Zhang", "Sales Manager, Americas", "+86 139 2345 6780",
                 "thunderbird"),
    "mei": staff("mei", "Mei Chen", "Sales Manager, Asia-Pacific & Africa",
                 "+86 137 2345 6781", "foxmail_en"),
}
SALES = "sales@gmuv-lighting.cn"

P = Person
CUSTOMERS = {p.key: p for p in [
    P("hans", "Hans Müller", "hans.mueller@mueller-lichttechnik.de", "Müller Lichttechnik GmbH",
      "DE", "Europe/Berlin", "de", "outlook_de",
      "Mit freundlichen Grüßen\nHans Müller\nGeschäftsführer\nMüller Lichttechnik GmbH\n"
      "Gewerbestraße 12, 10557 Berlin\nTel: +49 30 1234567\nFax: +49 30 1234568",
      charset="iso-8859-1"),
    P("petra", "Petra Schulz", "petra.schulz@mueller-lichttechnik.de",
      "Müller Lichttechnik GmbH", "DE", "Europe/Berlin", "de", "outlook_de",
      "Freundliche Grüße\nPetra Schulz\nEinkauf\nMüller Lichttechnik GmbH\n"
      "Tel. +49 30 1234567-23"),
    P("juergen", "Jürgen Becker", "juergen.becker@web.de", "Teichtechnik Becker", "DE",
      "Europe/Berlin", "de", "webde",
      "Gruß\nJürgen Becker\nTeichtechnik Becker\nMobil: 0049 151 2345 6789"),
    P("rajesh", "Rajesh Kumar", "rajesh@saiaquasystems.in", "Sai Aqua Systems Pvt Ltd", "IN",
      "Asia/Kolkata", "en", "gmail",
      "-- \nRajesh Kumar\nDirector | Sai Aqua Systems Pvt Ltd\n"
      "Peenya Industrial Area, Bengaluru 560058\nMob: +91 98450 12345"),
    P("anil", "Anil Reddy", "anil.reddy@saiaquasystems.in", "Sai Aqua Systems Pvt Ltd", "IN",
      "Asia/Kolkata", "en", "outlook_en",
      "Regards,\nAnil Reddy\nAccounts Manager, Sai Aqua Systems Pvt Ltd\nPh: +91 80 2839 4455"),
    P("priya", "Dr. Priya Sharma", "priya.sharma@yahoo.co.in",
      "Sunrise Multispeciality Hospital", "IN", "Asia/Kolkata", "en", "yahoo",
      "Dr. Priya Sharma\nInfection Control, Sunrise Multispeciality Hospital, Mumbai\n"
      "+91 22 2345 6789"),
    P("vikram", "Vikram Patel", "vikram@patelengg.co.in", "Patel Engineering Works", "IN",
      "Asia/Kolkata", "en", "outlook_en",
      "Thanks & Regards\nVikram Patel\nPatel Engineering Works\nGIDC Vatva, Ahmedabad\n"
      "M: +91 99099 12345"),
    P("alharbi", "Mohammed Al-Harbi", "m.alharbi@alnoor-trading.com.sa",
      "Al-Noor Trading Est.", "SA", "Asia/Riyadh", "en, ar", "outlook_en",
      "Best Regards,\nMohammed Al-Harbi\nGeneral Manager\nAl-Noor Trading Est., Riyadh\n"
      "Mobile: +966 50 123 4567\nTel: +966 11 234 5678"),
    P("otaibi", "Khalid Al-Otaibi", "k.otaibi@alnoor-trading.com.sa", "Al-Noor Trading Est.",
      "SA", "Asia/Riyadh", "en", "outlook365_en",
      "Regards,\nKhalid Al-Otaibi\nProcurement Officer\nAl-Noor Trading Est.\n"
      "Mobile: +966 55 765 4321", utc_dates=True, html=True),
    P("fatima", "فاطمة المنصوري", "f.almansoori@dubaimedsupply.ae", "Dubai Medical Supply LLC",
      "AE", "Asia/Dubai", "ar, en", "outlook_en",
      "مع التحية\nFatima Al-Mansoori\nDubai Medical Supply LLC\nTel: +971 4 321 7654",
      charset="windows-1256"),
    P("ahmed", "Ahmed Hassan", "ahmed@gulfcleantech.ae", "Gulf Clean Tech FZE", "AE",
      "Asia/Dubai", "en", "outlook_en",
      "Kind regards,\nAhmed Hassan\nGulf Clean Tech FZE, Jebel Ali Free Zone, Dubai\n"
      "Tel: +971 4 123 4567 | Mob: +971 50 765 4321", html=True),
    P("carlos", "Carlos Silva", "carlos@aquaclara.com.br", "Aquaclara Filtros Ltda.", "BR",
      "America/Sao_Paulo", "pt", "outlook_pt",
      "Atenciosamente,\nCarlos Silva\nDiretor Comercial\nAquaclara Filtros Ltda.\n"
      "Tel.: +55 11 98765-4321", charset="iso-8859-1"),
    P("fernanda", "Fernanda Costa", "fernanda.costa@gmail.com", "Aquários Costa", "BR",
      "America/Sao_Paulo", "pt", "gmail",
      "Fernanda Costa\nAquários Costa - Rio de Janeiro\nWhatsApp: +55 21 99876-5432"),
    P("michael", "Michael Johnson", "mjohnson@pureairsolutions.com", "PureAir Solutions Inc.",
      "US", "America/New_York", "en", "outlook365_en",
      "Best regards,\nMichael Johnson\nVP Engineering | PureAir Solutions Inc.\n"
      "120 Federal Street, Boston, MA 02110\nTel: +1 (617) 555-0142",
      utc_dates=True, html=True),
    P("lisa", "Lisa Brown", "lbrown@pureairsolutions.com", "PureAir Solutions Inc.", "US",
      "America/New_York", "en", "outlook365_en",
      "Thanks,\nLisa Brown\nPurchasing | PureAir Solutions Inc.\nPhone: +1 (617) 555-0199",
      utc_dates=True),
    P("jennifer", "Jennifer Lee", "jlee@pacificaquatics.com", "Pacific Aquatics LLC", "US",
      "America/Los_Angeles", "en", "gmail",
      "Jennifer Lee\nOperations Manager, Pacific Aquatics LLC\nSan Francisco, CA\n"
      "+1 415-555-0187"),
    P("kevin", "Kevin O'Brien", "kobrien@outlook.com", "O'Brien Mechanical", "US",
      "America/Chicago", "en", "outlook365_en",
      "Kevin O'Brien\nO'Brien Mechanical, Chicago IL\nCell: +1 312 555 0163"),
    P("david", "David Cohen", "david@ortech.co.il", "Or Tech Ltd", "IL", "Asia/Jerusalem",
      "en", "gmail", "בברכה / Best regards,\nDavid Cohen\nCTO, Or Tech Ltd\nTel: +972 3 123 4567"),
    P("james", "James Wilson", "james.wilson@brightwater-uv.co.uk", "Brightwater UV Ltd", "GB",
      "Europe/London", "en", "outlook_en",
      "Kind regards,\nJames Wilson\nTechnical Director\nBrightwater UV Ltd\n"
      "Tel: +44 20 7946 0123", html=True),
    P("sophie", "Sophie Martin", "s.martin@hygiene-lumiere.fr", "Hygiène Lumière SARL", "FR",
      "Europe/Paris", "fr", "outlook_fr",
      "Cordialement,\nSophie Martin\nResponsable achats\nHygiène Lumière SARL – Lyon\n"
      "Tél. : +33 4 72 12 34 56", charset="windows-1252"),
    P("takahashi", "高橋 健二", "takahashi@sanko-shoji.co.jp", "三光商事株式会社 (Sanko Shoji)",
      "JP", "Asia/Tokyo", "ja", "thunderbird_ja",
      "三光商事株式会社 営業部\n高橋 健二\nTEL: +81 3-1234-5678\nFAX: +81 3-1234-5679",
      charset="iso-2022-jp"),
    P("kim", "김민준", "mj.kim@hanbituv.co.kr", "Hanbit UV Co., Ltd. (한빛유브이)", "KR",
      "Asia/Seoul", "ko, en", "outlook_kr",
      "Kim Min-jun (김민준) / Manager\nHanbit UV Co., Ltd.\nTel: +82 2-1234-5678",
      charset="euc-kr"),
    P("mehmet", "Mehmet Yılmaz", "mehmet@yilmazaydinlatma.com.tr",
      "Yılmaz Aydınlatma Ltd. Şti.", "TR", "Europe/Istanbul", "en", "outlook_tr",
      "Saygılarımla / Best regards,\nMehmet Yılmaz\nYılmaz Aydınlatma Ltd. Şti.\n"
      "İkitelli OSB, İstanbul\nTel: +90 212 123 45 67"),
    P("chinedu", "Chinedu Okafor", "chinedu.okafor@gmail.com", "Okafor Global Ventures", "NG",
      "Africa/Lagos", "en", "gmail",
      "Chinedu Okafor\nCEO, Okafor Global Ventures, Lagos\n+234 803 123 4567"),
    P("sarah", "Sarah Thompson", "sarah@aquapure.com.au", "AquaPure Australia Pty Ltd", "AU",
      "Australia/Sydney", "en", "gmail",
      "Sarah Thompson\nProduct Manager | AquaPure Australia Pty Ltd\nPh: +61 2 5550 1234"),
    P("budi", "Budi Santoso", "budi@sinarterang.co.id", "PT Sinar Terang Abadi", "ID",
      "Asia/Jakarta", "id, en", "gmail",
      "Salam,\nBudi Santoso\nPT Sinar Terang Abadi\nJl. Industri Raya No. 8, Jakarta\n"
      "Tel: +62 21 1234 5678"),
    P("alejandro", "Alejandro García", "agarcia@solucionesuv.com.mx",
      "Soluciones UV de México S.A. de C.V.", "MX", "America/Mexico_City", "es", "outlook_es",
      "Saludos cordiales,\nAlejandro García\nDirector de Compras\n"
      "Soluciones UV de México S.A. de C.V.\nTel: +52 55 1234 5678"),
    P("lucia", "Lucía Hernández", "lhernandez@solucionesuv.com.mx",
      "Soluciones UV de México S.A. de C.V.", "MX", "America/Mexico_City", "es", "outlook_es",
      "Atentamente,\nLucía Hernández\nCompras\nSoluciones UV de México\nTel: +52 55 1234 5690"),
    P("huang", "黄志强", "huangzq_gz@qq.com", "广州恒信贸易有限公司 (Hengxin Trading)", "CN",
      "Asia/Shanghai", "zh", "qq", "黄志强\n广州恒信贸易有限公司\n手机：+86 135 0000 1234",
      charset="gb18030"),
    P("tan", "Tan Wei Ming", "twm@lumipure.com.sg", "LumiPure Pte Ltd", "SG", "Asia/Singapore",
      "en, zh", "outlook_en", "Best regards,\nTan Wei Ming 陈伟明\nLumiPure Pte Ltd\n"
      "Tel: +65 6123 4567"),
    P("ana", "Ana Rodríguez", "ana.rodriguez@outlook.com", "Clínica Dental Sonrisa", "CO",
      "America/Bogota", "es", "outlook365_es",
      "Ana Rodríguez\nClínica Dental Sonrisa, Medellín\nCel: +57 300 123 4567"),
    P("capeuv", "", "info@capeuvsolutions.co.za", "Cape UV Solutions (Pty) Ltd", "ZA",
      "Africa/Johannesburg", "en", "outlook_en", ""),
    P("marek", "Marek Nowak", "m.nowak@aquaserwis.pl", "Aquaserwis Sp. z o.o.", "PL",
      "Europe/Warsaw", "en", "thunderbird",
      "Pozdrawiam / Best regards\nMarek Nowak\nAquaserwis Sp. z o.o.\ntel. +48 22 123 45 67"),
    P("omar", "Omar Farouk", "omar.farouk@nilewater-eg.com", "Nile Water Solutions", "EG",
      "Africa/Cairo", "ar, en", "outlook_en",
      "Omar Farouk\nNile Water Solutions, Cairo\nMob: +20 100 123 4567"),
    P("nguyen", "Nguyễn Văn Minh", "minh.nguyen@saigonuv.vn", "Saigon UV Co., Ltd", "VN",
      "Asia/Ho_Chi_Minh", "vi, en", "gmail",
      "Nguyễn Văn Minh\nSaigon UV Co., Ltd\nĐT: +84 28 3823 4567"),
    P("marco", "Marco Rossi", "m.rossi@rossi-impianti.it", "Rossi Impianti Srl", "IT",
      "Europe/Rome", "it, en", "outlook_it",
      "Cordiali saluti,\nMarco Rossi\nRossi Impianti Srl, Bologna\nTel. +39 051 123 4567"),
    P("laura", "Laura Fernández", "laura.fernandez@hidrotec-iberia.es", "Hidrotec Iberia S.L.",
      "ES", "Europe/Madrid", "es", "outlook_es",
      "Un saludo,\nLaura Fernández\nHidrotec Iberia S.L.\nTel.: +34 91 123 45 67"),
    P("somchai", "Somchai Wongsakul", "somchai@thaiaquatech.co.th", "Thai Aqua Tech Co., Ltd.",
      "TH", "Asia/Bangkok", "en", "outlook_en",
      "Best regards,\nSomchai Wongsakul\nThai Aqua Tech Co., Ltd.\nTel: +66 2 123 4567"),
]}
PEOPLE = {**STAFF, **CUSTOMERS}

# --------------------------------------------------------------------------------------
# Mail clients: reply prefix and quote style
# --------------------------------------------------------------------------------------

def _words(text: str) -> list[str]:
    return text.split()


WD = {
    "en": _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
    "de": _words("Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"),
    "pt": _words("segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo"),
    "es": _words("lunes martes miércoles jueves viernes sábado domingo"),
    "fr": _words("lundi mardi mercredi jeudi vendredi samedi dimanche"),
    "it": _words("lunedì martedì mercoledì giovedì venerdì sabato domenica"),
    "tr": _words("Pazartesi Salı Çarşamba Perşembe Cuma Cumartesi Pazar"),
    "ko": _words("월요일 화요일 수요일 목요일 금요일 토요일 일요일"),
    "zh": _words("星期一 星期二 星期三 星期四 星期五 星期六 星期日"),
}
MO = {
    "en": _words("January February March April May June July August September October November "
          "December"),
    "de": _words("Januar Februar März April Mai Juni Juli August September Oktober November "
          "Dezember"),
    "pt": _words("janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro "
          "dezembro"),
    "es": _words("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
          "diciembre"),
    "fr": _words("janvier février mars avril mai juin juillet août septembre octobre novembre "
          "décembre"),
    "it": _words("gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre "
          "novembre dicembre"),
    "tr": _words("Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık"),
}


def h12(d: datetime) -> str:
    return f"{(d.hour % 12) or 12}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def addr(p: Person) -> str:
    return f"{p.name} <{p.email}>" if p.name else p.email


@dataclass(frozen=True)
class Client:
    prefix: str
    recognises: tuple[str, ...]
    angle: bool  # quote lines with "> "
    header: str  # quote header template, see quote_header()
    mailer: tuple[str, str] | None = None


CLIENTS = {
    "outlook_en": Client("RE: ", ("re:",), False, "outlook_en",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook365_en": Client("RE: ", ("re:",), False, "outlook365_en"),
    "outlook365_es": Client("RE: ", ("re:",), False, "outlook365_es"),
    "outlook_de": Client("AW: ", ("aw:", "re:", "wg:"), False, "outlook_de",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_pt": Client("RES: ", ("res:", "re:"), False, "outlook_pt",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_es": Client("RE: ", ("re:",), False, "outlook_es",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_fr": Client("RE : ", ("re :", "re:"), False, "outlook_fr",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_it": Client("R: ", ("r:", "re:"), False, "outlook_it",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_tr": Client("Ynt: ", ("ynt:", "re:"), False, "outlook_tr",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "outlook_kr": Client("RE: ", ("re:",), False, "outlook_kr",
                         ("X-Mailer", "Microsoft Outlook 16.0")),
    "gmail": Client("Re: ", ("re:",), True, "gmail"),
    "yahoo": Client("Re: ", ("re:",), True, "yahoo"),
    "webde": Client("AW: ", ("aw:",), False, "webde"),
    "thunderbird": Client("Re: ", ("re:",), True, "thunderbird",
                          ("User-Agent", "Mozilla Thunderbird")),
    "thunderbird_ja": Client("Re: ", ("re:",), True, "thunderbird_ja",
                             ("User-Agent", "Mozilla Thunderbird")),
    "qq": Client("回复：", ("回复：",), False, "qq", ("X-QQ-MIME", "TCMime 1.0 by Tencent")),
    "foxmail_en": Client("Re: ", ("re:",), False, "foxmail_en",
                         ("X-Mailer", "Foxmail 7.2.25.228[en]")),
    "foxmail_zh": Client("Re: ", ("re:",), False, "foxmail_zh",
                         ("X-Mailer", "Foxmail 7.2.25.228[cn]")),
}


def quote_header(style: str, parent: Built, d: datetime) -> str:
    """The line(s) a client writes above the quoted parent; `d` in the replier's zone."""
    p, w, m = parent.sender, d.weekday(), d.month - 1
    to = "; ".join(addr(PEOPLE[k]) if k in PEOPLE else k for k in parent.to)
    s = parent.subject
    hm = f"{d.hour:02d}:{d.minute:02d}"
    if style == "outlook_en":
        return (f"-----Original Message-----\nFrom: {p.name} <{p.email}>\n"
                f"Sent: {WD['en'][w]}, {MO['en'][m]} {d.day}, {d.year} {h12(d)}\n"
                f"To: {to}\nSubject: {s}")
    if style in ("outlook365_en", "outlook365_es"):
        if style == "outlook365_es":
            return (f"________________________________\nDe: {p.name} <{p.email}>\n"
                    f"Enviado: {WD['es'][w]}, {d.day} de {MO['es'][m]} de {d.year} {hm}\n"
                    f"Para: {to}\nAsunto: {s}")
        return (f"________________________________\nFrom: {p.name} <{p.email}>\n"
                f"Sent: {WD['en'][w]}, {MO['en'][m]} {d.day}, {d.year} {h12(d)}\n"
                f"To: {to}\nSubject: {s}")
    if style == "outlook_de":
        return (f"-----Ursprüngliche Nachricht-----\nVon: {p.name} <{p.email}>\n"
                f"Gesendet: {WD['de'][w]}, {d.day}. {MO['de'][m]} {d.year} {hm}\n"
                f"An: {to}\nBetreff: {s}")
    if style == "outlook_pt":
        return (f"De: {p.name} <{p.email}>\nEnviada em: {WD['pt'][w]}, {d.day} de "
                f"{MO['pt'][m]} de {d.year} {hm}\nPara: {to}\nAssunto: {s}")
    if style == "outlook_es":
        return (f"De: {p.name} <{p.email}>\nEnviado el: {WD['es'][w]}, {d.day} de "
                f"{MO['es'][m]} de {d.year} {hm}\nPara: {to}\nAsunto: {s}")
    if style == "outlook_fr":
        return (f"De : {p.name} <{p.email}>\nEnvoyé : {WD['fr'][w]} {d.day} {MO['fr'][m]} "
                f"{d.year} {hm}\nÀ : {to}\nObjet : {s}")
    if style == "outlook_it":
        return (f"Da: {p.name} <{p.email}>\nInviato: {WD['it'][w]} {d.day} {MO['it'][m]} "
                f"{d.year} {hm}\nA: {to}\nOggetto: {s}")
    if style == "outlook_tr":
        return (f"Kimden: {p.name} <{p.email}>\nGönderildi: {d.day} {MO['tr'][m]} {d.year} "
                f"{WD['tr'][w]} {hm}\nKime: {to}\nKonu: {s}")
    if style == "outlook_kr":
        ampm = "오전" if d.hour < 12 else "오후"
        return (f"보낸 사람: {p.name} <{p.email}>\n보낸 날짜: {d.year}년 {d.month}월 {d.day}일 "
                f"{WD['ko'][w]} {ampm} {(d.hour % 12) or 12}:{d.minute:02d}\n"
                f"받는 사람: {to}\n제목: {s}")
    if style == "gmail":
        return (f"On {WD['en'][w][:3]}, {MO['en'][m][:3]} {d.day}, {d.year} at {h12(d)} "
                f"{p.name} <{p.email}> wrote:")
    if style == "yahoo":
        off = d.utcoffset()
        mins = int(off.total_seconds() // 60) if off else 0
        gmt = f"GMT{'+' if mins >= 0 else '-'}{abs(mins) // 60}:{abs(mins) % 60:02d}"
        return (f"On {WD['en'][w]}, {MO['en'][m]} {d.day}, {d.year}, "
                f"{h12(d).replace(' ', ':00 ')} {gmt}, {p.name} <{p.email}> wrote:")
    if style == "webde":
        return (f"Gesendet: {WD['de'][w]}, {d.day:02d}. {MO['de'][m]} {d.year} um {hm} Uhr\n"
                f"Von: \"{p.name}\" <{p.email}>\nAn: {to}\nBetreff: {s}")
    if style == "thunderbird":
        return f"On {d.day:02d}/{d.month:02d}/{d.year} {hm}, {p.name} wrote:"
    if style == "thunderbird_ja":
        return f"On {d.year}/{d.month:02d}/{d.day:02d} {hm}, {p.name} wrote:"
    if style in ("qq", "foxmail_zh"):
        ampm = "上午" if d.hour < 12 else "下午"
        return (f"------------------ 原始邮件 ------------------\n"
                f"发件人: \"{p.name}\"<{p.email}>;\n"
                f"发送时间: {d.year}年{d.month}月{d.day}日({WD['zh'][w]}) {ampm}"
                f"{(d.hour % 12) or 12}:{d.minute:02d}\n收件人: {to};\n主题: {s}")
    if style == "foxmail_en":
        return (f"------------------ Original ------------------\n"
                f"From:  \"{p.name}\"<{p.email}>;\n"
                f"Date:  {WD['en'][w][:3]}, {MO['en'][m][:3]} {d.day}, {d.year} {h12(d)}\n"
                f"To:  {to};\nSubject:  {s}")
    raise ValueError(style)


# --------------------------------------------------------------------------------------
# Conversations
# --------------------------------------------------------------------------------------


@dataclass
class M:
    who: str  # person key
    when: str  # "YYYY-MM-DD HH:MM" in the sender's own zone
    body: str
    subject: str | None = None  # None: derived from the parent (reply prefix)
    refs: bool = True  # write In-Reply-To/References
    parent: int | None = -1  # index in the conversation; -1 = previous message; None = none
    to: list[str] | None = None
    cc: list[str] | None = None
    attach: str | None = None  # a tiny PDF with this name
    kind: str = "human"  # human / ooo_exchange / ooo_gmail / bounce / newsletter
    client: str | None = None  # override the sender's client
    charset: str | None = None  # override the sender's charset


@dataclass
class Conv:
    cid: str
    subject: str
    msgs: list[M]
    note: str = ""
    state: str = ""  # overrides the derived state text (not `last`)


C = Conv
CONVERSATIONS: list[Conv] = [
    C("C01", "Anfrage UVC-Röhren T8 30W", [
        M("hans", "2026-09-01 09:12",
          "Sehr geehrte Damen und Herren,\n\n"
          "wir sind ein Großhändler für Lichttechnik in Berlin und suchen einen Lieferanten\n"
          "für UVC-Röhren T8 30W (254 nm, ozonfrei, Sockel G13). Bedarf: ca. 200 Stück pro\n"
          "Quartal.\n\n"
          "Bitte senden Sie uns ein Angebot inkl. Lieferzeit und Versandkosten nach Hamburg\n"
          "sowie die CE- und RoHS-Zertifikate."),
        M("anna", "2026-09-01 17:05",
          "Dear Mr. Müller,\n\nThank you for your inquiry. Please find attached our quotation "
          "Q2026-0901:\n\n"
          "- UVC T8 30W, 254nm, ozone-free quartz, G13: USD 3.85/pc (200 pcs)\n"
          "- Lead time: 15 days after deposit\n"
          "- Sea freight to Hamburg (LCL): approx. USD 180; DHL express: approx. USD 260\n\n"
          "CE and RoHS certificates are available and listed in the quotation.\n\n"
          "Best regards,", attach="GMUV_Quotation_Q2026-0901.pdf"),
        M("hans", "2026-09-03 10:20",
          "Sehr geehrte Frau Li,\n\nvielen Dank für das Angebot. Bei 500 Stück erwarten wir "
          "einen Rabatt\nvon 5 %. Außerdem benötigen wir das Datenblatt mit der UVC-Leistung "
          "in Watt."),
        M("anna", "2026-09-04 10:30",
          "Dear Mr. Müller,\n\nfor 500 pcs we can offer USD 3.70/pc (about 4 % off).\n"
          "Datasheet: UVC output 11.2 W after 100 hours, useful life 9,000 hours.\n\n"
          "If you agree, we will prepare the proforma invoice (PI).\n\nBest regards,"),
        M("hans", "2026-09-07 08:45",
          "Sehr geehrte Frau Li,\n\neinverstanden. Bitte senden Sie uns die Proforma-Rechnung "
          "für 500 Stück,\nLieferung per Seefracht nach Hamburg (FOB Shenzhen)."),
        M("anna", "2026-09-08 09:50",
          "Dear Mr. Müller,\n\nplease find our PI GMUV-PI-2026-0908:\n\n"
          "  500 pcs UVC T8 30W x USD 3.70 = USD 1,850.00, FOB Shenzhen\n"
          "  Payment: 30% T/T deposit, 70% before shipment\n"
          "  Production: 15 days after deposit\n\n"
          "Please sign and return it; we will start production as soon as the deposit "
          "arrives.\n\nBest regards,"),
        M("anna", "2026-09-15 10:10",
          "Dear Mr. Müller,\n\njust a short follow-up: did you receive our PI "
          "GMUV-PI-2026-0908?\nWe have reserved the quartz tubes for your order until the end "
          "of September.\n\nBest regards,"),
    ], "PI sent, one follow-up, no answer since 8 Sep"),
    C("C02", "Datenblätter elektronische Vorschaltgeräte", [
        M("petra", "2026-09-22 14:30",
          "Guten Tag,\n\nbitte senden Sie uns die Datenblätter Ihrer elektronischen "
          "Vorschaltgeräte\n230 V für 1x30W und 2x30W UVC-Röhren. Haben die Geräte eine "
          "ENEC-Zulassung?"),
        M("anna", "2026-09-24 09:40",
          "Dear Ms. Schulz,\n\nthank you for your message. Our ballasts EB-230-1x30 and "
          "EB-230-2x30 are\nCE and RoHS compliant; a TÜV test report is available. They do "
          "not have ENEC.\nDatasheet summary: input 220-240 V 50/60 Hz, PF > 0.95, lamp "
          "current 0.36 A,\nworking temperature -10 to +50 °C.\n\nBest regards,"),
        M("petra", "2026-09-24 03:41",
          "Vielen Dank für Ihre Nachricht.\n\nIch bin bis einschließlich 09.10.2026 nicht im "
          "Büro. Ab dem 12.10.2026 bin ich\nwieder erreichbar. In dringenden Fällen wenden "
          "Sie sich bitte an Herrn Müller\n(hans.mueller@mueller-lichttechnik.de).",
          kind="ooo_exchange"),
    ], "only an out-of-office (absent until 09.10.2026) came back"),
    C("C03", "UV-C Amalgamlampe 40W für Teichklärer", [
        M("juergen", "2026-10-24 19:40",
          "Hallo,\n\nich brauche Ersatzlampen für Teichklärer: UV-C Amalgam 40W, 4-Pin, "
          "Länge 843 mm.\nVerkaufen Sie auch kleine Mengen? Ich würde 10 Stück für meine "
          "Kunden nehmen."),
        M("anna", "2026-10-26 10:15",
          "Dear Mr. Becker,\n\nour MOQ for amalgam lamps is normally 50 pcs, but for a first "
          "trial order we\ncan supply 10 pcs at USD 24.00/pc plus DHL express USD 95 to "
          "Germany.\nPlease note that import VAT and customs clearance are on the buyer's "
          "side.\n\nBest regards,"),
        M("juergen", "2026-10-28 21:05",
          "Hallo Frau Li,\n\ndanke. Geht auch Versand bis zur Haustür inkl. Zoll (DDP)? Und "
          "kann ich per\nPayPal bezahlen?", refs=False),
        M("anna", "2026-10-29 09:30",
          "Dear Mr. Becker,\n\nDDP is possible for USD 40 extra (10 pcs). We do not accept "
          "PayPal, only\nbank transfer (T/T). Shall I send you the invoice?\n\nBest regards,"),
        M("juergen", "2026-11-16 20:10",
          "Hallo Frau Li,\n\nok, dann bestelle ich 10 Stück DDP per Überweisung. Bitte "
          "schicken Sie mir die\nRechnung an meine Privatadresse: Jürgen Becker, "
          "Lindenweg 5, 49074 Osnabrück.", refs=False),
    ], "customer replies carry no In-Reply-To/References (subject 'AW:' only)"),
    C("C04", "Inquiry: UVC lamps 11W/16W for RO water purifiers", [
        M("rajesh", "2026-09-02 11:20",
          "Dear Sir/Madam,\n\nWe manufacture domestic RO water purifiers in Bengaluru. We need "
          "UVC lamps\n11W and 16W (4-pin single ended, 254nm), about 5000 pcs per month in "
          "total.\nPlease quote CIF Chennai with lead time and MOQ.\n\nRegards,", to=[SALES]),
        M("mei", "2026-09-02 17:30",
          "Dear Mr. Kumar,\n\nThank you for your inquiry. Our offer:\n"
          "- 11W UVC lamp, 4-pin single ended: USD 1.85/pc\n"
          "- 16W UVC lamp, 4-pin single ended: USD 2.10/pc\n"
          "MOQ 3000 pcs per model, CIF Chennai add USD 0.06/pc, lead time 20 days.\n\n"
          "Best regards,"),
        M("rajesh", "2026-09-04 10:05",
          "Hi Mei,\n\nThanks for the quick quote. Our target is USD 1.60 (11W) and USD 1.85 "
          "(16W)\nfor an annual contract of 60,000 pcs. Can you match it?"),
        M("mei", "2026-09-07 15:20",
          "Dear Rajesh,\n\nFor an annual contract our best prices are USD 1.72 (11W) and "
          "USD 1.98 (16W).\nWe can send free samples (freight collect).\n\nBest regards,"),
        M("rajesh", "2026-09-10 09:40",
          "Hi Mei,\n\nOK, please send 20 samples of each model by DHL, our account 960123456."),
        M("mei", "2026-09-11 16:00",
          "Dear Rajesh,\n\nThe samples were sent today by DHL, AWB 4471 2233 90.\n\n"
          "Best regards,"),
        M("rajesh", "2026-09-29 12:10",
          "Hi Mei,\n\nSamples tested OK in our lab. Please send the PI for the first lot:\n"
          "5000 pcs 11W and 5000 pcs 16W, CIF Chennai."),
        M("mei", "2026-09-30 10:30",
          "Dear Rajesh,\n\nPlease find our PI GMUV-PI-2026-0930:\n"
          "  5000 pcs 11W x USD 1.78 (CIF) = USD 8,900.00\n"
          "  5000 pcs 16W x USD 2.04 (CIF) = USD 10,200.00\n"
          "  Total USD 19,100.00; 30% advance, balance against B/L copy.\n\nBest regards,"),
        M("mei", "2026-11-06 14:20",
          "Dear Rajesh,\n\nThe first lot was shipped on 2 November (B/L SZXMAA2611021). For "
          "the second lot\nwe have to adjust prices by 3% because of the higher quartz cost; "
          "the updated PI\nGMUV-PI-2026-1106 is below. Please confirm so we can book "
          "production.\n\nBest regards,"),
    ], "second-lot PI sent 6 Nov, unanswered (payment for lot 1 came via C05)"),
    C("C05", "Advance payment - PI GMUV-PI-2026-0930", [
        M("anil", "2026-10-12 12:30",
          "Dear Ms. Chen,\n\nWe have remitted the 30% advance of USD 5,730.00 against PI "
          "GMUV-PI-2026-0930\ntoday. UTR no. HDFCR52026101200123. Kindly confirm receipt.",
          to=["mei"], cc=["rajesh"]),
        M("mei", "2026-10-12 16:10",
          "Dear Mr. Reddy,\n\nWe received the payment, thank you. Production has started; "
          "we will send the\nshipping documents after loading.\n\nBest regards,"),
    ], "payment for C04's first lot", state="we wrote last; closed (payment acknowledged)"),
    C("C06", "UV disinfection lamps for hospital trolleys", [
        M("priya", "2026-11-09 20:15",
          "Hello,\n\nWe are building 4 mobile UV disinfection trolleys for our wards. Each "
          "needs 6 x 55W\nUVC lamps (254nm, ozone-free) with ballasts. Please send your best "
          "price and\nany safety advice.\n\nThanks,"),
        M("mei", "2026-11-10 10:20",
          "Dear Dr. Sharma,\n\nOur quote: 55W H-type UVC lamp USD 6.20/pc, electronic ballast "
          "USD 8.50/pc,\n24 sets = USD 352.80 plus air freight. For safety, please use a "
          "motion sensor\nand a delay timer so the lamps never run while people are in the "
          "room.\n\nBest regards,"),
        M("priya", "2026-11-18 21:40",
          "Dear Mei,\n\nThank you. What is the cost of 2 sample sets and the lead time? Can "
          "you ship to\nMumbai by air? Our purchase committee meets on 25 November."),
    ], ""),
    C("C07", "UV air duct lamps - quotation request", [
        M("alharbi", "2026-10-20 09:10",
          "السلام عليكم\n\nDear Sir/Madam,\n\nWe are HVAC contractors in Riyadh. Please "
          "quote UVC lamps for air ducts\n(coil cleaning) 36W and 55W with 220V ballasts and "
          "mounting brackets, 300 sets\neach, CIF Dammam."),
        M("anna", "2026-10-21 11:30",
          "Dear Mr. Al-Harbi,\n\nwa alaikum as-salam, and thank you for your inquiry. Our "
          "offer, CIF Dammam:\n- UVC duct lamp set 36W (lamp + ballast + bracket): USD "
          "14.80/set\n- UVC duct lamp set 55W: USD 17.60/set\nLead time 25 days; CE, RoHS "
          "and test reports available.\n\nBest regards,"),
        M("anna", "2026-11-04 10:00",
          "Dear Mr. Al-Harbi,\n\nmay I ask whether you had a chance to review our offer for "
          "the duct lamp sets?\nWe can also send one sample set of each by DHL.\n\n"
          "Best regards,"),
    ], "quote + one follow-up, never answered"),
    C("C08", "Payment terms for UV lamp order", [
        M("otaibi", "2026-11-03 07:15",
          "Dear Anna,\n\nCan you accept L/C at sight for our first order? We also need the "
          "SASO/SABER\ncertificate for customs clearance in Saudi Arabia.", to=["anna"]),
        M("anna", "2026-11-03 15:40",
          "Dear Mr. Al-Otaibi,\n\nL/C at sight is acceptable for orders above USD 20,000. "
          "For SABER, your customs\nbroker applies with our CE, RoHS and test reports, which "
          "we will provide.\n\nBest regards,"),
        M("otaibi", "2026-11-17 09:20",
          "Dear Anna,\n\nThank you. Our GM, Mr. Mohammed Al-Harbi, will confirm the "
          "quantities. In the\nmeantime please send the draft PI and the L/C terms you "
          "need."),
    ], "Outlook 365 dates in +0000; same company as C07"),
    C("C09", "Cotação lâmpadas UV-C 55W para piscinas", [
        M("carlos", "2026-09-14 10:05",
          "Prezados,\n\nGostaríamos de receber uma cotação de 400 lâmpadas UV-C 55W para "
          "filtros de\npiscina, com frete CIF Santos. Qual é o prazo de entrega?"),
        M("leo", "2026-09-14 22:30",
          "Dear Mr. Silva,\n\nthank you for your inquiry. 55W UVC lamp (H-type, 2G11): USD "
          "5.90/pc, CIF Santos\nUSD 6.35/pc for 400 pcs. Lead time 20 days plus about 35 "
          "days by sea.\n\nBest regards,"),
        M("carlos", "2026-09-16 09:40",
          "Leo,\n\nObrigado. Vocês aceitam pagamento em 60 dias após o embarque? Precisamos "
          "também\nsaber se a lâmpada precisa de certificação do INMETRO."),
        M("leo", "2026-09-17 21:50",
          "Dear Carlos,\n\nsorry, 60 days is not possible for a first order: 30% deposit, 70% "
          "against the B/L\ncopy. As far as we know, germicidal lamps are not on the INMETRO "
          "list, but please\ncheck with your customs broker.\n\nBest regards,"),
        M("carlos", "2026-11-12 15:20",
          "Leo,\n\nRetomando o assunto: vamos fechar 400 lâmpadas. Pode mandar a PI com "
          "frete CIF\nSantos? Precisamos também do certificado de origem."),
    ], "iso-8859-1; customer came back after 8 weeks"),
    C("C10", "Orçamento lâmpada UV 9W para aquário", [
        M("fernanda", "2026-10-08 19:30",
          "Olá,\n\nPreciso de 50 lâmpadas UV 9W (PL, base G23) para esterilizadores de "
          "aquário.\nVocês vendem essa quantidade? Qual o preço com envio para o Rio?"),
        M("leo", "2026-10-09 09:15",
          "Dear Fernanda,\n\nthank you. Our MOQ for the 9W PL lamp is 100 pcs at USD 1.45/pc; "
          "DHL to Rio de\nJaneiro is about USD 60. Import duties are paid by the buyer.\n\n"
          "Best regards,"),
        M("leo", "2026-10-27 10:05",
          "Hi Fernanda,\n\njust following up on our offer for the 9W lamps. Would 100 pcs "
          "work for you?\n\nBest regards,"),
    ], "free-mail customer never answered"),
    C("C11", "Upper-room UVGI lamps and 120V ballasts", [
        M("michael", "2026-09-08 09:30",
          "Hello,\n\nWe design upper-room UVGI fixtures. Please quote 500 pcs 18W PL-L UVC "
          "lamps and\n500 pcs 120V electronic ballasts. The ballasts must be UL or ETL "
          "listed."),
        M("leo", "2026-09-08 22:10",
          "Dear Michael,\n\nour 120V ballast EB-120-18 is ETL listed. Prices for 500 pcs, FOB "
          "Shenzhen:\n- 18W PL-L UVC lamp: USD 2.65/pc\n- EB-120-18 ballast: USD 9.80/pc\n\n"
          "Best regards,"),
        M("michael", "2026-09-09 10:15",
          "Leo,\n\nThe price works. Please ship 2 ballasts and 4 lamps as samples by FedEx, "
          "our\naccount 1234-5678-9."),
        M("leo", "2026-09-10 09:00",
          "Dear Michael,\n\nthe samples were shipped today by FedEx, tracking 7712 3456 "
          "7890.\n\nBest regards,"),
        M("michael", "2026-09-24 16:40",
          "Leo,\n\nSamples passed our tests. We are waiting for the customer's approval and "
          "will\nget back to you."),
        M("leo", "2026-10-13 09:30",
          "Hi Michael,\n\nany news from your customer? Our price is valid until 31 "
          "October.\n\nBest regards,"),
    ], "Outlook 365 +0000 dates; the order came later through Lisa (C12)"),
    C("C12", "PO 4471 - UVC lamps and ballasts", [
        M("lisa", "2026-11-05 10:40",
          "Hi Leo,\n\nMichael asked me to place our order. PO 4471:\n"
          "  500 pcs 18W PL-L UVC lamps at USD 2.65\n"
          "  500 pcs EB-120-18 ballasts at USD 9.80\n"
          "Please send your PI with bank details.", to=["leo"], cc=["michael"]),
        M("leo", "2026-11-06 08:50",
          "Dear Lisa,\n\nthank you for PO 4471. Our PI GMUV-PI-2026-1106US: USD 6,225.00 FOB "
          "Shenzhen,\n30% deposit, balance before shipment, lead time 25 days.\n\n"
          "Best regards,"),
        M("lisa", "2026-11-19 11:05",
          "Hi Leo,\n\nOur AP team will wire the deposit on Monday. Could you confirm the HS "
          "codes for\nthe lamps and the ballasts for our customs broker?"),
    ], "second contact of PureAir (see C11)"),
    C("C13", "Replacement UV lamps for aquarium sterilizers", [
        M("jennifer", "2026-10-14 10:20",
          "Hi,\n\nWe service public aquariums in the Bay Area and need replacement UV lamps "
          "25W\n(4-pin, 436 mm) for our sterilizers, about 300 pcs. Can you quote?"),
        M("leo", "2026-10-15 09:40",
          "Dear Jennifer,\n\nour 25W 4-pin lamp (436 mm) is USD 3.40/pc for 300 pcs, FOB "
          "Shenzhen; air freight\nto SFO about USD 210.\n\nBest regards,"),
        M("jennifer", "2026-11-03 14:05",
          "Hi Leo,\n\nWe'll take 300 pcs with air freight. Please send the PI."),
        M("leo", "2026-11-04 10:00",
          "Dear Jennifer,\n\nPI GMUV-PI-2026-1104: 300 pcs x USD 3.40 + air freight USD 210 = "
          "USD 1,230.00.\nFull payment before shipment.\n\nBest regards,"),
        M("jennifer", "2026-11-16 16:30",
          "Hi Leo,\n\nPI is signed, payment goes out next week. Could you add 20 spare "
          "ballasts to the\nshipment and send a revised PI?"),
    ], "west coast; PDT -0700 before 1 Nov, PST -0800 after"),
    C("C14", "UV lamp quote", [
        M("kevin", "2026-11-02 08:10",
          "Hi,\n\nLooking for a quote on 25 UVC 36W T8 lamps for our duct units, shipped to "
          "Chicago."),
        M("leo", "2026-11-02 22:30",
          "Dear Kevin,\n\nthe T8 36W UVC lamp is USD 4.10/pc; for 25 pcs DHL to Chicago is "
          "about USD 120.\n\nBest regards,"),
        M("kevin", "2026-11-13 07:55",
          "Leo,\n\nCan you do 50 pcs at $3.50 shipped to Chicago?", refs=False),
    ], "customer's 'RE:' has no In-Reply-To/References"),
    C("C15", "Nice meeting you at the Canton Fair - GMUV UV lamps", [
        M("anna", "2026-10-21 10:00",
          "Dear Ahmed,\n\nit was nice meeting you at our booth 10.2 F31 at the Canton Fair. "
          "As promised,\nour offer for the T8 36W UVC lamp: USD 3.90/pc for 1000 pcs, CIF "
          "Jebel Ali.\n\nBest regards,", to=["ahmed"]),
        M("ahmed", "2026-10-22 11:20",
          "Dear Anna,\n\nThanks. Your price is high compared to other suppliers we met at the "
          "fair.\nCan you give 20% discount?"),
        M("anna", "2026-10-23 09:30",
          "Dear Ahmed,\n\nour best price is USD 3.55/pc (about 9% off) for 2000 pcs. Our "
          "lamps use real\nquartz glass and reach 9,000 hours.\n\nBest regards,"),
    ], "trade-show lead; counter-offer unanswered"),
    C("C16", "Amalgam lamps for ballast water treatment system", [
        M("david", "2026-09-15 10:00",
          "Hi,\n\nWe build ballast water treatment systems. We need 320W amalgam lamps "
          "(50 pcs to start),\nrated life 12,000 h. Please send UV-C output data at 40 °C "
          "water temperature."),
        M("anna", "2026-09-16 10:15",
          "Dear Mr. Cohen,\n\nour 320W amalgam lamp: USD 68.00/pc for 50 pcs; UV-C output "
          "105 W, stable between\n5 and 90 °C wall temperature; rated life 12,000 h.\n\n"
          "Best regards,"),
        M("david", "2026-09-17 16:40",
          "Anna,\n\nThanks. We'll evaluate after the holidays (Sukkot) and come back to you "
          "in mid-October."),
        M("david", "2026-10-20 09:30",
          "Anna,\n\nWe'd like 4 samples for a pilot. Please send a PI for the samples "
          "including air freight\nto Tel Aviv.", parent=-1),
        M("anna", "2026-10-21 11:00",
          "Dear David,\n\nPI GMUV-PI-2026-1021S: 4 x USD 68.00 + air freight USD 140 = USD "
          "412.00.\n\nBest regards,"),
        M("david", "2026-10-27 10:15",
          "Anna,\n\nPaid today. Please send the AWB once shipped."),
        M("anna", "2026-10-29 14:00",
          "Dear David,\n\nthe samples were shipped today, AWB 180-1234 5678.\n\n"
          "Best regards,"),
    ], "Israel +0300 until 25 Oct, +0200 after; samples shipped"),
    C("C17", "T5 UVC lamps 4-pin 25W - price for 500 pcs", [
        M("james", "2026-10-06 10:25",
          "Hello,\n\nPlease quote 500 pcs T5 UVC lamps, 4-pin, 25W, ozone free, delivered "
          "Felixstowe."),
        M("anna", "2026-10-09 09:20",
          "Dear Mr. Wilson,\n\nT5 UVC 25W 4-pin, ozone-free: USD 3.05/pc for 500 pcs FOB "
          "Shenzhen. Sea freight\nto Felixstowe about USD 150 (LCL).\n\nBest regards,"),
        M("james", "2026-10-12 11:05",
          "Hi Anna,\n\nOur target is GBP 2.30 per lamp delivered Felixstowe. If you can't meet "
          "it, let me\nknow what you can do."),
        M("anna", "2026-10-13 10:00",
          "Dear James,\n\nwe cannot offer delivered prices in GBP, sorry. Our best is USD "
          "2.95/pc FOB Shenzhen;\nwith LCL freight that is about GBP 2.45 delivered.\n\n"
          "Best regards,"),
    ], "BST +0100"),
    C("C18", "Ozone-free quartz UV-C lamp for food conveyor", [
        M("james", "2026-11-18 15:30",
          "Hello Anna,\n\nA different project: we need a 40W ozone-free UV-C lamp with a "
          "shatter-proof\n(FEP-coated) sleeve for a food conveyor. Do you make that?",
          to=["anna"]),
    ], "new question from the C17 contact; his +0000 is real GMT here"),
    C("C19", "Demande de devis lampes UV-C amalgame", [
        M("sophie", "2026-09-21 09:45",
          "Bonjour,\n\nNous recherchons des lampes UV-C amalgame 150W pour le traitement "
          "d’eau.\nPourriez-vous nous faire une offre pour 300 pièces, livraison Lyon ?"),
        M("anna", "2026-09-22 15:10",
          "Dear Ms. Martin,\n\nthank you for your inquiry. Amalgam lamp 150W: EUR 29.50/pc "
          "for 300 pcs, FOB\nShenzhen. Lead time 20 days.\n\nBest regards,"),
        M("sophie", "2026-09-23 11:30",
          "Madame Li,\n\nVotre prix de 29,50 € nous paraît élevé. La main d’œuvre pour le "
          "remplacement est\ndéjà à notre charge ; pourriez-vous revoir l’offre pour 300 "
          "pièces ?"),
        M("anna", "2026-09-24 10:00",
          "Dear Ms. Martin,\n\nwe can offer EUR 27.80/pc for 300 pcs. The CE declaration is "
          "available on request.\n\nBest regards,"),
        M("sophie", "2026-10-13 16:20",
          "Madame Li,\n\nMerci. Pouvez-vous envoyer le certificat CE et la fiche de données "
          "de sécurité ?\nNous devons aussi connaître le délai exact pour 300 pièces."),
        M("anna", "2026-10-14 09:30",
          "Dear Ms. Martin,\n\nplease find the CE certificate number and the safety data "
          "below; lead time is\n20 days after deposit.\nCE: GMUV-CE-2026-017, LVD "
          "EN 61195, EMC EN 55015.\n\nBest regards,"),
    ], "windows-1252; French client writes 'RE : '"),
    C("C20", "紫外線殺菌ランプのお見積り依頼", [
        M("takahashi", "2026-09-28 10:00",
          "Guangming UV Lighting 御中\n\nいつもお世話になっております。\n"
          "紫外線殺菌ランプ 40W（254nm）200本のお見積りをお願いいたします。\n"
          "納期と支払条件もお知らせください。"),
        M("mei", "2026-09-28 15:30",
          "Dear Mr. Takahashi (高橋様),\n\nthank you for your inquiry. UVC lamp 40W, 254nm: "
          "USD 4.60/pc for 200 pcs,\nFOB Shenzhen. Lead time 15 days; payment 100% T/T "
          "before shipment.\n\nBest regards,"),
        M("takahashi", "2026-09-30 09:15",
          "Mei Chen 様\n\nご回答ありがとうございます。\n"
          "安定器はPSEマークを取得済みでしょうか。ランプのみの購入も可能ですか。"),
        M("mei", "2026-10-09 10:00",
          "Dear Mr. Takahashi,\n\nsorry for the late reply because of China's National Day "
          "holiday. Our ballasts\ndo not have the PSE mark; you can of course buy the lamps "
          "only.\n\nBest regards,"),
        M("takahashi", "2026-11-19 11:30",
          "Mei Chen 様\n\nランプのみ200本の発注を検討しております。\n"
          "正式な見積書をPDFでお送りいただけますでしょうか。"),
    ], "ISO-2022-JP"),
    C("C21", "샘플 요청: UV 살균 램프 T5 21W", [
        M("kim", "2026-10-12 14:00",
          "안녕하세요,\n\nUV 살균 램프 T5 21W 샘플 2개를 요청드립니다.\n"
          "Please send 2 samples of the T5 21W lamp to our Seoul office.\n\n감사합니다."),
        M("mei", "2026-10-13 10:10",
          "Dear Mr. Kim,\n\nthank you. We will send 2 samples of the T5 21W lamp tomorrow by "
          "DHL, free of\ncharge.\n\nBest regards,"),
        M("mei", "2026-10-14 16:20",
          "Dear Mr. Kim,\n\nthe samples were shipped today, DHL AWB 5566 7788 99.\n\n"
          "Best regards,"),
        M("mei", "2026-10-28 09:45",
          "Dear Mr. Kim,\n\ndid you receive the samples? We would be glad to hear your test "
          "results.\n\nBest regards,"),
    ], "EUC-KR inquiry; samples sent, no feedback"),
    C("C22", "Electronic ballast 220V 36W - quotation", [
        M("mehmet", "2026-09-09 11:30",
          "Hello,\n\nWe need 1000 pcs electronic ballasts 220V for 36W UVC lamps. Please "
          "quote CIF Istanbul."),
        M("anna", "2026-09-10 10:00",
          "Dear Mr. Yılmaz,\n\nEB-230-36 ballast: USD 4.20/pc for 1000 pcs, CIF Istanbul "
          "USD 4.45/pc.\n\nBest regards,"),
        M("mehmet", "2026-09-11 14:10",
          "Anna Hanım,\n\nThe price is OK but we need 2 years warranty, and payment 50% after "
          "arrival."),
        M("anna", "2026-09-14 09:30",
          "Dear Mehmet,\n\nour standard warranty is 1 year; 18 months is possible. Payment: "
          "30% deposit, 70%\nbefore shipment.\n\nBest regards,"),
    ], "Turkish Outlook 'Ynt:' prefix"),
    C("C23", "Need UV lamps price CIF Lagos", [
        M("chinedu", "2026-10-26 18:20",
          "Hello,\n\nI need price for 200 pcs UVC lamps 36W and ballasts, CIF Lagos. "
          "Urgent."),
        M("mei", "2026-10-27 10:00",
          "Dear Mr. Okafor,\n\nT8 36W UVC lamp USD 4.10 and ballast USD 4.20; CIF Lagos "
          "for 200 sets: USD 1,960.00.\n\nBest regards,"),
        M("chinedu", "2026-10-27 20:45",
          "OK. Ship by air and I pay after goods arrive Lagos. Send PI now."),
        M("mei", "2026-10-28 09:40",
          "Dear Mr. Okafor,\n\nsorry, we need a 30% T/T deposit before production and the "
          "balance before\nshipment. Please confirm and we will send the PI.\n\n"
          "Best regards,"),
    ], "payment-terms stand-off"),
    C("C24", "SAA approved ballasts and UV lamps 240V", [
        M("sarah", "2026-10-05 09:10",
          "Hi,\n\nWe're looking for 240V ballasts and UVC lamps (55W and 75W) for pond "
          "clarifiers sold\nin Australia. Are your ballasts SAA/RCM approved?"),
        M("mei", "2026-10-09 09:30",
          "Dear Sarah,\n\nthank you, and sorry for the delay (national holiday in China). "
          "Our ballasts are CE\ncertified; RCM certification can be arranged for orders "
          "above 2000 pcs. Prices:\n55W lamp USD 6.20, 75W lamp USD 7.40, ballast USD 8.90.\n\n"
          "Best regards,"),
        M("sarah", "2026-10-09 12:31",
          "Hi,\n\nI'm on annual leave until 2 November with limited access to email. For "
          "urgent matters\nplease contact orders@aquapure.com.au.\n\nSarah", kind="ooo_gmail"),
        M("sarah", "2026-11-04 10:45",
          "Hi Mei,\n\nBack from leave now. We'd need the RCM documents before ordering. What "
          "would it\ncost to certify the 75W ballast, and how long does it take?",
          parent=1),
    ], "Gmail vacation reply (Re: subject), then a human reply after it; AEDT +1100"),
    C("C25", "Penawaran harga lampu UV / UV lamp quotation", [
        M("budi", "2026-09-16 09:00",
          "Selamat pagi,\n\nKami membutuhkan penawaran harga lampu UV-C 40W sebanyak 500 pcs.\n"
          "(We need a quotation for 500 pcs UV-C lamps 40W, CIF Jakarta.)"),
        M("mei", "2026-09-16 15:45",
          "Dear Pak Budi,\n\nUVC lamp 40W: USD 4.60/pc, CIF Jakarta USD 4.75/pc for 500 pcs. "
          "Lead time 15 days.\n\nBest regards,"),
        M("budi", "2026-09-18 10:30",
          "Dear Mei,\n\nWe accept. Please send PI. Do you have SNI certificate?"),
        M("mei", "2026-09-21 09:20",
          "Dear Pak Budi,\n\nPI GMUV-PI-2026-0921: 500 pcs x USD 4.75 = USD 2,375.00, CIF "
          "Jakarta. We do not\nhold SNI; we can support your importer's application with our "
          "test reports.\n\nBest regards,"),
        M("mei", "2026-10-12 10:00",
          "Dear Pak Budi,\n\nkindly check our PI GMUV-PI-2026-0921; the price is valid until "
          "31 October.\n\nBest regards,"),
    ], "PI + follow-up unanswered"),
    C("C26", "Solicitud de cotización: lámparas germicidas UV-C", [
        M("alejandro", "2026-10-27 10:30",
          "Buenos días,\n\nSolicitamos cotización de 600 lámparas germicidas UV-C T8 36W y "
          "600 balastros\nelectrónicos 127 V, entrega en Ciudad de México."),
        M("leo", "2026-10-28 09:10",
          "Dear Mr. García,\n\nthank you. T8 36W UVC lamp: USD 4.10/pc; 127V ballast "
          "EB-127-36: USD 5.20/pc.\nDHL to Mexico City for 600 sets about USD 1,450; sea "
          "freight to Manzanillo\nis cheaper.\n\nBest regards,"),
        M("alejandro", "2026-11-11 12:40",
          "Leo,\n\n¿Pueden enviar por DHL a CDMX? Necesitamos la factura comercial con "
          "nuestro RFC\nSUM150312AB1 y el certificado de origen."),
    ], ""),
    C("C27", "Cotización tubos UV T8 con casquillo G13 - pedido piloto", [
        M("lucia", "2026-09-29 11:15",
          "Hola,\n\nPara un pedido piloto necesitamos 100 tubos UV-C T8 de 15W y 30W, "
          "casquillo G13.\n¿Nos puede enviar precio y plazo de entrega?"),
        M("leo", "2026-09-30 10:00",
          "Dear Ms. Hernández,\n\nT8 15W: USD 2.40/pc, T8 30W: USD 3.85/pc, 100 pcs each; "
          "lead time 10 days.\n\nBest regards,"),
        M("leo", "2026-10-14 09:40",
          "Dear Ms. Hernández,\n\nmay I follow up on our offer for the pilot order? We can "
          "ship within 10 days.\n\nBest regards,"),
    ], "second contact of Soluciones UV (see C26)"),
    C("C28", "询价：UVC紫外线灯管 T8 36W", [
        M("huang", "2026-11-09 10:20",
          "您好！\n\n我们是广州的外贸公司，客户在肯尼亚。\n"
          "需要UVC紫外线灯管 T8 36W 2000支，请报含税价和交货期。"),
        M("mei", "2026-11-09 15:00",
          "黄先生您好：\n\nT8 36W 紫外线灯管单价 24.5 元/支（含13%增值税），\n"
          "2000支交货期15天，可以做中性包装。\n\n陈美", client="foxmail_zh", charset="gbk"),
        M("huang", "2026-11-10 09:05",
          "陈小姐，\n\n价格能否再低一点？如果降到22元，我们这周就下单。", refs=False),
    ], "GB18030/GBK; QQ Mail reply has no In-Reply-To/References"),
    C("C29", "Follow-up from the Canton Fair (booth 10.2 F31)", [
        M("mei", "2026-10-21 14:00",
          "Dear Mr. Tan,\n\n很高兴在广交会上见到您。As discussed at our booth, our prices "
          "for LumiPure:\n- UVC T5 21W lamp: USD 2.90/pc\n- Electronic ballast 220-240V: "
          "USD 4.20/pc\nMOQ 500 pcs, CIF Singapore.\n\nBest regards,", to=["tan"]),
        M("mei", "2026-11-04 10:30",
          "Dear Mr. Tan,\n\njust checking whether our offer reached you. We can also send 2 "
          "samples.\n\nBest regards,"),
    ], "cold lead: two mails of ours, no answer"),
    C("C30", "Información lámparas UV para clínica dental", [
        M("ana", "2026-11-04 17:20",
          "Buenas tardes,\n\nTengo una clínica dental en Medellín y quiero una lámpara UV-C "
          "para desinfectar\nla sala. ¿Venden unidades sueltas?"),
        M("leo", "2026-11-05 09:30",
          "Dear Ms. Rodríguez,\n\nwe sell to distributors (MOQ 50 pcs), but we can supply a "
          "trial set of 5 lamps\n36W with fixtures for USD 180 plus DHL. Please never run the "
          "lamp while people\nare in the room.\n\nBest regards,"),
    ], "free-mail customer, not answered"),
    C("C31", "Quotation UVC lamps - Canton Fair follow-up", [
        M("anna", "2026-10-22 10:40",
          "Dear Sir/Madam,\n\nthank you for visiting our booth at the Canton Fair. Please "
          "find our price list\nfor UVC lamps and ballasts below.\n\nBest regards,",
          to=["capeuv"]),
        M("capeuv", "2026-10-22 04:40",  # MAILER-DAEMON, see build_bounce
          "", kind="bounce"),
    ], "address from a business card bounced (5.1.1)"),
    C("C32", "Inquiry UV-C lamps 75W for water treatment", [
        M("marek", "2026-11-10 09:15",
          "Hello,\n\nWe are a water treatment company in Warsaw. Please send an offer for "
          "200 pcs UV-C\nlamps 75W (4-pin, 1200 mm) and matching ballasts."),
        M("marek", "2026-11-17 08:50",
          "Hello,\n\nAny update? We need the offer by Friday for a tender."),
    ], "two mails from the customer, none answered"),
    C("C33", "طلب عرض سعر - UV lamps for water plant", [
        M("omar", "2026-11-16 11:00",
          "السادة المحترمين،\n\nنرجو إرسال عرض سعر لمصابيح الأشعة فوق البنفسجية لمحطة مياه.\n"
          "Please quote 120 pcs amalgam lamps 320W with ballasts, CIF Alexandria."),
    ], "new inquiry, unanswered"),
    C("C34", "UV lamp inquiry - Hỏi giá đèn UV", [
        M("nguyen", "2026-09-23 10:00",
          "Dear Sir,\n\nChúng tôi cần báo giá đèn UV-C 30W cho hệ thống lọc nước.\n"
          "(We need a price for 30W UV-C lamps for water filters, 300 pcs.)"),
        M("mei", "2026-09-24 09:15",
          "Dear Mr. Minh,\n\nT8 30W UVC lamp: USD 3.85/pc for 300 pcs, CIF Ho Chi Minh City "
          "USD 3.95/pc.\nWe can send samples.\n\nBest regards,"),
        M("nguyen", "2026-09-24 16:20",
          "Dear Mei,\n\nPlease send 5 samples, we pay the DHL cost."),
        M("mei", "2026-09-29 10:30",
          "Dear Mr. Minh,\n\nthe 5 samples were shipped today, DHL AWB 2211 3344 55; the "
          "invoice for DHL is\nUSD 45.\n\nBest regards,"),
        M("mei", "2026-10-20 09:00",
          "Dear Mr. Minh,\n\nhow were the sample tests? We are happy to answer any "
          "questions.\n\nBest regards,"),
    ], "samples sent, feedback never came"),
    C("C35", "Richiesta offerta lampade UV-C 40W", [
        M("marco", "2026-10-19 09:40",
          "Buongiorno,\n\nvorremmo un'offerta per 500 lampade UV-C 40W, consegna Bologna."),
        M("anna", "2026-10-20 10:00",
          "Dear Mr. Rossi,\n\nUVC lamp 40W: USD 4.60/pc for 500 pcs, FOB Shenzhen; sea "
          "freight to Genoa\nabout USD 190.\n\nBest regards,"),
        M("marco", "2026-10-27 10:20",
          "Gentile Anna,\n\ngrazie. Could you send the CE declaration in English and the "
          "price for 1000 pcs?", refs=False),
        M("anna", "2026-10-28 09:50",
          "Dear Mr. Rossi,\n\nfor 1000 pcs: USD 4.40/pc. The CE declaration (English) is "
          "below:\nGMUV-CE-2026-017, LVD EN 61195, EMC EN 55015, RoHS 2011/65/EU.\n\n"
          "Best regards,"),
    ], "Italian 'R:' reply without In-Reply-To/References"),
    C("C36", "Consulta: lámparas UV-C para potabilizadoras", [
        M("laura", "2026-11-02 12:00",
          "Buenos días,\n\nNecesitamos lámparas UV-C de 80W para potabilizadoras, unas 150 "
          "unidades al año.\n¿Podrían enviarnos una oferta?"),
        M("anna", "2026-11-03 09:30",
          "Dear Ms. Fernández,\n\nUVC lamp 80W (4-pin, 1554 mm): EUR 7.90/pc for 150 pcs, "
          "FOB Shenzhen.\n\nBest regards,"),
    ], ""),
    C("C37", "UV lamps for shrimp farm", [
        M("somchai", "2026-11-17 14:30",
          "Dear Sir,\n\nWe run shrimp farms near Chanthaburi. Please quote UVC lamps 110W for "
          "water\nsterilizers, 100 pcs."),
        M("mei", "2026-11-18 09:40",
          "Dear Mr. Somchai,\n\n110W UVC amalgam lamp: USD 21.50/pc for 100 pcs, CIF "
          "Laem Chabang.\n\nBest regards,"),
        M("somchai", "2026-11-19 10:05",
          "Dear Mei,\n\nWe need 110 pcs plus ballasts. Are the ballasts waterproof (IP67 or "
          "better)?"),
    ], ""),
    C("C38", "Enquiry for UV lamp", [
        M("vikram", "2026-11-11 12:00",
          "Dear Sir,\n\nPlease send price of UV lamp."),
        M("mei", "2026-11-11 16:30",
          "Dear Mr. Patel,\n\nthank you. Could you tell us the wattage, base type, quantity "
          "and application?\nThen we can quote at once.\n\nBest regards,"),
    ], "we asked a question, no answer"),
    C("C39", "UV Industry Weekly - November 2026", [
        M("newsletter", "2026-11-12 08:00", "", kind="newsletter"),
    ], "bulk newsletter, not a customer conversation"),
    C("C40", "استفسار عن مصابيح الأشعة فوق البنفسجية", [
        M("fatima", "2026-11-16 10:30",
          "السلام عليكم،\n\nنحن موزع للمستلزمات الطبية في دبي ونرغب في استيراد مصابيح UVC.\n"
          "Please send your catalogue and prices for 55W and 95W lamps."),
        M("anna", "2026-11-17 09:00",
          "Dear Ms. Al-Mansoori,\n\nthank you for your inquiry. 55W UVC lamp: USD 6.20/pc, "
          "95W UVC lamp: USD 9.80/pc,\nCIF Jebel Ali, MOQ 200 pcs. Our catalogue is available "
          "on request.\n\nBest regards,"),
        M("fatima", "2026-11-19 13:10",
          "Dear Anna,\n\nThank you. Do you have Dubai Municipality or MOHAP approval for these "
          "lamps?\nشكراً"),
    ], "windows-1256 Arabic"),
]

NEWSLETTER = Person("newsletter", "UV Industry Weekly", "newsletter@uvindustryweekly.com",
                    "UV Industry Weekly", "US", "America/New_York", "en", "gmail", "")
PEOPLE["newsletter"] = NEWSLETTER

# --------------------------------------------------------------------------------------
# Building messages
# --------------------------------------------------------------------------------------

_Q_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")
LATIN = {"utf-8", "iso-8859-1", "windows-1252"}


def encode_header_text(text: str, charset: str) -> str:
    """RFC 2047 for non-ASCII text; Q for Latin scripts, B otherwise; folded words."""
    if text.isascii():
        return text
    codec = {"gbk": "gbk", "euc-kr": "cp949"}.get(charset, charset)
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        charset, codec = "utf-8", "utf-8"
    b_enc = not (charset in LATIN and sum(not c.isascii() for c in text) < len(text) / 3)
    if charset == "iso-2022-jp":
        return f"=?ISO-2022-JP?B?{base64.b64encode(text.encode(codec)).decode()}?="
    words, chunk = [], ""
    for ch in text:
        if len((chunk + ch).encode(codec)) > 36 and chunk:
            words.append(chunk)
            chunk = ""
        chunk += ch
    words.append(chunk)
    out = []
    for w in words:
        raw = w.encode(codec)
        if b_enc:
            out.append(f"=?{charset.upper()}?B?{base64.b64encode(raw).decode()}?=")
        else:
            q = "".join("_" if b == 32 else chr(b) if b in _Q_SAFE else f"={b:02X}" for b in raw)
            out.append(f"=?{charset.upper()}?Q?{q}?=")
    return "\n ".join(out)


def mailbox_header(people: list[Person], charset: str) -> str:
    parts = []
    for p in people:
        if not p.name:
            parts.append(p.email)
            continue
        name = encode_header_text(p.name, charset)
        if name == p.name and re.search(r"[(),.:;<>@\[\]\"']", p.name):
            name = '"' + p.name.replace('"', '\\"') + '"'
        parts.append(f"{name} <{p.email}>")
    return ",\n ".join(parts)


def encode_body(text: str, charset: str) -> tuple[str, bytes]:
    codec = {"gbk": "gbk", "euc-kr": "cp949"}.get(charset, charset)
    raw = text.encode(codec)
    if charset in ("iso-2022-jp",):
        return "7bit", raw
    if raw.isascii():
        return "7bit", raw
    if charset in ("gb18030", "gbk", "euc-kr", "windows-1256", "big5"):
        return "base64", base64.encodebytes(raw)
    return "quoted-printable", binascii.b2a_qp(raw, istext=True)


def tiny_pdf(title: str) -> bytes:
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


@dataclass
class Built:
    cid: str
    index: int
    sender: Person
    date: datetime  # aware, sender's zone
    subject: str
    message_id: str
    to: list[str]
    own_text: str  # body + signature, what a reply quotes
    kind: str
    data: bytes = b""
    envelope_from: str = ""
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)


class IdMaker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def hexs(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def alnum(self, n: int) -> str:
        abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        return "".join(self.rng.choice(abc) for _ in range(n))

    def make(self, p: Person, d: datetime) -> str:
        dom = p.email.split("@")[1]
        u = d.astimezone(UTC)
        if p.client.startswith("foxmail"):
            return f"<{u:%Y%m%d%H%M%S}{self.rng.randrange(10**5, 10**6)}@{dom}>"
        if p.client == "outlook_en" and p.key == "anna":
            return f"<{u:%Y%m%d%H%M%S}.{self.hexs(8).upper()}@gmuv-lighting.cn>"
        if p.client == "thunderbird":
            return f"<{self.hexs(8)}-{self.hexs(4)}-{self.hexs(4)}-{self.hexs(4)}-" \
                   f"{self.hexs(12)}@{dom}>"
        if p.client == "gmail":
            return f"<CA{self.alnum(40)}@mail.gmail.com>"
        if p.client == "yahoo":
            return f"<{self.rng.randrange(10**8, 10**9)}.{self.rng.randrange(10**6, 10**7)}." \
                   f"{int(u.timestamp() * 1000)}@mail.yahoo.com>"
        if p.client == "qq":
            return f"<tencent_{self.hexs(32).upper()}@qq.com>"
        if p.client == "webde":
            return f"<trinity-{self.hexs(8)}-{self.hexs(4)}-{self.hexs(4)}-{self.hexs(4)}-" \
                   f"{self.hexs(12)}-{int(u.timestamp() * 1000)}@3c-app-webde-bap{self.rng.randrange(10, 60)}>"  # noqa: E501
        if p.client.startswith("outlook365") or p.utc_dates:
            box = f"{self.alnum(4).upper()}PR{self.rng.randrange(10, 99)}MB{self.rng.randrange(1000, 9999)}"  # noqa: E501
            return f"<{box}{self.hexs(8).upper()}@{box}.namprd{self.rng.randrange(10, 22)}." \
                   f"prod.outlook.com>"
        return f"<{self.hexs(12)}${self.hexs(8)}${self.hexs(8)}$@{dom}>"


def local_dt(p: Person, when: str) -> datetime:
    return datetime.fromisoformat(when).replace(tzinfo=ZoneInfo(p.tz))


def reply_subject(client: Client, parent_subject: str) -> str:
    low = parent_subject.lower()
    if any(low.startswith(r) for r in client.recognises):
        return parent_subject
    return client.prefix + parent_subject


def resolve(keys: list[str]) -> list[Person]:
    return [PEOPLE[k] if k in PEOPLE else Person(k, "", k, "", "", "UTC", "", "gmail", "")
            for k in keys]


def html_version(text: str) -> str:
    paras = html.escape(text).split("\n\n")
    body = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>\n" for p in paras)
    return ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            "charset=utf-8\"></head>\n<body>\n" + body + "</body></html>\n")


def assemble(b: Built, m: M, to: list[Person], cc: list[Person], client: Client,
             charset: str, full_text: str) -> bytes:
    p = b.sender
    date_value = (email.utils.format_datetime(b.date.astimezone(UTC)) if p.utc_dates
                  else email.utils.format_datetime(b.date))
    hdrs = [
        ("From", mailbox_header([p], charset)),
        ("To", mailbox_header(to, charset)),
    ]
    if cc:
        hdrs.append(("Cc", mailbox_header(cc, charset)))
    hdrs += [
        ("Subject", encode_header_text(b.subject, charset)),
        ("Date", date_value),
        ("Message-ID", b.message_id),
    ]
    if b.in_reply_to:
        hdrs.append(("In-Reply-To", b.in_reply_to))
        hdrs.append(("References", "\n ".join(b.references)))
    if client.mailer:
        hdrs.append(client.mailer)
    if m.kind == "ooo_exchange":
        hdrs += [("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All")]
    elif m.kind == "ooo_gmail":
        hdrs += [("Auto-Submitted", "auto-replied"), ("Precedence", "bulk")]
    elif p.client.startswith("outlook365"):
        hdrs.append(("X-Auto-Response-Suppress", "All"))  # Exchange stamps ordinary mail too
    hdrs.append(("MIME-Version", "1.0"))

    cte, payload = encode_body(full_text, charset)
    label = {"gbk": "GBK", "gb18030": "GB18030", "iso-2022-jp": "ISO-2022-JP",
             "euc-kr": "EUC-KR"}.get(charset, charset)
    plain = (f"Content-Type: text/plain; charset=\"{label}\"\n"
             f"Content-Transfer-Encoding: {cte}\n\n").encode() + payload
    if m.attach or (p.html and m.kind == "human"):
        bnd = f"----=_NextPart_{b.cid}_{b.index:02d}_{b.message_id[1:9]}"
        parts = [plain]
        if p.html and m.kind == "human":
            hcte, hpay = encode_body(html_version(full_text), "utf-8")
            hpart = (f"Content-Type: text/html; charset=\"utf-8\"\n"
                     f"Content-Transfer-Encoding: {hcte}\n\n").encode() + hpay
            alt_b = bnd + "_alt"
            alt = (f"Content-Type: multipart/alternative;\n boundary=\"{alt_b}\"\n\n"
                   f"--{alt_b}\n").encode() + plain + f"\n--{alt_b}\n".encode() + hpart \
                + f"\n--{alt_b}--\n".encode()
            parts = [alt]
        if m.attach:
            pdf = base64.encodebytes(tiny_pdf(m.attach.rsplit(".", 1)[0]))
            parts.append((f"Content-Type: application/pdf; name=\"{m.attach}\"\n"
                          f"Content-Transfer-Encoding: base64\n"
                          f"Content-Disposition: attachment; filename=\"{m.attach}\"\n\n"
                          ).encode() + pdf)
        if m.attach:
            body = b""
            for part in parts:
                body += f"--{bnd}\n".encode() + part + b"\n"
            body += f"--{bnd}--\n".encode()
            ctype = f"multipart/mixed;\n boundary=\"{bnd}\""
        else:
            ctype_line, body = parts[0].split(b"\n\n", 1)
            ctype = ctype_line.decode().split(": ", 1)[1]
        hdrs.append(("Content-Type", ctype))
        head = "\n".join(f"{k}: {v}" for k, v in hdrs).encode("ascii")
        return head + b"\n\n" + body
    head = "\n".join(f"{k}: {v}" for k, v in hdrs).encode("ascii")
    return head + b"\n" + plain


def build_bounce(b: Built, original: Built, idm: IdMaker) -> bytes:
    rcpt = PEOPLE["capeuv"].email
    d = original.date.replace(second=31)  # our MTA gives up 31 s after sending
    b.date = d
    qid = idm.hexs(10).upper()
    b.message_id = f"<{d.astimezone(UTC):%Y%m%d%H%M%S}.{qid}@mx1.gmuv-lighting.cn>"
    b.subject = "Undelivered Mail Returned to Sender"
    bnd = f"{qid}.{int(d.timestamp())}/mx1.gmuv-lighting.cn"
    orig_headers = "\n".join([
        f"From: {addr(original.sender)}",
        f"To: {rcpt}",
        f"Subject: {original.subject}",
        f"Date: {email.utils.format_datetime(original.date)}",
        f"Message-ID: {original.message_id}",
    ])
    text = (
        "This is the mail system at host mx1.gmuv-lighting.cn.\n\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients. It's attached below.\n\n"
        f"<{rcpt}>: host mx.capeuvsolutions.co.za[192.0.2.41] said: 550 5.1.1\n"
        f"    <{rcpt}>: Recipient address rejected: User unknown in virtual\n"
        "    mailbox table (in reply to RCPT TO command)\n"
    )
    status = (
        "Reporting-MTA: dns; mx1.gmuv-lighting.cn\n"
        f"X-Postfix-Queue-ID: {qid}\n"
        f"Arrival-Date: {email.utils.format_datetime(original.date)}\n\n"
        f"Final-Recipient: rfc822; {rcpt}\n"
        f"Original-Recipient: rfc822;{rcpt}\n"
        "Action: failed\nStatus: 5.1.1\n"
        "Remote-MTA: dns; mx.capeuvsolutions.co.za\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User\n"
        "    unknown in virtual mailbox table\n"
    )
    head = "\n".join([
        "Return-Path: <>",
        "From: MAILER-DAEMON@mx1.gmuv-lighting.cn (Mail Delivery System)",
        f"To: {original.sender.email}",
        f"Subject: {b.subject}",
        f"Date: {email.utils.format_datetime(d)}",
        f"Message-ID: {b.message_id}",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/report; report-type=delivery-status;\n boundary=\"{bnd}\"",
    ])
    body = (
        "This is a MIME-encapsulated message.\n\n"
        f"--{bnd}\nContent-Description: Notification\n"
        "Content-Type: text/plain; charset=us-ascii\n\n" + text + "\n"
        f"--{bnd}\nContent-Description: Delivery report\n"
        "Content-Type: message/delivery-status\n\n" + status + "\n"
        f"--{bnd}\nContent-Description: Undelivered Message Headers\n"
        "Content-Type: text/rfc822-headers\n\n" + orig_headers + "\n\n"
        f"--{bnd}--\n"
    )
    b.envelope_from = "MAILER-DAEMON"
    b.to = [original.sender.key]
    return (head + "\n\n" + body).encode("ascii")


def build_newsletter(b: Built) -> bytes:
    p = b.sender
    text = (
        "UV Industry Weekly - November 2026\n\n"
        "1. Upper-room UVGI: new field study on air changes in hospital waiting rooms\n"
        "2. Amalgam lamps: why wall temperature matters more than wattage\n"
        "3. Trade shows: what we saw at the autumn fairs\n\n"
        "You receive this newsletter because you subscribed at a trade show.\n"
        "Unsubscribe: https://uvindustryweekly.com/u/8c1f2a\n"
    )
    html_body = ("<html><body><h1>UV Industry Weekly &ndash; November 2026</h1><ol>"
                 "<li>Upper-room UVGI: new field study on air changes</li>"
                 "<li>Amalgam lamps: why wall temperature matters more than wattage</li>"
                 "<li>Trade shows: what we saw at the autumn fairs</li></ol>"
                 "<p><a href=\"https://uvindustryweekly.com/u/8c1f2a\">Unsubscribe</a></p>"
                 "</body></html>\n")
    bnd = "==uvw_2026_11_alt=="
    head = "\n".join([
        f"From: {p.name} <{p.email}>",
        f"To: {SALES}",
        f"Subject: {b.subject}",
        f"Date: {email.utils.format_datetime(b.date)}",
        f"Message-ID: {b.message_id}",
        "List-Id: UV Industry Weekly <weekly.uvindustryweekly.com>",
        "List-Unsubscribe: <https://uvindustryweekly.com/u/8c1f2a>,\n"
        " <mailto:unsubscribe@uvindustryweekly.com?subject=8c1f2a>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Precedence: bulk",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/alternative; boundary=\"{bnd}\"",
    ])
    body = (f"--{bnd}\nContent-Type: text/plain; charset=us-ascii\n\n{text}\n"
            f"--{bnd}\nContent-Type: text/html; charset=us-ascii\n\n{html_body}\n"
            f"--{bnd}--\n")
    b.to = [SALES]
    return (head + "\n\n" + body).encode("ascii")


def build_all() -> list[Built]:
    idm = IdMaker(SEED)
    out: list[Built] = []
    for conv in CONVERSATIONS:
        built: list[Built] = []
        for i, m in enumerate(conv.msgs):
            p = PEOPLE[m.who]
            d = local_dt(p, m.when)
            parent = None
            if i > 0 and m.parent is not None:
                parent = built[m.parent if m.parent >= 0 else len(built) + m.parent]
                if parent.kind != "human":  # never reply to an automatic message
                    parent = built[-2]
            client = CLIENTS[m.client or p.client]
            charset = m.charset or p.charset
            if m.subject:
                subject = m.subject
            elif parent is None:
                subject = conv.subject
            else:
                subject = reply_subject(client, parent.subject)
            b = Built(conv.cid, i, p, d, subject, idm.make(p, d), [], "", m.kind)
            b.envelope_from = p.email
            if m.kind == "bounce":
                b.data = build_bounce(b, built[-1], idm)
                built.append(b)
                continue
            if m.kind == "newsletter":
                b.subject = conv.subject
                b.message_id = f"<nl.2026-11.{idm.hexs(16)}@mail.uvindustryweekly.com>"
                b.data = build_newsletter(b)
                built.append(b)
                continue
            if m.kind == "ooo_exchange":
                b.subject = "Automatische Antwort: " + parent.subject
            # recipients
            if m.to is not None:
                to_keys = m.to
            elif parent is None:
                to_keys = [SALES]
            elif m.kind.startswith("ooo"):
                to_keys = [parent.sender.key]
            elif parent.sender.key == p.key:  # following up on our/their own mail
                to_keys = parent.to
            else:
                to_keys = [parent.sender.key]
            if m.cc is not None:
                cc_keys = m.cc
            elif m.kind.startswith("ooo") or p.client in ("qq", "webde"):
                cc_keys = []
            else:
                cc_keys = [SALES] if SALES not in to_keys else []
            b.to = to_keys
            text = m.body.rstrip("\n")
            if p.sig and not m.kind.startswith("ooo"):
                text += "\n\n" + p.sig
            text += "\n"
            b.own_text = text
            full = text
            if parent is not None and m.kind == "human":
                b.in_reply_to = parent.message_id if m.refs else None
                b.references = (parent.references + [parent.message_id])[-8:] if m.refs else []
                qh = quote_header(client.header, parent, parent.date.astimezone(d.tzinfo))
                qt = parent.own_text.rstrip("\n")
                if client.angle:
                    qt = "\n".join("> " + ln if ln else ">" for ln in qt.split("\n"))
                full = text + "\n" + qh + "\n\n" + qt + "\n"
            elif parent is not None:  # automatic replies thread, but do not quote
                b.in_reply_to = parent.message_id
                b.references = [parent.message_id]
            b.data = assemble(b, m, resolve(to_keys), resolve(cc_keys), client, charset, full)
            built.append(b)
        out.extend(built)
    return out


# --------------------------------------------------------------------------------------
# State of each conversation (drives the README and the checks)
# --------------------------------------------------------------------------------------


def conv_state(conv: Conv, msgs: list[Built]) -> tuple[str, str]:
    """(last, state): last = 'us' / 'customer' / '-' and a human-readable state."""
    human = [b for b in msgs if b.kind == "human"]
    if conv.msgs[0].kind == "newsletter":
        return "-", "bulk newsletter (not a conversation)"
    if any(b.kind == "bounce" for b in msgs):
        return "us", "our mail bounced (5.1.1 user unknown)"
    last = human[-1]
    ours = last.sender.key in STAFF
    customer_ever = any(b.sender.key not in STAFF for b in human)
    after_last = [b for b in msgs if b.date.astimezone(UTC) > last.date.astimezone(UTC)]
    if ours:
        if any(b.kind.startswith("ooo") for b in after_last):
            return "us", "we wrote last; only an out-of-office came back"
        if not customer_ever:
            return "us", "we wrote last; the customer never wrote"
        return "us", "we wrote last, unanswered"
    if not any(b.sender.key in STAFF for b in human):
        return "customer", "customer wrote last; we never answered"
    if any(b.kind.startswith("ooo") for b in msgs):
        return "customer", "customer wrote last (after an out-of-office)"
    return "customer", "customer wrote last, awaiting our answer"


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def write_mbox(built: list[Built], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp) / "sample.mbox"
        box = mailbox.mbox(str(tmp_path), create=True)
        box.lock()
        try:
            for b in sorted(built, key=lambda x: (x.date.astimezone(UTC), x.cid, x.index)):
                # Raw bytes with our own "From " line: mailbox keeps them as they are
                # (a Message object would be re-generated and refolded).
                stamp = time.asctime(b.date.astimezone(UTC).timetuple())
                box.add(f"From {b.envelope_from} {stamp}\n".encode() + b.data)
            box.flush()
        finally:
            box.unlock()
            box.close()
        path.write_bytes(tmp_path.read_bytes())


def write_readme(built: list[Built], path: Path) -> dict:
    by_conv: dict[str, list[Built]] = {}
    for b in built:
        by_conv.setdefault(b.cid, []).append(b)
    rows = []
    stats = {"us": 0, "customer": 0, "-": 0}
    for conv in CONVERSATIONS:
        msgs = by_conv[conv.cid]
        last, state = conv_state(conv, msgs)
        state = conv.state or state
        stats[last] += 1
        custs = []
        for b in msgs:
            k = b.sender.key
            if k not in STAFF and b.kind in ("human", "ooo_exchange", "ooo_gmail") \
                    and k not in custs:
                custs.append(k)
        for m in conv.msgs:
            for k in (m.to or []):
                if k in CUSTOMERS and k not in custs:
                    custs.append(k)
        people = [PEOPLE[k] for k in custs]
        company = people[0].company if people else "-"
        country = people[0].country if people else "-"
        langs = people[0].lang if people else "en"
        contacts = ", ".join(p.email for p in people)
        charsets = sorted({(m.charset or PEOPLE[m.who].charset) for m in conv.msgs
                           if m.kind == "human"})
        last_b = [b for b in msgs if b.kind == "human"][-1] if conv.msgs[0].kind == "human" \
            else msgs[-1]
        nref = any(not m.refs for m in conv.msgs)
        rows.append(
            f"| {conv.cid} | {company} | {contacts} | {country} | {langs} | "
            f"{', '.join(charsets) if charsets else 'us-ascii'} | {len(msgs)} | "
            f"{last_b.date.astimezone(UTC):%Y-%m-%d %H:%M} | {last} | {state} | "
            f"{'yes' if nref else ''} | `{msgs[0].message_id}` | {conv.note} |")
    countries = sorted({PEOPLE[k].country for c in CONVERSATIONS for m in c.msgs
                        for k in [m.who, *(m.to or [])] if k in CUSTOMERS})
    customers = sorted({PEOPLE[k].company for c in CONVERSATIONS for m in c.msgs
                        for k in [m.who, *(m.to or [])] if k in CUSTOMERS})
    contacts = sorted({PEOPLE[k].email for c in CONVERSATIONS for m in c.msgs
                       for k in [m.who, *(m.to or [])] if k in CUSTOMERS})
    size = MBOX.stat().st_size if MBOX.exists() else 0
    stats.update(conversations=len(CONVERSATIONS), messages=len(built),
                 customers=len(customers), contacts=len(contacts), countries=len(countries),
                 size=size)
    kinds = {k: sum(b.kind == k for b in built) for k in
             ("human", "ooo_exchange", "ooo_gmail", "bounce", "newsletter")}
    lines = [
        "# Demo mailbox",
        "",
        "`sample.mbox` is generated by `scripts/make_demo_mailbox.py` (fixed seed, fixed dates:",
        "re-running it gives the same bytes; edit the script, not the file). All mail was",
        "written for mailbot; every person, company, address and phone number is invented.",
        "",
        "It is the shared sales mailbox of **Guangming UV Lighting Co., Ltd.** (Shenzhen,",
        "`gmuv-lighting.cn`) merged with what the staff sent by hand: inquiries arrive at",
        "`sales@gmuv-lighting.cn`, and Anna Li (`anna@`, Europe & Middle East), Leo Zhang",
        "(`leo@`, Americas) and Mei Chen (`mei@`, Asia-Pacific & Africa) answer from their own",
        "addresses with `sales@` in Cc, proper `Message-ID`s on `gmuv-lighting.cn` and",
        "`In-Reply-To`/`References`. Messages are in date order; each mbox `From ` line carries",
        "the Date header's instant in UTC. Dates run from 2026-09-01 to 2026-11-19 (staff are",
        "quiet during China's National Day holiday, 1-8 October; the Canton Fair is mid-October).",
        "",
        f"- conversations: {stats['conversations']} ({stats['conversations'] - 1} with customers"
        f" + 1 newsletter)",
        f"- messages: {stats['messages']} (human {kinds['human']}, out-of-office "
        f"{kinds['ooo_exchange'] + kinds['ooo_gmail']}, bounce {kinds['bounce']}, newsletter "
        f"{kinds['newsletter']})",
        f"- customers: {stats['customers']} companies/people, {stats['contacts']} contact "
        f"addresses, {stats['countries']} countries: {', '.join(countries)}",
        f"- threads ending with us: {stats['us']}; ending with the customer: "
        f"{stats['customer']}; bulk: {stats['-']}",
        f"- size: {size:,} bytes",
        "",
        "Things worth knowing when writing tests:",
        "",
        "- Corporate customers with two contacts on one domain: Müller Lichttechnik (C01/C02),",
        "  Sai Aqua Systems (C04/C05), Al-Noor Trading (C07/C08), PureAir Solutions (C11/C12),",
        "  Soluciones UV de México (C26/C27). Brightwater UV has two threads with one contact",
        "  (C17/C18).",
        "- Free-mail customers: web.de (C03), yahoo.co.in (C06), gmail.com (C10, C23),",
        "  outlook.com (C14, C30), qq.com (C28).",
        "- Replies linked only by subject (no In-Reply-To/References): C03 (`AW:`), C14 (`RE:`),",
        "  C28 (`回复：`), C35 (`R:`).",
        "- Non-UTF-8 charsets: iso-8859-1 (C01 customer, C09), windows-1252 (C19),",
        "  ISO-2022-JP (C20), EUC-KR (C21), GB18030/GBK (C28), windows-1256 (C40).",
        "- Date headers carry the sender's real offset (DST changes inside the period: EU and",
        "  UK on 25 Oct, IL on 25 Oct, EG on 29 Oct, US on 1 Nov, AU starts DST on 4 Oct).",
        "  Khalid Al-Otaibi, Michael Johnson, Lisa Brown (Outlook 365) write `+0000`; James",
        "  Wilson's `+0000` in November is real GMT.",
        "- Phone numbers in signatures are international (`+49 30 …`, `+91 98450 …`,",
        "  `+966 50 …`, `0049 151 …`); our own `+86 755 2345 6789` appears in every staff",
        "  signature and so in quoted history.",
        "- Automatic mail: Exchange OOO in German with `Auto-Submitted: auto-generated` (C02),",
        "  Gmail vacation reply with `Auto-Submitted: auto-replied`, `Precedence: bulk` and a",
        "  plain `Re:` subject (C24), a Postfix DSN `multipart/report` 5.1.1 (C31), a",
        "  newsletter with `List-Unsubscribe` and `Precedence: bulk` (C39). Ordinary Outlook",
        "  mail carries `X-Auto-Response-Suppress: All` and is human.",
        "- One tiny PDF attachment: the quotation in C01.",
        "",
        "`last` is who wrote the last human message (`us` = staff, `customer`); `no refs`",
        "marks threads where some reply lacks In-Reply-To/References; `first Message-ID`",
        "identifies the thread. `last message` is UTC.",
        "",
        "| id | customer | contacts | country | customer language | charsets | messages "
        "| last message | last | state | no refs | first Message-ID | notes |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return stats


# --------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------


def decode_subject(raw: str) -> str:
    raw = re.sub(r"\r?\n(?=[ \t])", "", raw)
    parts = []
    for chunk, cs in email.header.decode_header(raw):
        if isinstance(chunk, str):
            parts.append(chunk)
        else:
            cs = {"gbk": "gb18030", "euc-kr": "cp949"}.get((cs or "ascii").lower(), cs)
            parts.append(chunk.decode(cs or "ascii"))
    return "".join(parts)


def check(built: list[Built]) -> list[str]:
    problems: list[str] = []
    if not MBOX.exists():
        return ["sample.mbox missing"]
    size = MBOX.stat().st_size
    if size > MAX_BYTES:
        problems.append(f"mbox is {size} bytes > {MAX_BYTES}")
    box = mailbox.mbox(str(MBOX), create=False)
    keys = list(box.keys())
    if len(keys) != len(built):
        problems.append(f"mbox has {len(keys)} messages, expected {len(built)}")
    by_id = {b.message_id: b for b in built}
    if len(by_id) != len(built):
        problems.append("duplicate Message-IDs")
    seen_ids = set()
    for i, key in enumerate(keys):
        raw = box.get_bytes(key)  # as stored (as_bytes() would refold headers)
        from_line = box.get_message(key).get_from()
        m32 = email.message_from_bytes(raw, policy=email.policy.compat32)
        try:
            md = email.message_from_bytes(raw, policy=email.policy.default)
            str(md["subject"])
            md.get_body(("plain", "html"))
        except Exception as e:
            problems.append(f"msg {i}: policy.default raised {e!r}")
        mid = m32["Message-ID"]
        b = by_id.get(mid)
        if b is None:
            problems.append(f"msg {i}: unknown Message-ID {mid}")
            continue
        seen_ids.add(mid)
        subj = decode_subject(m32["Subject"])
        if subj != b.subject:
            problems.append(f"{b.cid}/{b.index}: subject {subj!r} != {b.subject!r}")
        d = email.utils.parsedate_to_datetime(m32["Date"])
        if d.astimezone(UTC) != b.date.astimezone(UTC):
            problems.append(f"{b.cid}/{b.index}: Date mismatch")
        asc = from_line.split(" ", 1)[1].strip()
        if datetime.strptime(asc, "%a %b %d %H:%M:%S %Y").replace(tzinfo=UTC) != \
                d.astimezone(UTC).replace(microsecond=0):
            problems.append(f"{b.cid}/{b.index}: From line {from_line!r} vs Date")
        for part in m32.walk():
            if part.get_content_maintype() == "text":
                cs = part.get_content_charset() or "us-ascii"
                cs = {"gbk": "gb18030", "euc-kr": "cp949"}.get(cs, cs)
                try:
                    (part.get_payload(decode=True) or b"").decode(cs)
                except (UnicodeDecodeError, LookupError) as e:
                    problems.append(f"{b.cid}/{b.index}: body does not decode: {e}")
        # threading: reconstruct parent by header, else by normalised subject
        irt = m32["In-Reply-To"]
        if irt and irt.strip() in by_id and by_id[irt.strip()].cid != b.cid:
            problems.append(f"{b.cid}/{b.index}: In-Reply-To points to another thread")
    if seen_ids != set(by_id):
        problems.append("messages missing from the mbox")
    box.close()
    # chronology and the subject fallback for reference-less replies
    by_conv: dict[str, list[Built]] = {}
    for b in built:
        by_conv.setdefault(b.cid, []).append(b)
    prefix = re.compile(r"^((re|aw|res|r|ynt|wg|fw|fwd)\s?:\s*|回复：|automatische antwort:\s*)+",
                        re.I)
    firsts = [prefix.sub("", by_conv[c.cid][0].subject).lower() for c in CONVERSATIONS]
    if len(set(firsts)) != len(firsts):
        problems.append("two conversations share a base subject (subject threading ambiguous)")
    for conv in CONVERSATIONS:
        bs = by_conv[conv.cid]
        for m, b in zip(conv.msgs, bs, strict=True):
            if b.index and b.kind == "human" and m.parent is not None:
                prev = max((x for x in bs[:b.index]), key=lambda x: x.date.astimezone(UTC))
                if b.date.astimezone(UTC) <= prev.date.astimezone(UTC):
                    problems.append(f"{conv.cid}/{b.index}: not after its predecessor")
            if not m.refs and prefix.sub("", b.subject) != prefix.sub("", bs[0].subject):
                problems.append(f"{conv.cid}/{b.index}: subject does not link the thread")
            if b.sender.key in STAFF:
                local = b.date.astimezone(ZoneInfo("Asia/Shanghai"))
                if local.date().isoformat() in {f"2026-10-0{i}" for i in range(1, 9)}:
                    problems.append(f"{conv.cid}/{b.index}: staff mail during National Day")
                if not (8 <= local.hour < 23):
                    problems.append(f"{conv.cid}/{b.index}: staff mail at {local:%H:%M}")
        if bs[0].date < datetime(2026, 9, 1, tzinfo=UTC) or \
                bs[-1].date > datetime(2026, 11, 20, 23, 59, tzinfo=UTC):
            problems.append(f"{conv.cid}: outside the date range")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check the files on disk")
    args = ap.parse_args()
    built = build_all()
    if not args.check:
        write_mbox(built, MBOX)
    stats = write_readme(built, README) if not args.check else {}
    problems = check(built)
    for p in problems:
        print("PROBLEM:", p)
    if stats:
        print({k: v for k, v in stats.items()})
    print(f"checked {len(built)} messages: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
