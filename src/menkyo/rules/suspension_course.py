"""停止処分者講習: days taken off a suspension (law-rules §3.6, §16).

``suspension_course.yaml`` has one row per suspension length (30 … 180 days)
with the reduction by grade (優/良/可/不可). A length with no row uses the
nearest shorter row (an assumption, stated). The course must be taken before
half of the suspension has passed (law-rules §3.6 [S49]); a later course takes
nothing off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from menkyo.rules import params

GRADES = ("優", "良", "可", "不可")
REFERENCE = "道路交通法 第108条の2第1項第3号; law-rules §3.6, §16"


@dataclass(frozen=True, slots=True)
class Reduction:
    """The days a grade takes off a suspension, and how that was found."""

    course: str
    days_reduced: int
    reference: str
    assumption: bool
    note: str


@cache
def _rows() -> list[dict[str, Any]]:
    return sorted(params.table("suspension_course").rows.values(), key=lambda row: int(row["days"]))


def options(days: int, start: date) -> dict[str, Any] | None:
    """The course for a ``days`` suspension starting on ``start`` and its reduction per grade."""
    row = _row(days)
    if row is None:
        return None
    entry = row["reductions"].at(start)
    return {"course": row["course"], "table_days": int(row["days"]), "reductions": dict(entry.value)}


def _row(days: int) -> dict[str, Any] | None:
    found = None
    for row in _rows():
        if int(row["days"]) <= days:
            found = row
    return found


def reduction(days: int, grade: str, start: date, taken: date | None = None) -> Reduction:
    """Days taken off a ``days`` suspension begun on ``start`` by a course graded ``grade``.

    ``taken`` is the course date; after half of the suspension has passed the
    course is no longer available and nothing is taken off.
    """
    row = _row(days)
    if row is None:
        return Reduction("", 0, REFERENCE, True, f"{days}日の停止に対応する講習の表がない")
    entry = row["reductions"].at(start)
    value = int(entry.value[grade])
    assumption = entry.assumption
    note = entry.note
    if int(row["days"]) != days:
        assumption = True
        note = f"{days}日の行がないため{row['days']}日の行を用いた。{note}"
    if taken is not None and (taken - start).days * 2 >= days:
        return Reduction(str(row["course"]), 0, REFERENCE, assumption,
                         f"停止期間の半分を経過した後の受講のため短縮なし。{note}")
    return Reduction(str(row["course"]), min(value, days - 1) if days > 1 else 0,
                     f"{entry.reference}", assumption, note)
