"""The 再試験 a missed 初心運転者講習 leads to (道路交通法第100条の3第1項; procedures.md A.6): recording the
初心運転者講習 notice 期限経過 opens the 再試験 notice (未通知, same licence kind and period), audited and in the
history; other courses and results open none, and a second one never opens."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.conftest import SYSTEM, report
from tests.violations.test_courses import backdate, six_points

from menkyo.audit.models import AuditEvent
from menkyo.registry import services as registry
from menkyo.registry.models import HistoryEvent
from menkyo.rules.course_notices import notice_after_missed
from menkyo.violations import courses, services
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db


def probationary_notice_sent_long_ago(officer, holder_data):
    """A 普通 初心運転者 meeting the criterion; the 初心運転者講習 notice sent 50 days ago (deadline passed)."""
    acquired = timezone.localdate() - timedelta(days=300)
    licence = registry.register_holder(SYSTEM, dict(holder_data, kinds={"普通": acquired}, issue_date=acquired))
    for days in (150, 200):
        services.register_violation(officer, **report(licence, "signal_red", acquired + timedelta(days=days)))
    notice = backdate(CourseNotice.objects.get(person=licence.person), 60)
    sent = timezone.localdate() - timedelta(days=50)
    courses.send_course_notice(officer, notice, sent_on=sent, received_on=sent + timedelta(days=1))
    return notice


def test_the_law_calls_for_a_retest_after_a_missed_probationary_course_only():
    assert [notice_after_missed(k) for k in ("probationary_course", "violator_course", "young_driver_course",
                                             "retest")] == ["retest", None, None, None]


def test_a_probationary_course_recorded_expired_opens_the_retest_notice(officer, holder_data):
    notice = probationary_notice_sent_long_ago(officer, holder_data)
    courses.record_course_result(officer, notice, result="expire", on=timezone.localdate())
    retest = CourseNotice.objects.get(person=notice.person, kind="retest")
    assert (retest.state, retest.licence_kind, retest.period_key, retest.prefecture_id) == (
        "pending", "普通", notice.period_key, notice.prefecture_id)
    event = AuditEvent.objects.get(action="violations.course_notice.create", object_id=str(retest.pk))
    assert (event.detail["after"], event.detail["legal_basis"]) == (notice.pk, "規程第53条")
    assert "第100条の3" in HistoryEvent.objects.get(event_type="course_notice.opened").reason


def test_an_attended_probationary_course_opens_no_retest(officer, holder_data):
    notice = probationary_notice_sent_long_ago(officer, holder_data)
    courses.record_course_result(officer, notice, result="attend", on=timezone.localdate())
    assert not CourseNotice.objects.filter(kind="retest").exists()


def test_an_expired_violator_course_opens_no_notice(officer, licence):
    notice = backdate(six_points(officer, licence), 60)
    sent = timezone.localdate() - timedelta(days=50)
    courses.send_course_notice(officer, notice, sent_on=sent, received_on=sent)
    courses.record_course_result(officer, notice, result="expire", on=timezone.localdate())
    assert CourseNotice.objects.filter(person=licence.person).count() == 1


def test_a_retest_notice_already_there_for_the_period_is_not_opened_twice(officer, holder_data):
    notice = probationary_notice_sent_long_ago(officer, holder_data)
    CourseNotice.objects.create(prefecture_id="28", person_id=notice.person_id, licence_id=notice.licence_id,
                                kind="retest", licence_kind="普通", period_key=notice.period_key,
                                assessment_id=notice.assessment_id)
    courses.record_course_result(officer, notice, result="expire", on=timezone.localdate())
    assert CourseNotice.objects.filter(kind="retest").count() == 1
