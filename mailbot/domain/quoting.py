"""Split a reply into the sender's new words, the quoted history and the signature.

The scan goes top-down, line by line; the first reliable boundary wins:
  * a ">"-quoted line, or an attribution line ("On … wrote:", "Am … schrieb …:",
    "… 写道：" …) — everything after it is history, except unquoted lines between
    ">" blocks, which are inline answers and stay in the new text;
  * a separator ("-----Original Message-----", "原始邮件" …) or a header block
    ("From:/Sent:/To:/Subject:" in many languages) — everything after is history.
Then a signature is cut from the end of the new text: a "-- " line, a phone
footer, or a closing salutation ("Best regards", "Mit freundlichen Grüßen", "此致" …).

Only lines that end with a colon are tried against the attribution patterns,
which keeps this fast (mail-parser-reply's own parser takes ~5 ms per 3 KB reply
and goes quadratic on some inputs; we use its per-language patterns, not its parser).
Cuts are conservative: when unsure, text stays in `new`, since a wrong cut
loses the customer's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from mailparser_reply.constants import MAIL_LANGUAGES

_MAX_ATTRIBUTION = 400  # longer lines are prose, not an "On … wrote:" line
_MAX_SIGNATURE_LINES = 20  # non-blank lines from a closing to the end

_QUOTE = re.compile(r"^ {0,3}>(?![\d=])")
_RULE = re.compile(r"^\s*[-_=*]{5,}\s*$")
_SEPARATOR = re.compile(
    r"[-_=*\s]*(?:original message|forwarded message|begin forwarded message|ursprüngliche "
    r"nachricht|weitergeleitete nachricht|message d'origine|message transféré|mensaje "
    r"original|mensaje reenviado|mensagem original|mensagem encaminhada|messaggio "
    r"originale|messaggio inoltrato|oorspronkelijk bericht|doorgestuurd bericht|"
    r"originalmeddelande|oprindelig meddelelse|opprinnelig melding|původní zpráva|"
    r"wiadomość oryginalna|oryginalna wiadomość|исходное сообщение|пересылаемое сообщение|"
    r"orijinal mesaj|pesan asli|thư gốc|tin nhắn gốc|原始邮件|原始郵件|原始消息|回复的原邮件|"
    r"转发邮件|元のメッセージ|転送メッセージ|원본 메시지|الرسالة الأصلية)\s*:?[-_=*\s]*",
    re.IGNORECASE,
)
_FROM_LABELS = (
    "from|von|de|da|van|od|fra|från|lähettäjä|от|kimden|gönderen|dari|từ|người gửi|من|"
    "发件人|寄件者|寄件人|差出人|보낸 사람|보낸사람|feladó|expéditeur|remitente|mittente|afzender|"
    "nadawca|odesílatel"
)
_OTHER_LABELS = (
    "sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|à|objet|enviado|enviada|fecha|"
    "para|asunto|assunto|data|inviato|a|oggetto|verzonden|aan|onderwerp|wysłano|do|temat|"
    "odesláno|komu|předmět|sendt|til|emne|skickat|till|ämne|отправлено|дата|кому|тема|копия|"
    "tarih|kime|konu|tanggal|kepada|perihal|subjek|ngày|đã gửi|tới|đến|chủ đề|التاريخ|تاريخ|"
    "إلى|الموضوع|发送时间|日期|时间|收件人|抄送|主题|寄件日期|收件者|副本|主旨|送信日時|日時|宛先|"
    "件名|보낸 날짜|받는 사람|제목|참조|címzett|tárgy"
)
_LABEL = r"[\s*]*(?:{})\s*\*?\s*[:：]"
_SUBJECT_LABELS = (
    "subject|betreff|objet|asunto|assunto|oggetto|onderwerp|temat|předmět|emne|ämne|тема|konu|"
    "perihal|subjek|chủ đề|الموضوع|主题|主旨|件名|제목|tárgy"
)
_FROM_LINE = re.compile(_LABEL.format(_FROM_LABELS), re.IGNORECASE)
_SUBJECT_LINE = re.compile(_LABEL.format(_SUBJECT_LABELS), re.IGNORECASE)
_OTHER_LINE = re.compile(_LABEL.format(_OTHER_LABELS), re.IGNORECASE)
_ATTRIBUTION = re.compile(
    "|".join(
        [
            r"(?:on\b.{3,}\b)?wrote\s*:",  # en; a digit is required below
            r"am\b.{3,}\bschrieb\b.*:",  # de
            r"le\b.{3,}\ba\s+écrit\s*:",  # fr
            r"el\b.{3,}\bescribió\s*:",  # es
            r".{3,}\bescreveu\s*:",  # pt ("Em … escreveu:", "Às … escreveu:")
            r"il\b.{3,}\bha scritto\s*:",  # it
            r"op\b.{3,}\bschreef\b.*:",  # nl
            r".{3,}\b(?:skrev|kirjoitti)\b.*:",  # sv, da, no, fi
            r".{3,}\b(?:napsal(?:\(a\)|a)?|napisał(?:\(a\)|a)?|nadesłał)\s*:",  # cs, pl
            r".{3,}(?:написал(?:\(а\)|а)?|пишет)\s*:",  # ru
            r".{3,}\byazdı\s*:",  # tr
            r".{3,}\bmenulis\s*:",  # id
            r".{3,}\bđã viết\s*:",  # vi
            r".*كتب.*:",  # ar
            r".*[写寫]道\s*[:：]",  # zh
            r".*(?:のメッセージ|のメール)\s*[:：]",  # ja
            r".*님이 작성(?:하였습니다|했습니다)?\s*[:：]",  # ko
            r".*<[^<>\s]+@[^<>\s]+>\s*[:：]",  # any language: "<date>, <name> <addr>:"
        ]
    ),
    re.IGNORECASE,
)
_CLOSINGS = (
    "best regards|kind regards|warm regards|warmest regards|best wishes|regards|rgds|br|best|"
    "sincerely|yours sincerely|yours faithfully|yours truly|cheers|thanks (?:and|&) regards|"
    "thanks (?:and|&) best regards|with best regards|many thanks and best regards|"
    "mit freundlichen grüßen|mit freundlichen gruessen|mit besten grüßen|freundliche grüße|"
    "viele grüße|beste grüße|liebe grüße|schöne grüße|mfg|vg|lg|atenciosamente|att|abraços|"
    "cordialmente|saudações|saludos|saludos cordiales|un saludo|un cordial saludo|atentamente|"
    "cordialement|bien cordialement|bien à vous|salutations|meilleures salutations|"
    "cordiali saluti|distinti saluti|saluti|met vriendelijke groet(?:en)?|vriendelijke groet|"
    "groeten|med vänliga hälsningar|vänliga hälsningar|med venlig hilsen|venlig hilsen|"
    "med vennlig hilsen|mvh|z poważaniem|pozdrawiam|s pozdravem|с уважением|"
    "с наилучшими пожеланиями|saygılarımla|saygılarımızla|iyi çalışmalar|hormat saya|"
    "hormat kami|salam hangat|trân trọng|thân ái|此致|此致敬礼|祝好|顺祝商祺|顺颂商祺|祝商祺|敬具|"
    "よろしくお願い(?:いたします|致します|します|申し上げます)|宜しくお願い(?:いたします|致します|します)|"
    "감사합니다|مع تحياتي|مع خالص التحية|مع أطيب التحيات|تحياتي"
)
_CLOSING = re.compile(
    rf"(?:{_CLOSINGS})[\s,.!;:、，。！~،]*(?:[,，،\-–—]\s*[^\W\d_][\w.' -]{{0,40}})?",
    re.IGNORECASE,
)
_MOBILE = re.compile(
    r"(?:sent from my|sent from (?:outlook|mail for|yahoo)|get outlook for|von meinem .{1,30} "
    r"gesendet|gesendet von meinem|envoyé de mon|enviado desde mi|enviado do meu|inviato da|"
    r"verzonden met|skickat från min|sendt fra min|wysłane z|odesláno z|отправлено с|"
    r"发自我的|从我的.{1,20}发送|[\w ]{1,20}から送信$|내 .{1,20}에서 보냄)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Cut:
    index: int
    interleaved: bool  # ">" quoting: later unquoted lines may be inline answers


def split_reply(text: str) -> tuple[str, str, str]:
    """(new text, quoted history, signature) of a plain-text body, each stripped."""
    scan = _Scanner(text.split("\n"))
    new_lines, quoted_lines = scan.separate()
    new, signature = _split_signature(new_lines)
    return new, "\n".join(quoted_lines).strip(), signature


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # mail-parser-reply's patterns are quadratic in line length: try them rarely.
        self.library_budget = 4

    def separate(self) -> tuple[list[str], list[str]]:
        """(new lines, quoted lines)."""
        lines = self.lines
        cut = self.boundary()
        if cut is None:
            return lines, []
        start = cut.index
        while start > 0 and (not lines[start - 1].strip() or _RULE.match(lines[start - 1])):
            start -= 1  # the "____" rule above an Outlook header block belongs to the quote
        new, quoted = lines[:start], lines[start : cut.index]
        if not cut.interleaved:
            return new, quoted + lines[cut.index :]
        return self.interleave(cut.index, new, quoted)

    def boundary(self) -> _Cut | None:
        for i, line in enumerate(self.lines):
            if _QUOTE.match(line):
                return _Cut(i, interleaved=True)
            stripped = line.strip()
            if not stripped:
                continue
            if self.hard_boundary(i, stripped):
                return _Cut(i, interleaved=False)
            if self.attribution(i, stripped):
                return _Cut(i, interleaved=self.next_is_quote(i + 1))
        return None

    def interleave(
        self, index: int, new: list[str], quoted: list[str]
    ) -> tuple[list[str], list[str]]:
        """Unquoted lines after ">" blocks are inline answers, up to the next hard boundary."""
        side = quoted
        for i in range(index, len(self.lines)):
            line, stripped = self.lines[i], self.lines[i].strip()
            if i == index or _QUOTE.match(line):
                side = quoted
            elif stripped and (self.hard_boundary(i, stripped) or self.attribution(i, stripped)):
                return new, quoted + self.lines[i:]
            elif stripped:
                side = new
            side.append(line)
        return new, quoted

    def hard_boundary(self, i: int, stripped: str) -> bool:
        if len(stripped) <= 120 and _SEPARATOR.fullmatch(stripped):
            return True
        if not _FROM_LINE.match(stripped):
            return False
        window = [s for s in (x.strip() for x in self.lines[i + 1 : i + 7]) if s]
        labels = {m.group(0).lower() for s in window if (m := _OTHER_LINE.match(s))}
        # "From: Shenzhen / To: Hamburg / Date: May" is a shipment, not a mail header.
        mail_like = "@" in stripped or any(_SUBJECT_LINE.match(s) for s in window)
        return len(labels) >= 2 and mail_like

    def attribution(self, i: int, stripped: str) -> bool:
        candidate = stripped
        if not stripped.endswith((":", "：")):
            following = self.lines[i + 1].strip() if i + 1 < len(self.lines) else ""
            if not following.endswith((":", "：")) or len(following) > 80:
                return False
            candidate = f"{stripped} {following}"  # clients wrap long attribution lines
        if len(candidate) > _MAX_ATTRIBUTION or not any(c.isdigit() for c in candidate):
            return False
        if _ATTRIBUTION.fullmatch(candidate):
            return True
        if self.library_budget <= 0 or len(candidate) > 160:
            return False
        self.library_budget -= 1
        return any(p.fullmatch(candidate) for p in _library_patterns())

    def next_is_quote(self, start: int) -> bool:
        for line in self.lines[start : start + 3]:
            if line.strip():
                return bool(_QUOTE.match(line))
        return False


@cache
def _library_patterns() -> list[re.Pattern[str]]:
    """mail-parser-reply's "wrote" headers for the languages it knows."""
    out = []
    for table in MAIL_LANGUAGES.values():
        if pattern := table.get("wrote_header"):
            out.append(re.compile(pattern, re.IGNORECASE))
    return out


def _split_signature(lines: list[str]) -> tuple[str, str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    lines = lines[:end]
    start = _signature_start(lines)
    if start is None:
        return "\n".join(lines).strip(), ""
    return "\n".join(lines[:start]).strip(), "\n".join(lines[start:]).strip()


def _signature_start(lines: list[str]) -> int | None:
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    if len(nonblank) < 2:
        return None
    for i in nonblank[-_MAX_SIGNATURE_LINES:]:
        if i == nonblank[0]:
            continue  # the whole text cannot be a signature
        stripped = lines[i].strip()
        if stripped == "--" or (len(stripped) <= 60 and _MOBILE.match(stripped)):
            return i
        if _is_closing(stripped) and _looks_signed(lines[i + 1 :]):
            return i
    return None


def _is_closing(stripped: str) -> bool:
    return len(stripped) <= 80 and _CLOSING.fullmatch(stripped) is not None


def _looks_signed(after: list[str]) -> bool:
    """Nothing after a closing that reads like more message: a question, a P.S."""
    for line in after:
        stripped = line.strip()
        if stripped.endswith(("?", "？")) or re.match(r"p\.?\s?s\b", stripped, re.IGNORECASE):
            return False
    return True
