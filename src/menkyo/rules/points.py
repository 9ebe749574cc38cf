"""Points of one violation (違反点数): basic points, 酒気帯び columns, 付加点数.

law-rules §1 and the parameter files ``violations.yaml`` (施行令 別表第二) and
``accident_points.yaml`` (別表第二 備考, 付加点数):

- The basic points are those of the row in force on the **violation date**
  (law-rules §0). A date before the row's first value is ``no_table_in_force``.
- ``alcohol`` (``lt025`` = 呼気0.15以上0.25未満, ``ge025`` = 0.25以上): when the
  row has 酒気帯び columns they **replace** the basic points (§1.1, §13 例10).
  When it has none, the act is also 酒気帯び運転, and of simultaneous
  violations only the highest value applies (別表第二 備考一1, law-rules §16):
  the engine scores ``max(basic, 酒気帯び運転 of that level)`` and marks it as
  an assumption.
- Accident severities (``accident.severity``), the canonical names of
  shared/spec/violations.yaml plus ``building_damage`` (建造物損壊):
  ``fatal`` 死亡, ``injury_3m`` 治療3月以上又は後遺障害, ``injury_30d`` 30日以上,
  ``injury_15d`` 15日以上, ``injury_under_15d`` 15日未満, ``building_damage``.
  The spellings ``injury_3m_plus``, ``injury_30d_plus`` and ``injury_15d_plus``
  are accepted as aliases. ``sole_fault`` true = 専ら, false = 専ら以外.
  Accident points are added to general violations and to 酒酔い/麻薬等運転, never
  to 運転殺人等, 運転傷害等, 危険運転致死傷 (§1.3 rule 3; the row's
  ``accident_points`` flag).
- ``hit_and_run: property`` (あて逃げ) adds 5 付加点数; ``hit_and_run: injury``
  (ひき逃げ) adds the specified violation ``failure_to_aid`` (35) as a separate
  counted violation on the same day (§1.3 rule 4).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.params import Series

SEVERITIES = ("fatal", "injury_3m", "injury_30d", "injury_15d", "injury_under_15d", "building_damage")
SEVERITY_ALIASES = {"injury_3m_plus": "injury_3m", "injury_30d_plus": "injury_30d",
                    "injury_15d_plus": "injury_15d"}
SEVERITY_CHOICES = SEVERITIES + tuple(SEVERITY_ALIASES)
ALCOHOL_LEVELS = ("none", "lt025", "ge025")
HIT_AND_RUN = ("none", "property", "injury")
DRINK_ROWS = {"lt025": "drink_driving_lt025", "ge025": "drink_driving_ge025"}
FAILURE_TO_AID = "failure_to_aid"
ACCIDENT_REFERENCE = "施行令 別表第二 備考（付加点数）; law-rules §1.3"


@dataclass(frozen=True, slots=True)
class ViolationRow:
    """One row of 別表第二 as the engine uses it."""

    code: str
    name: str
    specified: bool
    points: Series
    alcohol: Series | None
    accident_points: bool
    accident_note: str
    status: str
    note: str
    reference: str
    disq: int | None


@cache
def rows() -> dict[str, ViolationRow]:
    """Every violation row by code (built once from ``violations.yaml``)."""
    built: dict[str, ViolationRow] = {}
    for code, row in params.table("violations").rows.items():
        built[code] = ViolationRow(
            code=code,
            name=str(row["name"]),
            specified=row["kind"] == "specified",
            points=row["points"],
            alcohol=row.get("alcohol"),
            accident_points=bool(row.get("accident_points", True)),
            accident_note=str(row.get("accident_points_note", "")),
            status=str(row["status"]),
            note=str(row.get("note", "")),
            reference=str(row["reference"]),
            disq=row.get("disq"),
        )
    return built


@cache
def accident_table() -> params.Series:
    return params.series("accident_points")


@cache
def _changes(code: str) -> tuple[date, ...]:
    """Every date on which anything that scores ``code`` changes (its row, 酒気帯び, 付加点数)."""
    row = rows()[code]
    found = set(row.points.starts) | set(accident_table().starts)
    if row.alcohol is not None:
        found |= set(row.alcohol.starts)
    for drink in DRINK_ROWS.values():
        found |= set(rows()[drink].points.starts)
    return tuple(sorted(found))


_SCORED: dict[tuple[str, int, str, str | None, bool, str], Scored] = {}


def score_cached(row: ViolationRow, day: date, alcohol: str, severity: str | None, sole_fault: bool,
                 hit_and_run: str, index: int) -> Scored:
    """:func:`score`, memoised per period in which none of its tables changes (results are equal)."""
    key = (row.code, bisect_right(_changes(row.code), day), alcohol, severity, sole_fault, hit_and_run)
    found = _SCORED.get(key)
    if found is None:
        found = score(row, day, alcohol, severity, sole_fault, hit_and_run, index)
        _SCORED[key] = found
    return found


@dataclass(frozen=True, slots=True)
class Scored:
    """The points of one violation and how they were found."""

    points: int
    basic: int  # the violation's own 別表第二 value (酒気帯び column included, 付加点数 excluded)
    detail: str
    reference: str
    assumption: bool


def basic_points(row: ViolationRow, day: date, index: int) -> int:
    """The basic points in force on ``day`` (``no_table_in_force`` at ``events[index].date``)."""
    try:
        value: int = row.points.at(day).value
    except RulesError as error:
        raise RulesError(
            "no_table_in_force",
            f"{row.code}（{row.name}）の点数は {day.isoformat()} には施行されていません"
            f"（{row.points.starts[0].isoformat()} 以降）。",
            f"events[{index}].date",
        ) from error
    return value


def score(row: ViolationRow, day: date, alcohol: str, severity: str | None, sole_fault: bool,
          hit_and_run: str, index: int) -> Scored:
    """Points of one violation event (basic or 酒気帯び column, + 付加点数)."""
    basic = basic_points(row, day, index)
    # A row may be unconfirmed only in part (e.g. its 酒気帯び columns) while its points
    # are confirmed: the points entry's own status decides for a plain violation.
    unconfirmed_row = row.status != "confirmed"
    assumption = unconfirmed_row and row.points.at(day).assumption
    reference = row.reference
    parts: list[str] = []
    if alcohol == "none":
        points = basic
        parts.append(f"{row.code}（{row.name}）{basic}点")
    elif row.alcohol is not None:
        column: dict[str, int] = row.alcohol.at(day).value
        points = column[alcohol]
        parts.append(f"{row.code}（{row.name}）酒気帯び{_level(alcohol)}の欄 {points}点（基礎点数{basic}点に代えて）")
    else:
        drink = rows()[DRINK_ROWS[alcohol]]
        drink_points = basic_points(drink, day, index)
        points = max(basic, drink_points)
        assumption = True
        parts.append(
            f"{row.code}（{row.name}）{basic}点に酒気帯びの欄がないため、同時の違反は高い方の点数による"
            f"（別表第二 備考一1）と仮定し、{drink.code} {drink_points}点と比べて {points}点"
        )
        reference = f"{reference}; 別表第二 備考一1; law-rules §16"
    if unconfirmed_row and (assumption or alcohol != "none"):
        parts.append(f"［未確認の行: {row.note}］")
    own = points
    if severity is not None:
        if row.accident_points:
            table: dict[str, Any] = accident_table().at(day).value["severities"]
            grade = table[severity]
            extra = int(grade["sole" if sole_fault else "shared"])
            points += extra
            fault = "専ら" if sole_fault else "専ら以外"
            parts.append(f"+ 付加点数 {severity}（{grade['name']}、{fault}）{extra}点")
            reference = f"{reference}; {ACCIDENT_REFERENCE}"
            if row.accident_note:
                assumption = True
                parts.append(f"［仮定: {row.accident_note}］")
        else:
            parts.append("（この違反の点数は被害を含むため付加点数は加えない: law-rules §1.3）")
    if hit_and_run == "property":
        extra = int(accident_table().at(day).value["hit_and_run_property"])
        points += extra
        parts.append(f"+ あて逃げ {extra}点")
        reference = f"{reference}; {ACCIDENT_REFERENCE}"
    detail = " ".join(parts) + f" = {points}点"
    return Scored(points, own, detail, reference, assumption)


def _level(alcohol: str) -> str:
    return "（0.25未満）" if alcohol == "lt025" else "（0.25以上）"
