"""Phrase tables: the regrouped regex `words` builds matches where a plain alternation does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from mailbot.domain.phrases import words

ALTERNATIVES = (
    r"\bout of (?:the )?office|\bi am (?:away|on leave)|abwesend|(?:auto-?)?reply",
    r"\b(?:is|are) no longer (?:with (?-i:[A-Z]\w*)|employed)|退職しました|[\[\]]x|a\|b",
    r"\bne travaille plus|n'est plus (?:en poste|chez)|\bfür .{1,10} tätig|\d+ days?",
)
PIECES = (
    "out of ", "the ", "office", "I am ", "i ", "away", "on leave", "is ", "are ", "no longer ",
    "with ", "Acme", "acme", "employed", "abwesend", "auto-", "reply", "退職しました", "[", "]",
    "x", "a|b", "ne travaille plus", "n'est plus ", "en poste", "chez", "für ", "die ", "tätig",
    "3 ", "day", "s", " ", "\n", "-", "'", "ä", "o", "a", "b", "w",
)  # fmt: skip
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


def plain(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.IGNORECASE)


@settings(max_examples=400)
@given(st.lists(st.sampled_from(ALTERNATIVES), min_size=1, max_size=3), TEXT)
def test_match_starts_as_in_a_plain_alternation(alternatives, text):
    """words() groups phrases behind \\b and first-character lookaheads for speed only."""
    fast, slow = words(*alternatives), plain(*alternatives)
    assert [m.start() for m in fast.finditer(text)] == [m.start() for m in slow.finditer(text)]


def test_known_phrases_are_found():
    """Phrases inside groups, after a word boundary and with inline flags still match."""
    table = words(*ALTERNATIVES)
    for text, found in [
        ("Sorry, I am on leave until May", "I am on leave"),
        ("Peter is no longer with Acme", "is no longer with Acme"),
        ("Er ist nicht mehr für die Firma tätig", "für die Firma tätig"),
        ("Autoreply: abwesend", "Autoreply"),
    ]:
        m = table.search(text)
        assert m is not None and m.group(0) == found
    assert table.search("Peter is no longer with acme") is None  # (?-i:[A-Z]) kept
