"""``assess``: points, 前歴 and the disposition the law prescribes (rules-contract §1).

Input validation (each a :class:`RulesError` with the path into the input):
``missing_field``, ``malformed_date``, ``invalid_value`` (enumerations, types),
``invalid_input`` (not an object / not a list), ``unknown_violation``
(``events[i].code``), ``no_table_in_force`` (a violation dated before its
points table: path ``events[i].date``) and ``event_after_as_of``
(``events[i].date``).

The pieces: :mod:`menkyo.rules.points` (one event), :mod:`menkyo.rules.accumulation`
(R1–R5, 前歴), :mod:`menkyo.rules.dispositions` (outcome),
:mod:`menkyo.rules.suspension_course` and :mod:`menkyo.rules.probation`.

Output: the contract's keys (``points``, ``prior_dispositions``,
``includes_specified``, ``outcome``, ``counted_events``, ``trace``) and, when
they apply, extra keys: ``violator_course`` (what follows if the notice is not
attended), ``disqualification`` (拒否: from/until), ``suspension_course_options``
(the course and reduction per grade for a prescribed suspension),
``suspension_course`` (attended courses and the days they took off),
``probationary`` and ``young_driver`` (findings per licence; after an attended
``probationary_course`` / ``young_driver_course`` event, ``retest_required`` /
``revocation_required``).

Licensed time (R6): with ``licences`` given, the person is licensed from the
earliest ``acquired`` date, except from a revocation to the next licence
acquired after it (or, if none is listed, to the end of its 欠格期間). Without
``licences``, a licence holder is taken as licensed throughout (stated in the
trace) and an applicant as never licensed.
"""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any

from menkyo.rules import params
from menkyo.rules import points as points_module
from menkyo.rules.accumulation import (
    SUSPENSION_KINDS,
    Disposition,
    Timeline,
    Violation,
    accumulate,
    merge,
)
from menkyo.rules.dates import add_years
from menkyo.rules.dispositions import decide
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import (
    parse_choice,
    parse_date,
    parse_int,
    parse_licences,
    require_list,
    require_mapping,
)
from menkyo.rules.kinds import KIND_CODES
from menkyo.rules.probation import Course, Licence, probationary, young
from menkyo.rules.suspension_course import GRADES, options, reduction
from menkyo.rules.trace import Trace
from menkyo.rules.vehicles import vehicle_class

# The kinds (card labels) from params/licence_kinds.yaml; the name is kept for importers.
LICENCE_KINDS = KIND_CODES
EVENT_TYPES = ("violation", "suspension", "revocation", "refusal", "deferral", "violator_course",
               "suspension_course", "danger_suspension", "probationary_course", "young_driver_course")
COURSE_TYPES = ("probationary_course", "young_driver_course")
DANGER_REF = "道路交通法 第103条第1項第8号; law-rules §17"
LICENCE_REF = "law-rules §2.1 R6"


def assess_json(data: Any) -> dict[str, Any]:
    """The contract's ``assess``: a JSON-like dict in, a JSON-like dict out."""
    data = require_mapping(data, "")
    as_of = parse_date(data.get("as_of"), "as_of")
    assert as_of is not None
    person = data.get("person")
    birth_date = None
    if person is not None:
        person = require_mapping(person, "person")
        birth_date = parse_date(person.get("birth_date"), "person.birth_date", required=False)
    applicant = data.get("applicant", False)
    if not isinstance(applicant, bool):
        raise RulesError("invalid_value", f"applicant は true / false です（入力: {applicant!r}）。", "applicant")
    licences = _licences(data.get("licences"))
    trace = Trace()
    later: dict[str, list[Course]] = {kind: [] for kind in COURSE_TYPES}
    violations, dispositions, courses, graded = _events(data.get("events"), as_of, trace, later)
    executed_courses = _apply_courses(graded, dispositions, trace)
    violations.sort(key=_by_day)
    dispositions.sort(key=_by_day)
    timeline = _timeline(licences, dispositions, applicant, violations, trace)

    acc = accumulate(violations, dispositions, courses, timeline, as_of, trace)
    decision = decide(acc, dispositions, courses, applicant, as_of, trace, violations)
    result: dict[str, Any] = {
        "points": acc.points,
        "prior_dispositions": acc.prior,
        "includes_specified": acc.includes_specified,
        "outcome": decision.outcome,
        "counted_events": [v.label for v in acc.counted],
    }
    result.update(decision.extra)
    if decision.outcome["action"] == "suspension" and acc.anchor is not None:
        offered = options(int(decision.outcome["days"]), acc.anchor)
        if offered is not None:
            result["suspension_course_options"] = offered
    if executed_courses:
        result["suspension_course"] = executed_courses
    if licences:
        found = probationary(licences, violations, timeline, as_of, trace, later["probationary_course"])
        if found:
            result["probationary"] = found
        if any(licence.special_route for licence in licences):
            result["young_driver"] = young(licences, birth_date, violations, trace, later["young_driver_course"])
    _unmatched_courses(later, licences, "probationary" in result)
    result["trace"] = trace.as_list()
    return result


_by_day = attrgetter("ordinal", "index")  # date order; same-day entries in input order


def _licences(raw: Any) -> list[Licence]:
    found: list[Licence] = []
    for held in parse_licences(raw, LICENCE_KINDS):
        special = held.raw.get("special_route", False)
        if not isinstance(special, bool):
            raise RulesError("invalid_value", f"{held.path}.special_route は true / false です。",
                             f"{held.path}.special_route")
        # A deemed licence (limited: true, 中型8t / 準中型5t) is the 普通 acquired that day (law-rules
        # §6.3): the probationary period is the 普通's (law-rules §4.1).
        found.append(Licence(held.licensed_as, held.acquired, special))
    return found


def _day(value: Any, i: int) -> date:
    """``events[i].date`` that is not an ISO string: :func:`parse_date` (a ``date``, or the error)."""
    found = parse_date(value, f"events[{i}].date")
    assert found is not None
    return found


def _events(raw: Any, as_of: date, trace: Trace, later: dict[str, list[Course]]
            ) -> tuple[list[Violation], list[Disposition], list[date], list[tuple[int, date, str | None, int | None]]]:
    rows = points_module.rows()
    violations: list[Violation] = []
    dispositions: list[Disposition] = []
    courses: list[date] = []
    graded: list[tuple[int, date, str | None, int | None]] = []
    for i, item in enumerate(require_list(raw, "events")):
        if not isinstance(item, dict):
            raise RulesError("invalid_input", f"events[{i}] は JSON オブジェクトでなければなりません。", f"events[{i}]")
        kind = item.get("type")
        if kind not in EVENT_TYPES:
            if kind is None:
                raise RulesError("missing_field", f"events[{i}].type は必須です。", f"events[{i}].type")
            parse_choice(kind, EVENT_TYPES, f"events[{i}].type")
        raw_day: Any = item.get("date")
        try:
            day = date.fromisoformat(raw_day)  # the usual YYYY-MM-DD string
        except (TypeError, ValueError):
            day = _day(raw_day, i)  # a date object, or the error with its path
        if day > as_of:
            raise RulesError("event_after_as_of", f"events[{i}].date {day.isoformat()} が判定日 as_of "
                             f"{as_of.isoformat()} より後です。", f"events[{i}].date")
        if kind == "violation":
            _violation(i, item, day, rows, trace, violations)
            continue
        path = f"events[{i}]"
        if kind in ("suspension", "deferral"):
            days = parse_int(item.get("days"), f"{path}.days", minimum=1)
            ordinal = day.toordinal()
            dispositions.append(Disposition(i, kind, day, ordinal, days, 0, ordinal + days - 1))
        elif kind == "danger_suspension":
            dispositions.append(_danger_suspension(i, item, day, trace))
        elif kind in ("revocation", "refusal"):
            years = parse_int(item.get("disqualification_years"), f"{path}.disqualification_years", minimum=1)
            ordinal = day.toordinal()
            dispositions.append(Disposition(i, kind, day, ordinal, 0, years, ordinal))
        elif kind == "violator_course":
            courses.append(day)
        elif kind in COURSE_TYPES:
            held = item.get("kind")
            if held is not None:
                held = parse_choice(held, LICENCE_KINDS, f"{path}.kind")
            later[kind].append(Course(i, day, held))
        else:
            grade = item.get("grade")
            reduced = item.get("days_reduced")
            if grade is None and reduced is None:
                raise RulesError("missing_field", f"{path} には grade（優/良/可/不可）か days_reduced が必要です。",
                                 f"{path}.grade")
            if grade is not None:
                grade = parse_choice(grade, GRADES, f"{path}.grade")
            if reduced is not None:
                reduced = parse_int(reduced, f"{path}.days_reduced")
            graded.append((i, day, grade, reduced))
    return violations, dispositions, courses, graded


def _unmatched_courses(later: dict[str, list[Course]], licences: list[Licence], has_probationary: bool) -> None:
    """A 初心/若年 course event with no period to apply to is an error, never silently ignored."""
    if later["probationary_course"] and not has_probationary:
        i = later["probationary_course"][0].index
        raise RulesError("invalid_value", f"events[{i}] の初心運転者講習: 入力された免許に初心運転者期間のある免許"
                         "（取得から1年以内の準中型・普通・大自二・普自二・原付）がありません。", f"events[{i}].date")
    if later["young_driver_course"] and not any(licence.special_route for licence in licences):
        i = later["young_driver_course"][0].index
        raise RulesError("invalid_value", f"events[{i}] の若年運転者講習: 入力された免許に受験資格特例による免許"
                         "がありません。", f"events[{i}].date")


def _danger_suspension(i: int, item: dict[str, Any], day: date, trace: Trace) -> Disposition:
    """危険性帯有による停止 (法 §103①八): days without points; 前歴 per the parameter (an assumption)."""
    path = f"events[{i}]"
    try:
        entry = params.in_force("danger_suspension", day)
    except RulesError as error:
        raise RulesError(error.code, error.message, f"{path}.date") from None
    rule: dict[str, Any] = entry.value
    days = parse_int(item.get("days"), f"{path}.days", minimum=1)
    if days > int(rule["max_days"]):
        raise RulesError("invalid_value", f"{path}.days {days} は危険性帯有による停止の上限 {rule['max_days']}日"
                         "（6か月）を超えています。", f"{path}.days")
    ordinal = day.toordinal()
    counts = bool(rule["counts_as_prior"])
    found = Disposition(i, "danger_suspension", day, ordinal, days, 0, ordinal + days - 1, counts)
    trace.add("danger_suspension",
              f"{found.label}: 点数によらない危険性帯有による停止（法第103条第1項第8号、{rule['max_days']}日以内）。"
              + ("前歴として数え、停止期間は無違反期間に数えない" if counts else "前歴には数えない")
              + f"［仮定: {entry.note}］", entry.reference, assumption=entry.assumption)
    return found


def _violation(i: int, item: dict[str, Any], day: date, rows: dict[str, points_module.ViolationRow],
               trace: Trace, out: list[Violation]) -> None:
    code = item.get("code")
    row = rows.get(code) if type(code) is str else None
    if row is None:
        if code is None:
            raise RulesError("missing_field", f"events[{i}].code は必須です。", f"events[{i}].code")
        raise RulesError("unknown_violation", f"違反コード {code!r} は違反行為の一覧にありません。", f"events[{i}].code")
    alcohol = item.get("alcohol")
    if alcohol is None:
        alcohol = "none"
    elif alcohol not in points_module.ALCOHOL_LEVELS:
        parse_choice(alcohol, points_module.ALCOHOL_LEVELS, f"events[{i}].alcohol", "none")
    hit_and_run = item.get("hit_and_run")
    if hit_and_run is None:
        hit_and_run = "none"
    elif hit_and_run not in points_module.HIT_AND_RUN:
        parse_choice(hit_and_run, points_module.HIT_AND_RUN, f"events[{i}].hit_and_run", "none")
    vehicle = item.get("vehicle")
    if vehicle is not None and vehicle not in LICENCE_KINDS:
        # 新基準原付 → 原付; 特定小型原付 / 自転車 / 軽車両 are refused (law-rules §17)
        vehicle = vehicle_class(vehicle, day, f"events[{i}].vehicle")
    severity: str | None = None
    sole = False
    accident = item.get("accident")
    if accident is not None:
        path = f"events[{i}]"
        accident = require_mapping(accident, f"{path}.accident")
        raw = accident.get("severity")
        if raw is None:
            raise RulesError("missing_field", f"{path}.accident.severity は必須です。", f"{path}.accident.severity")
        severity = parse_choice(raw, points_module.SEVERITY_CHOICES, f"{path}.accident.severity")
        severity = points_module.SEVERITY_ALIASES.get(severity, severity)
        raw_sole = accident.get("sole_fault")
        if not isinstance(raw_sole, bool):
            code_ = "missing_field" if raw_sole is None else "invalid_value"
            raise RulesError(code_, f"{path}.accident.sole_fault は true（専ら）/ false（専ら以外）です。",
                             f"{path}.accident.sole_fault")
        sole = raw_sole
    scored = points_module.score_cached(row, day, alcohol, severity, sole, hit_and_run, i)
    day_iso = day.isoformat()
    ordinal = day.toordinal()
    # One trace line per event: appended directly (what Trace.add does, without its keyword handling).
    line: dict[str, Any] = {"step": "points", "detail": f"{day_iso} {scored.detail}", "reference": scored.reference}
    if scored.assumption:
        line["assumption"] = True
    trace.steps.append(line)
    out.append(Violation(i, day, ordinal, row, scored.points, scored.basic,
                         severity is not None or hit_and_run != "none", vehicle, f"{day_iso} {row.code}"))
    if hit_and_run == "injury" and row.code != points_module.FAILURE_TO_AID:
        aid = rows[points_module.FAILURE_TO_AID]
        aid_points = points_module.basic_points(aid, day, i)
        trace.add("points", f"{day_iso} ひき逃げ: 特定違反行為 failure_to_aid（{aid.name}）{aid_points}点を"
                  "原因の違反と付加点数に加えて数える", f"{aid.reference}; law-rules §1.3 rule 4")
        out.append(Violation(i, day, ordinal, aid, aid_points, aid_points, True, vehicle, f"{day_iso} {aid.code}"))


def _apply_courses(graded: list[tuple[int, date, str | None, int | None]], dispositions: list[Disposition],
                   trace: Trace) -> list[dict[str, Any]]:
    """停止処分者講習: shorten the suspension each course belongs to (the latest one begun by then)."""
    executed: list[dict[str, Any]] = []
    for i, day, grade, reduced in graded:
        target = None
        for p in dispositions:
            if p.kind in SUSPENSION_KINDS and p.day <= day and (target is None or p.day >= target.day):
                target = p
        day_iso = day.isoformat()
        if target is None:
            raise RulesError("invalid_value", f"events[{i}] の停止処分者講習の日 {day_iso} 以前に停止処分がありません。",
                             f"events[{i}].date")
        if reduced is None:
            assert grade is not None
            found = reduction(target.days, grade, target.day, day)
            reduced = found.days_reduced
            note = f"［仮定: {found.note}］" if found.assumption else (f"（{found.note}）" if found.note else "")
            trace.add("suspension_course", f"{target.label} に対し {day_iso} {found.course}受講・成績{grade} → "
                      f"{reduced}日短縮、停止 {target.days - reduced}日{note}", found.reference,
                      assumption=found.assumption)
        else:
            if reduced >= target.days:
                raise RulesError("invalid_value", f"events[{i}].days_reduced {reduced} は停止日数 {target.days} 以上です。",
                                 f"events[{i}].days_reduced")
            trace.add("suspension_course", f"{target.label} に対し {day_iso} 停止処分者講習で{reduced}日短縮"
                      f"（入力値）、停止 {target.days - reduced}日", "道路交通法 第108条の2第1項第3号; law-rules §3.6")
        remaining = target.days - reduced
        target.end = target.ordinal + remaining - 1
        executed.append({"date": day_iso, "suspension_date": target.day.isoformat(),
                         "suspension_days": target.days, "grade": grade, "days_reduced": reduced,
                         "days_remaining": remaining, "last_day": date.fromordinal(target.end).isoformat()})
    return executed


def _timeline(licences: list[Licence], dispositions: list[Disposition], applicant: bool,
              violations: list[Violation], trace: Trace) -> Timeline:
    """Unlicensed and suspended days for R2/R4/R6 (merged intervals of ordinals)."""
    unlicensed: list[tuple[int, int]] = []
    suspended = [(p.ordinal, p.end) for p in dispositions if p.kind in SUSPENSION_KINDS]
    acquired = sorted(licence.acquired.toordinal() for licence in licences)
    if acquired:
        unlicensed.append((date.min.toordinal(), acquired[0] - 1))
    elif applicant:
        unlicensed.append((date.min.toordinal(), date.max.toordinal()))
    elif len(violations) > 1 or dispositions:
        trace.add("licensed_time", "licences の記載がないため、全期間免許を受けていたものとして無違反期間を数えた。",
                  LICENCE_REF, assumption=True)
    for p in dispositions:
        if p.kind != "revocation":
            continue
        later = [a for a in acquired if a > p.ordinal]
        if later:
            unlicensed.append((p.ordinal, later[0] - 1))
        else:
            end = add_years(p.day, p.years).toordinal() - 1
            unlicensed.append((p.ordinal, end))
            if licences or not applicant:
                trace.add("licensed_time", f"{p.label} の後の免許取得日の記載がないため、欠格期間の終わりまで"
                          "無免許とした。", LICENCE_REF, assumption=True)
    unlicensed = merge(unlicensed)
    return Timeline(unlicensed, merge(unlicensed + suspended), merge(suspended))
