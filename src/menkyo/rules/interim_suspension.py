"""Dates and conditions of a 暫定停止 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項;
``params/interim_suspension.yaml``).

What the law says, and what is read into it (see the file's note):

- **Who and when** (第1項前段): the 公安委員会 may suspend the licence of one who must take a 臨時適性検査 or
  submit a 診断書 (法第102条第1項〜第4項), who caused a traffic accident and of whom the accident gives reason to
  suspect 法第103条第1項第1号・第1号の2・第3号 (:func:`ground_allowed`) — the deciding authority and the 弁明
  are ``rules.authority``'s (kind ``interim_suspension``). 「その他これに準ずるものとして政令で定めるとき」: 施行令第39条
  の2第1項 — the suspicion found on a doctor's diagnosis, with no accident (:func:`bases`, ``diagnosis``; UNCONFIRMED,
  read from the 令's published text, not the spec).
- **Term** (同): 「三月を超えない範囲内で期間を定めて」 — :func:`last_allowed_day` (UNCONFIRMED counting).
- **弁明** (第2項): 「当該処分をした日から起算して五日以内に」 (:func:`explanation_due`).
- **Lifting** (第1項後段): once it is clear the person is not such a case, 「速やかに当該処分を解除しなければ
  ならない」 — notified with the 運転免許効力停止処分解除通知書 (規程第34条第5項).
- No 停止処分者講習 教示 for a 暫定停止 (規程第34条第3項第4号).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from menkyo.rules import params

REFERENCE = "道路交通法 第104条の2の3第1項・第2項; 規程第34条第3項第4号・第5項"


def rule(day: date) -> params.Entry:
    """The 暫定停止 rule in force on ``day`` (value, reference, whether it is an assumption)."""
    return params.in_force("interim_suspension", day)


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_allowed_day(imposed_on: date) -> date:
    """第1項: the latest last day of a 暫定停止 made on ``imposed_on`` — three months counting that day (the day
    before the same date three months later; UNCONFIRMED)."""
    value: dict[str, Any] = rule(imposed_on).value
    end = _add_months(imposed_on, int(value["max_months"]))
    return end - timedelta(days=1) if value["first_day_counted"] else end


def explanation_due(imposed_on: date) -> date:
    """第2項: the last day on which the 弁明の機会 must be given (5 days counting the 暫定停止 day)."""
    value: dict[str, Any] = rule(imposed_on).value
    days = int(value["explanation_days"])
    return imposed_on + timedelta(days=days - 1 if value["first_day_counted"] else days)


def ground_allowed(ground: str, day: date) -> bool:
    """第1項: the suspicion must be of 法第103条第1項第1号・第1号の2・第3号 (``rules.medical``'s ground codes)."""
    return ground in rule(day).value["grounds"]


def bases(day: date) -> dict[str, dict[str, str]]:
    """第1項's two bases of the suspicion — ``accident`` (the accident's circumstances) and ``diagnosis`` (a doctor's
    diagnosis, 施行令第39条の2第1項) — each with its Japanese label and reference."""
    return dict(rule(day).value["bases"])


def needs_accident(basis: str) -> bool:
    """Only the ``accident`` basis needs the accident (第1項 「交通事故を起こし、かつ」); the 令's needs the diagnosis."""
    return basis == "accident"


def requires_order(day: date) -> bool:
    """UNCONFIRMED: the person has already been given the 臨適通知 or the 診断書提出命令 (「受けるべき者」)."""
    return bool(rule(day).value["requires_order"])


def max_months(day: date) -> int:
    return int(rule(day).value["max_months"])
