"""講習・再試験の通知 (procedures.md A.6; 規程第53条): the assessment opens the notice the law engine calls for,
once per person, kind and period; its sending takes the engine's deadline (1 month from the day after
receipt); the result closes it — each step audited and in the person's history."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import JUNE, MARCH, OCTOBER, SYSTEM, report

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent
from menkyo.rules.dates import months_after
from menkyo.violations import batch, courses, services
from menkyo.violations.models import Assessment, CourseNotice

pytestmark = pytest.mark.django_db
SIX = (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER))


def six_points(officer, licence):
    for code, day in SIX:
        services.register_violation(officer, **report(licence, code, day))
    return CourseNotice.objects.get(person=licence.person)


def backdate(notice, days):
    """The notice as if opened ``days`` ago (so that a sending and a deadline can lie in the past)."""
    CourseNotice.objects.filter(pk=notice.pk).update(created_at=timezone.now() - timedelta(days=days))
    notice.refresh_from_db()
    return notice


def test_three_minor_violations_reaching_6_points_open_one_violator_course_notice_to_send(officer, licence):
    notice = six_points(officer, licence)
    assert (notice.kind, notice.state, notice.prefecture_id, notice.period_key) == (
        "violator_course", "pending", "28", MARCH.isoformat())
    assert notice.assessment.action == "violator_course" and notice.licence_id == licence.pk
    event = AuditEvent.objects.get(action="violations.course_notice.create")
    assert event.person_id == licence.person_id and event.detail["legal_basis"] == "規程第53条"


def test_a_later_violation_of_the_same_period_opens_no_second_notice(officer, licence):
    six_points(officer, licence)
    services.register_violation(officer, **report(licence, "seatbelt", OCTOBER + timedelta(days=10)))
    assert CourseNotice.objects.filter(person=licence.person).count() == 1


def test_points_below_the_course_open_no_notice(officer, licence):
    services.register_violation(officer, **report(licence))
    assert not CourseNotice.objects.exists()


def test_a_probationary_driver_meeting_the_criterion_gets_a_probationary_course_notice(officer, holder_data):
    acquired = timezone.localdate() - timedelta(days=200)
    licence = registry.register_holder(SYSTEM, dict(holder_data, kinds={"普通": acquired}, issue_date=acquired))
    for days in (150, 100):
        services.register_violation(officer, **report(licence, "signal_red", acquired + timedelta(days=days)))
    notice = CourseNotice.objects.get(person=licence.person)
    assert (notice.kind, notice.licence_kind, notice.period_key) == ("probationary_course", "普通", acquired.isoformat())
    lines, points = courses.grounds(notice)
    assert points == 4 and len(lines) == 2


def test_sending_takes_the_engine_deadline_with_audit_and_history(officer, licence):
    notice = backdate(six_points(officer, licence), 10)
    sent, received = timezone.localdate() - timedelta(days=5), timezone.localdate() - timedelta(days=3)
    courses.send_course_notice(officer, notice, sent_on=sent, received_on=received)
    notice.refresh_from_db()
    assert (notice.state, notice.sent_on, notice.deadline) == ("sent", sent, months_after(received, 1))
    assert "の受領の翌日から1か月（道路交通法第102条の2）" in notice.deadline_detail and "令和" in notice.deadline_detail
    event = AuditEvent.objects.get(action="violations.course_notice.send")
    assert event.detail["legal_basis"] == "規程第53条" and event.detail["to"] == "sent"
    history = HistoryEvent.objects.get(event_type="course_notice.sent")
    assert history.changes["deadline"][1] == months_after(received, 1).isoformat()


def test_without_a_receipt_date_the_sending_day_is_taken_and_said_to_be_an_assumption(officer, licence):
    notice = six_points(officer, licence)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    assert notice.deadline == months_after(timezone.localdate(), 1)
    assert "発送日を受領日とみなして" in notice.deadline_detail


@pytest.mark.parametrize(("sent", "received", "field", "message"), [
    (1, None, "sent_on", "未来の日付"), (-20, None, "sent_on", "通知の作成日"), (0, -1, "received_on", "が発送日（"),
    ("x", None, "sent_on", "YYYY-MM-DD")])
def test_a_bad_sending_date_is_refused_with_its_field_and_nothing_changes(officer, licence, sent, received, field,
                                                                         message):
    notice = six_points(officer, licence)
    today = timezone.localdate()
    sent_on = sent if isinstance(sent, str) else today + timedelta(days=sent)
    received_on = None if received is None else today + timedelta(days=received)
    with pytest.raises(InvalidInput) as error:
        courses.send_course_notice(officer, notice, sent_on=sent_on, received_on=received_on)
    assert error.value.field == field and message in error.value.message
    notice.refresh_from_db()
    assert notice.state == "pending" and not AuditEvent.objects.filter(action="violations.course_notice.send").exists()


def test_attendance_is_recorded_and_closes_the_notice(officer, licence):
    notice = six_points(officer, licence)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    courses.record_course_result(officer, notice, result="attend", on=timezone.localdate(), reason="講習終了")
    assert (notice.state, notice.result_on, notice.result_note) == ("attended", timezone.localdate(), "講習終了")
    assert AuditEvent.objects.filter(action="violations.course_notice.attend").count() == 1
    assert HistoryEvent.objects.filter(event_type="course_notice.attended").count() == 1
    with pytest.raises(Conflict, match="現在の状態（受講済）"):
        courses.record_course_result(officer, notice, result="withdraw", on=timezone.localdate(), reason="誤り")


def test_the_deadline_passing_is_refused_before_the_deadline_and_listed_after_it(officer, licence):
    notice = backdate(six_points(officer, licence), 50)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate() - timedelta(days=10))
    with pytest.raises(InvalidInput, match="期限.*が経過していません"):
        courses.record_course_result(officer, notice, result="expire", on=timezone.localdate())
    assert courses.course_notice_queue(officer, "overdue") == []
    CourseNotice.objects.filter(pk=notice.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    notice.refresh_from_db()
    assert courses.course_notice_queue(officer, "overdue") == [notice]
    courses.record_course_result(officer, notice, result="expire", on=timezone.localdate())
    assert notice.state == "expired" and courses.course_notice_queue(officer, "overdue") == []


def test_a_course_notice_cannot_be_passed_like_a_retest(officer, licence):
    notice = six_points(officer, licence)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    with pytest.raises(InvalidInput, match="違反者講習の通知に「合格」は記録できません"):
        courses.record_course_result(officer, notice, result="pass", on=timezone.localdate())


def test_withdrawing_a_notice_needs_a_reason(officer, licence):
    notice = six_points(officer, licence)
    with pytest.raises(InvalidInput, match="理由を入力"):
        courses.record_course_result(officer, notice, result="withdraw", on=timezone.localdate())
    courses.record_course_result(officer, notice, result="withdraw", on=timezone.localdate(), reason="違反の抹消")
    assert notice.state == "withdrawn"


def test_another_prefectures_officer_is_refused_and_the_refusal_is_audited(officer, osaka_officer, licence):
    notice = six_points(officer, licence)
    with pytest.raises(NotPermitted, match="他の都道府県に住所がある運転者"):
        courses.send_course_notice(osaka_officer, notice, sent_on=timezone.localdate())
    assert AuditEvent.objects.filter(action="violations.course_notice.send", outcome="denied").count() == 1


def test_the_queue_to_send_shows_the_actors_prefecture_only(officer, osaka_officer, licence):
    notice = six_points(officer, licence)
    assert courses.course_notice_queue(officer, "to_send") == [notice]
    assert courses.course_notice_queue(osaka_officer, "to_send") == []
    assert AuditEvent.objects.filter(action="violations.course_notice.list").count() == 2
    with pytest.raises(InvalidInput):
        courses.course_notice_queue(officer, "all")


def test_the_notice_pdf_is_made_once_sent_and_its_rendering_is_audited(officer, clerk, licence):
    notice = six_points(officer, licence)
    with pytest.raises(Conflict, match="発送日を記録すると"):
        courses.course_notice_pdf(officer, notice.pk)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    rendered = courses.course_notice_pdf(clerk, notice.pk)
    assert rendered.pdf.startswith(b"%PDF") and rendered.filename.startswith("違反者講習通知書-28-C-")
    event = AuditEvent.objects.get(action="documents.violator_course_notice.render")
    assert event.person_id == licence.person_id and event.detail["sha256"] == rendered.sha256


def test_each_kind_has_its_own_form():
    assert {form.code for form in courses.FORMS.values()} == {
        "violator_course_notice", "probationary_course_notice", "young_driver_course_notice", "retest_notice"}


def test_the_engine_answer_calls_for_a_retest_after_the_course_when_the_criterion_is_met_again():
    result = {"outcome": {"action": "none"}, "counted_events": [],
              "probationary": [{"kind": "普通", "period_start": "2026-01-05", "meets_criteria": True,
                                "retest_required": True}],
              "young_driver": [{"kind": "中型", "period_start": "2025-06-01", "meets_criteria": False}]}
    assert courses.called_for(result) == [("probationary_course", "普通", "2026-01-05"), ("retest", "普通", "2026-01-05")]


def attended(officer, licence):
    notice = six_points(officer, licence)
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    return courses.record_course_result(officer, notice, result="attend", on=timezone.localdate())


def test_an_attended_violator_course_ends_the_points_before_it_and_the_driver_is_assessed_again(officer, licence):
    attended(officer, licence)
    latest = Assessment.objects.filter(person=licence.person).latest("pk")
    assert (latest.points, latest.action, latest.cause_id, latest.as_of) == (0, "none", None, timezone.localdate())
    assert AuditEvent.objects.filter(action="violations.assessment.create").count() == 4


def test_a_violation_after_the_attended_course_counts_from_zero_and_opens_no_second_notice(officer, licence):
    attended(officer, licence)
    services.register_violation(officer, **report(licence, "signal_red", timezone.localdate()))
    latest = Assessment.objects.filter(person=licence.person).latest("pk")
    assert (latest.points, latest.action) == (2, "none")
    assert CourseNotice.objects.filter(person=licence.person).count() == 1


def test_the_bulk_intake_also_counts_the_attended_course(officer, licence, link):
    attended(officer, licence)
    batch.receive_violation_batch(link, [{"external_reference": "AFTER-1",
                                          **report(licence, "signal_red", timezone.localdate().isoformat())}],
                                  source_system="hansoku")
    assert Assessment.objects.filter(person=licence.person).latest("pk").points == 2


def test_only_attended_courses_are_engine_events_with_the_licence_kind_when_there_is_one(officer, licence):
    notice = six_points(officer, licence)
    assert courses.attended_courses([licence.person_id]) == {}
    courses.send_course_notice(officer, notice, sent_on=timezone.localdate())
    courses.record_course_result(officer, notice, result="attend", on=timezone.localdate())
    assert courses.attended_courses([licence.person_id]) == {
        licence.person_id: [{"type": "violator_course", "date": timezone.localdate().isoformat()}]}
