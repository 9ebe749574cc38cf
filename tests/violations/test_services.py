"""違反等登録 (規程第28条–第28条の2): every registration, confirmation and deletion is validated by the law
engine, audited, written to the person's history and followed by a stored assessment."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import JUNE, MARCH, OCTOBER, report

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.registry.models import HistoryEvent
from menkyo.violations import services
from menkyo.violations.models import Assessment, ViolationRecord

pytestmark = pytest.mark.django_db


def test_a_registered_violation_carries_its_points_and_the_driver_is_assessed_with_audit_and_history(officer, licence):
    violation = services.register_violation(officer, **report(licence), reporter_reference="兵庫-0001")
    assert (violation.state, violation.points, violation.prefecture_id, violation.office_id) == (
        "registered", 2, "28", "28-001")
    assessment = Assessment.objects.get(person=licence.person)
    assert (assessment.points, assessment.action, assessment.cause_id, assessment.as_of) == (2, "none", violation.pk, MARCH)
    assert assessment.result["trace"]
    event = AuditEvent.objects.get(action="violations.record.register")
    assert event.person_id == licence.person_id and event.detail["legal_basis"] == "規程第28条第2項"
    assert AuditEvent.objects.filter(action="violations.assessment.create", person_id=licence.person_id).count() == 1
    assert AuditEvent.objects.filter(action="judgement.rules.assess").count() == 1
    history = HistoryEvent.objects.get(event_type="violation.registered")
    assert history.changes["points"] == [None, 2] and "信号無視（赤色等） 2点" in history.changes["violation"][1]
    assert history.legal_basis == "規程第28条第2項"


def test_three_minor_violations_reaching_6_points_prescribe_the_violator_course(officer, licence):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
        services.register_violation(officer, **report(licence, code, day))
    latest = Assessment.objects.filter(person=licence.person).latest("pk")
    assert (latest.points, latest.action, latest.outcome_ja) == (6, "violator_course", "違反者講習")
    assert Assessment.objects.filter(person=licence.person).count() == 3


def test_a_suspension_is_prescribed_with_its_days(officer, licence):
    services.register_violation(officer, **report(licence, "speeding_30_50"))
    latest = services.register_violation(officer, **report(licence, "speeding_30_50", JUNE)).person.assessments.latest("pk")
    assert (latest.points, latest.action, latest.days, latest.outcome_ja) == (12, "suspension", 90, "免許の停止（90日）")


def test_every_listener_hears_the_assessment_inside_the_transaction(officer, licence, monkeypatch):
    heard = []
    monkeypatch.setattr(services, "ASSESSED", [lambda actor, assessment: heard.append((actor, assessment.points))])
    services.register_violation(officer, **report(licence))
    assert heard == [(officer, 2)]


def test_a_failing_listener_rolls_the_registration_back(officer, licence, monkeypatch):
    def fail(actor, assessment):
        raise Conflict("事案を開けません。")
    monkeypatch.setattr(services, "ASSESSED", [fail])
    with pytest.raises(Conflict):
        services.register_violation(officer, **report(licence))
    assert not ViolationRecord.objects.exists() and not Assessment.objects.exists()


def test_an_accident_adds_its_points(officer, licence):
    violation = services.register_violation(officer, **report(licence, kind="accident", accident_severity="injury_under_15d",
                                                              sole_fault=True))
    assert violation.points == 5


def test_an_unlicensed_driver_is_named_by_the_person_number(officer, licence):
    violation = services.register_violation(officer, person_id=licence.person_id, kind="general",
                                            code="unlicensed_driving", violation_date=MARCH)
    assert (violation.licence_id, violation.points) == (None, 25)


def test_an_off_road_injury_carries_no_points_and_is_noted_in_the_trace(officer, licence):
    violation = services.register_violation(officer, licence_number=licence.number, kind="off_road",
                                            violation_date=MARCH, accident_severity="fatal")
    assert (violation.points, violation.code) == (None, "")
    latest = Assessment.objects.get(person=licence.person)
    assert latest.points == 0 and latest.result["trace"][-1]["step"] == "non_point_events"
    assert latest.result["trace"][-1]["assumption"] is True


TOMORROW = object()  # resolved when the test runs: collection may be on the day before (JST midnight)


@pytest.mark.parametrize("change, field, words", [
    ({"code": "no_such_violation"}, "code", "一覧から"),
    ({"code": ""}, "code", "違反行為を選んで"),
    ({"vehicle": "自転車"}, "vehicle", "違反点数制度の対象外"),
    ({"vehicle": "宇宙船"}, "vehicle", "一覧から"),
    ({"violation_date": TOMORROW}, "violation_date", "未来"),
    ({"violation_date": date(1970, 1, 1)}, "violation_date", "生年月日"),
    ({"violation_date": None}, "violation_date", "違反日を入力"),
    ({"violation_date": "2026-13-01"}, "violation_date", "YYYY-MM-DD"),
    ({"kind": "specified"}, "kind", "一般違反行為です"),
    ({"code": "failure_to_aid"}, "kind", "特定違反行為です"),
    ({"kind": "murder"}, "kind", "事案の態様"),
    ({"kind": "accident"}, "accident_severity", "交通事故の結果"),
    ({"kind": "accident", "accident_severity": "fatal"}, "sole_fault", "専ら"),
    ({"accident_severity": "fatal"}, "accident_severity", "交通事故"),
    ({"alcohol": "much"}, "alcohol", "酒気帯び"),
    ({"hit_and_run": "yes"}, "hit_and_run", "あて逃げ"),
    ({"licence_number": "12345"}, "licence_number", "12桁"),
    ({"licence_number": "999999999999"}, "licence_number", "ありません"),
    ({"licence_number": "", "person_id": None}, "licence_number", "免許証番号"),
    ({"licence_number": "", "person_id": "abc"}, "person_id", "運転者番号"),
    ({"office_code": "99-999"}, "office_code", "所属"),
    ({"reporter_reference": "x" * 41}, "reporter_reference", "40文字"),
    ({"code": "signal_red", "violation_date": date(2001, 1, 1)}, "violation_date", ""),
])
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(officer, licence, change, field, words):
    if change.get("violation_date") is TOMORROW:  # the day after the run's day, not the collection's
        change = {**change, "violation_date": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(InvalidInput) as refused:
        services.register_violation(officer, **{**report(licence), **change})
    assert refused.value.field == field and words in refused.value.message
    assert "events[" not in refused.value.message
    assert not ViolationRecord.objects.exists() and not Assessment.objects.exists()


def test_a_counter_clerk_may_not_register_and_the_denial_is_audited(clerk, licence, expect_one_denial):
    with expect_one_denial("violations.register_violation", "violations.record.register"):
        with pytest.raises(NotPermitted):
            services.register_violation(clerk, **report(licence))


def test_another_prefectures_station_report_is_registered_by_that_prefecture_only(osaka_officer, licence, expect_one_denial):
    with expect_one_denial("violations.register_violation", "violations.record.register"):
        with pytest.raises(NotPermitted, match="その都道府県の免許課"):
            services.register_violation(osaka_officer, **report(licence, office_code="28-001"))


def test_a_prefecture_registers_its_stations_report_about_a_holder_of_another_prefecture(officer, osaka_licence):
    violation = services.register_violation(officer, **report(osaka_licence))
    assert (violation.prefecture_id, violation.person.home_prefecture_id) == ("28", "27")


def test_a_phone_report_is_a_provisional_registration_with_its_caller_and_counts(officer, licence):
    violation = services.register_provisional_violation(officer, caller="生田警察署 交通課 山本", **report(licence))
    assert (violation.state, violation.caller) == ("provisional", "生田警察署 交通課 山本")
    assert Assessment.objects.get(person=licence.person).points == 2
    assert AuditEvent.objects.get(action="violations.record.provisional").detail["legal_basis"] == "規程第28条の2第2項"
    assert HistoryEvent.objects.filter(event_type="violation.provisional").exists()
    assert services.provisional_queue(officer) == [violation]


def test_a_provisional_registration_needs_its_caller(officer, licence):
    with pytest.raises(InvalidInput) as refused:
        services.register_provisional_violation(officer, caller=" ", **report(licence))
    assert refused.value.field == "caller"


def test_the_arrived_papers_confirm_a_provisional_registration_and_reassess(officer, decider, licence):
    violation = services.register_provisional_violation(officer, caller="生田署 山本", **report(licence))
    services.confirm_violation(decider, violation, reporter_reference="兵庫-0002")
    violation.refresh_from_db()
    assert (violation.state, violation.confirmed_by, violation.reporter_reference) == ("registered", decider.actor_name,
                                                                                        "兵庫-0002")
    assert Assessment.objects.filter(person=licence.person).count() == 2
    assert AuditEvent.objects.get(action="violations.record.confirm").detail["legal_basis"] == "規程第28条の2第2項"
    assert services.provisional_queue(officer) == []


def test_a_registered_violation_cannot_be_confirmed_again(officer, licence):
    violation = services.register_violation(officer, **report(licence))
    with pytest.raises(Conflict) as refused:
        services.confirm_violation(officer, violation)
    assert refused.value.code == "illegal_transition"


def test_a_deleted_violation_no_longer_counts_and_the_points_fall(officer, licence):
    services.register_violation(officer, **report(licence))
    second = services.register_violation(officer, **report(licence, "phone_holding", JUNE))
    services.delete_violation(officer, second, reason="抹消登録依頼書（生田署）")
    second.refresh_from_db()
    assert (second.state, second.end_reason) == ("deleted", "抹消登録依頼書（生田署）")
    latest = Assessment.objects.filter(person=licence.person).latest("pk")
    assert (latest.points, latest.cause_change) == (2, "deleted")
    history = HistoryEvent.objects.get(event_type="violation.deleted")
    assert history.changes["points"] == [5, 2] and history.legal_basis == "規程第28条第3項"


def test_a_violation_found_not_registrable_is_struck_out(officer, licence):
    violation = services.register_violation(officer, **report(licence))
    services.delete_violation(officer, violation, reason="登録対象外と判明", not_registrable=True)
    assert ViolationRecord.objects.get().state == "struck_out"
    assert AuditEvent.objects.get(action="violations.record.strike_out").detail["legal_basis"] == "規程第28条第4項"


def test_a_deletion_needs_its_reason(officer, licence):
    violation = services.register_violation(officer, **report(licence))
    with pytest.raises(InvalidInput) as refused:
        services.delete_violation(officer, violation, reason="")
    assert refused.value.field == "reason"


def test_another_prefecture_may_not_delete_and_the_denial_is_audited(officer, osaka_officer, licence, expect_one_denial):
    violation = services.register_violation(officer, **report(licence))
    with expect_one_denial("violations.delete_violation", "violations.record.delete"):
        with pytest.raises(NotPermitted):
            services.delete_violation(osaka_officer, violation, reason="誤り")


def test_the_person_page_data_is_read_by_their_prefecture_and_audited(officer, clerk, licence):
    violation = services.register_violation(officer, **report(licence))
    person, violations, latest = services.person_violations(clerk, licence.person_id)
    assert (violations, latest.points) == ([violation], 2)
    assert AuditEvent.objects.filter(action="violations.record.read", actor=clerk.actor_name).count() == 1


def test_a_prefecture_that_registered_a_violation_reads_the_holder_of_another(officer, osaka_licence, make_operator,
                                                                           expect_one_denial):
    services.register_violation(officer, **report(osaka_licence))
    assert services.person_violations(officer, osaka_licence.person_id)[2].points == 2
    kobe = make_operator("hyogo_case2", ["case_officer"], "28-001")
    assert services.person_violations(kobe, osaka_licence.person_id)[1]
    other = make_operator("kyoto_case", ["case_officer"], "26-001")
    with expect_one_denial("violations.view_violations", "violations.record.read"):
        with pytest.raises(NotPermitted):
            services.person_violations(other, osaka_licence.person_id)
