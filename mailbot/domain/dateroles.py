"""What a date in an absence notice means: first day back, last day away, or the start.

Read from the words around the date, nearest first:
  * right after it: "3月13日まで", "13 Mart'a kadar", "13.03. einschließlich" (until),
    "4月13日返回", "16.3. bin ich wieder da" (back);
  * before it: the role keyword that ends closest to the date — the longest one on a
    tie, so "wracam do biura 13.04." is "back" although "do" alone means "until" —
    with at most a few words in between ("back in the office on Monday, 16 March"),
    no digits and no sentence end;
  * two dates joined by "–", "to", "bis", "至" … form a range: start and until.
"From X" is the start of the absence unless the sentence says they are back then
("ab dem 16.3. wieder erreichbar").
"""

from __future__ import annotations

import re
from functools import cache

from mailbot.domain.datescan import Mention

_F = re.IGNORECASE
_MAX_GAP = 32  # characters between a keyword and its date
_BREAK = re.compile(r"[!?。！？;；]|\.\s|\d|\n\s*\n")
_UNTIL = (
    r"until|till|til|through|thru|up to and including|up to|bis(?: zum| zur| einschlie(?:ß|ss)"
    r"lich| inkl\.?| inklusive)?|einschlie(?:ß|ss)lich|jusqu['’](?:au|à|a)(?: et y compris)?|"
    r"hasta(?: el)?|fino al|fino a|sino al|até(?: ao| o| dia| a)?|tot en met|t/m|tot|"
    r"till och med|t\.o\.m\.?|do dnia|do|до|по|حتى|إلى|لغاية|sampai(?: dengan)?|hingga|s/d|"
    r"s\.d\.|đến hết|cho đến|đến|tới",
    r"至|到|直到|截至",
)
_OFFICE = (
    r"(?:\s+(?:to|in|at|into|ao|à|a|al|en|in|im|au|op|på|till|do|в|на|ke|di|về)\s+(?:the\s+|la\s+|"
    r"l')?(?:office|work|desk|büro|bureau|oficina|ufficio|escritório|kantoor|kontoret|jobbet|"
    r"biura|pracy|офис|работу|kantor|văn phòng|trabajo|lavoro|travail))?"
)
_BACK = (
    rf"(?:back|returning|return|returns|resume|resuming|available|reachable){_OFFICE}"
    r"(?: again)?(?: on| from| by| as of)?|(?:in|at) the office(?: again)?(?: on| from)?|"
    r"wieder(?: im büro| erreichbar| da)?(?: am| ab)?|zurück(?: im büro)?(?: am| ab)?|"
    rf"de retour{_OFFICE}(?: le| à partir du)?|retour{_OFFICE}(?: prévu)?(?: le)?|dès le|"
    rf"(?:regresaré|volveré|regreso|vuelvo|de vuelta|estaré de regreso){_OFFICE}(?: el)?|"
    rf"(?:rientrerò|rientro|di ritorno|tornerò){_OFFICE}(?: previsto)?(?: il)?|"
    rf"(?:retorno|retornarei|retornando|volto|voltarei|voltando|de volta|regresso|regressarei|"
    rf"regressando){_OFFICE}"
    r"(?: em| no dia| dia| a)?|terug(?: op kantoor)?(?: op)?|weer (?:aanwezig|op kantoor)(?: op)?|"
    rf"(?:åter|tillbaka){_OFFICE}(?: den)?|(?:wracam|powrót|będę z powrotem){_OFFICE}(?: dnia)?|"
    rf"(?:вернусь|выйду|буду в офисе){_OFFICE}(?: с)?|"
    rf"kembali{_OFFICE}(?: bekerja)?(?: pada)?(?: tanggal| tgl\.?)?(?: hari)?|"
    rf"(?:trở lại|quay lại|quay về){_OFFICE}(?: vào)?(?: ngày)?|سأعود(?: إلى المكتب)?(?: في| يوم)?|"
    r"اعتبارا من",
    r"(?!)",  # Chinese, Japanese and Korean say it after the date: see _BACK_AFTER
)
_FROM = (
    r"from|as of|starting(?: on)?|since|ab(?: dem| den)?|vom|seit|à partir du|a partir del?|"
    r"desde(?: el)?|dal|a partire dal|vanaf|från(?: och med)?|od|с|từ(?: ngày)?|dari|mulai",
    r"从|自|於|于",
)
_BACK_WORDS = re.compile(
    r"back|again|available|reachable|wieder|zurück|erreichbar|de retour|disponible|"
    r"di nuovo|disponibile|weer|tillbaka|åter|z powrotem|снова|kembali|trở lại|返回|回来|恢复",
    _F,
)
_PAREN = r"^\s*(?:[(（][^)）]{1,6}[)）]\s*)?"  # "3月14日(金)まで"
_UNTIL_AFTER = re.compile(
    _PAREN + r"(?:\(?inclusive|\(?incl|einschlie(?:ß|ss)lich|inclus[e]?s?|inclu[íi]d[oa]s?|"
    r"incluso|inclusive|compres[oaie]|inclusief|"
    r"включительно|まで|까지|'?[ae]? kadar|tarihine kadar|前|止|为止|為止)",
    _F,
)
_BACK_AFTER = re.compile(
    _PAREN + r"(?:起?(?:返回|回来|回到|回公司|上班|恢复|復帰|正常)|に戻|より出社|から出社|に出社|"
    r"(?:에 |부터 )?(?:정상 ?)?(?:복귀|출근|근무)|'?[dt]?[ae]n itibaren|tarihinde (?:dön|ofiste)|"
    r"(?:\s*[^\W\d_]+){0,3}\s+(?:ofise |işe )?(?:döneceğim|dönüyorum|döneceğiz|başlayacağım)|"
    r",?\s*(?:i|we)(?:'ll| will) be back|bin ich wieder|sind wir wieder|je serai de retour|"
    r"estaré de vuelta|sarò di nuovo|estarei de volta|ben ik weer|är jag tillbaka)",
    _F,
)
_RANGE_GAP = re.compile(
    _PAREN + r"(?:-|–|—|~|～|〜|to|till|until|through|thru|and|bis(?: zum| einschlie(?:ß|ss)lich)?|"
    r"au|à|al|a|hasta(?: el)?|fino al|até(?: ao| o)?|tot(?: en met)?|t/m|till(?: och med)?|do|"
    r"до|по|至|到|から|đến|hingga|sampai(?: dengan)?|s/d|und|et|y|e|ile)"
    r"(?:\s+(?:the|dem|den|le|el|il|o|ngày|dnia|tanggal))?\s*$",
    _F,
)


@cache
def _keywords() -> tuple[tuple[str, re.Pattern[str]], ...]:
    def compile_(latin: str, other: str) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{latin})(?!\w)|(?:{other})", _F)

    return (("until", compile_(*_UNTIL)), ("back", compile_(*_BACK)), ("from", compile_(*_FROM)))


def role(text: str, mentions: list[Mention], i: int) -> str:
    """'back', 'until', 'start' or '' (unknown) for mentions[i] in text."""
    m = mentions[i]
    after = text[m.end : m.end + 40]
    if m.range_start is not None:
        return "until"  # "10–14 March": away through the 14th
    if i + 1 < len(mentions) and _RANGE_GAP.match(text[m.end : mentions[i + 1].start]):
        return "start"
    if _UNTIL_AFTER.match(after):
        return "until"
    if _BACK_AFTER.match(after):
        return "back"
    found = _nearest_keyword(text, m.start)
    if found == "from":
        end = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
        return "back" if _BACK_WORDS.search(clause_after(text, m.end, end)) else "start"
    if found:
        return found
    if i > 0 and _RANGE_GAP.match(text[mentions[i - 1].end : m.start]):
        return "until"
    return ""


def _nearest_keyword(text: str, start: int) -> str:
    window = text[max(0, start - 60) : start]
    best: tuple[int, int, str] | None = None
    for name, pattern in _keywords():
        for k in pattern.finditer(window):
            key = (k.end(), k.end() - k.start(), name)
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return ""
    gap = window[best[0] :]
    if len(gap) > _MAX_GAP or _BREAK.search(gap):
        return ""
    return best[2]


_CLAUSE_END = re.compile(r"[,，、;；!?。！？\n]|\.\s")


def clause_after(text: str, start: int, end: int) -> str:
    """What follows a date up to the next date, comma or sentence end: "… wieder da"."""
    return _CLAUSE_END.split(text[start : min(end, start + 80)])[0]


def clause_before(text: str, start: int) -> str:
    """What precedes a date back to a comma or sentence end: "replies may be delayed until"."""
    return _CLAUSE_END.split(text[max(0, start - 80) : start])[-1]


def weekday_role(text: str, start: int) -> str:
    """The role of a bare weekday name ("back on Monday"): 'back', 'until' or ''."""
    found = _nearest_keyword(text, start)
    return found if found in ("back", "until") else ""
