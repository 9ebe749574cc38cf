"""処分事案 (規程第30条–第32条, 第44条): opened by an assessment, reviewed and proposed, heard after a
notice long enough, decided by the authority 第31条 names and never by its preparer, deferred or
struck out with a reason. Each service's audit event and denial are checked."""

import pytest
from django.db import connection
from tests.dispositions.conftest import APRIL, MARCH, in_days, register, revocation_case

from menkyo.accounts import services as accounts
from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.dispositions import services
from menkyo.dispositions.models import Case, CaseState
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


def travel(monkeypatch, days):
    """The services' today moved ``days`` on (the 期日 has come)."""
    day = in_days(days)
    monkeypatch.setattr(services.timezone, "localdate", lambda: day)


def scheduled(case, officer, **extra):
    """The 意見の聴取 notified today for a 期日 7 days on."""
    return services.schedule_hearing(officer, case, hearing_date=in_days(7), place="兵庫県運転免許試験場",
                                     notice_served=in_days(0), **extra)


def heard(case, officer, monkeypatch):
    hearing = scheduled(case, officer)
    travel(monkeypatch, 7)
    services.record_hearing(officer, hearing, attendance="attended", statement="反省している")
    services.submit_case(officer, case, reason="意見を聴いた上で取消相当")
    return hearing


def test_fifteen_points_open_one_revocation_case_in_the_drivers_home_prefecture(licence):
    case = revocation_case(licence)
    assert (case.state, case.kind, case.years, case.prefecture_id) == (CaseState.REVIEW, "revocation", 1, "28")
    assert (case.authority, case.hearing_kind) == ("commission", "opinion_hearing")
    assert AuditEvent.objects.filter(action="dispositions.case.open", object_id=str(case.pk)).exists()
    assert HistoryEvent.objects.filter(person=licence.person, event_type="disposition_case.open").exists()


def test_a_later_assessment_updates_the_open_case_rather_than_opening_a_second(licence):
    register(licence, "speeding_50_plus", MARCH)  # 12 points: 停止90日
    case = licence.person.disposition_cases.get()
    assert (case.kind, case.days, case.authority) == ("suspension", 90, "hq")
    register(licence, "signal_red", APRIL)  # 14 points: still 停止90日 → 15 with another
    register(licence, "no_signal", APRIL)
    case = licence.person.disposition_cases.get()
    assert case.kind == "revocation" and case.authority == "commission"
    assert AuditEvent.objects.filter(action="dispositions.case.update").count() == 2


def test_a_violator_course_opens_no_case(licence):
    register(licence, "signal_red", MARCH)
    assert not Case.objects.exists()


def test_the_officer_proposes_and_the_engine_names_the_authority_and_hearing(licence, officer):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind="suspension", days=60, reason="情状")
    assert (case.state, case.authority, case.hearing_kind) == (CaseState.AWAITING_DECISION, "section_head", "none")
    assert case.preparers == ["hyogo_case"]
    assert AuditEvent.objects.filter(action="dispositions.case.propose", actor="hyogo_case").exists()
    assert AuditEvent.objects.filter(action="judgement.rules.authority", detail__outcome="section_head").exists()


def test_a_proposal_without_its_days_is_refused_and_changes_nothing(licence, officer):
    case = revocation_case(licence)
    with pytest.raises(InvalidInput) as caught:
        services.propose_disposition(officer, case, kind="suspension", days="")
    assert caught.value.field == "days"
    case.refresh_from_db()
    assert (case.kind, case.preparers) == ("revocation", [])


def test_a_notice_shorter_than_seven_days_is_refused_naming_the_first_allowed_day(licence, officer):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind="revocation", years=1)
    with pytest.raises(InvalidInput) as caught:
        services.schedule_hearing(officer, case, hearing_date=in_days(6), place="試験場", notice_served=in_days(0))
    assert caught.value.code == "notice_too_short" and "以降" in caught.value.message
    case.refresh_from_db()
    assert case.state == CaseState.REVIEW and not case.hearings.exists()


def test_a_notice_by_public_service_needs_fourteen_days(licence, officer):
    case = revocation_case(licence)
    with pytest.raises(InvalidInput):
        services.schedule_hearing(officer, case, hearing_date=in_days(13), place="試験場", notice_served=in_days(0),
                                  public_service=True)
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(14), place="試験場",
                                        notice_served=in_days(0), public_service=True)
    assert hearing.public_service and hearing.announced_on == in_days(0)


def test_a_scheduled_hearing_moves_the_case_and_a_change_keeps_the_old_date(licence, officer):
    case = revocation_case(licence)
    hearing = scheduled(case, officer)
    assert case.state == CaseState.HEARING_SCHEDULED and hearing.kind == "opinion_hearing"
    services.reschedule_hearing(officer, hearing, hearing_date=in_days(10), notice_served=in_days(1),
                                reason="本人の申出")
    assert hearing.previous_dates == [in_days(7).isoformat()] and hearing.hearing_date == in_days(10)
    assert AuditEvent.objects.filter(action="dispositions.hearing.reschedule").exists()


def test_an_agent_needs_the_certificate(licence, officer, monkeypatch):
    case = revocation_case(licence)
    hearing = scheduled(case, officer)
    travel(monkeypatch, 7)
    with pytest.raises(InvalidInput) as caught:
        services.record_hearing(officer, hearing, attendance="agent", agent_name="弁護士 甲")
    assert caught.value.field == "agent_certificate"
    services.record_hearing(officer, hearing, attendance="agent", agent_name="弁護士 甲", agent_certificate=True)
    assert case.__class__.objects.get(pk=case.pk).state == CaseState.HEARD


def test_an_absence_with_a_good_reason_returns_the_case_for_a_new_date(licence, officer, monkeypatch):
    case = revocation_case(licence)
    hearing = scheduled(case, officer)
    travel(monkeypatch, 7)
    services.record_hearing(officer, hearing, attendance="absent_justified", absence_reason="入院")
    case.refresh_from_db()
    assert case.state == CaseState.REVIEW


def test_a_hearing_cannot_be_recorded_before_its_date(licence, officer):
    case = revocation_case(licence)
    hearing = scheduled(case, officer)
    with pytest.raises(InvalidInput):
        services.record_hearing(officer, hearing, attendance="attended")


def test_the_commission_level_decides_a_revocation_and_its_level_is_recorded(licence, officer, commission,
                                                                            monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    services.decide_case(commission, case, reason="意見の聴取の結果")
    case.refresh_from_db()
    assert (case.state, case.decided_kind, case.decided_years) == (CaseState.DECIDED, "revocation", 1)
    assert (case.decided_by, case.decided_level) == ("hyogo_commission", "commission")
    assert AuditEvent.objects.filter(action="dispositions.case.decide", outcome="ok").exists()


def test_a_decider_at_another_level_is_refused_naming_the_authority(licence, officer, section_head, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    with pytest.raises(NotPermitted) as caught:
        services.decide_case(section_head, case)
    assert caught.value.code == "wrong_authority" and "公安委員会" in caught.value.message
    assert AuditEvent.objects.filter(action="dispositions.case.decide", outcome="denied").exists()
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_DECISION


def test_the_preparer_may_never_decide_even_with_the_right_level(licence, make_operator, monkeypatch):
    both = make_operator("hyogo_both", ["case_officer", "decision"], "28-001", decision_level="commission")
    case = revocation_case(licence)
    heard(case, both, monkeypatch)
    with pytest.raises(NotPermitted) as caught:
        services.decide_case(both, case)
    assert caught.value.code == "separation_of_duties"
    assert AuditEvent.objects.filter(action="dispositions.case.decide", outcome="denied",
                                     detail__refused="separation_of_duties").exists()


def test_a_case_officer_cannot_decide(licence, officer, second_officer, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    with pytest.raises(NotPermitted):
        services.decide_case(second_officer, case)


def test_another_prefecture_cannot_prepare_the_case(licence, osaka_officer):
    case = revocation_case(licence)
    with pytest.raises(NotPermitted):
        services.propose_disposition(osaka_officer, case, kind="revocation", years=1)
    assert AuditEvent.objects.filter(action="dispositions.case.propose", outcome="denied").exists()


def test_a_suspension_is_deferred_with_its_reason(licence, officer, section_head):
    register(licence, "speeding_30_50", MARCH)  # 6 points: 停止30日
    case = licence.person.disposition_cases.get()
    services.defer_case(section_head, case, reason="業務上の必要")
    assert (case.state, case.end_reason) == (CaseState.DEFERRED, "業務上の必要")
    assert AuditEvent.objects.filter(action="dispositions.case.defer").exists()


def test_a_revocation_cannot_be_deferred_and_a_reason_is_required_to_strike_out(licence, commission):
    case = revocation_case(licence)
    with pytest.raises(Conflict):
        services.defer_case(commission, case, reason="x")
    with pytest.raises(InvalidInput):
        services.strike_out_case(commission, case, reason=" ")
    services.strike_out_case(commission, case, reason="違反等登録の不適格抹消")
    assert case.state == CaseState.STRUCK_OUT


def test_after_a_struck_out_case_a_new_assessment_opens_a_new_case(licence, commission):
    case = revocation_case(licence)
    services.strike_out_case(commission, case, reason="誤登録")
    register(licence, "no_signal", APRIL)
    assert licence.person.disposition_cases.filter(state=CaseState.REVIEW).count() == 1


def test_the_queues_show_the_cases_of_the_actors_prefecture_and_level(licence, officer, commission, hq,
                                                                      osaka_officer, monkeypatch):
    case = revocation_case(licence)
    assert services.review_queue(officer) == [case] and services.review_queue(osaka_officer) == []
    heard(case, officer, monkeypatch)
    assert services.decision_queue(commission) == [case] and services.decision_queue(hq) == []


def test_a_commission_level_granted_through_two_administrators_decides_the_revocation(licence, officer, hyogo_admin,
                                                                                     make_operator, monkeypatch):
    second_admin = make_operator("hyogo_admin2", ["admin"], "28-002")
    member = make_operator("hyogo_member", ["counter"], "28-001")
    grant = accounts.request_role_grant(hyogo_admin, member, ["decision"], "commission", reason="公安委員会事務")
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    with pytest.raises(NotPermitted):  # the grant is pending: no 決定 role yet
        services.decide_case(member, case)
    accounts.approve_role_grant(second_admin, grant)
    member.refresh_from_db()
    services.decide_case(member, case, reason="決定")
    assert (case.state, case.decided_level) == (CaseState.DECIDED, "commission")
    assert HistoryEvent.objects.filter(person=licence.person, event_type="disposition_case.decide",
                                       legal_basis="規程第31条").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_updating_the_open_case_locks_no_shared_row(licence, locked_tables):
    revocation_case(licence)
    locked = locked_tables(lambda: register(licence, "no_signal", APRIL))
    assert "dispositions_case" in locked
    assert not locked & {"core_prefecture", "core_affiliation", "violations_assessment", "accounts_operator"}


def test_whereabouts_unknown_is_recorded_only_after_thirty_days_from_the_announcement(licence, officer, monkeypatch):
    case = revocation_case(licence)
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(14), place="試験場",
                                        notice_served=in_days(0), public_service=True)
    travel(monkeypatch, 30)
    with pytest.raises(InvalidInput) as caught:
        services.record_hearing(officer, hearing, attendance="whereabouts_unknown", absence_reason="所在調査不能")
    assert caught.value.code == "too_early"
    travel(monkeypatch, 31)
    services.record_hearing(officer, hearing, attendance="whereabouts_unknown", absence_reason="所在調査不能")
    case.refresh_from_db()
    assert case.state == CaseState.HEARD


def test_a_case_of_another_type_may_run_beside_the_open_points_case_but_not_a_second_of_one_type(licence):
    from django.db import IntegrityError, transaction

    case = revocation_case(licence)
    beside = Case.objects.create(prefecture_id="28", person=licence.person, case_type="provisional_suspension",
                                 opened_by="hyogo_station")
    assert (case.case_type, beside.assessment_id, beside.ground_ja) == (
        "points", None, "仮停止（第39条）に該当するため")
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(prefecture_id="28", person=licence.person, case_type="provisional_suspension",
                            opened_by="hyogo_station")


def test_the_deciding_authority_sends_the_case_back_to_review_with_its_reason(licence, officer, commission, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    services.send_back_case(commission, case, reason="事故の態様を再確認されたい")
    case.refresh_from_db()
    assert case.state == CaseState.REVIEW
    assert AuditEvent.objects.filter(action="dispositions.case.send_back", outcome="ok").exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.send_back").legal_basis == "規程第31条"


def test_a_send_back_needs_its_reason_the_right_level_and_never_the_preparer(licence, officer, commission,
                                                                            section_head, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    with pytest.raises(InvalidInput):
        services.send_back_case(commission, case, reason=" ")
    with pytest.raises(NotPermitted) as caught:
        services.send_back_case(section_head, case, reason="再審査")
    assert caught.value.code == "wrong_authority"
    with pytest.raises(NotPermitted):
        services.send_back_case(officer, case, reason="再審査")
    case.refresh_from_db()
    assert case.state == CaseState.AWAITING_DECISION


def test_a_lighter_proposal_after_a_send_back_needs_no_second_hearing(licence, officer, commission, hq, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    services.send_back_case(commission, case, reason="停止相当ではないか")
    services.propose_disposition(officer, case, kind="suspension", days=150, reason="情状を考慮")
    assert (case.state, case.authority) == (CaseState.HEARD, "hq")
    services.submit_case(officer, case)
    services.decide_case(hq, case, reason="停止150日")
    assert (case.state, case.decided_kind, case.decided_days) == (CaseState.DECIDED, "suspension", 150)


def test_a_heavier_proposal_after_a_send_back_goes_to_a_new_hearing(licence, officer, commission, monkeypatch):
    case = revocation_case(licence)
    heard(case, officer, monkeypatch)
    services.send_back_case(commission, case, reason="欠格期間を再検討されたい")
    services.propose_disposition(officer, case, kind="revocation", years=2, reason="悪質")
    assert case.state == CaseState.REVIEW


def test_a_notified_refusal_reads_notified_and_an_executed_revocation_executed():
    refusal = Case(state=CaseState.EXECUTED, decided_kind="refusal")
    revocation = Case(state=CaseState.EXECUTED, decided_kind="revocation")
    assert (refusal.state_ja, revocation.state_ja, Case(state=CaseState.REVIEW).state_ja) == ("通知済", "執行済", "審査中")
