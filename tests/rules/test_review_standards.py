"""The 審査 in the law engine (規程第9条・第9条の2; UNCONFIRMED rows of exam_standards.yaml): what each
審査 changes and which tests it takes, with the trace marking the assumption."""

from datetime import date

import pytest

from menkyo.rules import exam_standards
from menkyo.rules.errors import RulesError

DAY = date(2026, 11, 27)


@pytest.mark.parametrize(("review", "kind", "condition", "tests", "text"), [
    ("limitation_removal", "普通", "", ("skill",), "普通車はAT車に限る"),
    ("limitation_removal", "中型", "", ("skill",), "中型車は中型車(8t)に限る"),
    ("limitation_removal", "準中型", "", ("skill",), "準中型車は準中型車(5t)に限る"),
    ("condition_removal", "普通", "glasses", ("aptitude",), "眼鏡等"),
    ("condition_removal", "大型", "hearing_aid", ("aptitude",), "補聴器"),
    ("condition_by_request", "普通", "at_futsuu", (), "普通車はAT車に限る"),
])
def test_each_review_takes_its_tests_and_changes_its_condition(review, kind, condition, tests, text):
    plan = exam_standards.review_plan(review, kind, condition, DAY)
    change = exam_standards.review_change(review, kind, condition, DAY)
    assert (plan.route, plan.tests, plan.exempt, plan.requirements) == ("review", tests, (), ())
    assert change.text == text and change.removes is (review != "condition_by_request")
    assert all(step["assumption"] for step in plan.trace) and "規程第9条" in plan.trace[-1]["reference"]


def test_the_at_condition_asked_for_names_the_upper_licences_of_the_ordinary_kind():
    change = exam_standards.review_change("condition_by_request", "普通", "at_futsuu", DAY)
    assert change.upper_kinds == ("大型", "中型", "準中型")


@pytest.mark.parametrize(("review", "kind", "condition", "path"), [
    ("limitation_removal", "大型", "", "kind"),
    ("condition_removal", "普通", "at_futsuu", "condition"),
    ("condition_by_request", "中型", "at_futsuu", "kind"),
    ("renewal", "普通", "", "review"),
])
def test_a_review_the_table_does_not_have_is_an_invalid_value_on_its_path(review, kind, condition, path):
    with pytest.raises(RulesError) as refused:
        exam_standards.review_plan(review, kind, condition, DAY)
    assert (refused.value.code, refused.value.path) == ("invalid_value", path)


def test_the_counter_offers_the_conditions_of_the_table():
    assert exam_standards.review_conditions(DAY) == [("glasses", "眼鏡等"), ("hearing_aid", "補聴器"),
                                                     ("at_futsuu", "普通車はAT車に限る")]
