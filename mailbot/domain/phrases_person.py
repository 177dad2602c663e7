"""What people write: departures, requests to stop, doing business.

Same languages and conventions as `phrases.py`: compiled, case-insensitive, matched on
the sender's new text with line breaks flattened to spaces.
"""

from __future__ import annotations

import re

from mailbot.domain.phrases import words

# The person left, or the mailbox is dead. STRONG ones are decisive on their own
# (in a short text); MAILBOX ones ("not monitored") also appear in absence notices.
LEFT_STRONG = words(
    # "is no longer with ClearAir" (a name), not "is no longer at the port"
    r"\b(?:is|are) no longer (?:employed|working|part of|a member of|in charge|with (?:us|the "
    r"company|our (?:company|team|firm))|(?:with|at) (?-i:[A-Z][\w&.-]*))|"
    r"\bno longer (?:works|working|employed) (?:for|at|with)|\b(?:has|have) left (?:the|our|"
    r"this) (?:company|organi[sz]ation|firm|business|team)|\bleft the company|"
    r"\bi(?:'m| am) no longer (?:with|at|working)|"
    r"(?-i:\b[A-Z][a-z]+(?: [A-Z][a-z]+)?) left (?-i:[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,2}) "
    r"(?:at the end of|last|in|on)|\b(?:my|our) e-?mail(?: address)? (?:has changed|is "
    r"changing|will change)|\bmy (?:new )?e-?mail address is\b",
    r"\b(?:meine|unsere) (?:e-?mail-)?adresse hat sich geändert|\bneue e-?mail-adresse|"
    r"\bmon adresse (?:e-?mail )?a changé|\bnouvelle adresse (?:e-?mail|électronique)|"
    r"\bmi (?:dirección de correo|correo) ha cambiado|\bnueva dirección de correo|"
    r"\bil mio indirizzo (?:e-?mail )?è cambiato|\bnuovo indirizzo (?:e-?mail|di posta)|"
    r"\bmeu (?:endereço de )?e-?mail mudou|\bnovo endereço de e-?mail|\bnieuw e-?mailadres|"
    r"\bny e-?postadress|\bnowy adres (?:e-?mail|mailowy)|\byeni e-?posta adresim|"
    r"\bмой новый (?:адрес|e-?mail)|\bновый адрес (?:почты|электронной почты)|"
    r"新邮箱|新的邮箱地址|邮箱已更换|新郵箱|新しいメールアドレス|새 (?:이메일|메일) 주소|"
    r"عنوان البريد الجديد|\balamat email (?:saya )?(?:baru|telah berubah)|\bđịa chỉ email mới",
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
LEFT_MAILBOX = words(
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
STOP = words(
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
    r"\bcancellare la mia iscrizione|\bnon inviarmi più|\brimuovere il mio indirizzo|"
    r"\bsmettete di inviare",
    r"\bremova meu|\bremover da lista|\bcancelar inscrição|\bdescadastr|\bparem de enviar|"
    r"\bnão quero mais receber|\bme remova",
    r"\bmeld (?:mij|ons) af|\bgraag afmelden|\buitschrijven\b|\bverwijder mij|\bhaal mij van|"
    r"\bstop met mailen|"
    r"\bgeen e-?mails meer",
    r"\bavregistrera|\bavsluta prenumeration|\bta bort mig|\bsluta skicka|\bvill inte ha fler",
    r"\bwypisz mnie|\bwypisać mnie|\busuńcie mnie|\busuń mnie|\bproszę nie wysyłać|"
    r"\brezygnuję z subskrypcji",
    r"listeden çıkar|abonelikten çık|beni listenizden|e-posta göndermeyin|mail göndermeyin",
    r"отпишите|отписаться|удалите меня|не присылайте|прекратите (?:присылать|отправлять)|"
    r"больше не пишите",
    r"退订|取消订阅|请勿再发|不要再发|别再发|請勿再寄|退訂|取消訂閱|不要再寄|"
    r"从邮件列表中(?:删除|移除)|從郵件名單中移除|從郵件清單中移除|将我(?:从|從).{0,12}(?:删除|移除)|"
    r"請將我(?:從|从).{0,12}移除",
    r"配信停止|配信を停止|送らないでください|登録解除|今後の送付は不要",
    r"수신 ?거부|구독 ?취소|보내지 마세요|그만 보내",
    r"إلغاء الاشتراك|توقفوا عن إرسال|لا ترسلوا|أزيلوني|احذفوا بريدي",
    r"\bberhenti berlangganan|\bhapus saya dari|\bjangan kirim|\bberhenti mengirim",
    r"\bhủy đăng ký|\bngừng gửi|\bxóa tôi khỏi|\bđừng gửi|\bkhông gửi nữa",
)
# A subject that is only the request ("unsubscribe", as a mailto: link writes it).
STOP_SUBJECT = re.compile(
    r"^\s*(?:unsubscribe|remove(?: me)?|opt[- ]?out|stop|abmelden|désabonner|désinscription|"
    r"取消订阅|取消訂閱|wypisz mnie|afmelden|uitschrijven|"
    r"baja|darme de baja|cancellami|descadastrar|afmelden|avregistrera|wypisz|abonelikten çık|"
    r"отписаться|退订|退訂|配信停止|수신 ?거부|إلغاء الاشتراك|berhenti berlangganan|hủy đăng ký)"
    r"\s*[.!]?\s*$",
    re.IGNORECASE,
)

# A person doing business: asking us to act, accepting, ordering. An auto-reply
# redirects ("please send your enquiry to sales@…"), it does not engage.
_NOT_A_REDIRECT = r"(?!(?:[^.\n]|\.(?!\s)){0,60}@)"  # an address later in the same sentence
ENGAGEMENT = words(
    rf"\bplease (?:send|confirm|quote|proceed|ship|prepare|issue|share|provide|advise|check|"
    rf"update|arrange){_NOT_A_REDIRECT}|\bkindly (?:send|confirm|share|quote){_NOT_A_REDIRECT}|"
    r"\bwe (?:accept|agree|confirm|need|want|will order|approve)\b|\b(?:we|i) would like to "
    r"(?:order|buy|purchase|proceed|have|get)\b|"
    r"\bi (?:need|want|accept|agree|confirm|approve)\b|\bgo ahead\b|"
    r"\blet me know\b|\b(?:could|can) you\b",
    rf"\bbitte (?:senden|schicken|bestätigen|liefern|erstellen|prüfen){_NOT_A_REDIRECT}|"
    r"\bwir (?:brauchen|benötigen|bestellen|akzeptieren|bestätigen)\b|\bk(?:ö|o)nn(?:en|ten) sie",
    rf"\bmerci d'envoyer{_NOT_A_REDIRECT}|\bveuillez (?:envoyer|confirmer){_NOT_A_REDIRECT}|"
    r"\bnous (?:acceptons|confirmons|avons besoin)|\bpou(?:vez|rriez)-vous",
    rf"\bpor favor,? (?:envíe|envíen|confirme|envie|enviem){_NOT_A_REDIRECT}|\bnecesitamos|"
    r"\baceptamos|\bconfirmamos|\bprecisamos|\baceitamos",
    rf"\bper favore,? (?:inviate|confermate){_NOT_A_REDIRECT}|\babbiamo bisogno|\baccettiamo|"
    r"\bconfermiamo",
    r"\bwij (?:accepteren|bevestigen|hebben .{0,20}nodig)|\bvi (?:behöver|accepterar|bekräftar)|"
    r"\bpotrzebujemy|\bakceptujemy|\bpotwierdzamy|\bihtiyacımız|\bkabul ediyoruz|"
    r"\bonaylıyoruz|\bнам нужн|\bмы (?:согласны|подтверждаем|принимаем)",
    r"请(?:发|寄|确认|报价|安排)|請(?:發|寄|確認|報價|安排)|我们(?:需要|同意|确认|接受)|"
    r"我們(?:需要|同意|確認|接受)|送ってください|送付してください|発注します|보내\s?주세요|"
    r"주문하겠습니다|نحتاج|نوافق|\bkami (?:butuh|perlu|setuju)|chúng tôi (?:cần|đồng ý|xác nhận)",
)
