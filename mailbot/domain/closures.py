"""Is an out-of-office about one person, or about the whole company being shut?

"I am out of the office until 3 March" pauses the threads that person is in;
"our office is closed for Chinese New Year until 3 March" closes the customer's
whole calendar (DOMAIN.md §1: company closures learned from auto-replies). The cues
below are phrases that only a company-wide notice uses, in the languages the
classifier reads; a personal absence never matches them.
"""

from __future__ import annotations

import re

_CUES = [
    r"\b(our|the) (office|offices|company|factory|warehouse|plant)s? (is|are|will be|remains?) "
    r"(closed|shut)",
    r"\b(office|company|factory|plant)[- ](closure|shutdown|holidays?)\b",
    r"\bclosed for (the )?(holiday|holidays|chinese new year|spring festival|christmas|eid|"
    r"diwali|new year|summer|national day|golden week)",
    r"\b(betriebsferien|betriebsurlaub)\b",
    r"\bunser (büro|unternehmen|betrieb|werk) (ist|bleibt).{0,40}?geschlossen",
    r"\bnos bureaux (sont|seront) fermés|\bfermeture annuelle\b",
    r"\b(nuestras oficinas|la oficina|la empresa) (está|estará|permanecerá)n? cerrada",
    r"\b(nosso escritório|a empresa) (está|estará|ficará) fechad",
    r"\bférias coletivas\b|\bvacaciones colectivas\b",
    r"(公司|工厂|办公室)[^。]{0,12}(放假|休息|停工)|春节(放假|假期)",
    r"(弊社|当社)[^。]{0,20}(休業|休暇)",
    r"(مكاتبنا|الشركة|المكتب)[^.]{0,20}(مغلق|مغلقة|ستغلق)",
]
_PATTERN = re.compile("|".join(f"(?:{c})" for c in _CUES), re.IGNORECASE)


def is_company_closure(text: str) -> bool:
    """Does this auto-reply announce that the whole company is closed?"""
    return bool(_PATTERN.search(text))
