"""Applicants' 拒否・保留 (規程第21条–第25条) and the cases a course notice's result opens (第41条の2):
a person without a licence reaching the standard has a 拒否・保留 case with a 弁明 before it, decided by
the 公安委員会 (拒否) or the 免許課長 (保留); the station hands the 通知書 over and reports the end of a
保留; the case's 交付停止 holds cards until then. An expired 違反者講習 opens the 停止30日 case, a failed or
missed 再試験 a 再試験 case, an expired 若年運転者講習 a 若年 case."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.dispositions.conftest import APRIL, MARCH, in_days
from tests.violations.conftest import SYSTEM

from menkyo.audit.models import AuditEvent
from menkyo.cards.models import IssueHold
from menkyo.core.errors import Conflict, NotPermitted
from menkyo.dispositions import applicants, services
from menkyo.dispositions.models import Case, CaseState
from menkyo.registry.models import HistoryEvent, Licence
from menkyo.violations import courses
from menkyo.violations import services as violations
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db
JUNE = MARCH.replace(month=6)


def applicant_register(licence, code, day):
    """A violation of a person whose licence has lapsed (an applicant: 無免許の者), registered by person."""
    return violations.register_violation(SYSTEM, person_id=licence.person_id, kind="general", code=code,
                                         violation_date=day, office_code="28-001")


@pytest.fixture
def applicant(licence):
    Licence.objects.filter(pk=licence.pk).update(status="lapsed")
    licence.person.__dict__.pop("_current_licence", None)
    return licence


def refusal_case(applicant):
    """15 points (13 + 2) of an applicant: 拒否 (欠格1年)."""
    applicant_register(applicant, "drink_driving_lt025", MARCH)
    applicant_register(applicant, "signal_red", APRIL)
    return applicant.person.disposition_cases.get()


def deferral_case(applicant):
    """6 points (2 + 2 + 2) of an applicant: 保留 (no 違反者講習 for an applicant)."""
    for code, day in (("signal_red", MARCH), ("stop_sign", APRIL), ("signal_red", JUNE)):
        applicant_register(applicant, code, day)
    return applicant.person.disposition_cases.get()


def through_explanation(case, officer, decider):
    """弁明 (書面 received) → 決定待ち → decided by ``decider``."""
    hearing = services.schedule_hearing(officer, case, hearing_date=in_days(-1), place="兵庫県警察本部運転免許課",
                                        notice_served=in_days(-10))
    services.record_hearing(officer, hearing, attendance="attended", statement="弁明書の提出")
    services.submit_case(officer, case)
    return services.decide_case(decider, case)


def test_an_applicant_with_15_points_has_a_refusal_case_decided_by_the_commission_after_an_explanation(applicant):
    case = refusal_case(applicant)
    assert (case.kind, case.years, case.authority, case.hearing_kind) == ("refusal", 1, "commission", "explanation")


def test_the_station_notifies_the_decided_refusal_and_the_engines_disqualification_is_recorded(
        applicant, officer, commission, clerk):
    case = through_explanation(refusal_case(applicant), officer, commission)
    found = applicants.notify_refusal(clerk, case)
    assert case.state == CaseState.EXECUTED and found.notified_by == "hyogo_clerk"
    until = case.assessment.result["disqualification"]["until"]
    assert found.disqualified_until.isoformat() == until
    assert HistoryEvent.objects.get(event_type="disposition_case.notify_refusal").legal_basis == "規程第24条"
    assert AuditEvent.objects.filter(action="dispositions.case.notify_refusal", actor="hyogo_clerk").exists()


def test_a_deferral_is_decided_by_the_section_head_and_runs_from_the_notification(
        applicant, officer, section_head, clerk):
    case = deferral_case(applicant)
    assert (case.kind, case.authority, case.hearing_kind) == ("deferral", "section_head", "explanation")
    found = applicants.notify_refusal(clerk, through_explanation(case, officer, section_head))
    assert (found.deferral_starts_on, found.deferral_ends_on) == (in_days(0), in_days(case.decided_days - 1))


def test_only_a_decided_refusal_or_deferral_is_notified(licence, clerk):
    from tests.dispositions.conftest import decided

    with pytest.raises(Conflict) as caught:
        applicants.notify_refusal(clerk, decided(licence))
    assert caught.value.code == "not_refusal"


def test_the_end_of_a_deferral_is_reported_after_its_last_day_and_releases_the_cases_issue_hold(
        applicant, officer, section_head, clerk, monkeypatch):
    case = deferral_case(applicant)
    applicants.hold_card_issue(officer, case)
    assert IssueHold.objects.active().filter(person_id=case.person_id).exists()
    found = applicants.notify_refusal(clerk, through_explanation(case, officer, section_head))
    with pytest.raises(Conflict) as caught:
        applicants.report_deferral_ended(officer, case)
    assert caught.value.code == "too_early"
    assert applicants.applicants_due(clerk, found.deferral_ends_on)["deferrals_ending"] == []
    day_after = found.deferral_ends_on + timedelta(days=1)
    assert applicants.applicants_due(clerk, day_after)["deferrals_ending"] == [case]
    monkeypatch.setattr(applicants, "today", lambda: day_after)
    applicants.report_deferral_ended(officer, case)
    assert not IssueHold.objects.active().filter(person_id=case.person_id).exists()
    assert HistoryEvent.objects.get(event_type="disposition_case.deferral_ended").legal_basis == "規程第25条"
    assert applicants.applicants_due(clerk, day_after)["deferrals_ending"] == []


def test_a_counter_clerks_report_leaves_the_hold_for_the_licence_division(
        applicant, officer, section_head, clerk, monkeypatch):
    case = deferral_case(applicant)
    applicants.hold_card_issue(officer, case)
    found = applicants.notify_refusal(clerk, through_explanation(case, officer, section_head))
    monkeypatch.setattr(applicants, "today", lambda: found.deferral_ends_on + timedelta(days=1))
    applicants.report_deferral_ended(clerk, case)
    assert IssueHold.objects.active().filter(person_id=case.person_id).exists()
    with pytest.raises(Conflict):
        applicants.report_deferral_ended(clerk, case)


def test_a_second_hold_for_the_same_case_is_refused(applicant, officer):
    case = refusal_case(applicant)
    applicants.hold_card_issue(officer, case)
    with pytest.raises(Conflict) as caught:
        applicants.hold_card_issue(officer, case)
    assert caught.value.code == "duplicate_hold"


def test_another_prefectures_clerk_cannot_notify_and_the_refusal_is_audited(applicant, officer, commission,
                                                                             make_operator):
    osaka = make_operator("osaka_clerk", ["counter"], "27-001")
    case = through_explanation(refusal_case(applicant), officer, commission)
    with pytest.raises(NotPermitted):
        applicants.notify_refusal(osaka, case)
    assert AuditEvent.objects.filter(action="dispositions.case.notify_refusal", outcome="denied").exists()
    case.refresh_from_db()
    assert case.state == CaseState.DECIDED


# --- cases from course results ---------------------------------------------------------------------

SIX = (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", MARCH.replace(month=10)))


def sent_notice(officer, licence):
    for code, day in SIX:
        violations.register_violation(officer, licence_number=licence.number, kind="general", code=code,
                                      violation_date=day)
    notice = CourseNotice.objects.get(person=licence.person)
    CourseNotice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(days=60))
    notice.refresh_from_db()
    courses.send_course_notice(officer, notice, sent_on=in_days(-50))
    return notice


def test_an_expired_violator_course_opens_the_30_day_suspension_case_for_the_section_head(officer, licence):
    notice = sent_notice(officer, licence)
    assert not Case.objects.filter(person=licence.person).exists()
    courses.record_course_result(officer, notice, result="expire", on=in_days(0))
    case = Case.objects.get(person=licence.person)
    assert (case.case_type, case.kind, case.days, case.authority) == ("points", "suspension", 30, "section_head")
    assert AuditEvent.objects.filter(action="dispositions.case.open_from_course").exists()


def test_an_attended_violator_course_opens_no_case(officer, licence):
    courses.record_course_result(officer, sent_notice(officer, licence), result="attend", on=in_days(0))
    assert not Case.objects.filter(person=licence.person).exists()


@pytest.mark.parametrize("result", ["fail", "absent"])
def test_a_failed_or_missed_retest_opens_a_retest_case_once(officer, licence, result):
    notice = sent_notice(officer, licence)
    CourseNotice.objects.filter(pk=notice.pk).update(kind="retest")
    notice.refresh_from_db()
    courses.record_course_result(officer, notice, result=result, on=in_days(0))
    case = Case.objects.get(person=licence.person)
    assert (case.case_type, case.state, case.kind) == ("retest", "review", "")
    assert "再試験" in case.proposal_reason


def test_an_expired_young_driver_course_opens_a_young_driver_case(officer, licence):
    notice = sent_notice(officer, licence)
    CourseNotice.objects.filter(pk=notice.pk).update(kind="young_driver_course")
    notice.refresh_from_db()
    courses.record_course_result(officer, notice, result="expire", on=in_days(0))
    assert Case.objects.get(person=licence.person).case_type == "young_driver"


def test_the_daily_job_lists_the_ended_deferrals_per_prefecture_once_a_day(applicant, officer, section_head, clerk):
    from io import StringIO

    from django.core.management import call_command

    found = applicants.notify_refusal(clerk, through_explanation(deferral_case(applicant), officer, section_head))
    day = (found.deferral_ends_on + timedelta(days=1)).isoformat()
    out = StringIO()
    call_command("deferrals", "ended", "--date", day, stdout=out)
    assert "'deferrals_ended': 1" in out.getvalue() and "'28': 1" in out.getvalue()
    assert AuditEvent.objects.filter(action="dispositions.applicant.list", subject_prefecture_code="28").exists()
    again = StringIO()
    call_command("deferrals", "ended", "--date", day, stdout=again)
    assert ": ran " in out.getvalue() and ": skipped_done" in again.getvalue()


def test_a_notified_refusal_is_the_engines_refusal_event_and_ends_the_points_before_it(
        applicant, officer, commission, clerk):
    case = through_explanation(refusal_case(applicant), officer, commission)
    applicants.notify_refusal(clerk, case)
    assert applicants.notified_refusals([applicant.person_id])[applicant.person_id] == [
        {"type": "refusal", "date": in_days(0).isoformat(), "disqualification_years": 1}]
    latest = applicant.person.assessments.order_by("-pk").first()
    assert (latest.points, latest.action) == (0, "none")
    assert Case.objects.filter(person=applicant.person).count() == 1
