"""初心運転者 (law-rules §4.1) and 若年運転者 (§4.2) findings.

初心運転者期間: one year from acquiring a 準中型/普通/大自二/普自二/原付 licence
(the acquisition day is the first day; the period ends the day before the
anniversary), lengthened by days under 停止, and ended early by a higher
licence (原付 → 二輪/普通/準中型, 普自二 → 大自二). Only violations committed
driving that class count (an event's ``vehicle`` equal to the licence kind;
§13 例15: 原付 1 point + car 2 points do not qualify for a 普通 probationer).
An event without ``vehicle`` is counted for every probationary licence (stated
as an assumption).

Criterion (both periods): 3 points from violations of 1–2 points, or 4 points
when one of them was a single 3-point violation, or a single violation of 4 or
more — i.e. total ≥ 4, or total = 3 from two or more violations.

若年運転者期間: from acquiring a licence through the 受験資格特例
(``licences[].special_route: true``, from 2022-05-13) until the day before the
21st (大型・二種) or 20th (中型) birthday. All violations count (assumption).

After the course (law-rules §4.1 再試験, §4.2): an attended course is the event
``probationary_course`` / ``young_driver_course`` (``date``, optional ``kind``).
Only violations after the course day and within the period are counted again
(an assumption stated in the trace); meeting the criterion again gives
``retest_required: true`` (再試験, 法 §100の3) or ``revocation_required: true``
(the 特例 licence is revoked). Without a course event the engine does not infer
that the course was skipped: the flag is ``null`` and the trace says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.accumulation import Timeline, Violation, overlap
from menkyo.rules.dates import add_years, birthday_in
from menkyo.rules.errors import RulesError
from menkyo.rules.trace import Trace


@dataclass(frozen=True, slots=True)
class Licence:
    kind: str
    acquired: date
    special_route: bool


@dataclass(frozen=True, slots=True)
class Course:
    """An attended 初心運転者講習 / 若年運転者講習 (``events[index]``); ``kind`` None when not given."""

    index: int
    day: date
    kind: str | None


RETEST_REF = "道路交通法 第100条の3第1項; law-rules §4.1 [S56,S54,S57]"
YOUNG_AFTER_REF = "law-rules §4.2 [P18,P20]"
YOUNG_CONSEQUENCE = "特例による免許の取消"
AFTER_COURSE_NOTE = "講習を受けた日の翌日から期間の末日までの違反だけを数えた（受講前・受講日の違反は数えない）"


def _young_reference() -> str:
    """The statute of the 若年運転者 rule (the first entry's reference without the research notes)."""
    return params.series("young_driver").entries[0].reference.split("; law-rules")[0]


@cache
def _first(name: str) -> date:
    return params.series(name).starts[0]


def meets(points: list[int], criteria: dict[str, Any]) -> bool:
    """The 初心/若年 criterion for the points of the violations in the period (in order)."""
    total = sum(points)
    if total >= int(criteria["total_after_single_3"]) or any(p >= int(criteria["single"]) for p in points):
        return True
    return total >= int(criteria["total"]) and len(points) >= 2


def _evaluate(violations: list[Violation], criteria: dict[str, Any]) -> tuple[int, date | None]:
    running: list[int] = []
    met: date | None = None
    for v in violations:
        running.append(v.points)
        if met is None and meets(running, criteria):
            met = v.day
    return sum(running), met


@dataclass(slots=True)
class _Period:
    """One licence's period while the courses are matched to it."""

    kind: str
    end: date
    met: date | None
    counted: list[Violation]
    criteria: dict[str, Any]
    found: dict[str, Any]


def _match_courses(courses: list[Course], periods: list[_Period], course_name: str, period_name: str
                   ) -> dict[int, Course]:
    """The first course attended in each period on or after the day its criterion was met (position → course).

    A course naming a kind without such a period, or matching no period, is ``invalid_value``; a course
    without ``kind`` that fits more than one period is ``missing_field`` at ``events[i].kind``.
    """
    matched: dict[int, Course] = {}
    for course in sorted(courses, key=lambda c: (c.day, c.index)):
        path = f"events[{course.index}]"
        if course.kind is not None and not any(p.kind == course.kind for p in periods):
            raise RulesError("invalid_value", f"{path} の{course_name}: {course.kind}の{period_name}がありません"
                             "（入力された免許を確認してください）。", f"{path}.kind")
        fits = [j for j, p in enumerate(periods)
                if p.met is not None and p.met <= course.day and course.kind in (None, p.kind)]
        if not fits:
            raise RulesError("invalid_value", f"{path} の{course_name}（{course.day.isoformat()}）の前に、"
                             f"{period_name}中に基準に該当した記録がありません（講習は基準該当の後に受けるものです）。",
                             f"{path}.date")
        if len(fits) > 1:
            kinds = "・".join(periods[j].kind for j in fits)
            raise RulesError("missing_field", f"{path} の{course_name}は複数の{period_name}（{kinds}）に当てはまります。"
                             "どの免許の講習か、免許の種類を指定してください。", f"{path}.kind")
        matched.setdefault(fits[0], course)
    return matched


def _after_course(periods: list[_Period], matched: dict[int, Course], flag: str, course_name: str,
                  consequence: str, step: str, reference: str, trace: Trace, then: str = "") -> None:
    """Count the violations after each course; set ``flag`` (true/false, or null when no course is recorded).

    Only a period whose criterion was met gets the keys ``course_date``, ``points_after_course``,
    ``met_again_on`` and ``flag``.
    """
    for j, period in enumerate(periods):
        if period.met is None:
            continue  # no course to take: the keys are absent
        found = period.found
        course = matched.get(j)
        found.update({"course_date": None, "points_after_course": None, "met_again_on": None, flag: None})
        if course is None:
            trace.add(step, f"{period.kind}: {course_name}の受講記録がないため、講習後の判定はしていない"
                      f"（受講しなかったとはみなさない）。受講しなかった場合は{consequence}の対象", reference)
            continue
        after = [v for v in period.counted if course.day < v.day <= period.end]
        total, again = _evaluate(after, period.criteria)
        found.update({"course_date": course.day.isoformat(), "points_after_course": total,
                      "met_again_on": again.isoformat() if again else None, flag: again is not None})
        if again is not None:
            found["consequence"] = consequence
        trace.add(step, f"{period.kind}: {course.day.isoformat()} {course_name}受講。受講後、期間の末日 "
                  f"{period.end.isoformat()} までの違反 {total}点 → "
                  + (f"再び基準該当（{again.isoformat()}） → {consequence}{then}" if again else "基準非該当")
                  + f"［仮定: {AFTER_COURSE_NOTE}］", reference, assumption=True)


def probationary(licences: list[Licence], violations: list[Violation], timeline: Timeline,
                 as_of: date, trace: Trace, courses: list[Course] | None = None) -> list[dict[str, Any]]:
    """初心運転者期間 of each licence concerned, whether the criteria are met, and after the course (再試験)."""
    found: list[dict[str, Any]] = []
    periods: list[_Period] = []
    first = _first("probationary_driver")
    for licence in licences:
        if licence.acquired < first:
            continue
        entry = params.in_force("probationary_driver", licence.acquired)
        rule: dict[str, Any] = entry.value
        if licence.kind not in rule["kinds"]:
            continue
        start = licence.acquired
        end = add_years(start, int(rule["period_years"])) - timedelta(days=1)
        ended_by = ""
        for other in licences:
            if other.kind in rule["ended_by"].get(licence.kind, ()) and start < other.acquired <= end:
                end = other.acquired - timedelta(days=1)
                ended_by = f"（{other.acquired.isoformat()} の{other.kind}免許取得で終了）"
        suspended = overlap(timeline.suspended, start.toordinal(), end.toordinal()) if not ended_by else 0
        end += timedelta(days=suspended)
        inside = [v for v in violations if start <= v.day <= end]
        if not inside and not start <= as_of <= end:
            continue
        counted = [v for v in inside if v.vehicle is None or v.vehicle == licence.kind]
        other_class = [v.label for v in inside if v.vehicle is not None and v.vehicle != licence.kind]
        unknown = [v.label for v in counted if v.vehicle is None]
        total, met = _evaluate(counted, rule["criteria"])
        found.append({
            "kind": licence.kind,
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "points": total,
            "meets_criteria": met is not None,
            "met_on": met.isoformat() if met else None,
            "consequence": "初心運転者講習" if met else None,
        })
        periods.append(_Period(licence.kind, end, met, counted, rule["criteria"], found[-1]))
        pieces = [f"{licence.kind}の初心運転者期間 {start.isoformat()}〜{end.isoformat()}{ended_by}"]
        if suspended:
            pieces.append(f"（停止期間{suspended}日を延長）")
        pieces.append(f": 期間中の{licence.kind}での違反 {total}点")
        if other_class:
            pieces.append(f"（他の種類の車両での違反 {', '.join(other_class)} は数えない）")
        pieces.append(f" → 基準{'該当（初心運転者講習の通知）' if met else '非該当'}")
        if unknown:
            pieces.append(f"［仮定: vehicle の記載がない違反 {', '.join(unknown)} はこの免許の種類での違反として数えた］")
        trace.add("probationary", "".join(pieces), entry.reference,
                  assumption=bool(unknown) or entry.assumption)
    matched = _match_courses(courses or [], periods, "初心運転者講習", "初心運転者期間")
    _after_course(periods, matched, "retest_required", "初心運転者講習", "再試験", "probationary_course",
                  RETEST_REF, trace, "（期間の経過後に行う。不合格・不受験は初心運転者の免許の取消、欠格期間なし）")
    return found


def young(licences: list[Licence], birth_date: date | None, violations: list[Violation],
          trace: Trace, courses: list[Course] | None = None) -> list[dict[str, Any]]:
    """若年運転者期間 of each 特例 licence, whether the criterion is met, and after the course (取消)."""
    found: list[dict[str, Any]] = []
    periods: list[_Period] = []
    first = _first("young_driver")
    for position, licence in enumerate(licences):
        if not licence.special_route:
            continue
        if birth_date is None:
            raise RulesError("missing_field", "若年運転者期間の判定には person.birth_date が必要です。",
                             "person.birth_date")
        if licence.acquired < first:
            raise RulesError("invalid_value", f"受験資格特例は {first.isoformat()} から施行されています"
                             f"（取得日 {licence.acquired.isoformat()}）。", f"licences[{position}].acquired")
        entry = params.in_force("young_driver", licence.acquired)
        rule: dict[str, Any] = entry.value
        age = rule["end_age"].get(licence.kind)
        if age is None:
            raise RulesError("invalid_value", f"{licence.kind}は受験資格特例の対象ではありません"
                             "（大型・中型・第二種）。", f"licences[{position}].special_route")
        end = birthday_in(birth_date.year + int(age), birth_date) - timedelta(days=1)
        inside = [v for v in violations if licence.acquired <= v.day <= end]
        total, met = _evaluate(inside, rule["criteria"])
        found.append({
            "kind": licence.kind,
            "period_start": licence.acquired.isoformat(),
            "period_end": end.isoformat(),
            "points": total,
            "meets_criteria": met is not None,
            "met_on": met.isoformat() if met else None,
            "consequence": "若年運転者講習" if met else None,
        })
        periods.append(_Period(licence.kind, end, met, inside, rule["criteria"], found[-1]))
        trace.add("young_driver",
                  f"{licence.kind}（受験資格特例）の若年運転者期間 {licence.acquired.isoformat()}〜{end.isoformat()}"
                  f"（{age}歳になるまで）: 期間中の違反 {total}点 → 基準{'該当（若年運転者講習の通知）' if met else '非該当'}"
                  "［仮定: 車両の種類を問わず期間中のすべての違反を数えた］",
                  entry.reference, assumption=True)
    matched = _match_courses(courses or [], periods, "若年運転者講習", "若年運転者期間")
    _after_course(periods, matched, "revocation_required", "若年運転者講習", YOUNG_CONSEQUENCE,
                  "young_driver_course", f"{YOUNG_AFTER_REF}; {_young_reference()}", trace)
    return found
