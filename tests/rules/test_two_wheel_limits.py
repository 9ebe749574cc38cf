"""The limited 二輪 licences in the law engine (law-rules §9; UNCONFIRMED rows of exam_standards.yaml): the
限定 a test may be taken for, and what a 限定解除審査 (規程第9条第1項) may turn each 限定 into — wholly
lifted, or in part (小型AT限定 → AT限定 or 小型限定)."""

from datetime import date

import pytest

from menkyo.rules import exam_standards, kinds
from menkyo.rules.assumptions import assumptions_markdown
from menkyo.rules.errors import RulesError

DAY = date(2026, 11, 27)
AT2 = "普通二輪はAT車に限る"
SMALL = "普通二輪は小型二輪に限る"
SMALL_AT = "普通二輪は小型二輪のAT車に限る"
BIG_AT = "大型二輪はAT車に限る"


@pytest.mark.parametrize(("code", "text"), [
    ("at_futsuu_nirin", AT2), ("kogata_futsuu_nirin", SMALL), ("kogata_at_futsuu_nirin", SMALL_AT),
    ("at_oogata_nirin", BIG_AT),
])
def test_each_two_wheel_condition_prints_its_exact_text(code, text):
    assert kinds.condition_text(code) == text


def test_the_assumed_wording_of_the_at_large_motorcycle_is_listed_as_unconfirmed_in_the_docs():
    row = next(line for line in assumptions_markdown().splitlines() if "licence_conditions.at_oogata_nirin" in line)
    assert "UNCONFIRMED" in row and BIG_AT in row


@pytest.mark.parametrize(("kind", "offered"), [
    ("普通", ["普通車はAT車に限る"]),
    ("普自二", [AT2, SMALL, SMALL_AT]),
    ("大自二", [BIG_AT]),
    ("大型", []),
])
def test_each_kind_offers_the_limits_its_test_may_be_taken_for(kind, offered):
    assert [text for _, text in exam_standards.test_vehicle_limits(kind, DAY)] == offered


def test_a_chosen_limit_gives_its_printed_text_and_marks_the_assumption():
    chosen = exam_standards.test_vehicle_limit("普自二", "kogata_at_futsuu_nirin", DAY)
    assert chosen.value == SMALL_AT and chosen.assumption and "law-rules §9" in chosen.reference
    assert exam_standards.test_vehicle_limit("普通", "", DAY).value == ""


@pytest.mark.parametrize(("kind", "limit"), [
    ("普通", "kogata_futsuu_nirin"), ("大自二", "kogata_futsuu_nirin"), ("普自二", "at_futsuu"), ("大型", "at_futsuu"),
    ("普自二", "glasses"),
])
def test_a_limit_the_kind_does_not_have_is_refused_on_the_vehicle_limit_path(kind, limit):
    with pytest.raises(RulesError) as refused:
        exam_standards.test_vehicle_limit(kind, limit, DAY)
    assert (refused.value.code, refused.value.path) == ("invalid_value", "vehicle_limit")
    assert f"{kind}免許の試験で選べる限定ではありません" in refused.value.message


@pytest.mark.parametrize(("kind", "condition", "text"), [
    ("普自二", "at_futsuu_nirin", AT2), ("普自二", "kogata_futsuu_nirin", SMALL),
    ("普自二", "kogata_at_futsuu_nirin", SMALL_AT), ("大自二", "", BIG_AT), ("大自二", "at_oogata_nirin", BIG_AT),
])
def test_a_whole_lift_removes_the_limit_and_puts_nothing_in_its_place(kind, condition, text):
    change = exam_standards.review_change("limitation_removal", kind, condition, DAY)
    assert (change.text, change.removed, change.added, change.replacement) == (text, [text], [], "")
    assert change.description == f"「{text}」の解除" and change.assumption


@pytest.mark.parametrize(("remaining", "text", "part"), [
    ("at_futsuu_nirin", AT2, "小型二輪の限定"), ("kogata_futsuu_nirin", SMALL, "AT車の限定"),
])
def test_a_partial_lift_of_the_small_at_limit_replaces_it_by_the_limit_that_remains(remaining, text, part):
    change = exam_standards.review_change("limitation_removal", "普自二", "kogata_at_futsuu_nirin", DAY, remaining)
    assert (change.removed, change.added, change.part_lifted) == ([SMALL_AT], [text], part)
    assert change.description == f"「{SMALL_AT}」の一部解除（{part}を解除し「{text}」とする）"
    assert change.as_dict()["replacement"] == remaining


def test_a_partial_lift_takes_the_skill_test_and_the_trace_names_the_part_lifted():
    plan = exam_standards.review_plan("limitation_removal", "普自二", "kogata_at_futsuu_nirin", DAY, "at_futsuu_nirin")
    assert plan.tests == ("skill",) and "小型二輪の限定を解除" in plan.trace[0]["detail"]


def test_the_partial_lifts_of_the_table_are_those_of_the_small_at_limit_only():
    assert exam_standards.partial_lifts(DAY) == [
        ("kogata_at_futsuu_nirin", "at_futsuu_nirin", "小型二輪の限定"),
        ("kogata_at_futsuu_nirin", "kogata_futsuu_nirin", "AT車の限定")]
    assert exam_standards.limitations("普自二", DAY) == ["kogata_at_futsuu_nirin", "kogata_futsuu_nirin",
                                                       "at_futsuu_nirin"]
    assert exam_standards.limitations("中型", DAY) == ["deemed_8t"]


@pytest.mark.parametrize(("review", "kind", "condition", "remaining", "path"), [
    ("limitation_removal", "普自二", "", "", "condition"),  # three 限定: which one must be said
    ("limitation_removal", "普自二", "at_futsuu_nirin", "kogata_futsuu_nirin", "remaining"),  # nothing to keep
    ("limitation_removal", "普自二", "kogata_at_futsuu_nirin", "at_futsuu", "remaining"),
    ("limitation_removal", "中型", "deemed_8t", "deemed_5t", "remaining"),  # 8t → 5t is not in our sources
    ("limitation_removal", "普通", "", "at_futsuu_nirin", "remaining"),
    ("condition_removal", "普通", "glasses", "at_futsuu_nirin", "remaining"),
    ("limitation_removal", "中二", "", "", "kind"),
])
def test_a_lift_the_table_does_not_have_is_an_invalid_value_on_its_path(review, kind, condition, remaining, path):
    with pytest.raises(RulesError) as refused:
        exam_standards.review_change(review, kind, condition, DAY, remaining)
    assert (refused.value.code, refused.value.path) == ("invalid_value", path)


@pytest.mark.parametrize(("kind", "text"), [
    ("普通", "普通車はAT車に限る"), ("中型", "中型車は中型車(8t)に限る"), ("準中型", "準中型車は準中型車(5t)に限る")])
def test_the_existing_limits_are_still_lifted_wholly_without_naming_them(kind, text):
    change = exam_standards.review_change("limitation_removal", kind, "", DAY)
    assert (change.removed, change.added) == ([text], [])
