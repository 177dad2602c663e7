"""Weighing many `Evidence` items into one best guess per profile field. Pure.

Per country, each source counts once (its strongest item), so ten mails with the same
signature do not outvote a different, stronger source; repeats only break ties. The
language adds a little to countries other evidence already names, never a country alone.
The zone: a one-zone landline area code, else the zones the Date offsets allow within the
country (DST-aware), else the country's business centre.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mailbot.domain.places import country_zones, language_countries, primary_zone, rank_zones
from mailbot.domain.whereabouts import Evidence

LANGUAGE_BONUS = 0.05  # below any real source: it can only break a tie
MIN_LANGUAGE_SHARE = 0.15  # a language must carry this share of their text to be listed
REPEAT_BONUS = 0.001


@dataclass(frozen=True, slots=True)
class Guess:
    value: Any
    source: str
    confidence: float
    words: str
    fallback: bool = False  # a zone assumed from the country alone, not observed


def best_guess(
    evidence: Iterable[Evidence], country: str | None = None, country_fixed: bool = False
) -> dict[str, Guess]:
    """Guesses for country, timezone and languages (only those with evidence).

    `country` is what the store already holds: it frames the zone when the evidence names
    no country (only Date offsets, say), or always when `country_fixed` (a person set it)."""
    by_field: dict[str, list[Evidence]] = defaultdict(list)
    for item in evidence:
        by_field[item.field].append(item)
    out: dict[str, Guess] = {}
    languages = _languages(by_field["language"])
    if languages:
        out["languages"] = languages
    guessed = _country(by_field["country"], languages.value if languages else [])
    if guessed:
        out["country"] = guessed
    frame = guessed.value if guessed and not country_fixed else country
    if frame:
        basis = None if country_fixed else guessed
        zone = _zone(frame, by_field["timezone"], by_field["offset"], basis)
        if zone:
            out["timezone"] = zone
    return out


def _country(items: list[Evidence], languages: list[str]) -> Guess | None:
    strongest: dict[tuple[str, str], Evidence] = {}
    repeats: Counter[str] = Counter()
    for item in items:
        key = (item.value, item.source)
        if key not in strongest or item.confidence > strongest[key].confidence:
            strongest[key] = item
        repeats[item.value] += 1
    score: Counter[str] = Counter()
    for (country, _), item in strongest.items():
        score[country] += item.confidence
    if not score:
        return None
    spoken = set().union(*(language_countries().get(lang, ()) for lang in languages))
    for country in score:
        score[country] += LANGUAGE_BONUS * (country in spoken) + REPEAT_BONUS * repeats[country]
    winner = max(sorted(score), key=lambda c: score[c])
    support = sorted(
        (e for (c, _), e in strongest.items() if c == winner), key=lambda e: -e.confidence
    )
    agreeing = min(0.99, support[0].confidence + 0.05 * (len(support) - 1))
    share = score[winner] / sum(score.values())
    words = "; ".join(e.words for e in support)
    return Guess(winner, support[0].source, round(agreeing * share, 3), words)


def _zone(
    country: str, landlines: list[Evidence], offsets: list[Evidence], guessed: Guess | None
) -> Guess | None:
    zones = set(country_zones(country))
    phone = _top(landlines, country)
    if phone:
        return phone
    votes: Counter[str] = Counter()
    matched: list[Evidence] = []
    for item in offsets:
        fits = item.zones & zones
        if fits:
            matched.append(item)
            votes.update(fits)
    if matched and len(zones) > 1:
        most = max(votes.values())
        zone = rank_zones(country, {z for z, n in votes.items() if n == most})[0]
        words = f"{', '.join(sorted({e.words for e in matched})[:3])} fit {zone}"
        share = len(matched) / len(offsets)
        return Guess(zone, "date_offset", round(matched[0].confidence * share, 3), words)
    if guessed is None:
        return None  # nothing new about the zone
    zone = primary_zone(country)
    if zone is None:
        return None
    assumed = len(zones) > 1
    confidence = guessed.confidence * (0.7 if assumed else 1.0)
    words = f"{'business centre' if assumed else 'the zone'} of {country}"
    return Guess(zone, guessed.source, round(confidence, 3), words, fallback=assumed)


def _top(items: list[Evidence], country: str) -> Guess | None:
    """The zone seen most often among those that belong to `country`."""
    fitting = [e for e in items if e.value in country_zones(country)]
    if not fitting:
        return None
    counts = Counter(e.value for e in fitting)
    value = max(sorted(counts), key=lambda v: counts[v])
    best = max((e for e in fitting if e.value == value), key=lambda e: e.confidence)
    return Guess(value, best.source, best.confidence, best.words)


def _languages(items: list[Evidence]) -> Guess | None:
    weight: Counter[str] = Counter()
    for item in items:
        weight[item.value] += item.confidence
    total = sum(weight.values())
    if not total:
        return None
    listed = [lang for lang, w in weight.most_common() if w / total >= MIN_LANGUAGE_SHARE]
    top = weight[listed[0]] / total
    return Guess(listed, "language", round(min(0.9, top), 3), f"text in {', '.join(listed)}")
