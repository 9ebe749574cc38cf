"""Renewal while suspended, and the card's return with a 経由地更新 (pure Python, no Django).

- :func:`suspended_renewal`: a licence under a 停止 (免許の効力の停止) is renewed like any other —
  the 停止 does not stop the validity, and a holder whose validity ends during it must renew or the
  licence lapses (道路交通法 第101条; DERIVED from a secondary source, ``params/suspended_renewal.yaml``).
  The renewed card goes into the police's keeping while the 停止 lasts and the held old card is
  invalidated in exchange (this system's reading, UNCONFIRMED in the note).
- :func:`via_card_return`: whether the 経由地 takes the card back (2枚持ち → マイナ免許証のみ) with a
  経由申請 (法第101条の2の2, 規程第17条の2: the 経由 carries the renewal only; DERIVED,
  ``params/via_card_return.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params


@dataclass(frozen=True)
class SuspendedRenewal:
    """The answer for a 停止中 licence on a day: may it be renewed, what happens to the cards."""

    renewable: bool
    card_kept: bool  # the new card is kept by the police until the 停止 ends
    old_card_invalidated: bool  # the held old card is exchanged for the new one and invalidated
    reference: str
    assumption: bool
    note: str

    @property
    def trace(self) -> dict[str, object]:
        """One trace step naming the rule and its reference (an assumption when not confirmed)."""
        detail = ("停止中の免許も更新できる" if self.renewable else "停止中の免許は更新できない") + (
            "（新しい免許証は停止期間中保管し、保管中の旧免許証は無効とする）" if self.card_kept else "")
        return {"step": "suspended_renewal", "detail": detail, "reference": self.reference,
                "assumption": self.assumption}


def suspended_renewal(day: date) -> SuspendedRenewal:
    """Whether a licence under a 停止 is renewed on ``day`` and what happens to the new and old cards."""
    entry = params.in_force("suspended_renewal", day)
    value = entry.value
    return SuspendedRenewal(bool(value["renewable"]), value["card"] == "kept", value["old_card"] == "invalidated",
                            entry.reference, entry.assumption, entry.note)


@dataclass(frozen=True)
class ViaCardReturn:
    """Whether the card's return may ride with a 経由申請, with the reference."""

    allowed: bool
    reference: str
    assumption: bool
    note: str


def via_card_return(day: date) -> ViaCardReturn:
    """Whether the 経由地 may take the card back (2枚持ち → マイナ免許証のみ) with a 経由申請 on ``day``."""
    entry = params.in_force("via_card_return", day)
    return ViaCardReturn(bool(entry.value["allowed"]), entry.reference, entry.assumption, entry.note)
