"""The reply classifier on small hand-written messages: kinds, order of checks, details."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mailbot.domain import classify as classify_module
from mailbot.domain.classify import Classification, Context, ReplyKind, classify
from mailbot.domain.message import ParsedMessage
from mailbot.domain.parsing import parse_message, raw_from_bytes

DATA = Path(__file__).parents[1] / "data"
SENT = datetime(2026, 3, 4, 2, 0, tzinfo=UTC)  # our mail; replies below arrive ten minutes later


def mail(
    body: str,
    subject: str = "Re: UVC lamps 254nm quotation",
    headers: str = "",
    sender: str = "Hans Weber <h.weber@weber-licht.de>",
    to: str = "anna@gmuv-lighting.cn",
    date_header: str = "Wed, 04 Mar 2026 03:10:00 +0100",
    content_type: str = "text/plain; charset=utf-8",
) -> ParsedMessage:
    head = (
        f"From: {sender}\nTo: {to}\nSubject: {subject}\nDate: {date_header}\n"
        f"Message-ID: <r1@weber-licht.de>\nIn-Reply-To: <q1@gmuv-lighting.cn>\n"
        f"MIME-Version: 1.0\nContent-Type: {content_type}\n{headers}"
    )
    data = (head.rstrip("\n") + "\n\n" + body).encode("utf-8")
    return parse_message(raw_from_bytes(data))


def dsn(action: str, status: str, recipient: str = "buyer@capeuv.co.za") -> ParsedMessage:
    body = (
        "--B\nContent-Type: text/plain\n\nDelivery to the following recipient failed.\n\n"
        "--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.gmuv-lighting.cn\n\n"
        f"Final-Recipient: rfc822; {recipient}\nAction: {action}\nStatus: {status}\n"
        "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n\n"
        "--B\nContent-Type: text/rfc822-headers\n\nFrom: anna@gmuv-lighting.cn\n"
        f"To: {recipient}\nMessage-ID: <offer-77@gmuv-lighting.cn>\nSubject: Offer\n\n--B--\n"
    )
    return mail(
        body,
        subject="Delivery Status Notification",
        sender="Mail Delivery System <MAILER-DAEMON@mx.gmuv-lighting.cn>",
        content_type='multipart/report; report-type=delivery-status; boundary="B"',
        headers="Auto-Submitted: auto-replied\n",
    )


def test_plain_reply_is_human_and_counts() -> None:
    """An ordinary answer is human and counts as a reply."""
    result = classify(mail("Price is fine. Please send the PI for 500 pcs.\n\nHans"))
    assert result.kind is ReplyKind.HUMAN and result.counts_as_reply


def test_gmail_vacation_reply_is_out_of_office_despite_precedence_bulk() -> None:
    """Auto-Submitted is read before Precedence: bulk (Gmail vacation replies carry both)."""
    msg = mail(
        "I am on vacation until 13 March with no access to email.",
        headers="Auto-Submitted: auto-replied\nPrecedence: bulk\n",
    )
    result = classify(msg, Context(country="DE"))
    assert result.kind is ReplyKind.OUT_OF_OFFICE and not result.counts_as_reply
    assert result.absence is not None and result.absence.return_date == date(2026, 3, 16)


def test_exchange_german_fixture_returns_after_inclusive_until() -> None:
    """'bis einschließlich 13.03.2026' (a Friday) means back on Monday the 16th, certainly."""
    raw = (DATA / "autoreply_ooo_exchange_german.eml").read_bytes()
    result = classify(parse_message(raw_from_bytes(raw)), Context(country="DE"))
    assert result.kind is ReplyKind.OUT_OF_OFFICE
    assert result.absence == classify_module.Absence(None, date(2026, 3, 16), True)


def test_auto_response_suppress_alone_is_not_automatic() -> None:
    """Exchange stamps X-Auto-Response-Suppress on ordinary mail."""
    msg = mail("Yes, go ahead with the order.", headers="X-Auto-Response-Suppress: All\n")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_human_reply_in_mailing_list_stays_human() -> None:
    """List headers on a reply do not make it bulk."""
    msg = mail("We need 200 units by May.", headers="List-Id: <buyers.example.org>\n")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_newsletter_is_bulk_not_unsubscribe() -> None:
    """A newsletter's own 'unsubscribe' footer is not a request to stop."""
    msg = mail(
        "Spring fair news.\n\nUnsubscribe here.",
        subject="UV Industry Weekly #12",
        headers="List-Unsubscribe: <mailto:u@news.example>\nPrecedence: bulk\n",
        sender="news@uvweekly.example",
    )
    msg.in_reply_to = None
    assert classify(msg).kind is ReplyKind.BULK


@pytest.mark.parametrize(
    "subject",
    [
        "Automatic reply: Offer",
        "Abwesenheitsnotiz: Angebot",
        "Réponse automatique : Offre",
        "Respuesta automática: Oferta",
        "Fuori sede: Offerta",
        "Resposta automática: Oferta",
        "Automatisch antwoord: Offerte",
        "Autosvar: Offert",
        "Automatyczna odpowiedź: Oferta",
        "Otomatik yanıt: Teklif",
        "Автоответ: Предложение",
        "自动回复: 报价",
        "自動回覆: 報價",
        "自動応答: お見積り",
        "자동 회신: 견적",
        "رد تلقائي: عرض",
        "Balasan otomatis: Penawaran",
        "Trả lời tự động: Báo giá",
    ],
)
def test_localized_subject_prefix_without_headers_is_automatic(subject: str) -> None:
    """On-prem Exchange OOFs carry only a localized subject prefix."""
    result = classify(mail("Out of the office until 13.03.2026.", subject=subject))
    assert result.kind is ReplyKind.OUT_OF_OFFICE


def test_subject_prefix_must_be_anchored() -> None:
    """'automatic reply' inside a human subject is not a prefix."""
    msg = mail("Can your ballast send an automatic reply signal?", subject="Re: automatic reply?")
    msg2 = mail("Thanks, noted.", subject="Re: Question about the automatic reply feature")
    assert classify(msg).kind is ReplyKind.HUMAN and classify(msg2).kind is ReplyKind.HUMAN


def test_ticket_receipt_is_auto_reply() -> None:
    """An acknowledgement with automatic headers is auto_reply, not an absence."""
    msg = mail(
        "We have received your request. Your ticket number is #48213.",
        headers="Auto-Submitted: auto-replied\n",
    )
    assert classify(msg).kind is ReplyKind.AUTO_REPLY


def test_left_company_names_the_replacement() -> None:
    """A left-the-company notice yields the new contact, not the sender or us."""
    msg = mail(
        "Hans Weber is no longer with the company. Please contact einkauf@weber-licht.de instead.",
        headers="Auto-Submitted: auto-replied\n",
    )
    result = classify(msg)
    assert result.kind is ReplyKind.LEFT_COMPANY
    assert result.replacement == "einkauf@weber-licht.de"


def test_unmonitored_mailbox_during_absence_is_out_of_office() -> None:
    """'Not monitored' beside an absence statement is an absence, not a departure."""
    msg = mail(
        "I am on leave until 20 March. This mailbox is not monitored during my absence.",
        headers="Auto-Submitted: auto-replied\n",
    )
    assert classify(msg, Context(country="GB")).kind is ReplyKind.OUT_OF_OFFICE


def test_unmonitored_mailbox_alone_is_left_company() -> None:
    """A dead mailbox notice without absence is left_company."""
    msg = mail(
        "This mailbox is no longer monitored. Write to sales@weber-licht.de.",
        headers="Auto-Submitted: auto-generated\n",
    )
    result = classify(msg)
    assert result.kind is ReplyKind.LEFT_COMPANY and result.replacement == "sales@weber-licht.de"


def test_permanent_dsn_is_bounce_with_details() -> None:
    """Action: failed with 5.1.1: permanent, the recipient, the status, our Message-ID."""
    result = classify(dsn("failed", "5.1.1"))
    assert result.kind is ReplyKind.BOUNCE and not result.counts_as_reply
    assert result.bounce == classify_module.Bounce(
        True, ("buyer@capeuv.co.za",), "5.1.1", "<offer-77@gmuv-lighting.cn>"
    )


def test_temporary_dsn_failure_is_not_permanent() -> None:
    """Action: failed with a 4.x.x status is a temporary failure."""
    result = classify(dsn("failed", "4.2.2"))
    assert result.kind is ReplyKind.BOUNCE and result.bounce is not None
    assert not result.bounce.permanent


@pytest.mark.parametrize("action", ["delayed", "delivered", "relayed", "expanded"])
def test_dsn_without_failure_is_delivery_status(action: str) -> None:
    """A DSN reporting delay or success is not a bounce."""
    assert classify(dsn(action, "4.4.7")).kind is ReplyKind.DELIVERY_STATUS


def test_text_bounce_without_dsn_finds_the_recipient() -> None:
    """A qmail-style bounce is read by flufl.bounce's detectors."""
    body = (
        "Hi. This is the qmail-send program at mx.example.net.\n"
        "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
        "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
        "<li.wei@example.net>:\nSorry, no mailbox here by that name. (#5.1.1)\n"
    )
    msg = mail(body, subject="failure notice", sender="MAILER-DAEMON@mx.example.net")
    result = classify(msg)
    assert result.kind is ReplyKind.BOUNCE and result.bounce is not None
    assert result.bounce.recipients == ("li.wei@example.net",) and result.bounce.permanent


def test_person_mentioning_undeliverable_is_human() -> None:
    """Failure words in a person's mail do not make a bounce."""
    msg = mail("Your last mail was undeliverable to our old address, use this one.")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_arf_report_is_complaint() -> None:
    """A feedback-loop report is a complaint."""
    msg = mail(
        "--B\nContent-Type: text/plain\n\nThis is an abuse report.\n--B--\n",
        subject="Abuse report",
        sender="fbl@mail.example",
        content_type='multipart/report; report-type=feedback-report; boundary="B"',
    )
    assert classify(msg).kind is ReplyKind.COMPLAINT


@pytest.mark.parametrize(
    "text",
    [
        "Please remove me from your mailing list.",
        "Unsubscribe",
        "Stop emailing me.",
        "Bitte nehmen Sie mich aus Ihrem Verteiler.",
        "Merci de me désabonner.",
        "Por favor, darme de baja.",
        "请勿再发邮件给我，谢谢。",
        "配信停止をお願いします。",
        "Отпишите меня, пожалуйста.",
    ],
)
def test_request_to_stop_is_unsubscribe_and_counts(text: str) -> None:
    """A person asking to stop is unsubscribe, and it counts as a reply."""
    result = classify(mail(text))
    assert result.kind is ReplyKind.UNSUBSCRIBE and result.counts_as_reply


def test_mailto_list_unsubscribe_hit() -> None:
    """The mail a List-Unsubscribe mailto: link sends is an unsubscribe."""
    msg = mail("", subject="unsubscribe", to="unsubscribe+a1b2@gmuv-lighting.cn")
    assert classify(msg).kind is ReplyKind.UNSUBSCRIBE


def test_short_strong_body_without_headers_is_out_of_office() -> None:
    """Body cues alone decide for a short, plain auto-reply sent at once."""
    msg = mail("Thank you for your email. I am out of the office until 13 March 2026.")
    result = classify(msg, Context(country="DE", our_last_sent_at=SENT))
    assert result.kind is ReplyKind.OUT_OF_OFFICE


@pytest.mark.parametrize(
    "text",
    [
        "I am out of the office until Friday, but yes: can you ship 500 pcs by May?",
        "I am out of the office until 13 March. " + "We also discussed the 254nm lamps. " * 25,
    ],
)
def test_absence_phrase_in_a_real_answer_stays_human(text: str) -> None:
    """A question or a long text means a person wrote, whatever the phrase."""
    assert classify(mail(text), Context(our_last_sent_at=SENT)).kind is ReplyKind.HUMAN


def test_absence_phrase_hours_after_our_mail_stays_human() -> None:
    """Autoresponders answer at once; a late short note is a person's."""
    late = Context(our_last_sent_at=SENT - timedelta(days=2))
    assert classify(mail("I am on leave until 13 March."), late).kind is ReplyKind.HUMAN


def test_past_absence_is_human() -> None:
    """'I was on holiday' explains a delay; it is not an absence notice."""
    msg = mail("Sorry, I was on holiday last week. The price is OK.")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_internal_error_is_human_with_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug inside the classifier never escapes and never calls a reply automatic."""

    def broken(*_args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(classify_module, "read_bounce", broken)
    result = classify(mail("Thanks!"))
    assert isinstance(result, Classification) and result.kind is ReplyKind.HUMAN
    assert result.reasons[0].startswith("classifier error:")


def test_every_verdict_says_why() -> None:
    """Reasons are sentences, never empty."""
    for msg in (mail("OK"), dsn("failed", "5.1.1"), dsn("delayed", "4.4.7")):
        assert all(reason.strip() for reason in classify(msg).reasons)


def test_absence_note_greeting_us_by_name_stays_human() -> None:
    """'Hi Anna, I'm on leave until Friday…' is a person: auto-replies do not know our name."""
    msg = mail(
        "Hi Anna, I am on leave until 13 March, will check the offer then.",
        to="Anna Li <anna@gmuv-lighting.cn>",
    )
    assert classify(msg, Context(our_last_sent_at=SENT)).kind is ReplyKind.HUMAN


def test_absence_statement_without_date_or_stock_phrase_stays_human() -> None:
    """Without headers, 'I'm travelling' needs a return date or a stock OOO sentence."""
    msg = mail("I am travelling this week, will look at it later.")
    assert classify(msg, Context(our_last_sent_at=SENT)).kind is ReplyKind.HUMAN


def test_colleague_note_about_a_departure_names_the_colleague() -> None:
    """'Hans left, write to me' by hand is left_company; the writer's own address counts."""
    msg = mail(
        "Hi Anna, Hans Weber left Weber Licht at the end of May. Please send future "
        "quotes to me directly (p.klein@weber-licht.de).",
        sender="Petra Klein <p.klein@weber-licht.de>",
        to="Anna Li <anna@gmuv-lighting.cn>",
    )
    result = classify(msg, Context(our_last_sent_at=SENT))
    assert result.kind is ReplyKind.LEFT_COMPANY and result.replacement == "p.klein@weber-licht.de"


def test_person_leaving_a_city_is_not_left_company() -> None:
    """'I left Shanghai at the end of March' is travel, not a departure."""
    msg = mail("I left Shanghai at the end of March, so the samples went to Hamburg.")
    assert classify(msg, Context(our_last_sent_at=SENT)).kind is ReplyKind.HUMAN


@pytest.mark.parametrize(
    "text",
    [
        "I will be out of office until 20 March, so please send the samples before Friday.",
        "I'm travelling until 20 March. We accept your offer, please proceed with the order.",
        "We no longer work with that supplier.",
        "The shipment is no longer at the port.",
        "I have left the samples at the reception desk.",
        "Please update your records with our new bank account.",
        "Please don't remove me from your mailing list, the offers are useful.",
        "Unfortunately your message could not be delivered to our ERP, please resend the PI.",
        "Thank you for your email. We have received your quotation and will review it.",
    ],
)
def test_hard_negatives_stay_human(text: str) -> None:
    """Absence, departure, failure and stop words inside a person's business text."""
    assert classify(mail(text), Context(our_last_sent_at=SENT)).kind is ReplyKind.HUMAN


def test_weak_subject_word_over_a_persons_text_stays_human() -> None:
    """'Urlaub' as a subject does not outweigh a text that asks us for something."""
    msg = mail("Please send the catalogue for the 2026 season.", subject="Urlaub")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_ordinary_subject_starting_with_absence_word_is_not_a_prefix() -> None:
    """'Absence of CE certificate' is a topic, not an absence prefix."""
    msg = mail("See attached photos.", subject="Absence of CE certificate in shipment")
    assert classify(msg).kind is ReplyKind.HUMAN


def test_auto_reply_with_empty_return_path_is_not_a_bounce() -> None:
    """Auto-replies carry Return-Path <> too (RFC 3834); failure-like words do not matter."""
    msg = mail(
        "I am on leave until 13 March. Your message will not be delivered to my deputy.",
        headers="Return-Path: <>\nAuto-Submitted: auto-replied\n",
    )
    assert classify(msg, Context(country="DE")).kind is ReplyKind.OUT_OF_OFFICE


def test_person_opening_with_failure_sentence_is_human() -> None:
    """'Your message could not be delivered to our ERP, please resend' is a person."""
    msg = mail("Your message could not be delivered to our ERP, please resend the PI.")
    assert classify(msg).kind is ReplyKind.HUMAN
