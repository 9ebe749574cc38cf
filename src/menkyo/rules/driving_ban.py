"""The period of a 運転禁止 of a 国際運転免許証・外国運転免許証 holder (道路交通法第107条の5; 規程第31条第2項, 第49条;
``params/driving_ban.yaml``).

What the law says (procedures §A.8), and what is read into it (see the file's note):

- **Period** (第1項): 「五年を超えない範囲内で期間を定めて」 (illness, or a breach other than 第2項's); **第2項**: the
  serious cases, 「三年以上十年を超えない範囲内」 — the list of 第2項's grounds is NOT FOUND: the reviewer states the
  paragraph (:func:`period_bounds`, :func:`check_period`).
- **Who and the hearing** (第4項, 規程第31条第2項): ``rules.authority``'s ``driving_ban`` — 公安委員会 after 意見の聴取.
- **仮禁止** (第10項, 第103条の2 applied): the 仮停止's dates (:mod:`menkyo.rules.provisional_suspension`), UNCONFIRMED
  that they apply unchanged (:func:`provisional_last_day`, :func:`provisional_explanation_due`,
  :func:`provisional_may_impose`).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules import provisional_suspension as provisional
from menkyo.rules.errors import RulesError

REFERENCE = "道路交通法 第107条の5第1項・第2項・第10項"


def rule(day: date) -> params.Entry:
    """The 運転禁止 rule in force on ``day`` (value, reference, whether it is an assumption)."""
    return params.in_force("driving_ban", day)


def paragraphs(day: date) -> dict[str, dict[str, Any]]:
    """The paragraphs a ban falls under (code → label, years, reference)."""
    return dict(rule(day).value["paragraphs"])


def _years_later(day: date, years: int) -> date:
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def period_bounds(paragraph: str, starts_on: date) -> tuple[date | None, date]:
    """The earliest (第2項: three years; 第1項: none) and the latest last day of a ban starting on ``starts_on``,
    the start counted (UNCONFIRMED)."""
    table = paragraphs(starts_on)
    if paragraph not in table:
        raise RulesError("invalid_input", "運転禁止の根拠（第107条の5第1項・第2項）を選んでください。", "paragraph")
    row = table[paragraph]
    latest = _years_later(starts_on, int(row["max_years"])) - timedelta(days=1)
    least = int(row["min_years"])
    return (_years_later(starts_on, least) - timedelta(days=1) if least else None), latest


def check_period(paragraph: str, starts_on: date, ends_on: date) -> None:
    """Raise :class:`RulesError` (Japanese, the bounds named) unless ``ends_on`` is within the paragraph's range."""
    earliest, latest = period_bounds(paragraph, starts_on)
    row = paragraphs(starts_on)[paragraph]
    if ends_on < (earliest or starts_on) or ends_on > latest:
        low = f"{earliest.isoformat()}から" if earliest else f"{starts_on.isoformat()}から"
        raise RulesError("invalid_input", f"{row['label']}の運転禁止の終期は{low}{latest.isoformat()}までです"
                                          f"（{row['reference']}）。", "ends_on")


def provisional_last_day(accident_on: date) -> date:
    """第10項 (第103条の2第1項 applied): the 仮禁止's last day — the 30th day counting the accident day."""
    return provisional.last_day(accident_on)


def provisional_explanation_due(imposed_on: date) -> date:
    """第10項 (第103条の2第2項 applied): the 仮禁止's 弁明, within 5 days counting the 仮禁止 day."""
    return provisional.explanation_due(imposed_on)


def provisional_may_impose(accident_on: date, day: date) -> bool:
    """Whether the 仮禁止 may still be made on ``day``: the 仮停止's window (UNCONFIRMED: within 5 days counting the
    accident day, :func:`menkyo.rules.provisional_suspension.may_impose`) applied unchanged (第10項 「準用」)."""
    return provisional.may_impose(accident_on, day)
