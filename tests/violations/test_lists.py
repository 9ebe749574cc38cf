"""The lists staff work from: the 行政処分警告対象者 名簿 (page, API, CSV; the operator's prefecture; the margin
an UNCONFIRMED parameter of the law engine) and the 仮登録 past their confirmation age (規程第28条の2 leaves
it to 別に定める: UNCONFIRMED)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import JUNE, MARCH, report

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import NotPermitted
from menkyo.rules.violation_lists import provisional_confirmation, warning_band
from menkyo.violations import lists, services
from menkyo.violations.models import ViolationRecord

pytestmark = pytest.mark.django_db


def test_a_driver_without_prior_at_4_points_is_on_the_warning_list_and_at_2_points_is_not(officer, licence,
                                                                                         osaka_licence):
    services.register_violation(officer, **report(licence))
    services.register_violation(officer, **report(osaka_licence))
    assert lists.warning_list(officer) == []
    services.register_violation(officer, **report(licence, "stop_sign", JUNE))
    rows = lists.warning_list(officer)
    assert [(r.assessment.person_id, r.assessment.points, r.band.threshold, r.points_to_go) for r in rows] == [
        (licence.person_id, 4, 6, 2)]
    event = AuditEvent.objects.filter(action="violations.warning_list.read").latest("seq")
    assert event.detail["persons"] == [licence.person_id]


def test_the_warning_list_shows_the_operators_prefecture_only(officer, osaka_officer, licence):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE)):
        services.register_violation(officer, **report(licence, code, day))
    assert lists.warning_list(osaka_officer) == []


def test_the_warning_band_is_an_unconfirmed_parameter_of_the_law_engine():
    band = warning_band(1, timezone.localdate())
    assert (band.threshold, band.from_points, band.assumption) == (4, 2, True)
    assert "出典がなく" in band.note


def test_a_counter_clerk_may_not_read_the_warning_list(clerk):
    with pytest.raises(NotPermitted, match="「審査」「決定」"):
        lists.warning_list(clerk)


def test_the_warning_page_api_and_csv_list_the_driver_and_the_csv_is_audited(client, login_as, officer, licence):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE)):
        services.register_violation(officer, **report(licence, code, day))
    login_as(client, officer)
    page = client.get("/violations/warnings/").content.decode()
    assert licence.person.name in page and "4点" in page and "仮定" in page
    body = client.get("/api/v1/warning-list").json()
    assert [(i["person_id"], i["points"], i["points_to_go"]) for i in body["items"]] == [(licence.person_id, 4, 2)]
    csv = b"".join(client.get("/violations/warnings.csv").streaming_content).decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("氏名,フリガナ") and licence.number in csv and "令和8年6月1日" in csv
    assert AuditEvent.objects.filter(action="violations.warning_list.export").count() == 1


def test_a_provisional_registration_older_than_the_age_is_listed_and_a_fresh_one_is_not(client, login_as, officer,
                                                                                       licence):
    old = services.register_provisional_violation(officer, caller="生田署 交通課 山本", **report(licence))
    services.register_provisional_violation(officer, caller="生田署 交通課 山本", **report(licence, "stop_sign", JUNE))
    days = provisional_confirmation(timezone.localdate()).days
    ViolationRecord.objects.filter(pk=old.pk).update(registered_at=timezone.now() - timedelta(days=days + 1))
    found, age = lists.overdue_provisional(officer)
    assert [v.pk for v in found] == [old.pk] and age.assumption
    login_as(client, officer)
    page = client.get("/violations/provisional/overdue/").content.decode()
    assert "生田署 交通課 山本" in page and f"{days}日を過ぎても" in page
    assert AuditEvent.objects.filter(action="violations.record.list_overdue").count() == 2
