"""Dates of a 仮停止 (道路交通法第103条の2; 規程第39条; ``params/provisional_suspension.yaml``).

What the law and the regulation say, and what is read into them (see the file's note):

- **Term** (法第103条の2第1項): the 警察署長 of the accident place may suspend the licence until
  「当該交通事故を起こした日から起算して三十日を経過する日」 — the 30th day counting the accident day
  (:func:`last_day`); the register's 停止中 ends after it.
- **弁明** (同第2項): 「当該処分をした日から起算して五日以内に」 the person is given the opportunity to
  explain — after the 仮停止 (:func:`explanation_due`).
- **Papers** (規程第39条第3項): the 仮停止・禁止通知書, the 意見の聴取通知書's copy, the card and the 弁明調書
  reach the 免許課長 「当該事案が発生した日から起算して5日以内に」 (:func:`papers_due`).
- **Reporting window** (UNCONFIRMED): a 仮停止 is refused once the papers' deadline has passed
  (:func:`may_impose`): the law sets no such limit, but the regulation's order — 即報, 指示, 仮停止,
  papers within 5 days of the accident — cannot be followed after it.
- **Grounds** (法第103条の2第1項各号 as procedures §A.2 summarises them; the mapping of the penal
  articles to named offences is not verified): :data:`GROUNDS`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from menkyo.rules import params

REFERENCE = "道路交通法 第103条の2第1項・第2項; 規程第39条第3項"

#: 法第103条の2第1項各号 (procedures §A.2's summary; UNCONFIRMED mapping of the penal articles).
GROUNDS = {
    "hit_and_run": "死傷事故で救護義務違反（ひき逃げ）をしたとき（第1号）",
    "injury_violation": "酒酔い運転・無免許運転等で死傷事故を起こしたとき（第2号）",
    "fatal_violation": "酒気帯び運転・信号無視等で死亡事故を起こしたとき（第3号）",
}


def rule(day: date) -> params.Entry:
    """The 仮停止 rule in force on ``day`` (value, reference, whether it is an assumption)."""
    return params.in_force("provisional_suspension", day)


def _within(start: date, days: int, value: dict[str, Any]) -> date:
    """The last day of ``days`` 「起算して」 from ``start``."""
    return start + timedelta(days=days - 1 if value["first_day_counted"] else days)


def last_day(accident_on: date) -> date:
    """法第103条の2第1項: the 仮停止's last day (the 30th day counting the accident day)."""
    value: dict[str, Any] = rule(accident_on).value
    return _within(accident_on, int(value["term_days"]), value)


def explanation_due(imposed_on: date) -> date:
    """同第2項: the last day on which the 弁明の機会 must be given (5 days counting the 仮停止 day)."""
    value: dict[str, Any] = rule(imposed_on).value
    return _within(imposed_on, int(value["explanation_days"]), value)


def papers_due(accident_on: date) -> date:
    """規程第39条第3項: the last day for the papers to reach the 免許課長 (5 days counting the accident day)."""
    value: dict[str, Any] = rule(accident_on).value
    return _within(accident_on, int(value["papers_days"]), value)


def may_impose(accident_on: date, day: date) -> bool:
    """Whether a 仮停止 may still be made on ``day`` for an accident on ``accident_on`` (UNCONFIRMED: not
    after the papers' deadline; never before the accident nor after the term's last day)."""
    value: dict[str, Any] = rule(accident_on).value
    limit = papers_due(accident_on) if value["report_within_papers_days"] else last_day(accident_on)
    return accident_on <= day <= limit


def ends_with_disposition(day: date) -> bool:
    """UNCONFIRMED (法第103条の2第5項以降 not read): the 仮停止 ends once the 本処分 is executed."""
    return bool(rule(day).value["ends_with_disposition"])
