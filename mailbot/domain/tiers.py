"""A customer's tier and lifecycle stage, derived from orders and history (pure).

Tiers come from config in order: the first whose rules all hold wins, so "vip"
(3+ orders within a year) is tested before "regular" (1+ order), and a rule-less
tier at the end catches everyone. Stages follow the order history:
lead → first_purchase → repeat → loyal, and dormant when nothing happened for long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from mailbot.config import Lifecycle, Tier

STAGES = ("lead", "first_purchase", "repeat", "loyal", "dormant")


@dataclass(frozen=True, slots=True)
class History:
    orders: int = 0
    last_order: date | None = None
    messages: int = 0  # human messages from the customer
    last_activity: date | None = None  # their latest order or message


def derive_tier(tiers: Sequence[Tier], history: History, today: date) -> tuple[str, str]:
    """(tier name, why in words)."""
    for tier in tiers:
        failed = _failed_rules(tier, history, today)
        if not failed:
            rules = tier.min_orders, tier.ordered_within_days, tier.min_messages
            return tier.name, _rules_words(*rules) if tier.has_rule else "catch-all tier"
    last = tiers[-1]
    return last.name, "the last tier (no rule matched)"


def lifecycle_stage(cfg: Lifecycle, history: History, today: date) -> tuple[str, str]:
    """(stage, why in words)."""
    if history.last_activity and today - history.last_activity > timedelta(cfg.dormant_after_days):
        return "dormant", f"no order or message since {history.last_activity.isoformat()}"
    n = history.orders
    if n >= cfg.loyal_min_orders:
        return "loyal", f"{n} orders"
    if n >= cfg.repeat_min_orders:
        return "repeat", f"{n} orders"
    if n >= 1:
        return "first_purchase", "1 order"
    return "lead", "no order yet"


def _failed_rules(tier: Tier, h: History, today: date) -> list[str]:
    failed = []
    if tier.min_orders is not None and h.orders < tier.min_orders:
        failed.append("orders")
    if tier.ordered_within_days is not None and (
        h.last_order is None or today - h.last_order > timedelta(tier.ordered_within_days)
    ):
        failed.append("recent order")
    if tier.min_messages is not None and h.messages < tier.min_messages:
        failed.append("messages")
    return failed


@lru_cache(maxsize=256)  # a plan words the same few tiers for every customer
def _rules_words(min_orders: int | None, within_days: int | None, min_messages: int | None) -> str:
    parts = []
    if min_orders is not None:
        parts.append(f"{min_orders}+ orders")
    if within_days is not None:
        parts.append(f"an order within {within_days} days")
    if min_messages is not None:
        parts.append(f"{min_messages}+ messages")
    return " and ".join(parts)
