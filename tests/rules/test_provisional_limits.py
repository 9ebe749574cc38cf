"""The limits of the 普通仮免許 and the 普通第二種 (law-rules §6.1: 「AT限定 exists」), and the 限定 a kind obtained
makes moot, in the law engine: assumed wordings (UNCONFIRMED) listed in docs/rules.md, a 普通 test of an AT限定
仮免許's holder carrying the AT limit, and an unlimited 大自二 leaving the 普通二輪 limits nothing to limit."""

from datetime import date

import pytest

from menkyo.rules import exam_standards, kinds
from menkyo.rules.assumptions import assumptions_markdown
from menkyo.rules.errors import RulesError

DAY = date(2026, 11, 27)
AT_KARI = "AT車に限る"
AT_NISHU = "普通車の旅客車はAT車に限る"
AT2, SMALL, SMALL_AT = "普通二輪はAT車に限る", "普通二輪は小型二輪に限る", "普通二輪は小型二輪のAT車に限る"


@pytest.mark.parametrize(("code", "text"), [("at_futsuu_kari", AT_KARI), ("at_futsuu_nishu", AT_NISHU)])
def test_the_assumed_wordings_print_and_are_listed_as_unconfirmed_in_the_docs(code, text):
    assert kinds.condition_text(code) == text
    row = next(line for line in assumptions_markdown().splitlines() if f"licence_conditions.{code}" in line)
    assert "UNCONFIRMED" in row and text in row


@pytest.mark.parametrize(("kind", "offered"), [("普通仮", [AT_KARI]), ("普二", [AT_NISHU]), ("大型仮", [])])
def test_the_provisional_and_second_class_tests_offer_their_at_limit(kind, offered):
    assert [text for _, text in exam_standards.test_vehicle_limits(kind, DAY)] == offered


@pytest.mark.parametrize(("kind", "limit"), [("普通仮", "at_futsuu"), ("普二", "at_futsuu"), ("普通", "at_futsuu_kari")])
def test_the_licence_limit_and_the_provisional_limit_are_not_interchangeable(kind, limit):
    with pytest.raises(RulesError) as refused:
        exam_standards.test_vehicle_limit(kind, limit, DAY)
    assert refused.value.path == "vehicle_limit"


def test_a_second_class_at_limit_is_lifted_by_a_limitation_review():
    change = exam_standards.review_change("limitation_removal", "普二", "", DAY)
    assert (change.removed, change.added, change.assumption) == ([AT_NISHU], [], True)
    assert exam_standards.review_plan("limitation_removal", "普二", "", DAY).tests == ("skill",)


def test_the_holder_of_an_at_provisional_licence_takes_the_ordinary_test_with_the_at_limit():
    carried = exam_standards.provisional_vehicle_limit("普通", ["眼鏡等", AT_KARI], DAY)
    assert carried.value == "at_futsuu" and carried.assumption and "law-rules §6.1" in carried.reference


@pytest.mark.parametrize(("kind", "conditions"), [("普通", ["眼鏡等"]), ("普通", []), ("中型", [AT_KARI])])
def test_an_unlimited_provisional_licence_or_another_kind_carries_no_limit(kind, conditions):
    assert exam_standards.provisional_vehicle_limit(kind, conditions, DAY).value == ""


@pytest.mark.parametrize("limit", [AT2, SMALL, SMALL_AT])
def test_an_unlimited_large_motorcycle_makes_each_ordinary_motorcycle_limit_moot(limit):
    moot = exam_standards.limits_made_moot("大自二", "", ["眼鏡等", limit, "普通車はAT車に限る"], DAY)
    assert moot.value == [limit] and moot.assumption and "§6.1" in moot.reference


@pytest.mark.parametrize(("kind", "limit"), [("大自二", "at_oogata_nirin"), ("大型", ""), ("中型", "")])
def test_a_limited_large_motorcycle_or_a_larger_car_makes_nothing_moot(kind, limit):
    conditions = [SMALL_AT, "普通車はAT車に限る"]
    assert exam_standards.limits_made_moot(kind, limit, conditions, DAY).value == []


def test_the_derived_moot_rule_is_listed_in_the_docs_with_its_reasoning():
    row = next(line for line in assumptions_markdown().splitlines() if "exam_standards.limits_made_moot" in line)
    assert "普通二輪" in row
