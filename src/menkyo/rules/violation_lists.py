"""The lists over the violations register that rest on a parameter: the 行政処分警告対象者 (drivers within a
margin of the lowest 停止 threshold of their 前歴 row; procedures.md B.2 — the margin is UNCONFIRMED) and the
age after which an unconfirmed 仮登録 is listed (規程第28条の2 sets none — UNCONFIRMED)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params


@dataclass(frozen=True, slots=True)
class WarningBand:
    """Drivers of ``prior`` 前歴 with ``from_points`` to ``threshold - 1`` points are listed."""

    prior: int
    threshold: int  # the lowest 停止 threshold of the 前歴 row (施行令 別表第三)
    from_points: int
    reference: str
    assumption: bool
    note: str


def warning_band(prior: int, day: date) -> WarningBand:
    """The warning band of a driver with ``prior`` 前歴, on ``day``."""
    table = params.in_force("suspension_thresholds", day)
    rows = {int(row["prior"]): row["bands"] for row in table.value["by_prior"]}
    threshold = int(rows[min(prior, max(rows))][0]["min"])
    margin = params.in_force("disposition_warning", day)
    return WarningBand(prior, threshold, max(1, threshold - int(margin.value["margin_points"])),
                       f"{margin.reference}; {table.reference}", margin.assumption, margin.note)


@dataclass(frozen=True, slots=True)
class ProvisionalAge:
    days: int
    reference: str
    assumption: bool
    note: str


def provisional_confirmation(day: date) -> ProvisionalAge:
    """After how many days an unconfirmed 仮登録 is listed, on ``day``."""
    entry = params.in_force("provisional_confirmation", day)
    return ProvisionalAge(int(entry.value["days"]), entry.reference, entry.assumption, entry.note)
