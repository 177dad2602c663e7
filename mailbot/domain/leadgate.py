"""What a lead check lets through, after the planner has decided (pure).

The planner decides as if every lead were real; this gate then applies the verdict
of the thread's lead check per `[verification.followups]`: `all` stages, only the
`first` (a person decides about the later ones), or `none` (no automated mail).
Only follow-ups are gated: replying by hand and hand-offs are people's work.
The plan, the send cycle and the send fence all read plans through this gate.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import UTC
from typing import NamedTuple

from mailbot.domain.planner import DONE, SUPPRESSED, Decision

ALL, FIRST, NONE = "all", "first", "none"
_STRICTNESS = {NONE: 2, FIRST: 1, ALL: 0}
_SEVERITY = {"invalid": 3, "suspicious": 2, "unknown": 1, "valid": 0}


class LeadView(NamedTuple):
    """One address's latest lead check, and what the config lets through for it."""

    email: str
    verdict: str
    score: float
    reasons: tuple[str, ...]
    followups: str = ALL  # all / first / none

    @property
    def words(self) -> str:
        return f"lead check of {self.email}: {self.verdict} ({'; '.join(self.reasons)})"


def lead_for(checks: Mapping[str, LeadView], senders: Collection[str]) -> LeadView | None:
    """The check that speaks for a thread: the strictest among the customer's addresses
    that wrote in it, else among all the customer's checked addresses."""
    mine = [checks[s] for s in senders if s in checks] or list(checks.values())
    return max(mine, key=_strictness, default=None)


def _strictness(view: LeadView) -> tuple[int, int, float, str]:
    return _STRICTNESS[view.followups], _SEVERITY.get(view.verdict, 0), -view.score, view.email


def gate(decision: Decision, lead: LeadView | None) -> Decision:
    """The decision as the lead check allows it."""
    if lead is None or decision.action != "follow_up" or lead.followups == ALL:
        return decision
    if lead.followups == NONE:
        return Decision(
            SUPPRESSED, decision.since, "none", expected_at=decision.expected_at,
            overdue=decision.overdue, window=decision.window,
            reason=f"no automated mail to this lead: {lead.words}",
        )  # fmt: skip
    if decision.stage == 1:
        return decision  # the first follow-up goes; the plan shows the check beside it
    return decision._replace(
        state=DONE, action="hand_off", stage=None, template=None,
        reason=f"only the first follow-up is automatic for this lead; a person decides "
        f"about follow-up {decision.stage} (due {_when(decision)}): {lead.words}",
    )  # fmt: skip


def _when(decision: Decision) -> str:
    due = decision.due_at
    return f"{due.astimezone(UTC):%Y-%m-%d %H:%M}Z" if due is not None else "now"
