"""暫定停止 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項): made by the 公安委員会 on a 一定の病気等 matter
whose 臨時適性検査 is pending, at most three months, the licence 停止中 and the card held, the 弁明 within 5 days,
lifted at once when the illness is ruled out (解除通知書), ended by the daily job after its last day."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.dispositions.conftest import in_days
from tests.dispositions.test_medical import ordered, receive
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import interim as services
from menkyo.dispositions import medical
from menkyo.dispositions.interim_papers import interim_paper
from menkyo.dispositions.models import (
    CardHandling,
    Case,
    CaseState,
    CaseType,
    InterimState,
    InterimSuspension,
)
from menkyo.registry.models import HistoryEvent, Licence, LicenceStatus
from menkyo.rules import interim_suspension as law

pytestmark = pytest.mark.django_db


def impose(actor, matter, **extra):
    data = {"accident_on": in_days(-4), "accident": "交差点で意識を失い追突。同乗者の話では発作の既往あり。",
            "ends_on": in_days(60)}
    return services.impose_interim_suspension(actor, matter, **{**data, **extra})


def status(licence) -> str:
    return Licence.objects.get(pk=licence.pk).status


def test_the_commission_suspends_the_licence_of_a_driver_whose_temporary_test_is_pending(officer, commission,
                                                                                            licence):
    interim = impose(commission, ordered(officer, licence))
    case = interim.case
    assert (case.case_type, case.state, case.authority, case.hearing_kind) == (
        CaseType.INTERIM_SUSPENSION, CaseState.EXECUTED, "commission", "explanation")
    assert case.decided_by == "hyogo_commission" and case.points_based is False
    assert status(licence) == LicenceStatus.SUSPENDED and interim.card_handling == CardHandling.HELD
    assert interim.explanation_due == law.explanation_due(timezone.localdate())
    event = AuditEvent.objects.get(action=services.Action.IMPOSE)
    assert event.detail["legal_basis"] == "規程第34条第3項" and event.detail["medical_matter"] == interim.matter_id
    assert HistoryEvent.objects.filter(event_type="disposition_case.interim", person=licence.person).exists()


def test_only_the_commissions_level_may_decide_it_and_the_refusal_is_audited(officer, hq, licence):
    matter = ordered(officer, licence)
    with pytest.raises(NotPermitted, match="公安委員会"):
        impose(hq, matter)
    with pytest.raises(NotPermitted):
        impose(officer, matter)
    assert not InterimSuspension.objects.exists() and status(licence) == LicenceStatus.VALID
    assert AuditEvent.objects.filter(action=services.Action.IMPOSE, outcome="denied").count() == 2


def test_a_matter_without_the_temporary_test_ordered_is_refused(officer, commission, licence):
    with pytest.raises(Conflict) as refused:
        impose(commission, receive(officer, licence))
    assert refused.value.code == "not_ordered" and not Case.objects.filter(case_type="interim_suspension").exists()


def test_bad_input_is_refused_field_by_field_and_nothing_changes(officer, commission, licence):
    matter = ordered(officer, licence)
    latest = law.last_allowed_day(timezone.localdate())
    for extra, field in (({"ends_on": latest + timedelta(days=1)}, "ends_on"), ({"ends_on": in_days(-1)}, "ends_on"),
                         ({"accident_on": in_days(1)}, "accident_on"), ({"accident": " "}, "accident"),
                         ({"ends_on": "2026-13-01"}, "ends_on")):
        with pytest.raises(InvalidInput) as refused:
            impose(commission, matter, **extra)
        assert refused.value.field == field
    assert not InterimSuspension.objects.exists() and status(licence) == LicenceStatus.VALID
    assert impose(commission, matter, ends_on=latest).ends_on == latest


def test_a_second_interim_suspension_of_the_same_driver_is_refused(officer, commission, licence):
    matter = ordered(officer, licence)
    impose(commission, matter)
    with pytest.raises(Conflict):
        impose(commission, matter)
    assert InterimSuspension.objects.count() == 1


def test_the_explanation_is_recorded_within_five_days_and_a_later_day_is_refused(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence))
    with pytest.raises(InvalidInput) as refused:
        services.record_interim_explanation(officer, interim, explained_on=in_days(1), explanation="発作はない")
    assert refused.value.field == "explained_on"
    services.record_interim_explanation(officer, interim, explained_on=in_days(0), explanation="発作の既往はない")
    assert InterimSuspension.objects.get(pk=interim.pk).explained_on == timezone.localdate()
    with pytest.raises(Conflict):
        services.record_interim_explanation(officer, interim, explained_on=in_days(0), explanation="再度")


def test_a_fit_result_marks_it_to_lift_and_the_commission_lifts_it_with_the_lifting_notice(officer, commission,
                                                                                           licence):
    matter = ordered(officer, licence)
    interim = impose(commission, matter)
    medical.record_medical_result(officer, matter, result="fit", result_on=in_days(0), note="異常なし")
    interim = services.load_interim(interim.pk)
    assert services.must_lift(interim) and services.interim_queue(commission) == [interim]
    with pytest.raises(InvalidInput):
        services.lift_interim_suspension(commission, interim, reason=" ")
    services.lift_interim_suspension(commission, interim, reason="臨時適性検査の結果、適と判定されたため")
    assert (interim.state, interim.ended_on) == (InterimState.LIFTED, timezone.localdate())
    assert status(licence) == LicenceStatus.VALID
    paper = interim_paper(commission, interim, "lifted")
    assert paper.pdf.startswith(b"%PDF") and "解除通知書" in paper.filename
    assert AuditEvent.objects.filter(action=services.Action.PAPER).exists()


def test_the_lifting_notice_does_not_exist_before_it_is_lifted_but_the_notice_does(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence))
    assert interim_paper(commission, interim, "notice").pdf.startswith(b"%PDF")
    with pytest.raises(Conflict):
        interim_paper(commission, interim, "lifted")


def test_the_daily_job_ends_it_after_its_last_day_and_the_licence_is_valid_again(officer, commission, licence):
    interim = impose(commission, ordered(officer, licence), ends_on=in_days(0))
    assert services.interim_due(SYSTEM, timezone.localdate()) == {"expired": 0, "disposition": 0}
    assert services.interim_due(SYSTEM, in_days(1)) == {"expired": 1, "disposition": 0}
    assert services.load_interim(interim.pk).state == InterimState.EXPIRED and status(licence) == LicenceStatus.VALID


def test_another_prefectures_operators_neither_see_nor_lift_it(officer, commission, osaka_officer, licence):
    interim = impose(commission, ordered(officer, licence))
    with pytest.raises(NotPermitted):
        services.get_interim(osaka_officer, interim.pk)
    assert services.interim_queue(osaka_officer) == []
