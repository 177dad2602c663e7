"""split_reply: where the sender's new words end and the history and signature begin."""

import time

import pytest

from mailbot.domain.quoting import split_reply

BODY = "Price is fine, please send the PI for 500 pcs."
HISTORY = "Dear customer,\nour price is USD 3.85/pc.\nAnna"


def reply(boundary: str, history: str = HISTORY, quote_prefix: str = "") -> str:
    quoted = "\n".join(quote_prefix + line for line in history.split("\n"))
    return f"{BODY}\n\n{boundary}\n{quoted}\n"


@pytest.mark.parametrize(
    "boundary",
    [
        "On Tue, 3 Mar 2026 at 14:15, Mei Chen <mei@gmuv-lighting.cn> wrote:",
        "On Tue, Mar 3, 2026 at 2:15 PM Mei Chen <mei@gmuv-lighting.cn>\nwrote:",
        "Am 03.03.2026 um 10:00 schrieb Anna Li <anna@gmuv-lighting.cn>:",
        "Le mar. 3 mars 2026 à 10:00, Anna Li <anna@gmuv-lighting.cn> a écrit :",
        "El mar, 3 mar 2026 a las 10:00, Anna Li (<anna@gmuv-lighting.cn>) escribió:",
        "Em ter., 3 de mar. de 2026 às 10:00, Anna Li <anna@gmuv-lighting.cn> escreveu:",
        "Il giorno mar 3 mar 2026 alle ore 10:00 Anna Li <anna@gmuv-lighting.cn> ha scritto:",
        "Op di 3 mrt 2026 om 10:00 schreef Anna Li <anna@gmuv-lighting.cn>:",
        "Den tis 3 mars 2026 kl 10:00 skrev Anna Li <anna@gmuv-lighting.cn>:",
        "wt., 3 mar 2026 o 10:00 Anna Li <anna@gmuv-lighting.cn> napisał(a):",
        "Dne út 3. 3. 2026 10:00 uživatel Anna Li <anna@gmuv-lighting.cn> napsal:",
        "вт, 3 мар. 2026 г. в 10:00, Anna Li <anna@gmuv-lighting.cn> написал(а):",
        "03.03.2026, 10:00, Anna Li пишет:",
        "3 Mar 2026 Sal, 10:00 tarihinde Anna Li <anna@gmuv-lighting.cn> şunu yazdı:",
        "في الثلاثاء، 3 مارس 2026 في 10:00 ص، كتب Anna Li <anna@gmuv-lighting.cn>:",
        "Pada tanggal Sel, 3 Mar 2026 pukul 10.00 Anna Li <anna@gmuv-lighting.cn> menulis:",
        "Vào Th 3, 3 thg 3, 2026 vào lúc 10:00 Anna Li <anna@gmuv-lighting.cn> đã viết:",
        "在 2026年3月3日 10:00，Anna Li <anna@gmuv-lighting.cn> 写道：",
        "2026年3月3日(火) 10:00 Anna Li <anna@gmuv-lighting.cn>:",
        "2026/03/03 10:00、Anna Li のメッセージ:",
        "2026년 3월 3일 (화) 오전 10:00, Anna Li <anna@gmuv-lighting.cn>님이 작성:",
    ],
)
@pytest.mark.parametrize("quote_prefix", ["> ", ""])
def test_attribution_lines_start_the_history(boundary: str, quote_prefix: str) -> None:
    """An attribution line in any supported language cuts, with or without ">" quoting."""
    new, quoted, _ = split_reply(reply(boundary, quote_prefix=quote_prefix))
    assert new == BODY
    assert "USD 3.85/pc" in quoted and boundary.split("\n")[0] in quoted


@pytest.mark.parametrize(
    "boundary",
    [
        "-----Original Message-----",
        "-----Ursprüngliche Nachricht-----",
        "------------------ 原始邮件 ------------------",
        "---------- Forwarded message ---------",
        "Begin forwarded message:",
        "-----Mensagem original-----",
        "-------- Исходное сообщение --------",
    ],
)
def test_separator_lines_start_the_history(boundary: str) -> None:
    """Separator lines ("Original Message" and its translations) cut."""
    new, quoted, _ = split_reply(reply(boundary))
    assert new == BODY and quoted.startswith(boundary.strip())


@pytest.mark.parametrize(
    "block",
    [
        "From: Anna Li <anna@gmuv-lighting.cn>\nSent: Tuesday, March 3, 2026 10:00 AM\n"
        "To: Khalid <k@alnoor.sa>\nSubject: Quotation",
        "*From:* Anna Li\n*Sent:* Tuesday, March 3, 2026 10:00 AM\n*To:* Khalid\n"
        "*Subject:* Quotation",
        "Von: Anna Li <anna@gmuv-lighting.cn>\nGesendet: Dienstag, 3. März 2026 10:00\n"
        "An: Hans\nBetreff: Angebot",
        "De : Anna Li <anna@gmuv-lighting.cn>\nEnvoyé : mardi 3 mars 2026 10:00\nÀ : Sophie\n"
        "Objet : Offre",
        '发件人: "Anna" <anna@gmuv-lighting.cn>\n发送时间: 2026年3月3日 10:00\n'
        "收件人: 王\n主题: 报价",
        "寄件者: Anna Li <anna@gmuv-lighting.cn>\n寄件日期: 2026年3月3日 10:00\n"
        "收件者: 許\n主旨: 報價",
        "差出人: Anna Li <anna@gmuv-lighting.cn>\n送信日時: 2026年3月3日 10:00\n"
        "宛先: 山本\n件名: 見積",
    ],
)
def test_header_blocks_start_the_history(block: str) -> None:
    """A From/Sent/To/Subject block (Outlook, QQ Mail …) cuts in many languages."""
    new, quoted, _ = split_reply(reply(block))
    assert new == BODY
    assert quoted.startswith(block.split("\n")[0]) and "USD 3.85/pc" in quoted


def test_outlook_rule_line_goes_with_the_history() -> None:
    """The "____" rule above an Outlook header block is part of the quote, not the text."""
    block = "_" * 32 + "\nFrom: Anna Li <anna@gmuv-lighting.cn>\nSent: Tue\nTo: K\nSubject: Q"
    new, quoted, _ = split_reply(reply(block))
    assert new == BODY and quoted.startswith("____")


def test_shipment_lines_are_not_a_header_block() -> None:
    """Shipping lines "From: Shenzhen / To: Hamburg / Date: …" are text, not a header block."""
    text = "Please book:\nFrom: Shenzhen\nTo: Hamburg\nDate: end of May\nThanks"
    assert split_reply(text) == (text, "", "")


def test_attribution_needs_a_digit() -> None:
    """An attribution without a date ("Here is what my boss wrote:") does not cut."""
    text = "Here is what my boss wrote:\nWe need the PI today."
    assert split_reply(text)[0] == text


def test_interleaved_answers_stay_in_the_new_text() -> None:
    """Unquoted lines between ">" blocks are the sender's inline answers."""
    text = "On 3/3/26 10:00, Anna wrote:\n> What quantity?\n500 pieces.\n\n> Which colour?\nBlue.\n"
    new, quoted, _ = split_reply(text)
    assert "500 pieces." in new and "Blue." in new
    assert "What quantity?" in quoted and "Which colour?" in quoted and "500" not in quoted


def test_interleaving_ends_at_a_hard_boundary() -> None:
    """After ">" blocks, an Original Message separator sends the rest to the history."""
    text = "> Q1?\nA1.\n-----Original Message-----\nolder text\n"
    new, quoted, _ = split_reply(text)
    assert new == "A1." and "older text" in quoted


def test_earliest_boundary_wins() -> None:
    """A ">" block above an Outlook block cuts first; nothing after it is new text."""
    text = "OK.\n> quoted line\n-----Original Message-----\nFrom: a@b.c\nold"
    new, quoted, _ = split_reply(text)
    assert new == "OK." and quoted.startswith("> quoted line") and "old" in quoted


def test_greater_than_numbers_are_not_quotes() -> None:
    """A line starting ">500 pcs" is a quantity, not quoting."""
    text = "We expect\n>500 pcs per month.\n>=20% discount."
    assert split_reply(text) == (text, "", "")


def test_no_boundary_keeps_everything() -> None:
    """A message without quotes or signature is all new text."""
    assert split_reply("  Just one line\n\n") == ("Just one line", "", "")


@pytest.mark.parametrize(
    "closing",
    [
        "Best regards,",
        "Kind regards, Maria",
        "Regards",
        "Mit freundlichen Grüßen",
        "Viele Grüße",
        "Atenciosamente,",
        "Saludos cordiales,",
        "Cordialement,",
        "Cordiali saluti",
        "Met vriendelijke groet,",
        "Z poważaniem",
        "С уважением,",
        "Saygılarımla,",
        "Trân trọng,",
        "مع خالص التحية،",
        "此致",
        "よろしくお願いいたします。",
        "감사합니다.",
    ],
)
def test_closing_salutation_starts_the_signature(closing: str) -> None:
    """A closing line near the end starts the signature, name and phone included."""
    text = f"{BODY}\n\n{closing}\nMaria Silva\nTel: +55 11 5555 1234"
    new, _, signature = split_reply(text)
    assert new == BODY
    assert signature.startswith(closing.strip()) and "+55 11 5555 1234" in signature


def test_sig_dash_delimiter_starts_the_signature() -> None:
    """The "-- " line (RFC 3676) starts the signature."""
    new, _, signature = split_reply(f"{BODY}\n-- \nRajesh\nMob: +91 98450 12345")
    assert new == BODY and signature == "-- \nRajesh\nMob: +91 98450 12345"


def test_phone_footer_is_signature() -> None:
    """A phone footer ("Sent from my iPhone") belongs to the signature."""
    new, _, signature = split_reply(f"{BODY}\n\nSent from my iPhone")
    assert new == BODY and signature == "Sent from my iPhone"


@pytest.mark.parametrize(
    "text",
    [
        f"{BODY}\n\nBest regards,\nMaria\n\nP.S. Please also send the catalogue.",
        f"{BODY}\n\nRegards,\nMaria\nCan you ship by DHL?",
        "Best regards,\nWe will order next week.",
        f"Regards to your team, {BODY}",
    ],
)
def test_doubtful_closings_do_not_cut(text: str) -> None:
    """A P.S., a question after the closing, or a closing as first line: keep all as text."""
    new, _, signature = split_reply(text)
    assert signature == "" and new == text.strip()


def test_signature_only_in_the_quote_stays_in_the_quote() -> None:
    """Our own signature in the quoted history is not the sender's signature."""
    text = (
        f"{BODY}\n\nOn Tue, 3 Mar 2026 at 14:15, Mei <mei@gmuv-lighting.cn> wrote:\n"
        "> Best regards,\n> Mei Chen\n> Tel: +86 755 2345 6789"
    )
    new, quoted, signature = split_reply(text)
    assert signature == "" and "+86" not in new and "+86 755" in quoted


@pytest.mark.parametrize(
    "text",
    [
        "On 1 " * 70 + ":\n" + ("On 1 " * 70 + ":\n") * 500,
        "On " * 60_000 + "\n",
        ("word " * 12 + "\n") * 3_300,
        "a" * 200_000,
        "> > > " * 30_000,
        "From: a@b\nSubject: x\nTo: y\n" * 5_000,
        ("- item\n" * 50_000),
        "x\n" + "\n" * 200_000,
    ],
)
def test_pathological_200kb_inputs_stay_fast(text: str) -> None:
    """Inputs that make mail-parser-reply's regexes quadratic finish quickly here."""
    start = time.perf_counter()
    split_reply(text)
    assert time.perf_counter() - start < 1.0
