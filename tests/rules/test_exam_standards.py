"""Licence tests (免許試験): the tests of a sitting, pass marks, the 受験停止 limit, 取得時講習
(params/exam_standards.yaml; 法第97条–第97条の3, counter-facts §2.2–§2.6) and the 受験手数料."""

from datetime import date

import pytest

from menkyo.rules.errors import RulesError
from menkyo.rules.exam_standards import (
    acquisition_courses,
    exam_bar_last_day,
    required_tests,
    skill_scoring,
    written_pass_ratio,
)
from menkyo.rules.fees import exam_fee_procedure, fee

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("kind", "route", "held", "tests", "exempt"), [
    ("普通", "direct", [], ("aptitude", "written", "skill"), ()),
    ("普通", "school_graduate", [], ("aptitude", "written"), ("skill",)),
    ("普通仮", "school_provisional", [], ("aptitude", "written"), ("skill",)),
    ("普通仮", "direct", [], ("aptitude", "written", "skill"), ()),
    ("原付", "direct", [], ("aptitude", "written"), ()),
    ("小特", "direct", [], ("aptitude", "written"), ()),
    ("けん引", "direct", ["普通"], ("aptitude", "skill"), ()),
    ("けん引二", "direct", ["普通"], ("aptitude", "written", "skill"), ()),
    ("普通", "school_graduate", ["普自二"], ("aptitude",), ("written", "skill")),
    ("大型", "direct", ["普通"], ("aptitude", "skill"), ("written",)),
    ("大二", "direct", ["普二", "普通"], ("aptitude", "skill"), ("written",)),
    ("普通", "direct", ["原付"], ("aptitude", "written", "skill"), ()),
])
def test_the_tests_of_a_sitting_by_kind_route_and_kinds_held(kind, route, held, tests, exempt):
    plan = required_tests(kind, route, held, DAY)
    assert (plan.tests, plan.exempt) == (tests, exempt)
    assert all(step["reference"] for step in plan.trace)


def test_the_unconfirmed_written_exemptions_are_visible_in_the_trace():
    plan = required_tests("普通", "direct", ["大自二"], DAY)
    exemptions = [s for s in plan.trace if s["step"] == "held_exemption"]
    assert exemptions and all(s["assumption"] for s in exemptions)
    assert "大自二免許を受けているため普通免許の学科試験を免除" in exemptions[0]["detail"]
    assert plan.trace[-1]["step"] == "tests" and plan.trace[-1]["assumption"] is True


def test_a_direct_test_for_a_kind_with_a_provisional_licence_needs_it_and_road_practice():
    plan = required_tests("準中型", "direct", [], DAY)
    assert [(r.code, r.kind) for r in plan.requirements] == [("provisional_licence", "準中型仮"), ("road_practice", "")]
    assert all(r.prefecture_practice and r.assumption for r in plan.requirements)
    assert "5日以上" in plan.requirements[1].label
    assert required_tests("普通", "school_graduate", [], DAY).requirements == ()
    assert required_tests("大自二", "direct", [], DAY).requirements == ()


def test_acquisition_courses_before_issue_unless_the_graduation_certificate_waives_them():
    assert required_tests("普通", "direct", [], DAY).courses == ("普通車講習",)
    assert required_tests("普自二", "direct", [], DAY).courses == ("二輪車講習", "応急救護処置講習")
    assert required_tests("普通", "school_graduate", [], DAY).courses == ()
    assert required_tests("原付", "direct", [], DAY).courses == ("原付講習",)
    assert required_tests("大特", "direct", [], DAY).courses == ()
    assert required_tests("普通仮", "direct", [], DAY).courses == ()
    found = acquisition_courses("中二", DAY)
    assert found.value == ("旅客車講習", "応急救護処置講習") and "規程第13条第7項" in found.reference


@pytest.mark.parametrize(("kind", "route", "code", "path"), [
    ("普通", "review", "invalid_value", "route"),
    ("普通", "walk_in", "invalid_value", "route"),
    ("普通仮", "school_graduate", "invalid_value", "route"),
    ("普通", "school_provisional", "invalid_value", "route"),
    ("自転車", "direct", "invalid_value", "kind"),
])
def test_bad_kinds_and_routes_are_rules_errors(kind, route, code, path):
    with pytest.raises(RulesError) as error:
        required_tests(kind, route, [], DAY)
    assert (error.value.code, error.value.path) == (code, path)


def test_a_kind_not_yet_created_cannot_be_tested():
    with pytest.raises(RulesError) as error:
        required_tests("準中型", "direct", [], date(2016, 1, 1))
    assert error.value.code == "kind_not_introduced"


def test_skill_pass_marks_70_and_80_for_second_class():
    assert (skill_scoring("普通", DAY).start, skill_scoring("普通", DAY).pass_mark) == (100, 70)
    assert skill_scoring("普通仮", DAY).pass_mark == 70
    assert skill_scoring("大二", DAY).pass_mark == 80
    assert "施行規則第24条" in skill_scoring("大二", DAY).reference


def test_written_pass_mark_is_90_percent():
    found = written_pass_ratio(DAY)
    assert found.value == 90 and "施行規則第25条" in found.reference and found.assumption


def test_an_exam_bar_runs_one_year_at_most_counting_the_first_day():
    found = exam_bar_last_day(DAY)
    assert found.value == date(2027, 11, 26) and "第97条の3" in found.reference
    assert exam_bar_last_day(date(2028, 2, 29)).value == date(2029, 2, 27)


@pytest.mark.parametrize(("kind", "route", "amount"), [
    ("普通", "direct", 2500), ("普通", "school_graduate", 1900), ("普通", "lapsed", 1950),
    ("普通", "lapsed_unavoidable", 750), ("準中型", "direct", 3900), ("中型", "school_graduate", 1650),
    ("普自二", "school_graduate", 1850), ("けん引", "direct", 2800), ("普二", "direct", 4500),
    ("大二", "school_graduate", 1800), ("けん引二", "lapsed", 1950), ("原付", "direct", 1600),
    ("普通仮", "school_provisional", 1800),
])
def test_exam_fees_by_kind_and_route_from_2025_03_24(kind, route, amount):
    found = fee(exam_fee_procedure(kind, route), date(2025, 3, 24))
    assert (found.amount, found.status) == (amount, "derived") and "counter-facts §1.4" in found.reference


def test_the_2018_exam_fees_for_large_and_ordinary():
    assert fee(exam_fee_procedure("普通", "direct"), date(2025, 3, 23)).amount == 2550
    assert fee(exam_fee_procedure("大型", "school_graduate"), date(2018, 4, 1)).amount == 1550
    with pytest.raises(RulesError) as error:
        fee(exam_fee_procedure("原付", "direct"), date(2025, 3, 23))
    assert error.value.code == "no_table_in_force"


@pytest.mark.parametrize(("kind", "route"), [("普通仮", "direct"), ("原付", "school_graduate"),
                                             ("大特二", "school_graduate"), ("普通", "by_air")])
def test_a_kind_and_route_without_an_exam_fee_is_a_rules_error(kind, route):
    with pytest.raises(RulesError) as error:
        exam_fee_procedure(kind, route)
    assert error.value.code == "invalid_value"
