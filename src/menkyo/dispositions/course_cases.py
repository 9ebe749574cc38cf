"""Cases a course notice's result opens (規程第41条の2, 第41条の2の2; 法第102条の2, 第100条の3).

:func:`on_course_result` is a listener of :data:`menkyo.violations.courses.COURSE_RESULT_RECORDED`
(registered in ``DispositionsConfig.ready()``), called inside the recording's transaction:

- a 違反者講習 notice recorded 期限経過: the engine's assessment said ``violator_course`` with what follows
  if not attended (``violator_course.if_not_attended``: 停止30日) — a points case opens with that proposal
  (the 免許課長 decides it with an 出頭通知書, procedures A.1: the engine's ``authority`` answers);
- a 再試験 notice recorded 不合格 or 未受験: a ``retest`` case (取消し, 第41条の2);
- a 若年運転者講習 notice recorded 期限経過: a ``young_driver`` case (取消し, 第41条の2の2).

The 再試験・若年 cases open without a proposal: the reviewer proposes the 取消し with its 欠格期間 (not in the
law engine) and the engine names the authority and hearing. At most one open case per person and type:
a result for a person with one open already changes nothing.
"""

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.dispositions.actions import ApplicantAction
from menkyo.dispositions.models import OPEN_STATES, Case, CaseType, DispositionKind
from menkyo.dispositions.services import _ask_authority
from menkyo.registry.services import add_history
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

S = CourseNoticeState
#: (kind, result) → (case type, the article, the ground staff read).
OPENS = {
    (CourseKind.VIOLATOR, S.EXPIRED): (CaseType.POINTS, legal.KITEI_30, "違反者講習の期限経過（停止）"),
    (CourseKind.RETEST, S.FAILED): (CaseType.RETEST, legal.KITEI_41NO2, "再試験の不合格（取消し）"),
    (CourseKind.RETEST, S.ABSENT): (CaseType.RETEST, legal.KITEI_41NO2, "再試験の未受験（意見の聴取の上で取消し）"),
    (CourseKind.YOUNG, S.EXPIRED): (CaseType.YOUNG_DRIVER, legal.KITEI_30, "若年運転者講習の期限経過（取消し）"),
}


def on_course_result(actor, notice: CourseNotice) -> Case | None:
    """Open the case the notice's result leads to (none for 受講済・合格・取消し)."""
    found = OPENS.get((notice.kind, notice.state))
    if found is None:
        return None
    case_type, basis, ground = found
    person = notice.person
    open_case = (Case.objects.select_for_update()
                 .filter(person=person, case_type=case_type, state__in=OPEN_STATES).first())
    if open_case is not None:
        return open_case
    case = Case(prefecture_id=notice.prefecture_id, person=person, case_type=case_type,
                assessment=notice.assessment if case_type == CaseType.POINTS else None,
                opened_by=actor.actor_name, proposal_reason=f"{ground}（{notice.reference}）"[:400])
    if case_type == CaseType.POINTS:
        _follow_course(actor, case, notice)
    else:
        case.points_based = True
    return opened(actor, case, basis, ground, {"course_notice": notice.pk})


def opened(actor, case: Case, basis, ground: str, detail: dict) -> Case:
    """Save the new case, with its audit event (what opened it) and the person's history row."""
    person = case.person
    case.save()
    event = record(actor, ApplicantAction.COURSE_CASE, object_type="case", object_id=case.pk, person_id=person.pk,
                   subject_prefecture=case.prefecture_id,
                   detail={**detail, "case_type": case.case_type, "kind": case.kind, "days": case.days,
                           "legal_basis": str(basis)})
    add_history(actor, person, person.current_licence, "disposition_case.open",
                {"disposition_case": (None, case.get_case_type_display())}, f"処分事案の開始（{ground}）", basis, event)
    return case


def _follow_course(actor, case: Case, notice: CourseNotice) -> None:
    """The engine's ``violator_course.if_not_attended`` (停止30日) is the proposal."""
    follows = (notice.assessment.result.get("violator_course") or {}).get("if_not_attended") or {}
    if follows.get("action") != DispositionKind.SUSPENSION:
        return
    case.kind, case.days, case.points_based = DispositionKind.SUSPENSION, int(follows["days"]), True
    _ask_authority(actor, case, notice.result_on)
