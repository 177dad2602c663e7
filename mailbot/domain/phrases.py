"""Multilingual phrase tables for automatic replies and stop requests.

Languages: en de fr es it pt nl sv pl tr ru zh (simplified and traditional) ja ko ar
id vi. Each table is one compiled regex, matched case-insensitively on the
sender's new text (quoted history is never read). The tables are only *cues*:
`autoreply.py` decides how much each one may conclude on its own.
"""

from __future__ import annotations

import re


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


# Subject prefixes, anchored at the start (see SUBJECT_* below). "Automatic" ones
# say a machine answered; "absence" ones say the person is away.
_AUTO_SUBJECT = (
    r"automatic reply|auto[- ]?reply|auto[- ]?response|automatic response|autoreply|"
    r"automated (?:reply|response)|autosvar|automatiskt svar|automatische antwort|autom\. antwort|"
    r"réponse automatique|respuesta automática|respuesta automatica|risposta automatica|"
    r"resposta automática|resposta automatica|automatisch antwoord|automatyczna odpowiedź|"
    r"odpowiedź automatyczna|autoodpowiedź|otomatik (?:yanıt|cevap)|автоответ|"
    r"автоматический ответ|自动回复|自动答复|自動回覆|自動回復|自動答覆|自動応答|自動返信|"
    r"자동 ?회신|자동 ?응답|رد تلقائي|الرد التلقائي|رد آلي|balasan otomatis|jawaban otomatis|"
    r"trả lời tự động|phản hồi tự động"
)
_ABSENCE_SUBJECT = (
    r"out of (?:the )?office|ooo\b|away from (?:the )?office|on (?:annual )?leave|on vacation|"
    r"on holiday|vacation reply|abwesenheitsnotiz|abwesenheit|abwesend|au(?:ß|ss)er haus|"
    r"nicht im büro|urlaub|absent(?:e)? du bureau|message d'absence|absence|absent|"
    r"fuera de (?:la )?oficina|ausente|ausencia|fuori sede|fuori ufficio|assente|"
    r"fora do escritório|ausência|afwezig(?:heid)?|buiten kantoor|niet aanwezig|frånvaro|"
    r"frånvarande|inte på kontoret|nieobecność|poza biurem|ofis dışı(?:nda)?|izinde|"
    r"вне офиса|нет на месте|отсутствую|отпуск|不在办公室|不在辦公室|休假|外出|不在通知|"
    r"不在|休暇|부재 ?중|휴가|خارج المكتب|di luar kantor|cuti|vắng mặt|nghỉ phép"
)
SUBJECT_AUTO = re.compile(
    rf"^\s*(?:\[[^\]]{{0,30}}\]\s*)?(?:{_AUTO_SUBJECT})(?:\s*[:：\-–—]|\s|$)", re.I
)
SUBJECT_ABSENCE = re.compile(
    rf"^\s*(?:\[[^\]]{{0,30}}\]\s*)?(?:{_ABSENCE_SUBJECT})(?:\s*[:：\-–—(]|\s|$)", re.I
)

# "I am away": statements of absence, present or future tense, first person or
# the mailbox owner. Past tense ("I was on holiday last week") is not here.
ABSENCE = _words(
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
    r"\bje (?:suis|serai) (?:actuellement )?(?:absente?|en congés?|en vacances|en déplacement|"
    r"hors du bureau|en congé maternité)",
    r"\b(?:estoy|estaré|me encuentro) (?:actualmente )?(?:fuera de (?:la )?oficina|de "
    r"vacaciones|ausente|de viaje|fuera|de baja)",
    r"\b(?:sono|sarò) (?:attualmente )?(?:fuori (?:sede|ufficio)|assente|in ferie|in vacanza|"
    r"in trasferta)",
    r"\b(?:estou|estarei|encontro-me) (?:atualmente )?(?:ausente|fora do escritório|de férias|"
    r"em férias|fora|em viagem)",
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
    r"出張中|外出中|不在にします",
    r"부재중입니다|부재 중입니다|휴가 ?중입니다|출장 ?중입니다|사무실에 없습니다|자리를 비웁니다",
    r"خارج المكتب|في إجازة|أنا حاليا (?:خارج|في إجازة)|غير متواجد",
    r"\bsaya (?:sedang )?(?:cuti|berlibur|dinas luar|di luar kantor|tidak berada di kantor)|"
    r"sedang cuti|sedang tidak di kantor|sedang berada di luar kantor",
    r"\btôi (?:đang|sẽ) (?:nghỉ phép|đi công tác|vắng mặt|nghỉ)|không có mặt tại văn phòng",
)

# The stock sentences of an absence notice, beside the absence statement itself:
# "limited access to email", "for urgent matters contact", "I will reply on my return".
# Without headers, an absence statement counts only together with one of these or a
# stated return date (a person writes "I'm travelling, will check the offer Monday").
ABSENCE_FORMULA = _words(
    r"\b(?:limited|no|restricted|without) (?:access to (?:my )?e-?mails?|e-?mail access)|"
    r"\bfor (?:urgent|immediate|any urgent) (?:matters|inquiries|enquiries|requests|issues|"
    r"questions)|\bin case of (?:urgency|emergency)|\bif (?:it is|your (?:matter|request) is) "
    r"urgent|\b(?:reply|respond|answer|get back to you)[^.]{0,40}(?:upon|on|after) (?:my )?return|"
    r"\bwhen i (?:return|am back|get back)|\bthank you for your (?:e-?mail|message)",
    r"\bin dringenden fällen|\bkeinen zugriff auf (?:meine )?e-?mails|\bnach meiner rückkehr|"
    r"\bvielen dank für ihre (?:nachricht|e-?mail)",
    r"\ben cas d'urgence|\bà mon retour|\bmerci pour votre (?:message|e-?mail|courriel)",
    r"\ben caso de urgencia|\ba mi regreso|\bgracias por su (?:mensaje|correo)",
    r"\bper (?:urgenze|questioni urgenti)|\bal mio rientro|"
    r"\bgrazie per la (?:sua|tua) (?:e-?mail|mail)",
    r"\bem caso de urgência|\bno meu regresso|\bao meu retorno|\bobrigad[oa] pel[ao] (?:sua )?"
    r"(?:mensagem|e-?mail)",
    r"\bvoor dringende zaken|\bbij mijn terugkeer|\bbedankt voor uw (?:bericht|e-?mail)",
    r"\bi brådskande ärenden|\bnär jag är tillbaka|\btack för ditt (?:mejl|meddelande|mail)",
    r"\bw pilnych sprawach|\bpo powrocie|\bdziękuję za (?:wiadomość|e-?mail)",
    r"\bacil durumlarda|\bdönüşümde|\be-?postanız için teşekkür",
    r"по срочным вопросам|\bпосле возвращения|\bпо возвращении|спасибо за (?:ваше )?письмо",
    r"如有急事|如有紧急|如有緊急|紧急事务|緊急事務|返回后|回来后|感谢您的来信|感谢您的邮件",
    r"急ぎの|お急ぎの|緊急の場合|戻り次第|メールありがとうございます",
    r"급한 용무|긴급한|복귀 후|메일 감사합니다",
    r"للأمور العاجلة|في الحالات العاجلة|عند عودتي|شكرا على رسالتك",
    r"\buntuk (?:keperluan|hal) (?:mendesak|penting)|\bsetelah saya kembali",
    r"trường hợp khẩn cấp|\bkhi tôi trở lại|\bcảm ơn (?:bạn|quý khách) đã gửi",
)

# Automatic acknowledgements that say so themselves (usable without headers).
AUTOMATED = _words(
    r"\bthis is an? (?:automatic|automated|auto-?generated|auto)[- ]?(?:reply|response|message|"
    r"notification|e-?mail|confirmation)|\b(?:automatically|auto-?) ?generated (?:message|e-?mail|"
    r"reply|response)|\bplease do not reply to this (?:e-?mail|message)|\bdo not reply to this "
    r"(?:e-?mail|message)|\bthis (?:mailbox|address) is not monitored for replies",
    r"\byour (?:request|ticket|case|inquiry|enquiry) (?:has been|was|is) (?:received|created|"
    r"logged|registered)|\bticket (?:number|no\.?|#|id)\s*[:#]?\s*\w*\d",
    r"\bdies ist eine automatische (?:antwort|nachricht|benachrichtigung|e-?mail)|"
    r"\bautomatisch (?:generiert|erstellt|versandt)",
    r"\bceci est un(?:e)? (?:réponse|message|e-?mail) automatique|\bmessage automatique",
    r"\best[ae] es un(?:a)? (?:respuesta|mensaje|correo) automátic[oa]|\bmensaje automático",
    r"\bquesta è una risposta automatica|\bmessaggio automatico|generato automaticamente",
    r"\best[ae] é uma (?:resposta|mensagem) automática|\bmensagem automática|"
    r"gerada automaticamente",
    r"\bdit is een automatisch(?:e)? (?:antwoord|bericht|gegenereerd)|automatisch gegenereerd",
    r"\bdetta är ett automatiskt (?:svar|meddelande|genererat)",
    r"\bto jest (?:automatyczna odpowiedź|wiadomość automatyczna|wiadomość wygenerowana)",
    r"\bbu (?:bir )?otomatik (?:yanıt|mesaj|cevap|e-posta)",
    r"\bэто автоматическ(?:ий|ое) (?:ответ|сообщение|письмо)|сообщение сгенерировано автоматически",
    r"这是一封自动回复|此邮件为系统自动|系统自动发送|自动回复邮件|此為自動回覆|系統自動發送|"
    r"请勿(?:直接)?回复|請勿(?:直接)?回覆",
    r"このメールは自動(?:送信|返信|配信)|自動返信メール|自動送信メール|返信しないでください",
    r"본 메일은 (?:발신 전용|자동)|자동 ?(?:회신|응답|발송) 메일|회신하지 마십시오",
    r"هذا رد تلقائي|رسالة تلقائية|هذه رسالة آلية",
    r"\bini adalah (?:balasan|pesan|email) otomatis|\bjangan membalas email ini",
    r"đây là (?:thư|email|tin nhắn) (?:trả lời |phản hồi )?tự động|vui lòng không trả lời",
)

# Receipts that may be written by hand too: only decisive with automatic headers.
ACKNOWLEDGEMENT = _words(
    r"\b(?:we|i) (?:have )?received your (?:e-?mail|message|request|enquiry|inquiry)|"
    r"\bthank you for contacting|\bwe will (?:get back to you|respond|reply) (?:as soon as|shortly|"
    r"within)|\bwir haben ihre (?:nachricht|anfrage|e-?mail) erhalten|\bnous avons (?:bien )?reçu|"
    r"\bhemos recibido su|\babbiamo ricevuto|\brecebemos (?:a sua|o seu|seu|sua)|\bwij hebben uw|"
    r"\bvi har (?:tagit emot|mottagit)|\botrzymaliśmy|\b(?:mesajınızı|e-postanızı) aldık|"
    r"\bмы получили ваше|已收到您的|我们已收到|我們已收到|受け付けいたしました|受け付けました|"
    r"접수되었습니다|لقد استلمنا|تم استلام|\bkami telah menerima|chúng tôi đã nhận được",
    r"\bthank you for your (?:e-?mail|message|inquiry|enquiry)|\bthanks for (?:your|contacting)|"
    r"\bgracias por (?:contactar|escribir|su (?:mensaje|correo))|\bdanke für ihre "
    r"(?:nachricht|e-?mail|anfrage)|\bmerci (?:pour|de) votre (?:message|e-?mail|courriel)|"
    r"\bgrazie per (?:averci contattato|la (?:sua|tua) (?:e-?mail|richiesta|mail))|"
    r"\bobrigad[oa] (?:pelo|por) (?:seu|sua|o seu|a sua) (?:contato|mensagem|e-?mail)|"
    r"\bbedankt voor uw (?:bericht|e-?mail)|\btack för ditt (?:mejl|meddelande|mail)|"
    r"\bdziękujemy za (?:wiadomość|kontakt)|mesajınız için teşekkür|"
    r"спасибо за (?:ваше )?(?:письмо|обращение|сообщение)|感谢您的(?:来信|邮件)|謝謝您的來信|"
    r"お問い合わせ(?:いただき)?ありがとう|문의(?:해 주셔서)? 감사|شكرا (?:لتواصلك|على رسالتك)|"
    r"\bterima kasih atas (?:email|pesan)|cảm ơn (?:bạn|quý khách) đã (?:liên hệ|gửi)",
)

# The person left, or the mailbox is dead. STRONG ones are decisive on their own
# (in a short text); MAILBOX ones ("not monitored") also appear in absence notices.
LEFT_STRONG = _words(
    r"\b(?:is|are) no longer (?:with|at|employed|working|part of|a member of|in charge)|"
    r"\bno longer (?:works?|working|employed) (?:for|at|with)|\b(?:has|have) left (?:the|our|"
    r"this) (?:company|organi[sz]ation|firm|business|team)|\bleft the company|\bi have left|"
    r"\bi(?:'m| am) no longer (?:with|at|working)",
    r"\bnicht mehr (?:im unternehmen|bei uns|in unserem (?:unternehmen|hause)|für .{1,40} tätig|"
    r"tätig|beschäftigt)|hat (?:das unternehmen|unser unternehmen|uns) verlassen|ausgeschieden",
    r"\bne fait plus partie|\ba quitté (?:la société|l'entreprise|notre société|l’entreprise)|"
    r"\bne travaille plus|\bn'est plus (?:en poste|dans|chez|au sein|employé)",
    r"\bya no (?:trabaja|forma parte|está en|labora|pertenece)|"
    r"\bha dejado (?:la empresa|la compañía)",
    r"\bnon (?:lavora|fa) più|\bha lasciato (?:l'azienda|la società)|"
    r"\bnon è più (?:in forza|presso)",
    r"\bnão (?:trabalha|faz) mais|\bdeixou a empresa|\bnão está mais (?:na|em|com) (?:a )?empresa",
    r"\bniet meer (?:werkzaam|in dienst)|\bheeft (?:het bedrijf|ons) verlaten|\buit dienst",
    r"\bhar slutat (?:på|hos)|\barbetar inte längre|\binte längre (?:anställd|verksam)",
    r"\bnie pracuje już|\bjuż nie pracuje|\bodszedł z firmy|\bodeszła z firmy|"
    r"nie jest już pracownikiem",
    r"artık (?:şirketimizde|bizimle) çalışmamaktadır|şirketimizden ayrılmıştır|artık çalışmıyor",
    r"больше не работает|не работает в (?:компании|нашей)|уволил(?:ся|ась)",
    r"已离职|已經離職|已離職|已从公司离职|离开公司|離開公司",
    r"退職いたしました|退職しました|退社いたしました|退社しました",
    r"퇴사하였습니다|퇴사했습니다|더 이상 근무하지",
    r"لم يعد يعمل|غادر الشركة|لم تعد تعمل",
    r"\btidak lagi bekerja|\bsudah tidak bekerja|\btelah (?:keluar|resign|mengundurkan diri)",
    r"\bkhông còn làm việc|\bđã nghỉ việc",
)
LEFT_MAILBOX = _words(
    r"\bthis (?:e-?mail )?(?:mailbox|e-?mail address|address|account|inbox) (?:is|will) (?:no "
    r"longer|not|n't) (?:be )?(?:monitored|in use|active|read|checked|valid|used)|"
    r"\bno longer (?:monitored|in use|active)",
    r"\b(?:dieses|diese) (?:postfach|e-?mail-adresse|adresse) wird nicht mehr|nicht mehr (?:aktiv|"
    r"gelesen|genutzt|verwendet|abgerufen)",
    r"\bcette (?:adresse|boîte)[^.]{0,30}n'est plus (?:consultée|utilisée|active|lue)",
    r"\besta (?:cuenta|dirección)[^.]{0,30}(?:ya )?no (?:está|es) "
    r"(?:activa|monitoreada|revisada|en uso)",
    r"\bquesta (?:casella|e-?mail|indirizzo)[^.]{0,30}non è più",
    r"\beste (?:e-?mail|endereço)[^.]{0,30}não (?:está|é) mais",
    r"\bdit (?:e-?mailadres|adres) wordt niet meer",
    r"\bdenna (?:adress|e-?postadress|brevlåda) (?:läses|används) inte",
    r"\bten adres (?:nie jest|jest nieaktywny)|ta skrzynka nie jest",
    r"bu (?:e-posta )?adres(?:i)? artık kullanılmamaktadır",
    r"этот (?:адрес|ящик)[^.]{0,20}(?:больше )?не (?:используется|обслуживается|проверяется)",
    r"此邮箱(?:已)?(?:停用|不再使用)|该邮箱不再|此信箱(?:已)?停用",
    r"このメールアドレスは(?:現在)?(?:使用されておりません|使われておりません)",
    r"이 (?:메일|이메일) 주소는 더 이상",
    r"هذا البريد (?:الإلكتروني )?لم يعد",
    r"\bemail ini (?:tidak lagi|sudah tidak) (?:aktif|digunakan)",
    r"\bđịa chỉ (?:email )?này không còn",
)

# A person asking us to stop. Matched on short texts only (see autoreply.py).
STOP = _words(
    r"\bplease (?:remove|delete|unsubscribe) (?:me|us|my (?:e-?mail|address))|\bremove me from|"
    r"\bunsubscribe\b|\btake (?:me|us) off|\bstop (?:e-?mailing|contacting|spamming)\b|"
    r"\bstop sending (?:me |us )?(?:e-?mails|mails|messages|newsletters|spam|offers|this)\b|"
    r"\b(?:do not|don't|dont) (?:e-?mail|contact|send|write to) (?:me|us)\b(?! the| your (?:price|"
    r"quot|catalog))|\bopt[- ]?out\b|\bno more e-?mails\b",
    r"\bbitte (?:nehmen|entfernen|streichen) sie (?:mich|uns)|\b(?:vom|aus dem|von ihrem) "
    r"(?:newsletter|verteiler)|\bmelden sie mich ab|\bbitte abmelden|\baus ihrem verteiler|"
    r"\bkeine (?:weiteren )?(?:e-?mails|mails|nachrichten|werbung) mehr",
    r"\bdésabonner|\bdésinscri|\bveuillez me (?:retirer|supprimer)|"
    r"\bne plus (?:m'envoyer|recevoir)|"
    r"\barrêtez de m'envoyer|\bretirez-moi",
    r"\bdarme de baja|\bdar(?:nos)? de baja|\belimíne(?:me|nme)|\bno me envíe(?:n)? más|"
    r"\bdejen de enviar|\bborra(?:r|dme|me) de su lista|\bcancelar (?:la )?suscripción",
    r"\bcancellatemi|\bcancellami|\brimuovetemi|\bnon inviatemi più|\bdisiscriv|"
    r"\bsmettete di inviare",
    r"\bremova meu|\bremover da lista|\bcancelar inscrição|\bdescadastr|\bparem de enviar|"
    r"\bnão quero mais receber|\bme remova",
    r"\bmeld (?:mij|ons) af|\bgraag afmelden|\buitschrijven\b|\bverwijder mij|\bhaal mij van|"
    r"\bstop met mailen|"
    r"\bgeen e-?mails meer",
    r"\bavregistrera|\bavsluta prenumeration|\bta bort mig|\bsluta skicka|\bvill inte ha fler",
    r"\bwypisz mnie|\busuńcie mnie|\busuń mnie|\bproszę nie wysyłać|\brezygnuję z subskrypcji",
    r"listeden çıkar|abonelikten çık|beni listenizden|e-posta göndermeyin|mail göndermeyin",
    r"отпишите|отписаться|удалите меня|не присылайте|прекратите (?:присылать|отправлять)|"
    r"больше не пишите",
    r"退订|取消订阅|请勿再发|不要再发|别再发|請勿再寄|退訂|取消訂閱|不要再寄",
    r"配信停止|配信を停止|送らないでください|登録解除|今後の送付は不要",
    r"수신 ?거부|구독 ?취소|보내지 마세요|그만 보내",
    r"إلغاء الاشتراك|توقفوا عن إرسال|لا ترسلوا|أزيلوني|احذفوا بريدي",
    r"\bberhenti berlangganan|\bhapus saya dari|\bjangan kirim|\bberhenti mengirim",
    r"\bhủy đăng ký|\bngừng gửi|\bxóa tôi khỏi|\bđừng gửi|\bkhông gửi nữa",
)
# A subject that is only the request ("unsubscribe", as a mailto: link writes it).
STOP_SUBJECT = re.compile(
    r"^\s*(?:unsubscribe|remove(?: me)?|opt[- ]?out|stop|abmelden|désabonner|désinscription|"
    r"baja|darme de baja|cancellami|descadastrar|afmelden|avregistrera|wypisz|abonelikten çık|"
    r"отписаться|退订|退訂|配信停止|수신 ?거부|إلغاء الاشتراك|berhenti berlangganan|hủy đăng ký)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)
