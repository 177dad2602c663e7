"""The classifier's quality bar on the labelled reply corpus (tests/data/replies/).

Run with `pytest -s` to see the per-class table; every failing check prints it too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from mailbot.domain.classify import Classification, Context, ReplyKind, classify
from mailbot.domain.parsing import parse_message, raw_from_bytes

CORPUS = Path(__file__).parents[1] / "data" / "replies"
AUTOMATIC = {"out_of_office", "auto_reply"}
PERSON = {"human", "unsubscribe"}  # a person wrote: must never be called anything else


@dataclass(frozen=True)
class Case:
    path: str
    label: dict
    result: Classification


@cache
def cases() -> tuple[Case, ...]:
    labels = json.loads((CORPUS / "labels.json").read_text(encoding="utf-8"))["files"]
    out = []
    for path, label in sorted(labels.items()):
        msg = parse_message(raw_from_bytes((CORPUS / path).read_bytes()))
        out.append(Case(path, label, classify(msg, Context(country=label.get("country")))))
    return tuple(out)


def table() -> str:
    """Per-class precision/recall, then the bar's figures."""
    rows = ["kind              support  predicted  precision  recall"]
    truth = Counter(c.label["kind"] for c in cases())
    said = Counter(c.result.kind.value for c in cases())
    hits = Counter(c.label["kind"] for c in cases() if c.label["kind"] == c.result.kind.value)
    for kind in ReplyKind:
        k = kind.value
        precision = hits[k] / said[k] if said[k] else float("nan")
        recall = hits[k] / truth[k] if truth[k] else float("nan")
        rows.append(f"{k:17s} {truth[k]:7d} {said[k]:10d} {precision:10.3f} {recall:7.3f}")
    rows += [f"{name}: {value:.3f}" for name, value in figures().items()]
    return "\n".join(rows)


def _share(hits: list[bool]) -> float:
    return sum(hits) / len(hits) if hits else 1.0


@cache
def figures() -> dict[str, float]:
    bounces = [c for c in cases() if c.label["kind"] == "bounce"]
    dated = [c for c in cases() if c.label.get("return_date_certain") is True]
    return {
        "bounce recall": _share([c.result.kind is ReplyKind.BOUNCE for c in bounces]),
        "permanent/temporary agreement": _share([_same_permanence(c) for c in bounces]),
        "failed recipients exact": _share([_same_recipients(c) for c in bounces]),
        "automatic recall": _share(
            [c.result.kind.value in AUTOMATIC for c in cases() if c.label["kind"] in AUTOMATIC]
        ),
        "return date exact (certain labels)": _share([_same_return(c) for c in dated]),
    }


def _same_permanence(c: Case) -> bool:
    b = c.result.bounce
    return (
        c.result.kind is ReplyKind.BOUNCE
        and b is not None
        and b.permanent == bool(c.label["bounce"]["permanent"])
    )


def _same_recipients(c: Case) -> bool:
    found = set(c.result.bounce.recipients) if c.result.bounce else set()
    return found == {r.lower() for r in c.label["bounce"]["recipients"]}


def _same_return(c: Case) -> bool:
    absence = c.result.absence
    got = absence.return_date.isoformat() if absence and absence.return_date else None
    return got == c.label["return_date"]


def _misses(check, wanted: set[str]) -> str:  # type: ignore[no-untyped-def]
    bad = [c for c in cases() if c.label["kind"] in wanted and not check(c)]
    lines = [
        f"  {c.path}: {c.result.kind.value} — {'; '.join(c.result.reasons)[:160]}" for c in bad
    ]
    return "\n".join([table(), "misses:", *lines])


def test_print_the_table() -> None:
    """The corpus is big enough to mean something (≥ 300 messages); print the table."""
    print("\n" + table())
    assert len(cases()) >= 300, table()


@pytest.mark.parametrize(
    ("figure", "bar"),
    [
        ("bounce recall", 0.98),
        ("permanent/temporary agreement", 0.95),
        ("failed recipients exact", 0.95),
        ("automatic recall", 0.95),
        ("return date exact (certain labels)", 0.90),
    ],
)
def test_quality_bar(figure: str, bar: float) -> None:
    """Each figure of the quality bar reaches its threshold."""
    checks = {
        "bounce recall": (lambda c: c.result.kind is ReplyKind.BOUNCE, {"bounce"}),
        "permanent/temporary agreement": (_same_permanence, {"bounce"}),
        "failed recipients exact": (_same_recipients, {"bounce"}),
        "automatic recall": (lambda c: c.result.kind.value in AUTOMATIC, AUTOMATIC),
        "return date exact (certain labels)": (_dated_ok, {"out_of_office", "auto_reply"}),
    }
    check, wanted = checks[figure]
    assert figures()[figure] >= bar, _misses(check, wanted)


def _dated_ok(c: Case) -> bool:
    return c.label.get("return_date_certain") is not True or _same_return(c)


def test_no_person_is_called_automatic_or_bounce() -> None:
    """Not one human reply or stop request is classified as anything a machine sent."""
    bad = [c for c in cases() if c.label["kind"] in PERSON and c.result.kind.value not in PERSON]
    assert not bad, _misses(lambda c: c.result.kind.value in PERSON, PERSON)
