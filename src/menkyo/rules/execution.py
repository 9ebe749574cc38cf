"""Dates of the execution of a decided 取消・停止 (規程第34条–第37条; ``params/execution.yaml``).

What the regulation and the law say, and what is read into them (every value UNCONFIRMED except the
20 days, which are the seed's own text):

- **Search period** (規程第37条第1項): a person who does not appear on the 取消の日 or on the 停止's
  start day is searched for 「その日から起算して20日以内」: that day is day 1, so the period's last
  day is the day + 19 (:func:`search_until`); from the next day the case is 執行不能 (第2項) and a
  処分手配 is registered (第46条第1項).
- **Start of a 停止** (:func:`suspension_start`): the disposition takes effect when the 処分書 is
  handed over — at the 意見の聴取 when it is handed over there, otherwise on the day of service.
- **Last day of a 停止** (:func:`suspension_last_day`): start + days − 1 (the first day counted).
- **End of the 欠格期間** (:func:`disqualification_until`): 取消しの日から起算して N年 — the day before
  the anniversary.
- **停止処分者講習** (:func:`shortened_last_day`): the period the law engine's table leaves (through
  ``assess``), never ending before the day the course ends (施行令第33条の5).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import add_years

REFERENCE = "規程第37条第1項; 道路交通法 第103条第7項, 第108条の2第1項第3号; 施行令 第33条の5"


def rule(day: date) -> params.Entry:
    """The execution rule in force on ``day`` (its value, reference and whether it is an assumption)."""
    return params.in_force("execution", day)


def search_until(due: date) -> date:
    """規程第37条第1項: the last day of the search after a no-show on ``due`` (起算して20日以内)."""
    value: dict[str, Any] = rule(due).value
    days = int(value["search_days"])
    return due + timedelta(days=days - 1 if value["first_day_counted"] else days)


def unexecutable_from(due: date) -> date:
    """The first day on which the case is 執行不能 (the day after :func:`search_until`)."""
    return search_until(due) + timedelta(days=1)


def suspension_start(served: date, hearing_day: date | None = None) -> date:
    """The 停止 starts on the day the 処分書 is handed over: the 意見の聴取 day when it is handed over
    at the hearing (``hearing_day`` equal to ``served``), else the day of service (UNCONFIRMED)."""
    if hearing_day is not None and hearing_day == served:
        return hearing_day
    return served


def suspension_last_day(start: date, days: int) -> date:
    """The last day of a ``days`` 停止 that starts on ``start`` (the first day counted)."""
    return start + timedelta(days=days - 1)


def disqualification_until(revoked: date, years: int) -> date:
    """The last day of the 欠格期間 of ``years`` counted from the 取消 day (起算して: the day before the
    anniversary)."""
    return add_years(revoked, years) - timedelta(days=1)


def shortened_last_day(engine_last_day: date, course_ended: date) -> date:
    """The last day after a 停止処分者講習: the engine's shortened last day, but never before the day the
    course ends (施行令第33条の5: the shortening runs from the course's end; UNCONFIRMED reading)."""
    return max(engine_last_day, course_ended)
