"""講習・再試験の通知 (procedures.md A.6; 規程第53条, 第38条, 第41条の2): the notices an assessment calls for.

The law engine's ``assess`` answer says which course a person must be told to attend:
``outcome.action == "violator_course"`` (違反者講習, 法第102条の2: 累積6点 of minor violations with no
前歴, instead of a 30-day 停止), ``probationary[].meets_criteria`` (初心運転者講習), ``young_driver[]
.meets_criteria`` (若年運転者講習) and ``probationary[].retest_required`` (再試験, 法第100条の3).
:func:`open_course_notices`, a listener of :data:`menkyo.violations.services.ASSESSED`, opens one
:class:`CourseNotice` per person, kind and period (the accumulation's first counted event, or the
初心/若年 period's first day) in state 未通知; a later assessment of the same period opens nothing.

The commission of the person's address sends it (規程第38条: another prefecture's resident's papers go
to that commission): :func:`send_course_notice` records the sending, and the law engine
(``rules.course_notices``) gives the deadline — 1 month from receipt. Then the result:
受講済 / 期限経過 (courses), 合格 / 不合格 / 未受験 (再試験), or 取消し (:func:`record_course_result`).
A 期限経過 違反者講習 leads to a 30-day 停止 and a 不合格・未受験 再試験 to a 取消し: both are disposition
cases (``dispositions``, ADR 0016 part 2), not opened here. Nothing is sent without a person.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.documents import forms as document_forms
from menkyo.documents.services import RenderedDocument, render_document
from menkyo.registry.services import add_history
from menkyo.rules.course_notices import course_deadline
from menkyo.rules.errors import RulesError
from menkyo.violations.actions import CourseAction
from menkyo.violations.models import (
    COUNTED_STATES,
    Assessment,
    CourseKind,
    CourseNotice,
    CourseNoticeState,
    ViolationRecord,
)
from menkyo.violations.permissions import (
    LIST_COURSE_NOTICES,
    RECORD_COURSE_RESULT,
    SEND_COURSE_NOTICE,
    VIEW_COURSE_NOTICE,
)
from menkyo.violations.services import describe, reassess

S = CourseNoticeState
COURSES = (CourseKind.VIOLATOR, CourseKind.PROBATIONARY, CourseKind.YOUNG)
OPEN_STATES = (S.PENDING, S.SENT)
REASON_MAX_LENGTH = 200
LIST_LIMIT = 200

COURSE_NOTICES = Workflow(
    name="violations.course_notice", label_ja="講習・再試験の通知", states=CourseNoticeState, transitions=[
        Transition("send", source=(S.PENDING,), target=S.SENT, rule=SEND_COURSE_NOTICE.name,
                   legal_basis=legal.KITEI_53, label_ja="通知書の発送", audit_action=CourseAction.SEND),
        Transition("attend", source=(S.SENT,), target=S.ATTENDED, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_53, label_ja="受講済", audit_action=CourseAction.ATTEND),
        Transition("expire", source=(S.SENT,), target=S.EXPIRED, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_53, label_ja="期限経過", audit_action=CourseAction.EXPIRE),
        Transition("pass", source=(S.SENT,), target=S.PASSED, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_41NO2, label_ja="合格", audit_action=CourseAction.PASS),
        Transition("fail", source=(S.SENT,), target=S.FAILED, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_41NO2, label_ja="不合格", audit_action=CourseAction.FAIL),
        Transition("absent", source=(S.SENT,), target=S.ABSENT, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_41NO2, label_ja="未受験", audit_action=CourseAction.ABSENT),
        Transition("withdraw", source=(S.PENDING, S.SENT), target=S.WITHDRAWN, rule=RECORD_COURSE_RESULT.name,
                   legal_basis=legal.KITEI_53, label_ja="通知の取消し", audit_action=CourseAction.WITHDRAW,
                   requires_reason=True),
    ],
)
#: The results each kind may have (a course is attended or not; the 再試験 is passed, failed or missed).
RESULTS = {kind: ("attend", "expire", "withdraw") for kind in COURSES} | {
    CourseKind.RETEST: ("pass", "fail", "absent", "withdraw")}
#: Listeners called with ``(actor, notice)`` inside :func:`record_course_result`'s transaction once a
#: result is recorded (``dispositions`` opens the case a 期限経過・不合格・未受験 leads to; this app does not
#: import it). A listener's error rolls the recording back.
COURSE_RESULT_RECORDED: list = []
#: Results that can only be recorded once the deadline has passed.
AFTER_DEADLINE = ("expire", "absent")
FORMS = {CourseKind.VIOLATOR: document_forms.ViolatorCourseNotice,
         CourseKind.PROBATIONARY: document_forms.ProbationaryCourseNotice,
         CourseKind.YOUNG: document_forms.YoungDriverCourseNotice,
         CourseKind.RETEST: document_forms.RetestNotice}


# --- opened by the assessment --------------------------------------------------------------------


def called_for(result: dict) -> list[tuple[str, str, str]]:
    """The notices the engine's ``assess`` answer calls for: ``(kind, licence kind, period key)``."""
    found = []
    if result["outcome"]["action"] == "violator_course" and result.get("counted_events"):
        found.append((CourseKind.VIOLATOR, "", result["counted_events"][0][:10]))
    for finding in result.get("probationary", []):
        if finding.get("meets_criteria"):
            found.append((CourseKind.PROBATIONARY, finding["kind"], finding["period_start"]))
        if finding.get("retest_required"):
            found.append((CourseKind.RETEST, finding["kind"], finding["period_start"]))
    for finding in result.get("young_driver", []):
        if finding.get("meets_criteria"):
            found.append((CourseKind.YOUNG, finding["kind"], finding["period_start"]))
    return found


def open_course_notices(actor, assessment: Assessment) -> list[CourseNotice]:
    """The :data:`~menkyo.violations.services.ASSESSED` listener: open each notice the assessment calls
    for, unless the person already has one for that kind and period, or one still open for that kind
    (a deleted violation can move the period's first event: the open notice stands, staff withdraw it)."""
    opened = []
    for kind, licence_kind, key in called_for(assessment.result):
        same = CourseNotice.objects.filter(person_id=assessment.person_id, kind=kind, licence_kind=licence_kind)
        if same.filter(period_key=key).exists() or same.filter(state__in=OPEN_STATES).exists():
            continue
        opened.append(_open(actor, assessment, kind, licence_kind, key))
    return opened


def _open(actor, assessment: Assessment, kind: str, licence_kind: str, key: str) -> CourseNotice:
    person = assessment.person
    try:
        with transaction.atomic():
            notice = CourseNotice.objects.create(
                prefecture_id=person.home_prefecture_id, person=person, licence=person.current_licence, kind=kind,
                licence_kind=licence_kind, period_key=key, assessment=assessment)
    except IntegrityError:  # opened meanwhile by a racing assessment of the same person and period
        return CourseNotice.objects.get(person=person, kind=kind, licence_kind=licence_kind, period_key=key)
    record(actor, CourseAction.CREATE, object_type="coursenotice", object_id=notice.pk, person_id=person.pk,
           subject_prefecture=notice.prefecture_id,
           detail={"kind": kind, "assessment": assessment.pk, "legal_basis": str(legal.KITEI_53)})
    return notice


#: The engine's event for each attended course (rules-contract §1): a 違反者講習 attended leaves the
#: points before it uncounted; an attended 初心・若年運転者講習 names the licence kind it was for.
ATTENDED_EVENTS = {CourseKind.VIOLATOR: "violator_course", CourseKind.PROBATIONARY: "probationary_course",
                   CourseKind.YOUNG: "young_driver_course"}


def attended_courses(person_ids: list[int]) -> dict[int, list[dict]]:
    """The :data:`~menkyo.violations.services.ENGINE_EVENTS` provider: the courses recorded 受講済,
    as engine events on the day attended."""
    found: dict[int, list[dict]] = {}
    for person_id, kind, licence_kind, day in (
            CourseNotice.objects.filter(person_id__in=person_ids, state=CourseNoticeState.ATTENDED,
                                        kind__in=list(ATTENDED_EVENTS))
            .values_list("person_id", "kind", "licence_kind", "result_on")):
        event = {"type": ATTENDED_EVENTS[kind], "date": day.isoformat()}
        if licence_kind:
            event["kind"] = licence_kind
        found.setdefault(person_id, []).append(event)
    return found


# --- sending and the result ----------------------------------------------------------------------


@procedure(legal.KITEI_53, rule=SEND_COURSE_NOTICE.name)
def send_course_notice(actor, notice: CourseNotice, *, sent_on, received_on=None, reason: str = "") -> CourseNotice:
    """Record that the notice was sent on ``sent_on`` (received on ``received_on`` when known): the law
    engine gives the deadline — 1 month from the day after receipt (procedures.md A.6)."""
    transition = COURSE_NOTICES.transition("send")
    authorize(actor, transition.rule, notice, action=transition.audit_action, person_id=notice.person_id)
    sent_on = past_date(sent_on, "sent_on", "発送日")
    received_on = past_date(received_on, "received_on", "受領日") if received_on not in (None, "") else None
    if sent_on < timezone.localtime(notice.created_at).date():
        raise InvalidInput(f"発送日が通知の作成日（{wareki(timezone.localtime(notice.created_at).date())}）より前です。",
                           field="sent_on")
    if received_on is not None and received_on < sent_on:
        raise InvalidInput(f"受領日（{wareki(received_on)}）が発送日（{wareki(sent_on)}）より前です。", field="received_on")
    try:
        found = course_deadline(notice.kind, sent_on, received_on)
    except RulesError as error:
        raise InvalidInput(error.message, field=error.path or "sent_on", code=error.code) from None
    reason = _reason(reason)
    with transaction.atomic():
        event = COURSE_NOTICES.apply(actor, notice, "send", reason=reason, sent_on=sent_on, received_on=received_on,
                                     deadline=found.deadline, deadline_detail=deadline_detail(found)[:400],
                                     sent_by=actor.actor_name)
        add_history(actor, notice.person, notice.licence, f"course_notice.{S.SENT}",
                    {"course_notice": (None, notice.get_kind_display()), "deadline": (None, found.deadline)},
                    reason or f"{notice.get_kind_display()}の通知", transition.legal_basis, event)
    return notice


@procedure(legal.KITEI_53, rule=RECORD_COURSE_RESULT.name)
def record_course_result(actor, notice: CourseNotice, *, result: str, on, reason: str = "") -> CourseNotice:
    """Record what came of the notice on ``on``: 受講済 or 期限経過 (a course), 合格, 不合格 or 未受験
    (the 再試験; 規程第41条の2 follows a 不合格・未受験), or 取消し with a reason. 期限経過 and 未受験 only
    after the deadline; a result never before the sending nor in the future."""
    if result not in COURSE_NOTICES.transitions:
        raise InvalidInput("結果を一覧から選んでください。", field="result")
    transition = COURSE_NOTICES.transition(result)
    authorize(actor, transition.rule, notice, action=transition.audit_action, person_id=notice.person_id)
    if result not in RESULTS[notice.kind]:
        raise InvalidInput(f"{notice.get_kind_display()}の通知に「{transition.label_ja}」は記録できません。", field="result")
    on = past_date(on, "on", "結果の日")
    if notice.sent_on and on < notice.sent_on:
        raise InvalidInput(f"結果の日が発送日（{wareki(notice.sent_on)}）より前です。", field="on")
    if result in AFTER_DEADLINE and notice.deadline and on <= notice.deadline:
        raise InvalidInput(f"期限（{wareki(notice.deadline)}）が経過していません。期限の翌日以降に記録してください。",
                           field="on")
    reason = _reason(reason)
    with transaction.atomic():
        event = COURSE_NOTICES.apply(actor, notice, result, reason=reason, result_on=on,
                                     result_by=actor.actor_name, result_note=reason)
        add_history(actor, notice.person, notice.licence, f"course_notice.{notice.state}",
                    {"course_notice": (notice.get_kind_display(), f"{transition.label_ja}（{wareki(on)}）")},
                    reason or transition.label_ja, transition.legal_basis, event)
        if notice.state == CourseNoticeState.ATTENDED:
            reassess(actor, notice.person)  # the course now counts (e.g. the points before it end)
        for listener in COURSE_RESULT_RECORDED:
            listener(actor, notice)
    return notice


def deadline_detail(found) -> str:
    """「令和8年11月28日の受領の翌日から1か月（道路交通法第102条の2）［仮定: …］」 as staff read it."""
    text = f"{wareki(found.counted_from)}の受領の翌日から{found.months}か月（{found.law}）"
    return text + ("［仮定: " + "。".join(found.notes) + "］" if found.notes else "")


def past_date(value, field: str, label: str) -> date:
    """A date given as ``date`` or ISO text, not in the future; else the field's Japanese error."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{label}は YYYY-MM-DD で入力してください。", field=field) from None
    if not isinstance(value, date):
        raise InvalidInput(f"{label}を入力してください。", field=field)
    if value > timezone.localdate():
        raise InvalidInput(f"{label}（{wareki(value)}）に未来の日付は入力できません。", field=field)
    return value


def _reason(value) -> str:
    value = str(value or "").strip()
    if len(value) > REASON_MAX_LENGTH:
        raise InvalidInput(f"備考は{REASON_MAX_LENGTH}文字以内で入力してください。", field="reason")
    return value


# --- reading -------------------------------------------------------------------------------------

QUEUES = {"to_send": "発送待ち", "overdue": "期限経過（結果未記録）"}


def course_notice_queue(actor, queue: str) -> list[CourseNotice]:
    """The actor's prefecture's notices waiting to be sent (``to_send``, oldest first), or sent and past
    their deadline with no result (``overdue``, earliest deadline first)."""
    if queue not in QUEUES:
        raise InvalidInput("一覧の種類を選んでください（発送待ち・期限経過）。", field="queue")
    authorize(actor, LIST_COURSE_NOTICES.name, action=CourseAction.LIST)
    found = CourseNotice.objects.visible_to(actor).select_related("person", "licence", "assessment")
    if queue == "to_send":
        found = found.filter(state=S.PENDING).order_by("created_at", "pk")
    else:
        found = found.filter(state=S.SENT, deadline__lt=timezone.localdate()).order_by("deadline", "pk")
    found = list(found[:LIST_LIMIT])
    record(actor, CourseAction.LIST, object_type="coursenotice", detail={"queue": queue, "ids": [n.pk for n in found]})
    return found


def load_course_notice(notice_id) -> CourseNotice:
    try:
        notice = CourseNotice.objects.select_related("person", "licence", "assessment").filter(pk=int(notice_id)).first()
    except (TypeError, ValueError):
        notice = None
    if notice is None:
        raise NotFound("その講習・再試験の通知はありません。")
    return notice


def get_course_notice(actor, notice_id) -> CourseNotice:
    """One notice (a read of the person's record: audited)."""
    notice = load_course_notice(notice_id)
    authorize(actor, VIEW_COURSE_NOTICE.name, notice, action=CourseAction.READ, person_id=notice.person_id)
    record(actor, CourseAction.READ, object_type="coursenotice", object_id=notice.pk, person_id=notice.person_id,
           subject_prefecture=notice.prefecture_id)
    return notice


def grounds(notice: CourseNotice) -> tuple[list[str], int]:
    """What the notice is for, as staff and the person read it: the counted violations of the period
    (registered by the time of the assessment) and their points (the engine's)."""
    finding = _finding(notice)
    start = date.fromisoformat(notice.period_key)
    end = date.fromisoformat(finding["period_end"]) if finding else notice.assessment.as_of
    violations = (ViolationRecord.objects.filter(
        person_id=notice.person_id, state__in=COUNTED_STATES, points__isnull=False, violation_date__gte=start,
        violation_date__lte=end, registered_at__lte=notice.assessment.created_at).order_by("violation_date", "pk"))
    if finding:
        points = int(finding["points"])
    elif notice.kind == CourseKind.VIOLATOR:
        points = int(notice.assessment.result.get("violator_course", {}).get("points", notice.assessment.points))
    else:
        points = notice.assessment.points
    return [describe(v) for v in violations], points


def _finding(notice: CourseNotice) -> dict | None:
    key = {CourseKind.PROBATIONARY: "probationary", CourseKind.RETEST: "probationary",
           CourseKind.YOUNG: "young_driver"}.get(notice.kind)
    for finding in notice.assessment.result.get(key, []) if key else []:
        if finding["kind"] == notice.licence_kind and finding["period_start"] == notice.period_key:
            return finding
    return None


def course_notice_pdf(actor, notice_id) -> RenderedDocument:
    """The 通知書 of a sent notice (its deadline is fixed when the sending is recorded), audited."""
    notice = load_course_notice(notice_id)
    form_class = FORMS[notice.kind]
    authorize(actor, VIEW_COURSE_NOTICE.name, notice, action=form_class.action, person_id=notice.person_id)
    if notice.state == S.PENDING or notice.deadline is None:
        raise Conflict("発送日を記録すると受講（受験）の期限が決まり、通知書を作成できます。", field="state")
    person = notice.person
    lines, points = grounds(notice)
    found = course_deadline(notice.kind, notice.sent_on, notice.received_on)
    form = form_class(
        number=notice.reference, sent_on=notice.sent_on, name=person.name, birth_date=person.birth_date,
        address=person.address, licence_number=notice.licence.number if notice.licence_id else "",
        licence_kind=notice.licence_kind, grounds=lines, points=points, deadline=notice.deadline, law=found.law,
        if_not_taken=found.if_not_taken, issuer=f"{notice.prefecture.name}公安委員会")
    return render_document(actor, form, object_type="coursenotice", object_id=notice.pk, person_id=person.pk,
                           subject_prefecture=notice.prefecture_id)
