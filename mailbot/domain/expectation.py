"""How long one customer can reasonably take to answer us (DOMAIN.md §4).

Reply latencies are long-tailed, so their logarithm is treated as normal. With few
past replies a raw percentile badly under-covers future ones, so the estimate is
shrunk toward the tier's prior: the tier's default window is read as the prior's
90th percentile with a log-spread of `PRIOR_SIGMA`, worth `prior_weight` replies.
The customer's replies move the centre (their typical reply time); the spread is
the prior's, so a faster reply never lengthens the window. The deadline is the
predictive 90th percentile, kept within bounds around the tier default.

Latencies are in customer business hours (the calendar measures them), so a
weekend or Eid in between never counts against the customer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z90 = 1.2815515655446004  # standard normal 90th percentile
PRIOR_SIGMA = 1.0  # log-spread of the prior: P90 ≈ 3.6 × the median
FLOOR_HOURS = 0.25  # an instant auto-forwarded answer still took some time


@dataclass(frozen=True, slots=True)
class ReplyWindow:
    """The expected reply window, in business hours, and how it was reached."""

    hours: float
    replies: int  # past replies it learned from (0: the tier default)
    default_hours: float

    @property
    def learned(self) -> bool:
        return self.replies > 0

    def words(self, day_hours: float) -> str:
        days = days_words(self.hours, day_hours)
        if not self.learned:
            return f"{days} (tier default)"
        plural = "reply" if self.replies == 1 else "replies"
        return f"{days} (learned from {self.replies} past {plural})"


def reply_window(
    latencies_hours: Sequence[float],
    default_hours: float,
    prior_weight: float = 3.0,
    min_factor: float = 0.5,
    max_factor: float = 3.0,
) -> ReplyWindow:
    """The 90th percentile of a log-normal fitted to `latencies_hours`, shrunk
    toward the prior implied by `default_hours` (see module doc)."""
    if default_hours <= 0:
        raise ValueError(f"default window must be positive, not {default_hours}")
    logs = [math.log(max(h, FLOOR_HOURS)) for h in latencies_hours if h >= 0]
    n = len(logs)
    if n == 0:
        return ReplyWindow(default_hours, 0, default_hours)
    k = prior_weight
    # The prior centre whose own predictive P90 (n = 0) is exactly the tier default.
    mu0 = math.log(default_hours) - Z90 * PRIOR_SIGMA * math.sqrt(1 + 1 / k)
    mu = (k * mu0 + sum(logs)) / (k + n)
    # The spread stays the prior's: fitted per customer from a handful of replies it
    # would let one unusually fast answer lengthen the window. The uncertainty left
    # in the centre shrinks as replies accumulate.
    p90 = math.exp(mu + Z90 * PRIOR_SIGMA * math.sqrt(1 + 1 / (k + n)))
    bounded = min(max(p90, min_factor * default_hours), max_factor * default_hours)
    return ReplyWindow(math.ceil(bounded * 60) / 60, n, default_hours)  # whole minutes


def days_words(hours: float, day_hours: float) -> str:
    days = hours / day_hours
    if abs(days - round(days)) < 0.05:
        whole = round(days)
        return f"{whole} business day" + ("" if whole == 1 else "s")
    return f"{days:.1f} business days"
