"""Words and senders that mark a delivery report, in the languages of our customers.

Used only together (a mail-system sender plus a report subject or failure sentence,
an empty Return-Path plus a report subject, an NDR subject plus a failure sentence),
never one cue alone, so a person quoting "undeliverable" stays a person.
"""

from __future__ import annotations

import re

from mailbot.domain.dsn import address_in
from mailbot.domain.message import ParsedMessage

_SCAN = 6000  # NDR explanations come first; returned mail after it is not read

_SYSTEM_LOCAL = re.compile(
    r"^(?:prvs=[^=]+=)?(?:mailer[-_.]?daemon|mail[-_.]?daemon|mdaemon|postmaster|ndr|"
    r"mail[-_.]?delivery[-_.]?(?:system|subsystem)|bounces?|nobody|mailerdaemon|"
    r"symantec_antivirus\w*|e500_smtp_mail_service)$",
    re.IGNORECASE,
)
_SYSTEM_NAME = re.compile(
    r"mail delivery|delivery (?:sub)?system|delivery service|postmaster|mailer[- ]daemon|"
    r"mail administrator|system administrator|mail ?system|mailserver|e-?mail gateway|"
    r"邮件系统|系統管理員|系统管理员|メールシステム|메일 시스템",
    re.IGNORECASE,
)
_FAILURE_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:undeliverable|undelivered|non[- ]?delivery|delivery (?:status "
    r"notification \((?:failure|failed)\)|report \(failure\)|notification: delivery has failed|"
    r"failure|failed|has failed)|mail delivery (?:failed|failure|problem)|"
    r"returned mail|mail (?:not delivered|could not be delivered|failed|error|system error)|"
    r"failure (?:notice|delivery)|failed mail|message delivery failure|permanent delivery "
    r"failure|could not deliver|delivery problem|undeliverable mail|"
    r"unzustellbar|nicht zustellbar|non remis|non distribuable|échec de (?:la )?(?:remise|"
    r"distribution)|no se puede entregar|no entregad[oa]|imposible entregar|non recapitabile|"
    r"mancato recapito|não (?:foi possível )?entreg|onbestelbaar|niet afgeleverd|olevererbart|"
    r"kunde inte levereras|niedostarczon|nie dostarczono|teslim edilemedi|iletilemedi|"
    r"недоставленное|не доставлено|не удалось доставить|ваше сообщение не доставлено|"
    r"退信|未送达|无法投递|投递失败|發送失敗|无法送达|無法傳遞|配信不能|配信エラー|"
    r"配信できませんでした|전송 실패|배달 실패|반송|تعذر التسليم|غير قابل للتسليم|"
    r"tidak terkirim|gagal terkirim|không gửi được|không thể gửi)",
    re.IGNORECASE,
)
_DELAY_SUBJECT = re.compile(
    r"^\s*(?:warning: (?:message .{0,40}delayed|could not send message)|"
    r"delayed mail|message delayed|delivery (?:status notification \(delay\)|delayed)|"
    r"mail delivery warning|delivery notification: delivery has been delayed|"
    r"warning: message has not yet been delivered|relayed:|delivered:|"
    r"zustellung verzögert|remise différée|retras|ritardo)",
    re.IGNORECASE,
)
_REPORT_SUBJECT = re.compile(
    r"^\s*(?:delivery (?:status )?(?:notification|report)|mail delivery (?:report|status)|"
    r"nondelivery|non-delivery|zustellbericht|rapport de remise|informe de entrega|"
    r"投递状态通知|配信状態通知)",
    re.IGNORECASE,
)
_FAILURE_BODY = re.compile(
    r"could ?n[o']t be delivered|cannot be delivered|can ?not deliver|could not deliver|"
    r"was(?: not|n't) delivered|(?:was(?: not|n't)|not) able to deliver|automatically rejected|"
    r"not been delivered|undeliverable|undelivered|delivery (?:to the "
    r"following recipients? )?(?:has )?failed|failed recipient|permanent(?:ly)? fatal|"
    r"delivery (?:has )?failed|unable to deliver|user unknown|unknown user|no such user|"
    r"mailbox (?:unavailable|not found|is full|full|quota)|does not exist|"
    r"address rejected|recipient rejected|rejected your message|returned mail|was aborted|"
    r"could not find a gateway|"
    r"message could not be|delivery (?:error|failure|problem)|error during delivery|"
    r"not (?:be )?delivered|mail delivery failed|your mail cannot|cannot be sent|"
    r"konnte nicht (?:zugestellt|ausgeliefert)|unzustellbar|n'a pas pu (?:ê|e)tre|"
    r"non (?:remis|délivré)|no (?:se )?pudo (?:ser )?entregad|non è stato possibile|"
    r"non (?:può essere|è stato) recapitat|não (?:pôde|foi possível) (?:ser )?entreg|"
    r"kon niet worden (?:bezorgd|afgeleverd)|kunde inte levereras|nie (?:może|mogła|"
    r"został[ao]?) (?:zostać )?dostarczon|teslim edilemedi|iletilemedi|не (?:может быть|"
    r"было|удалось) доставлен|не доставлено|无法投递|无法送达|未能送达|投递失败|退回|"
    r"無法傳遞|配信できません|配信に失敗|전달(?:되지| 실패)|전송 실패|تعذر تسليم|"
    r"tidak dapat (?:dikirim|terkirim)|gagal terkirim|không thể (?:gửi|chuyển)",
    re.IGNORECASE,
)
_DELAY_BODY = re.compile(
    r"has not yet been delivered|not yet been delivered|delivery (?:has been|is) delayed|"
    r"will (?:continue to )?(?:retry|try again|be retried)|still (?:being )?retried|"
    r"continue to be made|this is (?:just )?a warning|advisory[- ]only|has been postponed|"
    r"no action is required",
    re.IGNORECASE,
)
_TEMPORARY_BODY = re.compile(
    r"\btemporar(?:y|ily)\b|try again later|\b4\d\d[ -][^\n]{0,80}(?:try|later|temporar)",
    re.IGNORECASE,
)
_STRONG_OPENING = re.compile(
    r"^[\s*=_-]*(?:your message (?:(?:to|with subject:?) .{0,120})?"
    r"(?:could ?n[o']t|cannot|was not|wasn't) (?:be )?delivered|votre message n'a pas pu)",
    re.IGNORECASE | re.DOTALL,
)
_NOT_RECIPIENT = re.compile(r"^(?:mailer-daemon|postmaster|root|abuse|noreply|no-reply)@", re.I)


def system_sender(msg: ParsedMessage) -> str | None:
    """The mail-system sender ("mailer-daemon@…") or marker, or None."""
    frm = msg.from_
    local = frm.local_part if frm else ""
    if frm and (_SYSTEM_LOCAL.match(local) or _SYSTEM_NAME.search(frm.name)):
        return frm.email or frm.name
    if frm and not frm.email and not frm.name:
        return "an empty sender"
    if re.search(r"failure|rejected", msg.headers.get("auto-submitted", ""), re.IGNORECASE):
        return "Auto-Submitted: " + msg.headers["auto-submitted"]
    return None


def null_return_path(msg: ParsedMessage) -> bool:
    """Return-Path <>: bounces have it, but so do many auto-replies (RFC 3834)."""
    return msg.headers.get("return-path", "").replace(" ", "") == "<>"


def report_subject(subject: str) -> bool:
    """A subject any delivery report may carry (failure, delay or success)."""
    return (
        bool(_REPORT_SUBJECT.match(subject)) or failure_subject(subject) or delay_subject(subject)
    )


def failure_subject(subject: str) -> bool:
    return bool(_FAILURE_SUBJECT.match(subject))


def delay_subject(subject: str) -> bool:
    return bool(_DELAY_SUBJECT.match(subject))


def failure_body(text: str) -> bool:
    return bool(_FAILURE_BODY.search(text[:_SCAN]))


def delay_body(text: str) -> bool:
    return bool(_DELAY_BODY.search(text[:_SCAN]))


def temporary_body(text: str) -> bool:
    return bool(_TEMPORARY_BODY.search(text[:_SCAN]))


def strong_failure_opening(text: str) -> bool:
    """A short text that opens with "Your message could not be delivered to <address>".

    A person telling us the same ("… to our ERP, please resend the PI") names no
    address and asks for something.
    """
    m = _STRONG_OPENING.match(text)
    if m is None or len(text) >= 800 or re.search(r"\?|please|bitte|por favor", text, re.I):
        return False
    return address_in(text[m.end() : m.end() + 200]) is not None


def failed_addresses(text: str, exclude: set[str]) -> list[str]:
    """Addresses on the lines right after a failure sentence (the NDR's recipient list)."""
    lines = text[:_SCAN].split("\n")
    for i, line in enumerate(lines):
        if not _FAILURE_BODY.search(line):
            continue
        found = []
        for near in lines[i : i + 8]:
            address = address_in(near)
            if address and address not in exclude and not _NOT_RECIPIENT.match(address):
                found.append(address)
        if found:
            return found
    return []
