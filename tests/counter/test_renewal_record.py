"""The renewal's driver class is judged on the holder's record in the register (道路交通法第92条の2; 規程第16条):
violations registered by the licence division count without the counter entering them, a violation entered
again from the inquiry counts once, and one the register does not hold yet may still be added."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.renewals import renewal_data, renewal_holder

from menkyo.counter import renewal, via
from menkyo.violations import services as violations

pytestmark = pytest.mark.django_db


@pytest.fixture
def middle_aged(holder_data):
    return renewal_holder(holder_data, age=45, name="中年 一郎")


@pytest.fixture
def officer(make_operator):
    return make_operator("hyogo_record_officer", ["case_officer"], "28-001")


def registered(officer, licence, code="signal_red", days_ago=400):
    day = timezone.localdate() - timedelta(days=days_ago)
    violations.register_violation(officer, licence_number=licence.number, kind="general", code=code,
                                  violation_date=day)
    return {"date": day, "code": code}


def test_a_violation_registered_in_the_register_makes_the_holder_a_general_driver_without_entering_it(
        centre_clerk, officer, middle_aged):
    registered(officer, middle_aged)
    answer = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged)).eligibility
    assert answer["driver_class"] == "一般" and answer["colour"] == "blue"


def test_a_registered_violation_entered_again_at_the_counter_counts_once(centre_clerk, officer, middle_aged):
    entered = registered(officer, middle_aged)
    answer = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged, violations=[entered])).eligibility
    assert answer["driver_class"] == "一般"  # two violations would be 違反運転者


def test_a_violation_the_register_does_not_hold_yet_may_still_be_added_from_the_inquiry(
        centre_clerk, officer, middle_aged):
    registered(officer, middle_aged)
    other = {"date": timezone.localdate() - timedelta(days=200), "code": "speeding_under_20"}
    answer = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged, violations=[other])).eligibility
    assert answer["driver_class"] == "違反"


def test_a_record_deleted_from_the_register_no_longer_counts(centre_clerk, officer, middle_aged):
    registered(officer, middle_aged)
    record = violations.ViolationRecord.objects.get(person=middle_aged.person)
    violations.delete_violation(officer, record, reason="抹消登録依頼書による")
    answer = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged)).eligibility
    assert answer["driver_class"] == "優良"


def test_the_record_events_are_the_registers_up_to_the_application_day(officer, middle_aged):
    entered = registered(officer, middle_aged, days_ago=3)
    day = timezone.localdate() - timedelta(days=10)
    assert renewal.record_events(middle_aged, day, []) == []
    assert [e["code"] for e in renewal.record_events(middle_aged, timezone.localdate(), [])] == [entered["code"]]
    assert via.renewal is renewal  # the 経由 intake judges on the same record
