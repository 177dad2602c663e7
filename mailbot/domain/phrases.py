"""Multilingual phrase tables for automatic replies (what people write: phrases_person).

Languages: en de fr es it pt nl sv pl tr ru zh (simplified and traditional) ja ko ar
id vi. Each table is one compiled regex, matched case-insensitively on the
sender's new text (quoted history is never read). The tables are only *cues*:
`autoreply.py` decides how much each one may conclude on its own.
"""

from __future__ import annotations

import re


def words(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive regex of alternatives (one string per language, usually).

    Python's re tries every alternative at every position. Phrases that start at a
    word boundary share one leading `\\b`, so inside a word (most positions) one
    failed test skips them all; each group is also guarded by a lookahead for the
    characters its phrases can start with. Searches run ~4x faster. Where a match
    starts is unchanged; only which phrase is reported when two start at one place
    may differ.
    """
    phrases = [p for a in alternatives for p in _top_level(a)]
    bounded = [p[2:] for p in phrases if p.startswith(r"\b")]
    other = [p for p in phrases if not p.startswith(r"\b")]
    groups = ([rf"\b{_guarded(bounded)}"] if bounded else []) + ([_guarded(other)] if other else [])
    return re.compile("|".join(groups), re.IGNORECASE)


def _guarded(phrases: list[str]) -> str:
    """`(?:a|b)`, behind `(?=[ab])` when every phrase's first character is known."""
    firsts = [_first_chars(p) for p in phrases]
    group = f"(?:{'|'.join(phrases)})"
    if any(f is None for f in firsts):
        return group
    chars = "".join(re.escape(c) for c in sorted({c for f in firsts if f for c in f}))
    return f"(?=[{chars}]){group}"


def _first_chars(phrase: str) -> set[str] | None:
    """The characters a match of `phrase` can start with (case aside); None if unsure."""
    if phrase.startswith("(?:"):
        end = _scan(phrase, 3)
        if end < 0 or phrase[end + 1 : end + 2] in ("?", "*", "{"):
            return None
        found = [_first_chars(p) for p in _top_level(phrase[3:end])]
        return None if any(f is None for f in found) else {c for f in found if f for c in f}
    first = phrase[:1]
    if first and first not in "\\()[]{}.*+?|^$" and phrase[1:2] not in ("?", "*", "{"):
        return {first}
    return None


def _top_level(pattern: str) -> list[str]:
    """`a|b(c|d)|[|]e` → `["a", "b(c|d)", "[|]e"]`: split at `|` outside groups and classes."""
    out, start = [], 0
    while (cut := _scan(pattern, start, "|")) >= 0:
        out.append(pattern[start:cut])
        start = cut + 1
    return [*out, pattern[start:]]


def _scan(pattern: str, i: int, stop: str = ")") -> int:
    """Index of the first `stop` at depth 0 from `i` on (outside classes, unescaped); -1 if none."""
    depth, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 1  # the escaped character never splits or nests
        elif in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            i += pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # "[]…]" and "[^]…]" hold a "]"
        elif c == stop and depth == 0:
            return i
        elif c in "()":
            depth += 1 if c == "(" else -1
        i += 1
    return -1


# Subject prefixes, anchored at the start. Latin-script ones must end at a delimiter
# ("Abwesenheit: …", not "Absence of the CE mark"); CJK ones need none ("不在のお知らせ").
# "Automatic" ones say a machine answered; "absence" ones that the person is away;
# "ack" ones that a request was received (they need an acknowledgement in the text).
_AUTO_LATIN = (
    r"automatic reply|auto[- ]?reply|auto[- ]?response|automatic response|autoreply|"
    r"automated (?:reply|response)|autosvar|automatiskt svar|automatische antwort|autom\. antwort|"
    r"réponse automatique|respuesta automática|respuesta automatica|risposta automatica|"
    r"resposta automática|resposta automatica|automatisch antwoord|automatyczna odpowiedź|"
    r"odpowiedź automatyczna|autoodpowiedź|otomatik (?:yanıt|cevap)|автоответ|"
    r"автоматический ответ|رد تلقائي|الرد التلقائي|رد آلي|balasan otomatis|jawaban otomatis|"
    r"trả lời tự động|phản hồi tự động"
)
_AUTO_CJK = r"自动回复|自动答复|自動回覆|自動回復|自動答覆|自動応答|自動返信|자동 ?회신|자동 ?응답"
_ABSENCE_LATIN = (
    r"out of (?:the )?office|ooo|away from (?:the )?office|on (?:annual )?leave|on vacation|"
    r"on holiday|vacation reply|abwesenheitsnotiz|au(?:ß|ss)er haus|nicht im büro|"
    r"absent(?:e)? du bureau|message d'absence|fuera de (?:la )?oficina|fuori sede|"
    r"fuori ufficio|in ferie|fora do escritório|buiten kantoor|niet aanwezig|inte på kontoret|"
    r"poza biurem|ofis dışı(?:nda)?|вне офиса|нет на месте|خارج المكتب|di luar kantor|"
    r"vắng mặt|nghỉ phép"
)
# Single words that also start ordinary subjects ("Absence of the CE mark"): only with ":".
_ABSENCE_WORD = (
    r"abwesenheit|abwesend|urlaub|absence|absente?|ausente|ausencia|assente|ausência|"
    r"afwezig(?:heid)?|frånvaro|frånvarande|nieobecność|izinde|отсутствую|отпуск|cuti"
)
_ABSENCE_CJK = r"不在办公室|不在辦公室|休假|外出|不在|休暇|出張|부재 ?중|휴가"
_ACK_LATIN = (
    r"thank you for contacting|thanks for contacting|thank you for your (?:e-?mail|message|"
    r"inquiry|enquiry)|ticket received|request received|we (?:have )?received your|your request|"
    r"recebemos|hemos recibido|nous avons (?:bien )?reçu|accusé de réception|wir haben ihre|"
    r"eingangsbestätigung|abbiamo ricevuto|conferma di ricezione|ontvangstbevestiging|"
    r"wij hebben uw|vi har tagit emot|potwierdzenie otrzymania|talebiniz alın|"
    r"ваше обращение|terima kasih telah menghubungi|xác nhận đã nhận|تم استلام"
)
_ACK_CJK = r"已收到|受付|お問い合わせ|문의가 접수|접수"
_OPEN = r"^\s*(?:\[[^\]]{0,30}\]\s*)?[\[【(（]?\s*"
_END = r"(?:\s*[:：\-–—(\]】)）]|\s|$)"


_STRICT_END = r"(?:\s*[:：\-–—]|\s*$)"


def _prefix(latin: str, cjk: str, word: str = "(?!)") -> re.Pattern[str]:
    alternatives = rf"(?:{latin}){_END}|(?:{word}){_STRICT_END}|(?:{cjk})"
    return re.compile(rf"{_OPEN}(?:{alternatives})", re.IGNORECASE)


SUBJECT_AUTO = _prefix(_AUTO_LATIN, _AUTO_CJK)
SUBJECT_ABSENCE = _prefix(_ABSENCE_LATIN, _ABSENCE_CJK, _ABSENCE_WORD)
SUBJECT_ACK = _prefix(_ACK_LATIN, _ACK_CJK)

# "I am away": statements of absence, present or future tense, first person or
# the mailbox owner. Past tense ("I was on holiday last week") is not here.
ABSENCE = words(
    r"\bi(?:'m| am)(?: currently| now)? (?:out of (?:the )?office|away|on (?:annual |sick |"
    r"maternity |paternity |parental |business |medical )?(?:leave|vacation|holidays?|trip)|"
    r"travel(?:l)?ing|on a business trip|absent|off work|not in the office|unavailable)",
    r"\bi(?:'ll| will) be (?:out of (?:the )?office|away|on (?:annual )?(?:leave|vacation|"
    r"holidays?)|absent|travel(?:l)?ing|off work)",
    r"\bout of (?:the )?office (?:until|till|from|and|with|through)|"
    r"\b(?:currently|presently) (?:out of (?:the )?office|away|on leave|on vacation|travel)",
    r"\bwith (?:limited|no|restricted) (?:access to (?:my )?e-?mail|e-?mail access)",
    r"\bich bin (?:derzeit |zurzeit |momentan |aktuell |vom .{1,30} |bis .{1,30} )?"
    r"(?:nicht im büro|au(?:ß|ss)er haus|im urlaub|abwesend|nicht erreichbar|auf (?:geschäfts|"
    r"dienst)?reise|nicht im hause|in elternzeit|krank)",
    r"\b(?:befinde mich|bin ich) (?:derzeit |zurzeit |bis .{1,30} )?(?:im urlaub|auf "
    r"(?:geschäfts|dienst)?reise|au(?:ß|ss)er haus|nicht im büro)",
    r"\bje (?:suis|serai) (?:actuellement |présentement )?(?:absente?|en congés?|en vacances|"
    r"en déplacement|hors du bureau|à l'extérieur du bureau|en congé maternité)",
    r"\b(?:estoy|estaré|me encuentro) (?:actualmente )?(?:fuera de (?:la )?oficina|de "
    r"vacaciones|ausente|de viaje|fuera|de baja|de licencia)",
    r"\b(?:sono|sarò) (?:attualmente )?(?:fuori (?:sede|ufficio)|assente|in ferie|in vacanza|"
    r"in trasferta)",
    r"\b(?:estou|estarei|encontro-me) (?:atualmente )?(?:ausente|fora do escritório|de férias|"
    r"em férias|fora|em viagem|de licença)",
    r"\bik ben (?:momenteel |tot en met .{1,30} |tot .{1,30} )?(?:afwezig|niet aanwezig|"
    r"op vakantie|met vakantie|buiten kantoor|niet op kantoor)",
    r"\bjag är (?:för närvarande |just nu )?(?:tjänstledig|på semester|ledig|inte på kontoret|"
    r"borta|frånvarande|föräldraledig|på resa)",
    r"\b(?:jestem|będę) (?:obecnie )?(?:na urlopie|poza biurem|nieobecn[ya]|w podróży)",
    r"ofis dışındayım|izindeyim|tatildeyim|ofiste değilim|ofiste olmayacağım|yıllık izindeyim",
    r"\bя (?:сейчас |в настоящее время )?(?:в отпуске|в командировке|не в офисе|отсутствую|"
    r"вне офиса|на больничном)|нахожусь в (?:отпуске|командировке)|буду отсутствовать",
    r"我(?:目前|现在|正在|將|将)?(?:休假|在休假|外出|出差|不在办公室|不在公司|不在辦公室|请假|"
    r"放假)|休假中|休假期间|休假期間|出差中|不在办公室|不在辦公室",
    r"不在にしております|不在にしています|不在です|休暇を(?:取って|いただいて)おります|休暇中|"
    r"出張中|外出中|不在にします|出張のため|出張しております|休暇のため",
    r"부재중입니다|부재 중입니다|휴가 ?중입니다|출장 ?중입니다|사무실에 없습니다|자리를 비웁니다",
    r"خارج المكتب|في إجازة|أنا حاليا (?:خارج|في إجازة)|غير متواجد",
    r"\bsaya (?:sedang |akan )?(?:cuti|berlibur|dinas luar|di luar kantor|tidak berada di kantor)|"
    r"sedang cuti|sedang tidak di kantor|sedang berada di luar kantor",
    r"\btôi (?:đang|sẽ) (?:nghỉ phép|đi công tác|vắng mặt|nghỉ)|không có mặt tại văn phòng",
)

# The stock sentences of an absence notice, beside the absence statement itself:
# "limited access to email", "for urgent matters contact", "I will reply on my return".
# Without headers, an absence statement counts only together with one of these or a
# stated return date (a person writes "I'm travelling, will check the offer Monday").
ABSENCE_FORMULA = words(
    r"\b(?:limited|no|restricted|without) (?:access to (?:my )?e-?mails?|e-?mail access)|"
    r"\bfor (?:urgent|immediate|any urgent) (?:matters|inquiries|enquiries|requests|issues|"
    r"questions)|\bin case of (?:urgency|emergency)|\bif (?:it is|your (?:matter|request) is) "
    r"urgent|\b(?:reply|respond|answer|get back to you)[^.]{0,40}(?:upon|on|after) (?:my )?return|"
    r"\bwhen i (?:return|am back|get back)|\bthank you for your (?:e-?mail|message)|"
    r"\b(?:currently|at the moment|at present)\b|\bas soon as (?:possible|i can)",
    r"\bin dringenden fällen|\bkeinen zugriff auf (?:meine )?e-?mails|\bnach meiner rückkehr|"
    r"\bvielen dank für ihre (?:nachricht|e-?mail)|\b(?:derzeit|zurzeit|momentan)\b|"
    r"\bschnellstmöglich|\bso bald wie möglich",
    r"\ben cas d'urgence|\bà mon retour|\bmerci pour votre (?:message|e-?mail|courriel)|"
    r"\b(?:actuellement|présentement)\b|\bdès que possible",
    r"\ben caso de urgencia|\bante cualquier urgencia|\ba mi regreso|"
    r"\bgracias por su (?:mensaje|correo)|\b(?:actualmente|en este momento)\b|"
    r"\blo antes posible",
    r"\bper (?:urgenze|questioni urgenti)|\bal mio rientro|\b(?:attualmente|al momento)\b|"
    r"\bgrazie per la (?:sua|tua) (?:e-?mail|mail)",
    r"\bem caso de urgência|\bno meu regresso|\bao meu retorno|\bobrigad[oa] pel[ao] (?:sua )?"
    r"(?:mensagem|e-?mail)|\b(?:no momento|atualmente)\b|\bacesso limitado|"
    r"\bassim que possível",
    r"\bvoor dringende zaken|\bbij mijn terugkeer|\bbedankt voor uw (?:bericht|e-?mail)|"
    r"\bmomenteel\b",
    r"\bi brådskande ärenden|\bnär jag är tillbaka|\btack för ditt (?:mejl|meddelande|mail)|"
    r"\bför närvarande\b",
    r"\bw pilnych sprawach|\bpo powrocie|\bdziękuję za (?:wiadomość|e-?mail)|\bobecnie\b|"
    r"\bograniczony dostęp",
    r"\bacil durumlarda|\bdönüşümde|\be-?postanız için teşekkür|\bşu anda\b|"
    r"\ben kısa sürede",
    r"по срочным вопросам|\bпосле возвращения|\bпо возвращении|спасибо за (?:ваше )?письмо|"
    r"\bв настоящее время\b|\bв данный момент\b",
    r"如有急事|如有紧急|如有緊急|紧急事务|緊急事務|返回后|回来后|感谢您的来信|感谢您的邮件|"
    r"目前|现在|現在",
    r"急ぎの|お急ぎの|緊急の場合|戻り次第|メールありがとうございます|返信が遅れ",
    r"급한 용무|긴급한|복귀 후|메일 감사합니다|현재|확인 후 연락",
    r"للأمور العاجلة|في الحالات العاجلة|عند عودتي|شكرا على رسالتك|حاليا",
    r"\buntuk (?:keperluan|hal) (?:mendesak|penting)|\bsetelah saya kembali|"
    r"\bterima kasih atas email|\bsecepatnya|\bsaat ini\b",
    r"trường hợp khẩn cấp|\bkhi tôi trở lại|\bcảm ơn (?:bạn|quý khách) đã gửi|\bhiện tại\b|"
    r"\bsớm nhất",
)

# Automatic acknowledgements that say so themselves (usable without headers).
AUTOMATED = words(
    r"\bthis is an? (?:automatic|automated|auto-?generated|auto)[- ]?(?:reply|response|message|"
    r"notification|e-?mail|confirmation)|\b(?:automatically|auto-?) ?generated (?:message|e-?mail|"
    r"reply|response)|\bplease do not reply to this (?:e-?mail|message)|\bdo not reply to this "
    r"(?:e-?mail|message)|\bthis (?:mailbox|address) is not monitored for replies",
    r"\byour (?:request|ticket|case|inquiry|enquiry)(?: \(?#?\d+\)?)? (?:has been|was|is) "
    r"(?:received|created|logged|registered)|\bticket (?:number|no\.?|#|id)\s*[:#]?\s*\w*\d|"
    r"\ba (?:support )?ticket has been (?:created|opened|logged)|\bour office hours are",
    r"\bdies ist eine automatische (?:antwort|nachricht|benachrichtigung|e-?mail)|ticketnummer|"
    r"\bautomatisch (?:generiert|erstellt|versandt)",
    r"\bceci est un(?:e)? (?:réponse|message|e-?mail) automatique|\bmessage automatique",
    r"\best[ae] es un(?:a)? (?:respuesta|mensaje|correo) automátic[oa]|\bmensaje automático",
    r"\bquesta è una risposta automatica|\bmessaggio automatico|generato automaticamente",
    r"\best[ae] é uma (?:resposta|mensagem) automática|\b(?:mensagem|e-?mail) automático|"
    r"\bmensagem automática|\bprotocolo:? \d|"
    r"gerada automaticamente",
    r"\bdit is een automatisch(?:e)? (?:antwoord|bericht|gegenereerd)|automatisch gegenereerd",
    r"\bmessaggio generato automaticamente|ärendenummer|\bnúmero de (?:protocolo|ticket)",
    r"\bdetta är ett automatiskt (?:svar|meddelande|genererat)",
    r"\bto jest (?:automatyczna odpowiedź|wiadomość automatyczna|wiadomość wygenerowana)|"
    r"\bwiadomość wygenerowana automatycznie",
    r"\bbu (?:bir )?otomatik (?:yanıt|mesaj|cevap|e-posta)|otomatik bir mesajdır",
    r"\bэто автоматическ(?:ий|ое) (?:ответ|сообщение|письмо)|сообщение сгенерировано автоматически|"
    r"\bотправлено автоматически",
    r"这是一封自动回复|此邮件为系统自动|系统自动发送|自动回复邮件|此為自動回覆|系統自動發送|"
    r"请勿(?:直接)?回复|請勿(?:直接)?回覆",
    r"このメールは自動(?:送信|返信|配信)|自動返信メール|自動送信メール|返信しないでください|"
    r"自動返信です",
    r"본 메일은 (?:발신 전용|자동)|자동 ?(?:회신|응답|발송) 메일|회신하지 마십시오",
    r"هذا رد تلقائي|رسالة تلقائية|هذه رسالة آلية|رسالة آلية",
    r"\bini adalah (?:balasan|pesan|email) otomatis|\bjangan membalas email ini|"
    r"\bdikirim secara otomatis",
    r"đây là (?:thư|email|tin nhắn) (?:trả lời |phản hồi )?tự động|vui lòng không trả lời",
    r"\best[ae] es un (?:mensaje|correo) automático|\bmerci de ne pas y répondre",
)

# Receipts ("we have received your request"): a person may write this too, so these
# decide only with automatic headers or an acknowledgement subject.
RECEIPT = words(
    r"\b(?:we|i) (?:have )?(?:well )?received your (?:e-?mail|message|request|enquiry|inquiry)|"
    r"\bwe will (?:get back to you|respond|reply) (?:as soon as|shortly|within)|"
    r"\bwir haben ihre (?:nachricht|anfrage|e-?mail) erhalten|\bwir haben ihr anliegen|"
    r"\bnous avons (?:bien )?reçu|\bhemos recibido su|\babbiamo ricevuto|\bè stata ricevuta|"
    r"\brecebemos (?:a sua|o seu|seu|sua)|\bwij hebben uw (?:bericht|e-?mail|aanvraag)|"
    r"\bvi har (?:tagit emot|mottagit)|\botrzymaliśmy|\bzgłoszenie otrzymało numer|"
    r"\b(?:mesajınızı|e-postanızı) aldık|e-postanız alınmıştır|talebiniz alınmıştır|"
    r"\bмы получили ваше|обращение зарегистрировано|已收到|我们已收到|我們已收到|"
    r"受け付けいたしました|受け付けました|접수되었습니다|لقد استلمنا|تم استلام|"
    r"\bkami telah menerima|sudah kami terima|chúng tôi đã nhận được|"
    r"\bwe are (?:now )?processing your|\bestamos procesando|\bstiamo elaborando",
)
# Courtesy openings of every kind of auto-reply (and of many human mails).
COURTESY = words(
    r"\bthank you for your (?:e-?mail|message|inquiry|enquiry)|\bthanks for (?:your|contacting)|"
    r"\bthank you for contacting|\bgracias por (?:contactar|escribir|su (?:mensaje|correo))|"
    r"\bdanke für ihre (?:nachricht|e-?mail|anfrage)|\bvielen dank für ihre (?:nachricht|"
    r"e-?mail|anfrage)|\bmerci (?:pour|de) votre (?:message|e-?mail|courriel)|"
    r"\bgrazie per (?:averci contattato|la (?:sua|tua) (?:e-?mail|richiesta|mail))|"
    r"\bobrigad[oa] (?:pelo|por) (?:seu|sua|o seu|a sua) (?:contato|mensagem|e-?mail)|"
    r"\bbedankt voor uw (?:bericht|e-?mail)|\btack för ditt (?:mejl|meddelande|mail)|"
    r"\bdziękujemy za (?:wiadomość|kontakt)|mesajınız için teşekkür|"
    r"спасибо за (?:ваше )?(?:письмо|обращение|сообщение)|感谢您的(?:来信|邮件)|謝謝您的來信|"
    r"お問い合わせ(?:いただき)?ありがとう|문의(?:해 주셔서)? 감사|شكرا (?:لتواصلك|على رسالتك)|"
    r"شكراً لتواصلكم|\bterima kasih (?:atas (?:email|pesan)|telah menghubungi)|"
    r"cảm ơn (?:bạn|quý khách) đã (?:liên hệ|gửi)",
)
