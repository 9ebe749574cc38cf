"""How a licence may be held (保有形態), law-rules §5.7 (pure Python, no Django).

From 2025-03-24 (the マイナ免許証 in operation) a licence is held as the
conventional card (``card``), the マイナ免許証 only (``mynumber``) or both
(``both``); before that day only the card existed. Source:
``params/holding_forms.yaml``.
"""

from __future__ import annotations

from datetime import date

from menkyo.rules import params

CARD_ONLY: tuple[str, ...] = ("card",)


def mynumber_licence_from() -> date:
    """The day the マイナ免許証 came into operation (2025-03-24, law-rules §5.7)."""
    return params.series("holding_forms").starts[0]


def holding_forms(day: date) -> tuple[str, ...]:
    """The holding forms that exist on ``day``: ``("card",)`` before the マイナ免許証."""
    if day < mynumber_licence_from():
        return CARD_ONLY
    return tuple(params.in_force("holding_forms", day).value["forms"])
