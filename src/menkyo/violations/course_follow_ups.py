"""The notice a missed course leads to (procedures.md A.6; 道路交通法第100条の3第1項, 規程第53条).

:func:`open_retest_after_missed_course` is a listener of :data:`menkyo.violations.courses.COURSE_RESULT_RECORDED`:
when a 初心運転者講習 notice is recorded 期限経過, the law (``rules.course_notices.notice_after_missed``) calls for
the 再試験 — its notice opens 未通知 for the same person, licence kind and 初心運転者期間 (the same
``period_key``), to be sent once the period has ended. Nothing opens when the person already has a 再試験 notice
of that period (the engine's ``retest_required`` after an attended course opens it otherwise) or one still open.
Created in the recording's transaction, audited ``violations.course_notice.create`` and in the person's history.
"""

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.registry.services import add_history
from menkyo.rules.course_notices import notice_after_missed
from menkyo.violations.actions import CourseAction
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

OPEN_STATES = (CourseNoticeState.PENDING, CourseNoticeState.SENT)


def open_retest_after_missed_course(actor, notice: CourseNotice) -> CourseNotice | None:
    """A 初心運転者講習 not taken by its deadline → the 再試験 notice (法第100条の3第1項); else nothing."""
    kind = notice_after_missed(notice.kind) if notice.state == CourseNoticeState.EXPIRED else None
    if kind is None:
        return None
    same = CourseNotice.objects.filter(person_id=notice.person_id, kind=kind, licence_kind=notice.licence_kind)
    if same.filter(period_key=notice.period_key).exists() or same.filter(state__in=OPEN_STATES).exists():
        return None
    follow = CourseNotice.objects.create(
        prefecture_id=notice.prefecture_id, person_id=notice.person_id, licence_id=notice.licence_id, kind=kind,
        licence_kind=notice.licence_kind, period_key=notice.period_key, assessment_id=notice.assessment_id)
    event = record(actor, CourseAction.CREATE, object_type="coursenotice", object_id=follow.pk,
                   person_id=notice.person_id, subject_prefecture=follow.prefecture_id,
                   detail={"kind": kind, "after": notice.pk, "legal_basis": str(legal.KITEI_53)})
    label = CourseKind(kind).label
    add_history(actor, notice.person, notice.licence, "course_notice.opened", {"course_notice": (None, label)},
                f"{notice.get_kind_display()}の期限経過による{label}の通知（道路交通法第100条の3）", legal.KITEI_53, event)
    return follow
