"""The vehicle of a violation event (``vehicle``), law-rules §17 (pure Python, no Django).

``vehicle`` is a licence kind (the card label: the vehicles that licence drives)
or one of the vehicles of ``params/vehicles.yaml``:

- 特定小型原付 (from 2023-07-01), 自転車 and 軽車両 are **outside the point system**
  (一般違反行為 covers 自動車 and 一般原付 only, 施行令 第33条の2第1項第1号): a
  violation event naming one is the error ``vehicle_outside_point_system`` at
  ``events[i].vehicle``. A licence suspended for such conduct (e.g. bicycle
  drink-driving) is a ``danger_suspension`` event (法 第103条第1項第8号).
- 新基準原付 (from 2025-04-01) is a 原付 (``licence_class``): a violation on one
  counts as a violation driving a 原付.

A vehicle named before its first dated entry is ``no_table_in_force``.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.kinds import KIND_CODES

OUTSIDE_REFERENCE = "施行令 第33条の2第1項第1号; law-rules §17"


@cache
def _rows() -> dict[str, dict[str, Any]]:
    return params.table("vehicles").rows


def choices() -> tuple[str, ...]:
    """Every value ``vehicle`` may take: the licence kinds, then the vehicles of vehicles.yaml."""
    return KIND_CODES + tuple(_rows())


def vehicle_class(value: Any, day: date, path: str) -> str:
    """The licence kind of the vehicle ``value`` driven on ``day``, or the error at ``path``."""
    if type(value) is str and value in KIND_CODES:
        return value
    row = _rows().get(value) if type(value) is str else None
    if row is None:
        raise RulesError("invalid_value", f"{path} は {' / '.join(choices())} のいずれかです（入力: {value!r}）。", path)
    series: params.Series = row["rule"]
    try:
        rule: dict[str, Any] = series.at(day).value
    except RulesError:
        raise RulesError(
            "no_table_in_force",
            f"{path} の{row['name']}は {day.isoformat()} にはまだ車両の区分として設けられていません"
            f"（{series.starts[0].isoformat()} 以降）。", path) from None
    if not rule["points"]:
        raise RulesError(
            "vehicle_outside_point_system",
            f"{path} の{row['name']}は違反点数制度の対象外です（一般違反行為は自動車と一般原動機付自転車の"
            "運転に限る: 施行令 第33条の2第1項第1号）。点数を付す違反として登録できません。"
            "この運転を理由とする免許の停止は「危険性帯有による停止」（道路交通法 第103条第1項第8号）として入力してください。",
            path)
    return str(rule["licence_class"])
