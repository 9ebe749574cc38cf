"""Renewal (更新): window, driver class, validity, expiry and requirements.

rules-contract §2; law-rules §5 (with the closures of §16), §10 and §13
examples 16–18. Every table is a dated parameter file in ``params/``:
``renewal_window``, ``renewal_classes``, ``validity_years``,
``renewal_lecture_minutes``, ``early_renewal``, ``first_licence``,
``elderly_requirements``, ``driving_skill_test_violations``,
``temporary_cognitive_test_violations`` and (owned by the assessment)
``violations``.

The computation, in the order of the trace:

1. 特定誕生日: the birthday immediately before ``current_expiry``; the printed
   expiry must be one month after it (法 §92の2). Renewal window: one month
   before that birthday up to the expiry, the end rolled over closed days.
2. A normal renewal must be applied for inside the window; an application
   before it is an early renewal (``early_renewal: true``, 法 §101の2) and one
   before it without the flag, or after the window, is the error
   ``application_outside_window`` (the licence would have lapsed: §5.6).
3. 基準日 = 特定誕生日 − 40 days (early renewal: the application date when that
   is earlier). Violations in the 5 years before it — the 基準日 itself outside —
   decide 優良 / 一般 / 違反 / 初回 (施行令 §33の7).
4. Validity 5/4/3 years by class and age (age before the 特定誕生日; early
   renewal: age on the application date). Printed expiry = one month after the
   Nth birthday; ``valid_through`` rolls it over closed days.
5. Lecture by class; 高齢者講習 at 70+, 認知機能検査 and 運転技能検査 at 75+, the
   age taken on the last day of the window (法 §101の4); 臨時認知機能検査
   triggers (75+ at one of the 18 violations) are listed.

The hot path is light: parameters are resolved once per date (cached) and the
holiday look-ups of :mod:`menkyo.rules.dates` are cached.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import (
    add_years,
    age_on,
    birthday_in,
    expiry_after_birthdays,
    months_after,
    one_month_after,
    roll_back,
    roll_forward,
)
from menkyo.rules.errors import RulesError
from menkyo.rules.fees import renewal_fees
from menkyo.rules.holding import holding_forms, mynumber_licence_from
from menkyo.rules.inputs import (
    parse_choice,
    parse_date,
    parse_licences,
    require_list,
    require_mapping,
)
from menkyo.rules.kinds import condition_text
from menkyo.rules.params import Entry, Series
from menkyo.rules.vehicles import vehicle_class

EVENT_TYPES = (
    "violation",
    "suspension",
    "revocation",
    "refusal",
    "deferral",
    "violator_course",
    "suspension_course",
    "danger_suspension",
    "probationary_course",
    "young_driver_course",
)
ALCOHOL = ("none", "lt025", "ge025")
HIT_AND_RUN = ("none", "property", "injury")
HOLDING_FORMS = ("card", "mynumber", "both")
COLOURS = {"優良": "gold"}  # every other renewal class is blue (law-rules §10)
_ONE_DAY = timedelta(days=1)
EXPIRY_REFERENCE = "道路交通法 第92条の2第1項・第4項, 施行令 第33条の8 (law-rules §5.1, §5.2)"


# ---------------------------------------------------------------------------
# Parameters, resolved once per date


@lru_cache(maxsize=1)
def _tables() -> dict[str, Any]:
    """Static look-ups built once from the parameter files."""
    elderly = params.table("elderly_requirements").rows
    skill = params.table("driving_skill_test_violations").rows
    temporary = params.table("temporary_cognitive_test_violations").rows
    skill_codes: dict[str, str] = {}
    for row in skill.values():
        for code in row["violations"]:
            skill_codes[code] = row["name"]
    temporary_codes: dict[str, str] = {}
    for row in temporary.values():
        for code in row["violations"]:
            temporary_codes.setdefault(code, row["name"])
    return {
        "violations": params.table("violations").rows,
        "kinds": frozenset(params.table("licence_kinds").rows),
        "elderly": elderly,
        "skill_codes": skill_codes,
        "skill_kinds": frozenset(elderly["driving_skill_test"]["kinds"]),
        "skill_vehicles": frozenset(elderly["driving_skill_test"]["counted_vehicles"]),
        "skill_unknown_note": str(elderly["driving_skill_test"]["unknown_vehicle_note"]).strip(),
        "ordinary_kinds": frozenset(elderly["elderly_course_minutes"]["ordinary_kinds"]),
        "temporary_codes": temporary_codes,
        "temporary_series": elderly["temporary_cognitive_test"]["rule"],
        # The lowest age any 臨時認知機能検査 rule uses: a quick skip for younger
        # drivers (the dated rule is still applied to each violation that passes).
        "temporary_min_age": min(
            e.value["age"] for e in elderly["temporary_cognitive_test"]["rule"].entries if e.value["age"] is not None
        ),
    }


@lru_cache(maxsize=8192)
def _rules_on(day: date) -> dict[str, Entry]:
    """Every renewal parameter in force on the decision date ``day``."""
    elderly = _tables()["elderly"]
    return {
        "window": params.in_force("renewal_window", day),
        "classes": params.in_force("renewal_classes", day),
        "validity": params.in_force("validity_years", day),
        "lecture": params.in_force("renewal_lecture_minutes", day),
        "early": params.in_force("early_renewal", day),
        "first": params.in_force("first_licence", day),
        "course": elderly["elderly_course"]["rule"].at(day),
        "replaces": elderly["elderly_replaces_lecture"]["rule"].at(day),
        "cognitive": elderly["cognitive_test"]["rule"].at(day),
        "skill": elderly["driving_skill_test"]["rule"].at(day),
        "online": params.in_force("online_renewal_lecture", day),
        "via": params.in_force("via_renewal", day),
    }


@lru_cache(maxsize=4096)
def _course_minutes(birthday: date) -> Entry:
    """高齢者講習 length, keyed on the 特定誕生日 (law-rules §12: 2022-10-12)."""
    series: Series = _tables()["elderly"]["elderly_course_minutes"]["rule"]
    return series.at(birthday)


@lru_cache(maxsize=65536)
def _base_points(code: str, day: date, alcohol: str) -> int:
    """Basic points of a violation committed on ``day`` (table in force that day)."""
    row = _tables()["violations"][code]
    if alcohol != "none" and "alcohol" in row:
        column: dict[str, int] = row["alcohol"].at(day).value
        return column[alcohol]
    points: int = row["points"].at(day).value
    return points


@lru_cache(maxsize=65536)
def _calendar(
    month: int, day: int, expiry: date, months_before: int, offset_days: int, lookback_years: int
) -> tuple[date, date, date, str, str, str, str, date, str]:
    """Dates fixed by the birthday (month, day) and the printed expiry, cached.

    Returns the 特定誕生日 (the birthday immediately before ``expiry``), the window
    start and its rolled end, their ISO strings, the trace text, the 基準日 and
    the text of its look-back period.
    """
    birth = date(2000, month, day)  # a leap year: 29 February is a real birthday
    birthday = birthday_in(expiry.year, birth)
    if birthday >= expiry:
        birthday = birthday_in(expiry.year - 1, birth)
    start = months_after(birthday, -months_before)
    end = roll_forward(expiry)
    s_birthday, s_start, s_end = birthday.isoformat(), start.isoformat(), end.isoformat()
    rolled = "" if end == expiry else f"（末日 {expiry.isoformat()} が休日等のため {s_end} まで延長）"
    detail = f"特定誕生日 {s_birthday}、更新期間 {s_start}〜{s_end}{rolled}"
    reference_day = birthday - timedelta(days=offset_days)
    lookback = f"{add_years(reference_day, -lookback_years).isoformat()}〜{(reference_day - _ONE_DAY).isoformat()}"
    return birthday, start, end, s_birthday, s_start, s_end, detail, reference_day, lookback


@lru_cache(maxsize=65536)
def _printed_and_valid(month: int, day: int, year: int, printed: date | None) -> tuple[str, str, str]:
    """ISO strings of the printed expiry (one month after the birthday in ``year``
    unless ``printed`` is given) and of the day it is valid through, cached."""
    if printed is None:
        printed = one_month_after(birthday_in(year, date(2000, month, day)))
    through = roll_forward(printed)
    s_printed, s_through = printed.isoformat(), through.isoformat()
    rolled = "" if through == printed else f"。休日等のため {s_through} まで有効"
    return s_printed, s_through, rolled




# ---------------------------------------------------------------------------
# Input


def _parse_licences(raw: Any, application: date) -> list[tuple[str, date]]:
    held = parse_licences(raw, _tables()["kinds"], latest=application, latest_name="申請日")
    return [(licence.kind, licence.acquired) for licence in held]


class _Violation:
    __slots__ = ("code", "day", "alcohol", "injury", "hit_and_run", "index", "vehicle")

    def __init__(self, index: int, code: str, day: date, alcohol: str, injury: bool, hit_and_run: str,
                 vehicle: str | None = None):
        self.vehicle = vehicle
        self.index = index
        self.code = code
        self.day = day
        self.alcohol = alcohol
        self.injury = injury
        self.hit_and_run = hit_and_run

    @property
    def label(self) -> str:
        return f"{self.day.isoformat()} {self.code}"


def _parse_events(raw: Any, application: date) -> list[_Violation]:
    violations_table = _tables()["violations"]
    found: list[_Violation] = []
    for i, item in enumerate(require_list(raw, "events")):
        path = f"events[{i}]"
        item = require_mapping(item, path)
        kind = parse_choice(item.get("type"), EVENT_TYPES, f"{path}.type")
        day = parse_date(item.get("date"), f"{path}.date")
        assert day is not None
        if day > application:
            raise RulesError(
                "event_after_application_date",
                f"{path}.date（{day}）が申請日（{application}）より後です。",
                f"{path}.date",
            )
        if kind != "violation":
            continue  # dispositions follow from violations; the class counts violations
        code = item.get("code")
        if not isinstance(code, str) or code not in violations_table:
            raise RulesError("unknown_violation", f"{path}.code の違反コード {code!r} は不明です。", f"{path}.code")
        alcohol = parse_choice(item.get("alcohol"), ALCOHOL, f"{path}.alcohol", default="none")
        hit_and_run = parse_choice(item.get("hit_and_run"), HIT_AND_RUN, f"{path}.hit_and_run", default="none")
        accident = item.get("accident")
        injury = False
        if accident is not None:
            accident = require_mapping(accident, f"{path}.accident")
            severity = accident.get("severity")
            if not isinstance(severity, str) or not severity:
                raise RulesError(
                    "missing_field", f"{path}.accident.severity は必須です。", f"{path}.accident.severity"
                )
            injury = severity != "property"
        vehicle = item.get("vehicle")
        if vehicle is not None:  # 特定小型原付・自転車・軽車両 are refused; 新基準原付 is a 原付 (law-rules §17)
            vehicle = vehicle_class(vehicle, day, f"{path}.vehicle")
        found.append(_Violation(i, code, day, alcohol, injury, hit_and_run, vehicle))
    return found


# ---------------------------------------------------------------------------
# The decision


DRIVER_CLASSES = ("優良", "一般", "違反", "初回")


def _years_for(by_age: dict[int, int], age: int) -> int:
    """The years of the highest age bound not above ``age`` ({minimum age: years})."""
    return by_age[max(a for a in by_age if a <= age)]


def validity_years(driver_class: str, age: int, day: date) -> int:
    """有効期間 in years for a renewal on ``day`` (law-rules §5.2, params/validity_years.yaml).

    ``driver_class`` is 優良 / 一般 / 違反 / 初回; ``age`` the age that decides
    (the age before the 特定誕生日, or on the application date for an early
    renewal). Before the table's first date (:func:`validity_table_from`) this
    is a :class:`RulesError` ``no_table_in_force``.
    """
    if driver_class not in DRIVER_CLASSES:
        raise RulesError("invalid_value", f"運転者区分 {driver_class!r} は不明です。", "driver_class")
    return _validity_lookup(_validity_series().at(day).start, driver_class, age)


@lru_cache(maxsize=1)
def _validity_series() -> Series:
    return params.series("validity_years")


@lru_cache(maxsize=2048)
def _validity_lookup(start: date, driver_class: str, age: int) -> int:
    """:func:`validity_years` for the table that starts on ``start`` (cached: seeding calls it often)."""
    return _years_for(_validity_series().at(start).value["by_class"][driver_class], age)


def validity_table_from() -> date:
    """The first day the validity table covers (law-rules gives no earlier one)."""
    return params.series("validity_years").starts[0]


def early_renewal_reasons(day: date) -> Entry:
    """The reasons that allow a renewal before the window (特例更新) on ``day``: {code: Japanese}."""
    return params.in_force("early_renewal_reasons", day)


def notice_json(data: dict[str, Any]) -> dict[str, Any]:
    """What the 更新連絡書 tells a holder (法第101条第3項): the renewal as applied for on the first
    day of the window, with the rules in force that day.

    ``data`` is :func:`renewal_json`'s input without ``application_date`` and ``early_renewal``.
    """
    data = require_mapping(data, "")
    birth = parse_date(data.get("birth_date"), "birth_date")
    expiry = parse_date(data.get("current_expiry"), "current_expiry")
    assert birth is not None and expiry is not None
    # The window as the rules in force on the printed expiry draw it (the expiry is always inside it).
    rules = _rules_on(expiry)
    cv = rules["classes"].value
    start = _calendar(birth.month, birth.day, expiry, rules["window"].value["months_before_birthday"],
                      cv["reference_day_offset_days"], cv["lookback_years"])[1]
    return renewal_json({**data, "application_date": start.isoformat(), "early_renewal": False})


def renewal_json(data: dict[str, Any]) -> dict[str, Any]:
    """Renewal per rules-contract §2 (see the module docstring for the steps)."""
    data = require_mapping(data, "")
    application = parse_date(data.get("application_date"), "application_date")
    birth = parse_date(data.get("birth_date"), "birth_date")
    expiry = parse_date(data.get("current_expiry"), "current_expiry")
    assert application is not None and birth is not None and expiry is not None
    early_flag = data.get("early_renewal", False)
    if early_flag is None:
        early_flag = False
    if not isinstance(early_flag, bool):
        raise RulesError("invalid_value", "early_renewal は true / false です。", "early_renewal")
    holding_form = data.get("holding_form")
    if holding_form is None or holding_form == "card":
        holding_form = "card"  # the card exists on every date
    elif parse_choice(holding_form, HOLDING_FORMS, "holding_form") not in holding_forms(application):
        raise RulesError(
            "invalid_value",
            f"holding_form: 申請日 {application} にはマイナ免許証はありません（{mynumber_licence_from()} から）。",
            "holding_form",
        )
    prefecture = data.get("prefecture")
    if prefecture is None:
        prefecture = ""
    elif not isinstance(prefecture, str):
        raise RulesError("invalid_value", "prefecture は都道府県コード（\"01\"〜\"47\"）の文字列です。", "prefecture")
    licences = _parse_licences(data.get("licences"), application)
    first = parse_date(data.get("first_licensed"), "first_licensed", required=False)
    if first is None:
        if not licences:
            raise RulesError("missing_field", "first_licensed（または licences）は必須です。", "first_licensed")
        first = min(acquired for _, acquired in licences)
    if not birth < first <= application:
        raise RulesError(
            "invalid_value", "first_licensed は生年月日より後で、申請日以前の日付です。", "first_licensed"
        )
    if expiry <= first:
        raise RulesError("invalid_value", "current_expiry は first_licensed より後の日付です。", "current_expiry")
    violations = _parse_events(data.get("events"), application)
    conditions = _parse_conditions(data.get("conditions"))

    tables = _tables()
    rules = _rules_on(application)
    steps: list[dict[str, Any]] = []
    add = steps.append

    # 1. 特定誕生日 and the renewal window ------------------------------------
    cv = rules["classes"].value
    window_rule = rules["window"]
    (birthday, window_start, window_end, s_birthday, s_start, s_end, window_detail,
     reference_day, s_reference_window) = _calendar(
        birth.month, birth.day, expiry, window_rule.value["months_before_birthday"],
        cv["reference_day_offset_days"], cv["lookback_years"],
    )
    if one_month_after(birthday) != expiry:
        raise RulesError(
            "invalid_value",
            f"current_expiry（{expiry}）は誕生日の1か月後の日ではありません"
            f"（直前の誕生日 {birthday} なら {one_month_after(birthday)}）。",
            "current_expiry",
        )
    add({"step": "renewal_window", "detail": window_detail, "reference": window_rule.reference})
    first_rule = rules["first"]
    if expiry.year - first.year <= 4 and expiry == expiry_after_birthdays(
        birth, first, first_rule.value["birthdays"]
    ):
        add({
            "step": "first_licence",
            "detail": f"新規取得（{first.isoformat()}）の免許（グリーン）の有効期間は取得後3回目の誕生日の"
            f"1か月後 {expiry.isoformat()} まで。今回が初めての更新",
            "reference": first_rule.reference,
        })

    # 2. Normal or early renewal --------------------------------------------
    early = False
    if application > window_end:
        raise RulesError(
            "application_outside_window",
            f"申請日 {application} は更新期間（{s_start}〜{s_end}）の後です。"
            "免許は失効しています（law-rules §5.6）。",
            "application_date",
        )
    early_rule = rules["early"]
    if application < window_start:
        if not early_flag:
            raise RulesError(
                "application_outside_window",
                f"申請日 {application} は更新期間（{s_start}〜{s_end}）の前です。"
                "更新期間前の更新（特例更新）なら early_renewal: true を指定してください。",
                "application_date",
            )
        early = True
        add({
            "step": "early_renewal",
            "detail": f"更新期間前の更新（特例更新）: 申請日 {application} は更新期間の開始 {s_start} より前",
            "reference": early_rule.reference,
            "assumption": True,
        })
    elif early_flag:
        add({
            "step": "early_renewal",
            "detail": f"申請日 {application} は更新期間内のため、通常の更新として扱う",
            "reference": early_rule.reference,
        })

    # 3. 基準日, look-back and the driver class -------------------------------
    class_rule = rules["classes"]
    if early and application < reference_day:
        anchor = application
        lookback_start = add_years(anchor, -cv["lookback_years"])
        s_lookback_window = f"{lookback_start.isoformat()}〜{(anchor - _ONE_DAY).isoformat()}"
        anchor_text = f"適性検査日（申請日）{anchor.isoformat()}（基準日 {reference_day.isoformat()} より前）の"
    else:
        anchor = reference_day
        lookback_start = add_years(anchor, -cv["lookback_years"])
        s_lookback_window = s_reference_window
        anchor_text = f"基準日 {reference_day.isoformat()} の"
    counted = [v for v in violations if lookback_start <= v.day < anchor]
    serious: list[str] = []
    if counted:
        minor_max = cv["minor_max_points"]
        violation_rows = tables["violations"]
        for v in counted:
            try:
                points = _base_points(v.code, v.day, v.alcohol)
            except RulesError as error:
                raise RulesError(error.code, error.message, f"events[{v.index}].date") from None
            if v.injury:
                serious.append(f"{v.label}（人身事故等）")
            elif v.hit_and_run != "none":
                serious.append(f"{v.label}（ひき逃げ・あて逃げ）")
            elif v.alcohol != "none":
                serious.append(f"{v.label}（酒気帯び {points}点）")
            elif violation_rows[v.code]["kind"] != "general" or points > minor_max:
                serious.append(f"{v.label}（{points}点）")
    continuous_years = cv["continuous_years"]
    continuous_from = (
        lookback_start if continuous_years == cv["lookback_years"] else add_years(anchor, -continuous_years)
    )
    n = len(counted)
    if first <= continuous_from:
        held = f"継続免許期間5年以上（{first.isoformat()}〜）"
        if n == 0:
            driver_class, why = "優良", "違反なし"
        elif n == 1 and not serious:
            driver_class, why = "一般", "軽微違反（3点以下）1回のみ"
        else:
            driver_class = "違反"
            why = f"違反{n}回" + (f"（軽微でないもの: {'、'.join(serious)}）" if serious else "")
    else:
        held = f"継続免許期間5年未満（{first.isoformat()}〜）"
        if n >= 2 or serious:
            driver_class = "違反"
            why = f"違反{n}回" + (f"（軽微でないもの: {'、'.join(serious)}）" if serious else "")
        else:
            driver_class = "初回"
            why = "違反なし" if n == 0 else "軽微違反1回のみ"
    colour = COLOURS.get(driver_class, "blue")
    counted_labels = [v.label for v in counted]
    add({
        "step": "driver_class",
        "detail": f"{anchor_text}前5年間（{s_lookback_window}）: "
        f"{held}、{why} → {driver_class}（{'ゴールド' if colour == 'gold' else 'ブルー'}）",
        "reference": class_rule.reference,
        "assumption": True,
        "inputs": {"counted_events": counted_labels},
    })

    # 4. Validity years, new expiry -----------------------------------------
    validity_rule = rules["validity"]
    if early:
        validity_age = age_on(birth, application)
        basis = f"申請日 {application.isoformat()} の年齢"
    else:
        # The age on the day before the 特定誕生日 (one less than the age reached on it).
        validity_age = birthday.year - birth.year - 1
        basis = "特定誕生日の前日の年齢"
    validity_years = _years_for(validity_rule.value["by_class"][driver_class], validity_age)
    add({
        "step": "validity_years",
        "detail": f"{driver_class}、{basis} {validity_age}歳 → 有効期間 {validity_years}年",
        "reference": validity_rule.reference,
        "assumption": True,
    })
    new_expiry: date | None
    if early:
        new_expiry = expiry_after_birthdays(birth, application, validity_years)
        how = f"申請日後の{validity_years}回目の誕生日の1か月後"
        expiry_reference = early_rule.reference
    else:
        new_expiry = None
        how = f"特定誕生日後の{validity_years}回目の誕生日の1か月後"
        expiry_reference = EXPIRY_REFERENCE
    s_new, s_through, rolled = _printed_and_valid(birth.month, birth.day, birthday.year + validity_years, new_expiry)
    add({"step": "new_expiry", "detail": f"{how}: {s_new}{rolled}", "reference": expiry_reference})

    # 5. Lecture and the older-driver requirements ---------------------------
    # The window ends about a month after the 特定誕生日, long before the next birthday.
    end_age = birthday.year - birth.year
    course_age = rules["course"].value["age"]
    cognitive_age = rules["cognitive"].value["age"]
    skill_rule = rules["skill"]
    skill_value = skill_rule.value
    elderly_course = course_age is not None and end_age >= course_age
    cognitive_test = cognitive_age is not None and end_age >= cognitive_age
    driving_skill_test = False
    if skill_value["age"] is not None and end_age >= skill_value["age"]:
        if early and skill_value.get("early_renewal_anchor") == "application_date":
            skill_anchor = application  # 特例更新: the 3 years before the application date (law-rules §17)
            anchor_name = "申請日"
        else:
            skill_anchor = birthday - timedelta(days=skill_value["anchor_days_before_birthday"])
            anchor_name = "特定誕生日の160日前"
        skill_start = add_years(skill_anchor, -skill_value["lookback_years"])
        skill_codes: dict[str, str] = tables["skill_codes"]
        skill_vehicles: frozenset[str] = tables["skill_vehicles"]
        skill_hits: list[str] = []
        not_cars: list[str] = []
        unknown: list[str] = []
        for v in violations:
            if v.code in skill_codes and skill_start <= v.day < skill_anchor:
                if v.vehicle is None:
                    unknown.append(v.label)
                elif v.vehicle not in skill_vehicles:
                    not_cars.append(f"{v.label}（{v.vehicle}）")
                    continue
                skill_hits.append(f"{v.label}（{skill_codes[v.code]}）")
        holds_car = not licences or any(kind in tables["skill_kinds"] for kind, _ in licences)
        driving_skill_test = bool(skill_hits) and holds_car
        skill_step: dict[str, Any] = {
            "step": "driving_skill_test",
            "detail": f"更新期間満了日に{end_age}歳、{anchor_name}までの3年間（{skill_start.isoformat()}〜"
            f"{(skill_anchor - _ONE_DAY).isoformat()}）の自動車の運転による対象違反: "
            + ("、".join(skill_hits) if skill_hits else "なし")
            + (f"（自動車以外の運転による違反 {'、'.join(not_cars)} は数えない）" if not_cars else "")
            + ("" if holds_car else "（普通自動車対応免許なし）")
            + f" → 運転技能検査{'要' if driving_skill_test else '不要'}"
            + (f"［仮定: {tables['skill_unknown_note']}（{'、'.join(unknown)}）］" if unknown else ""),
            "reference": skill_rule.reference,
        }
        if unknown or skill_rule.assumption:
            skill_step["assumption"] = True
        add(skill_step)
    course_minutes: int | None = None
    lecture_rule = rules["lecture"]
    lecture_minutes: int = lecture_rule.value[driver_class]
    if elderly_course:
        m = _course_minutes(birthday).value
        if driving_skill_test:
            course_minutes = m["after_skill_test"]
        elif not licences or any(kind in tables["ordinary_kinds"] for kind, _ in licences):
            course_minutes = m["ordinary"]
        else:
            course_minutes = m["other"]
        replaces = rules["replaces"]
        if replaces.value:
            lecture_minutes = 0
            add({
                "step": "lecture",
                "detail": f"{driver_class}: 高齢者講習を受講するため更新時講習は受けない（0分）",
                "reference": replaces.reference,
                "assumption": True,
            })
        else:
            add(_lecture_step(driver_class, lecture_minutes, lecture_rule))
    else:
        add(_lecture_step(driver_class, lecture_minutes, lecture_rule))
    course_rule = rules["course"]
    add({
        "step": "elderly",
        "detail": f"更新期間満了日 {s_end} の年齢 {end_age}歳: 高齢者講習{'要' if elderly_course else '不要'}"
        + (f"（{course_minutes}分）" if course_minutes is not None else "")
        + f"、認知機能検査{'要' if cognitive_test else '不要'}",
        "reference": course_rule.reference,
        "assumption": True,
    })

    # 臨時認知機能検査 (law-rules §5.3): 75+ at one of the 18 violations since 2017-03-12.
    temporary: list[str] = []
    if violations and end_age >= tables["temporary_min_age"]:
        temporary_codes: dict[str, str] = tables["temporary_codes"]
        temporary_series: Series = tables["temporary_series"]
        for v in violations:
            if v.code in temporary_codes and v.day >= lookback_start:
                trigger_age = temporary_series.at(v.day).value["age"]
                if trigger_age is not None and age_on(birth, v.day) >= trigger_age:
                    temporary.append(v.label)
        if temporary:
            add({
                "step": "temporary_cognitive_test",
                "detail": f"75歳以上で基準行為（18類型）の違反: {'、'.join(temporary)} → 臨時認知機能検査の対象",
                "reference": tables["elderly"]["temporary_cognitive_test"]["reference"],
                "assumption": True,
            })

    # 6. Online lecture and 経由地更新 (law-rules §5.5, §5.7, §17) ------------------
    online_allowed = _online_lecture(rules["online"], driver_class, holding_form, elderly_course, add)
    via = _via_renewal(rules["via"], driver_class, holding_form, early, application, birthday, window_start,
                       window_end, conditions, add)
    fees, fee_step = renewal_fees(application, driver_class, holding_form, online_allowed, elderly_course,
                                  prefecture)
    add(dict(fee_step))

    return {
        "renewal_window": {"start": s_start, "end": s_end},
        "driver_class": driver_class,
        "validity_years": validity_years,
        "new_expiry": s_new,
        "valid_through": s_through,
        "colour": colour,
        "lecture_minutes": lecture_minutes,
        "requires": {
            "elderly_course": elderly_course,
            "cognitive_test": cognitive_test,
            "driving_skill_test": driving_skill_test,
        },
        "early_renewal": early,
        "specific_birthday": s_birthday,
        "reference_date": anchor.isoformat(),
        "counted_events": counted_labels,
        "elderly_course_minutes": course_minutes,
        "temporary_cognitive_test_triggered_by": temporary,
        "holding_form": holding_form,
        "online_lecture_allowed": online_allowed,
        "via_renewal": via,
        "fees": dict(fees) if fees is not None else None,
        "trace": steps,
    }


FORM_NAMES = {"card": "免許証のみ", "mynumber": "マイナ免許証のみ", "both": "免許証とマイナ免許証"}


def _online_lecture(rule: Entry, driver_class: str, form: str, elderly_course: bool, add: Any) -> bool:
    """オンライン更新時講習: 優良/一般 holding a マイナ免許証, not with the 高齢者講習 (from 2025-03-24)."""
    allowed, step = _online_step(rule.start, driver_class, form, elderly_course)
    add(dict(step))
    return allowed


@lru_cache(maxsize=256)
def _online_step(start: date, driver_class: str, form: str, elderly_course: bool) -> tuple[bool, dict[str, Any]]:
    rule = params.in_force("online_renewal_lecture", start)
    value = rule.value
    if not value["classes"]:
        return False, {"step": "online_lecture", "detail": "この日にはオンライン更新時講習の制度がない",
                       "reference": rule.reference, "assumption": True}
    reasons = []
    if driver_class not in value["classes"]:
        reasons.append(f"{driver_class}運転者は対象外（{'・'.join(value['classes'])}のみ）")
    if form not in value["holding_forms"]:
        reasons.append(f"{FORM_NAMES[form]}（マイナ免許証の保有が必要）")
    if elderly_course and value["not_with_elderly_course"]:
        reasons.append("高齢者講習の対象者")
    allowed = not reasons
    return allowed, {"step": "online_lecture",
                     "detail": f"{driver_class}、{FORM_NAMES[form]}"
                     + (" → オンライン更新時講習を受講できる" if allowed
                        else f" → オンライン更新時講習は不可: {'、'.join(reasons)}"),
                     "reference": rule.reference}


def _parse_conditions(raw: Any) -> tuple[str, ...] | None:
    """The printed conditions of the licence (optional: only the 経由地更新 uses them)."""
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(c, str) and c for c in raw):
        raise RulesError("invalid_value", "conditions は免許の条件等の文言（文字列）の一覧です。", "conditions")
    return tuple(raw)


def _via_renewal(rule: Entry, driver_class: str, form: str, early: bool, application: date, birthday: date,
                 window_start: date, window_end: date, conditions: tuple[str, ...] | None,
                 add: Any) -> dict[str, Any]:
    """経由地更新: the classes allowed on the application date, the period by holding form and — when
    the licence's printed ``conditions`` are given — the physical conditions that exclude it (only
    眼鏡等・補聴器 may be on the licence). ``reasons`` says in Japanese why it is not allowed."""
    step, start, end, s_start, s_end = _via_period(rule.start, driver_class, form, early, birthday, window_start,
                                                   window_end)
    step = dict(step)
    if start is None or end is None:
        add(step)
        return {"allowed": False, "start": None, "end": None, "reasons": [step["detail"].split(": ", 1)[-1]]}
    in_period = start <= application <= end
    reasons = [] if in_period else ["申請日が経由地更新の申請期間の外"]
    excluded = _via_excluded_conditions(rule.start, conditions or ())
    if excluded:
        allowed_texts = "・".join(condition_text(c) for c in rule.value["conditions"]["physical"])
        reasons.append(f"身体の状態に応じた条件（{'・'.join(excluded)}）がある（{allowed_texts}のみ可）")
    allowed = not reasons
    step["detail"] += (f"、申請日 {application.isoformat()} は" + ("期間内" if in_period else "期間外")
                       + (" → 経由地更新ができる" if allowed else " → 経由地更新はできない")
                       + (f"（{reasons[-1]}）" if excluded else ""))
    add(step)
    return {"allowed": allowed, "start": s_start, "end": s_end, "reasons": reasons}


def _via_excluded_conditions(rule_start: date, conditions: tuple[str, ...]) -> list[str]:
    """The printed conditions that are physical and neither 眼鏡等 nor 補聴器 (an unknown text is taken
    to be physical: params/via_renewal.yaml)."""
    if not conditions:
        return []
    value = params.in_force("via_renewal", rule_start).value["conditions"]
    fine = {condition_text(c) for c in (*value["physical"], *value["not_physical"])}
    return [c for c in conditions if c not in fine]


@lru_cache(maxsize=4096)
def _via_period(rule_start: date, driver_class: str, form: str, early: bool, birthday: date, window_start: date,
                window_end: date) -> tuple[dict[str, Any], date | None, date | None, str, str]:
    rule = params.in_force("via_renewal", rule_start)
    value = rule.value
    step: dict[str, Any] = {"step": "via_renewal", "reference": rule.reference}
    if rule.assumption:
        step["assumption"] = True
    if driver_class not in value["classes"] or early:
        why = "更新期間前の更新（特例更新）" if early else f"{driver_class}運転者は対象外（{'・'.join(value['classes'])}のみ）"
        step["detail"] = f"経由地更新はできない: {why}"
        return step, None, None, "", ""
    end_rule = value["period_end"].get(form, value["period_end"]["card"])
    if end_rule == "expiry":
        end = window_end
        end_text = "有効期間の末日"
    else:
        end = roll_back(birthday)
        end_text = "誕生日" + ("" if end == birthday else "（休日等のためその前の日）")
    s_start, s_end = window_start.isoformat(), end.isoformat()
    step["detail"] = f"{driver_class}、{FORM_NAMES[form]}: 経由地更新の申請期間 {s_start}〜{s_end}（{end_text}まで）"
    return step, window_start, end, s_start, s_end


def _lecture_step(driver_class: str, minutes: int, rule: Entry) -> dict[str, Any]:
    return {
        "step": "lecture",
        "detail": f"{driver_class}運転者講習 {minutes}分",
        "reference": rule.reference,
        "assumption": True,
    }
