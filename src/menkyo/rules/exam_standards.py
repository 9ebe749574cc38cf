"""免許試験 (licence tests): which tests a sitting needs, pass marks, the 受験停止 limit and the
取得時講習 before issue (pure Python). Source: ``params/exam_standards.yaml`` (道路交通法第97条–
第97条の3, 施行規則第24条・第25条, 規程第13条第7項; counter-facts §2.2–§2.6) and, for the
卒業証明書, ``params/graduation_certificate.yaml``.

- :func:`required_tests` — the tests of one sitting by kind, route and the kinds already held:
  法第97条第1項 gives the tests of each kind (原付・小特: 適性・学科; けん引: 適性・技能; the
  others all three); a school graduate's 卒業証明書 waives the 技能試験 (counter-facts §2.4); a
  school student's 仮免許 test (修了証明書) is taken without the 技能試験; holders of some kinds
  skip the 学科試験 (UNCONFIRMED table, marked in the trace). A direct test for 大型・中型・準中型・
  普通 needs a valid 仮免許 and the road practice declared (a prefecture's practice), and the
  kinds of 規程第13条第7項 need a 取得時講習 certificate before issue unless the 卒業証明書 waives it.
- :func:`skill_scoring` — 100 points less deductions, passed at 70 (第二種 80).
- :func:`written_pass_ratio` — the 学科試験 is passed at 90 % of the points.
- :func:`exam_bar_last_day` — the last day a 受験停止 may run to (one year at most).
- :func:`acquisition_courses` — the 取得時講習 of a kind.
- :func:`review_change` and :func:`review_plan` — the 審査 (規程第9条・第9条の2): what a 限定解除審査
  (wholly, or in part: 小型AT限定の普通二輪 → AT限定 or 小型限定), a 条件解除審査 or a 申請による条件の付与
  changes on a licence, and the tests it takes (UNCONFIRMED: the 規程 leaves the 審査 to 「別に定めるところ」).

Each answer carries its legal reference and whether it rests on an assumption; the plan of
:func:`required_tests` carries a trace (``menkyo.rules.trace``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import add_years
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_kind
from menkyo.rules.kinds import condition_text
from menkyo.rules.trace import Trace

TESTS = ("aptitude", "written", "skill")
TEST_NAMES = {"aptitude": "適性試験", "written": "学科試験", "skill": "技能試験"}
ROUTES = ("direct", "school_graduate", "school_provisional")
ROUTE_NAMES = {"direct": "直接受験", "school_graduate": "指定教習所卒業", "school_provisional": "教習所での仮免許試験"}
REVIEWS = ("limitation_removal", "condition_removal", "condition_by_request")
REVIEW_NAMES = {"limitation_removal": "限定解除審査", "condition_removal": "条件解除審査",
                "condition_by_request": "申請による条件の付与"}
EXEMPTION_ROWS = ("written_exemption_motorcycle_special", "written_exemption_first_class",
                  "written_exemption_second_class")


@dataclass(frozen=True, slots=True)
class Requirement:
    """Something the applicant must have before the test (a valid 仮免許, the road practice)."""

    code: str  # provisional_licence | road_practice
    label: str
    kind: str  # the 仮免許 kind for provisional_licence, else ""
    reference: str
    assumption: bool
    prefecture_practice: bool  # a prefecture's practice, not a statute

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "label": self.label, "kind": self.kind, "reference": self.reference,
                "assumption": self.assumption, "prefecture_practice": self.prefecture_practice}


@dataclass(frozen=True, slots=True)
class TestPlan:
    """What a sitting for ``kind`` by ``route`` needs, with the trace that says why."""

    kind: str
    route: str
    tests: tuple[str, ...]  # in TESTS order
    exempt: tuple[str, ...]
    requirements: tuple[Requirement, ...]
    courses: tuple[str, ...]  # 取得時講習 certificates shown before issue (empty when waived or none)
    trace: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "route": self.route, "tests": list(self.tests), "exempt": list(self.exempt),
                "requirements": [r.as_dict() for r in self.requirements], "courses": list(self.courses),
                "trace": self.trace}


@dataclass(frozen=True, slots=True)
class Rule:
    """One value of the table on a day, with its basis."""

    value: Any
    reference: str
    assumption: bool
    note: str


def rule(code: str, day: date) -> Rule:
    """The value of row ``code`` of ``exam_standards.yaml`` in force on ``day``."""
    row = params.table("exam_standards").rows[code]
    entry = row["values"].at(day)
    return Rule(entry.value, entry.reference, entry.assumption, entry.note)


def required_tests(kind: str, route: str, held_kinds: list[str] | tuple[str, ...], day: date) -> TestPlan:
    """The tests a sitting on ``day`` for ``kind`` by ``route`` needs, for a person holding ``held_kinds``.

    ``route``: ``direct`` (直接受験), ``school_graduate`` (指定教習所卒業: 卒業証明書),
    ``school_provisional`` (教習所での仮免許試験). The 審査 (限定解除・条件解除) are not tests of
    this table: ``invalid_value``. A 仮免許 kind goes only with ``direct`` or ``school_provisional``,
    a licence kind only with ``direct`` or ``school_graduate``.
    """
    kind = parse_kind(kind, day)
    provisional = params.table("licence_kinds").rows[kind]["category"] == "provisional"
    _check_route(route, provisional)
    held = [parse_kind(k, day, f"held_kinds[{i}]") for i, k in enumerate(held_kinds)]
    trace = Trace()
    parts = rule("test_parts", day)
    tests = list(parts.value.get(kind, parts.value["default"]))
    trace.add("test_parts", f"{kind}免許の試験: {_names(tests)}", parts.reference, assumption=parts.assumption)
    exempt = _route_exemption(route, day, trace) + _held_exemptions(kind, held, day, trace)
    tests = [t for t in TESTS if t in tests and t not in exempt]
    requirements = _requirements(kind, day, trace) if route == "direct" else ()
    courses = () if provisional else _courses(kind, route, day, trace)
    trace.add("tests", f"{ROUTE_NAMES[route]}: 受験する試験は {_names(tests)}", parts.reference,
              assumption=any(step.get("assumption") for step in trace.steps))
    return TestPlan(kind, route, tuple(tests), tuple(t for t in TESTS if t in exempt), requirements, courses,
                    trace.as_list())


def _names(tests: list[str] | tuple[str, ...]) -> str:
    return "・".join(TEST_NAMES[t] for t in TESTS if t in tests) or "なし"


def _check_route(route: str, provisional: bool) -> None:
    if route == "review":
        raise RulesError("invalid_value", "限定解除審査・条件解除審査の科目は免許試験の表にはありません。", "route")
    if route not in ROUTES:
        raise RulesError("invalid_value", f"route は {' / '.join(ROUTES)} のいずれかです（入力: {route!r}）。", "route")
    if provisional and route == "school_graduate":
        raise RulesError("invalid_value", "仮免許の試験に卒業証明書は使えません（経路は直接受験か教習所での仮免許試験）。",
                         "route")
    if not provisional and route == "school_provisional":
        raise RulesError("invalid_value", "教習所での仮免許試験は仮免許の種類だけです。", "route")


def _route_exemption(route: str, day: date, trace: Trace) -> list[str]:
    """The tests the route waives: the 卒業証明書 (技能), the 修了証明書 (仮免許の技能)."""
    if route == "school_graduate":
        entry = params.in_force("graduation_certificate", day)
        waived = [t for t in entry.value["waives"] if t in TESTS]
        trace.add("graduation_certificate", f"指定自動車教習所の卒業証明書（卒業検定の合格日から1年以内）により"
                  f"{_names(waived)}を免除", entry.reference, assumption=entry.assumption)
        return waived
    if route == "school_provisional":
        found = rule("completion_certificate", day)
        trace.add("completion_certificate", f"教習所の修了証明書により仮免許の{_names(found.value['exempt'])}を免除",
                  found.reference, assumption=found.assumption)
        return list(found.value["exempt"])
    return []


def _held_exemptions(kind: str, held: list[str], day: date, trace: Trace) -> list[str]:
    """The tests waived because of a licence already held (学科: an UNCONFIRMED table)."""
    exempt: list[str] = []
    for code in EXEMPTION_ROWS:
        found = rule(code, day)
        holding = [k for k in found.value["held_any"] if k in held and k != kind]
        if kind not in found.value["kinds"] or not holding:
            continue
        trace.add("held_exemption", f"{'・'.join(holding)}免許を受けているため{kind}免許の"
                  f"{_names(found.value['exempt'])}を免除", found.reference, assumption=found.assumption)
        exempt += [t for t in found.value["exempt"] if t not in exempt]
    return exempt


def _requirements(kind: str, day: date, trace: Trace) -> tuple[Requirement, ...]:
    """A direct test for 大型・中型・準中型・普通: a valid 仮免許 and the road practice (a prefecture's practice)."""
    found = rule("provisional_before_final", day)
    value = found.value
    if kind not in value["kinds"]:
        return ()
    practice = bool(params.table("exam_standards").rows["provisional_before_final"].get("prefecture_practice"))
    provisional = f"{kind}{value['provisional_suffix']}"
    road = f"路上練習（申請前{value['within_months']}か月以内に{value['road_practice_days']}日以上）"
    trace.add("provisional_before_final", f"{kind}免許を直接受験するには有効な{provisional}免許と{road}の申告が要る"
              + ("（都道府県の運用）" if practice else ""), found.reference, assumption=found.assumption)
    return (Requirement("provisional_licence", f"有効な{provisional}免許", provisional, found.reference,
                        found.assumption, practice),
            Requirement("road_practice", road, "", found.reference, found.assumption, practice))


def _courses(kind: str, route: str, day: date, trace: Trace) -> tuple[str, ...]:
    courses = acquisition_courses(kind, day)
    if not courses.value:
        return ()
    if route == "school_graduate":
        entry = params.in_force("graduation_certificate", day)
        trace.add("acquisition_course", f"取得時講習（{'・'.join(courses.value)}）は卒業証明書により免除",
                  entry.reference, assumption=entry.assumption)
        return ()
    trace.add("acquisition_course", f"交付の前に取得時講習（{'・'.join(courses.value)}）の講習終了証明書の提示が要る",
              courses.reference, assumption=courses.assumption)
    return tuple(courses.value)


def acquisition_courses(kind: str, day: date) -> Rule:
    """The 取得時講習 of ``kind`` whose 講習終了証明書 is shown before issue (規程第13条第7項);
    ``value`` is a tuple of course names, empty for a kind that needs none."""
    found = rule("acquisition_course", day)
    return Rule(tuple(found.value.get(kind, ())), found.reference, found.assumption, found.note)


@dataclass(frozen=True, slots=True)
class SkillScoring:
    """技能試験: ``start`` points less deductions, passed at ``pass_mark`` or more."""

    start: int
    pass_mark: int
    reference: str
    assumption: bool


def skill_scoring(kind: str, day: date) -> SkillScoring:
    """The 技能試験 scoring of ``kind`` on ``day`` (施行規則第24条: 70, 第二種 80)."""
    kind = parse_kind(kind, day)
    found = rule("skill_scoring", day)
    second = params.table("licence_kinds").rows[kind]["category"] == "second"
    mark = found.value["pass_second_class" if second else "pass"]
    return SkillScoring(int(found.value["start"]), int(mark), found.reference, found.assumption)


def written_pass_ratio(day: date) -> Rule:
    """The 学科試験 pass mark as a percentage of the form's points (施行規則第25条: 90)."""
    found = rule("written_pass", day)
    return Rule(int(found.value["ratio_percent"]), found.reference, found.assumption, found.note)


def exam_bar_last_day(starts_on: date) -> Rule:
    """The last day a 受験停止 decided on ``starts_on`` may run to (法第97条の3: 一年以内): the day
    before the anniversary, the decision day counting as the first day (an assumption)."""
    found = rule("exam_bar", starts_on)
    return Rule(add_years(starts_on, int(found.value["max_years"])) - timedelta(days=1), found.reference,
                found.assumption, found.note)


@dataclass(frozen=True, slots=True)
class ReviewChange:
    """What a 審査 changes on the licence held: one condition (``licence_conditions.yaml`` code and
    printed text) removed, or added by request, on ``kind``. A partial 限定解除 (``replacement``) removes
    the condition and puts the 限定 that remains in its place (小型AT限定 → AT限定)."""

    review: str
    kind: str
    condition: str
    text: str
    removes: bool
    upper_kinds: tuple[str, ...]  # held, they are cancelled before a condition is added (規程第9条の2第2項)
    reference: str
    assumption: bool
    replacement: str = ""  # a partial lift: the code of the 限定 that remains
    replacement_text: str = ""
    part_lifted: str = ""  # a partial lift: the part lifted (小型二輪の限定 …)

    def as_dict(self) -> dict[str, Any]:
        return {"review": self.review, "kind": self.kind, "condition": self.condition, "text": self.text,
                "removes": self.removes, "upper_kinds": list(self.upper_kinds), "reference": self.reference,
                "assumption": self.assumption, "replacement": self.replacement,
                "replacement_text": self.replacement_text, "part_lifted": self.part_lifted}

    def upper_held(self, held: Iterable[str]) -> list[str]:
        """The 上位免許 among the kinds ``held`` that a condition asked for first cancels (規程第9条の2第2項)."""
        return sorted(set(held) & set(self.upper_kinds))

    @property
    def removed(self) -> list[str]:
        """The printed conditions the change takes off the licence."""
        return [self.text] if self.removes else []

    @property
    def added(self) -> list[str]:
        """The printed conditions the change puts on the licence (the remaining 限定 of a partial lift)."""
        if self.replacement:
            return [self.replacement_text]
        return [] if self.removes else [self.text]

    @property
    def description(self) -> str:
        """The change in words: 「…」の解除 / 「…」の付与 / 「…」の一部解除（…を解除し「…」とする）."""
        if self.replacement:
            return f"「{self.text}」の一部解除（{self.part_lifted}を解除し「{self.replacement_text}」とする）"
        return f"「{self.text}」の{'解除' if self.removes else '付与'}"


def review_change(review: str, kind: str, condition: str, day: date, remaining: str = "") -> ReviewChange:
    """What the 審査 ``review`` of ``kind`` on ``day`` changes (規程第9条・第9条の2; row ``review_changes``).

    A 限定解除審査 lifts the 限定 of the kind (普通: AT限定, 中型: 8t限定, 準中型: 5t限定; 大自二: AT限定;
    普自二: ``condition`` among AT・小型・小型AT限定 — a kind with one 限定 needs no ``condition``); with
    ``remaining`` it lifts part of the 限定 only and leaves that 限定 in its place (``partial_lifts``:
    小型AT限定 → AT限定 or 小型限定). A 条件解除審査 lifts ``condition`` (眼鏡等, 補聴器); a 申請による条件の
    付与 adds ``condition`` (普通車のAT限定) to the kind it limits. Anything else is ``invalid_value`` on
    the path ``kind``, ``condition`` or ``remaining``."""
    if review not in REVIEWS:
        raise RulesError("invalid_value", f"審査の種別は {' / '.join(REVIEWS)} のいずれかです（入力: {review!r}）。",
                         "review")
    kind = parse_kind(kind, day)
    found = rule("review_changes", day)
    table = found.value[review]
    if review == "limitation_removal":
        condition = _limitation(table, kind, condition)
    elif condition not in table:
        raise RulesError("invalid_value", f"{REVIEW_NAMES[review]}で扱う条件ではありません（入力: {condition!r}）。",
                         "condition")
    elif review == "condition_by_request" and table[condition] != kind:
        raise RulesError("invalid_value", f"この条件は{table[condition]}免許に付す条件です。", "kind")
    adds = review == "condition_by_request"
    upper = tuple(found.value["upper_licences"].get(kind, ())) if adds else ()
    parts = found.value.get("partial_lifts", {}).get(condition, {}) if review == "limitation_removal" else {}
    if remaining and remaining not in parts:
        raise RulesError("invalid_value", f"「{condition_text(condition)}」の一部の解除で残す限定ではありません"
                         f"（入力: {remaining!r}）。", "remaining")
    return ReviewChange(review, kind, condition, condition_text(condition), not adds, upper, found.reference,
                        found.assumption, remaining, condition_text(remaining) if remaining else "",
                        str(parts.get(remaining, "")))


def _limitation(table: dict[str, Any], kind: str, condition: str) -> str:
    """The 限定 of ``kind`` a 限定解除審査 lifts: ``condition`` when it is one of the kind's, the kind's
    only 限定 otherwise; a kind with several (普自二) must name it."""
    if kind not in table:
        raise RulesError("invalid_value", f"{kind}免許には限定解除審査で解除する限定がありません。", "kind")
    limits = [table[kind]] if isinstance(table[kind], str) else list(table[kind])
    if condition in limits:
        return condition
    if len(limits) == 1:
        return str(limits[0])
    raise RulesError("invalid_value", f"{kind}免許の限定解除審査では解除する限定（"
                     f"{'・'.join(condition_text(c) for c in limits)}）を指定してください（入力: {condition!r}）。",
                     "condition")


def limitations(kind: str, day: date) -> list[str]:
    """The 限定 (condition codes) a 限定解除審査 of ``kind`` may lift on ``day`` (empty: none)."""
    limits = rule("review_changes", day).value["limitation_removal"].get(kind, [])
    return [limits] if isinstance(limits, str) else list(limits)


def partial_lifts(day: date) -> list[tuple[str, str, str]]:
    """Every partial 限定解除 of the table on ``day``: (限定 lifted in part, 限定 that remains, part lifted)."""
    table = rule("review_changes", day).value.get("partial_lifts", {})
    return [(condition, remaining, str(part)) for condition, parts in table.items()
            for remaining, part in parts.items()]


def review_conditions(day: date) -> list[tuple[str, str]]:
    """The conditions a 条件解除審査 lifts or a holder may ask for on ``day`` (code, printed text)."""
    value = rule("review_changes", day).value
    codes = [*value["condition_removal"], *value["condition_by_request"]]
    return [(code, condition_text(code)) for code in dict.fromkeys(codes)]


def review_plan(review: str, kind: str, condition: str, day: date, remaining: str = "") -> TestPlan:
    """The tests of a 審査 sitting (row ``review_tests``, UNCONFIRMED): 限定解除 — 技能試験; 条件解除 —
    適性試験 without the condition; 申請による条件の付与 — none (the documents are checked). The
    plan's route is ``review``; nothing is exempt and nothing is required before the sitting."""
    change = review_change(review, kind, condition, day, remaining)
    found = rule("review_tests", day)
    tests = [t for t in TESTS if t in found.value[review]]
    trace = Trace()
    trace.add("review_changes", f"{REVIEW_NAMES[review]}: {change.kind}免許の{change.description}",
              change.reference, assumption=change.assumption)
    trace.add("review_tests", f"{REVIEW_NAMES[review]}の審査: {_names(tests)}", found.reference,
              assumption=found.assumption)
    return TestPlan(change.kind, "review", tuple(tests), (), (), (), trace.as_list())


def test_vehicle_limits(kind: str, day: date) -> list[tuple[str, str]]:
    """The 限定 an applicant for a test of ``kind`` may choose on ``day`` by the vehicle of the test
    (row ``test_vehicle_limits``, UNCONFIRMED: 普通 AT; 普自二 AT・小型・小型AT; 大自二 AT): (code, printed text)."""
    codes = rule("test_vehicle_limits", day).value.get(kind, [])
    return [(code, condition_text(code)) for code in codes]


def test_vehicle_limit(kind: str, limit: str, day: date) -> Rule:
    """The 限定 ``limit`` chosen for a test of ``kind`` (the licence issued after the pass carries its
    printed text: ``Rule.value``; "" when none is chosen). A 限定 the kind does not have is
    ``invalid_value`` on the path ``vehicle_limit``."""
    found = rule("test_vehicle_limits", day)
    if not limit:
        return Rule("", found.reference, found.assumption, found.note)
    allowed = dict(test_vehicle_limits(kind, day))
    if limit not in allowed:
        names = "・".join(f"「{text}」" for text in allowed.values()) or "なし"
        raise RulesError("invalid_value", f"{kind}免許の試験で選べる限定ではありません（{kind}免許で選べる限定: {names}）。",
                         "vehicle_limit")
    return Rule(allowed[limit], found.reference, found.assumption, found.note)


def provisional_vehicle_limit(kind: str, provisional_conditions: Iterable[str], day: date) -> Rule:
    """The 限定 a test of ``kind`` carries when its applicant holds a limited 仮免許 of the kind
    (row ``provisional_vehicle_limits``, UNCONFIRMED: an AT限定の普通仮免許 allows practice on AT車 only, so
    the 普通 test is taken on an AT車 and the licence is 「普通車はAT車に限る」). ``provisional_conditions``:
    the printed conditions of the 仮免許. ``Rule.value``: the test's 限定 code ("" when the 仮免許 has none)."""
    found = rule("provisional_vehicle_limits", day)
    printed = set(provisional_conditions)
    carried = [limit for condition, limit in found.value.get(kind, {}).items() if condition_text(condition) in printed]
    return Rule(carried[0] if carried else "", found.reference, found.assumption, found.note)


def limits_made_moot(kind: str, limit: str, conditions: Iterable[str], day: date) -> Rule:
    """The printed conditions of ``conditions`` that obtaining ``kind`` (with the 限定 ``limit``, "" none) makes
    moot (row ``limits_made_moot``, derived: 大型二輪 drives 普通二輪, law-rules §6.1 [S89], so an unlimited
    大自二 leaves a 普通二輪 limit nothing to limit). ``Rule.value``: the texts to remove, in licence order."""
    found = rule("limits_made_moot", day)
    moot = {condition_text(code) for code in found.value.get(kind, [])} if not limit else set()
    return Rule([text for text in conditions if text in moot], found.reference, found.assumption, found.note)
