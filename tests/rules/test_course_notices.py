"""講習・再試験の通知の期限 (procedures.md A.6): 1 month counted from the day after receipt, ending on the
corresponding day (the month's last day when there is none); every assumption is stated."""

from datetime import date

import pytest

from menkyo.rules.course_notices import course_deadline
from menkyo.rules.errors import RulesError


def test_a_retest_notice_received_on_31_january_must_be_taken_by_28_february_and_that_is_sourced():
    found = course_deadline("retest", date(2026, 1, 29), date(2026, 1, 31))
    assert (found.deadline, found.law, found.assumption) == (date(2026, 2, 28), "道路交通法第100条の3", False)


def test_without_a_receipt_day_the_sending_day_is_used_and_said_to_be_an_assumption():
    found = course_deadline("violator_course", date(2026, 11, 27))
    assert found.deadline == date(2026, 12, 27) and found.assumption
    assert any("発送日を受領日とみなして" in note for note in found.notes)


def test_the_young_driver_course_exists_only_from_13_may_2022():
    with pytest.raises(RulesError) as error:
        course_deadline("young_driver_course", date(2022, 5, 12))
    assert error.value.code == "no_table_in_force"
    assert course_deadline("young_driver_course", date(2022, 5, 13)).assumption


def test_a_receipt_before_the_sending_and_an_unknown_kind_are_refused():
    with pytest.raises(RulesError, match="発送日"):
        course_deadline("violator_course", date(2026, 3, 2), date(2026, 3, 1))
    with pytest.raises(RulesError, match="kind"):
        course_deadline("suspension_course", date(2026, 3, 2))
