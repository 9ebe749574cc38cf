"""初心運転者取消手配 (規程第41条の2第2項) and 若年運転者取消手配 (第41条の2の2第2項) — ADR 0016 part 9.

Both paragraphs have the same shape: a person whose 取消 was decided after an 意見の聴取 (a 再試験 not taken, a
若年運転者講習 not attended or 令第39条の2の2) who 「意見の聴取の通知到達後30日経過後においても意見の聴取に出頭しなかった」
is registered 「速やかに」 in the 運転者管理システム — here an ``alerts.Alert`` of the kind the alerts app already has,
active at once (like the 処分手配 of 第46条第1項: the article leaves no discretion). A hit at an inquiry notifies the
office through the alert's notification; the execution (``young_revocations``, or part 3's for the 再試験) releases it.

:func:`register_revocation_alert` is the step (「審査」, or the daily job :func:`revocation_alerts`); the first day is
``rules.young_revocation.alert_due_from`` the hearing's 通知の日 (the 31st day; UNCONFIRMED counting). The first
half of 第41条の2第2項 (one who fled after failing the 再試験) is ``retest_fled``: the same 手配 and link, at once.

:func:`on_unexecutable` (第41条の2第8項第2号, 第41条の2の2第8項第2号): when the 取消 of such a case cannot be executed
within the 20 days after the 取消しの日 (逃亡・所在不明等), part 3's 執行不能 registers this 取消手配 instead of the
処分手配 (``execution.UNEXECUTABLE_ALERT``), linked to the case as the other 取消手配; one already registered is reused.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.accounts.models import Operator
from menkyo.alerts import services as alerts
from menkyo.alerts.models import Alert, AlertKind
from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.dispositions import execution
from menkyo.dispositions.actions import YoungRevocationAction as Action
from menkyo.dispositions.models import (
    Attendance,
    Case,
    CaseType,
    DispositionKind,
    Execution,
    Hearing,
    RevocationAlert,
)
from menkyo.dispositions.permissions import LIST_EXECUTIONS, REGISTER_REVOCATION_ALERT
from menkyo.dispositions.services import LIST_LIMIT, _history
from menkyo.rules import young_revocation as law

#: The case type → the 手配's kind and its article.
KINDS = {CaseType.RETEST: (AlertKind.NOVICE_REVOCATION, legal.KITEI_41NO2_P2),
         CaseType.YOUNG_DRIVER: (AlertKind.YOUTH_REVOCATION, legal.KITEI_41NO2NO2_P2)}
NO_SHOW = (Attendance.ABSENT, Attendance.WHEREABOUTS_UNKNOWN)


@procedure(legal.KITEI_41NO2NO2_P2, rule=REGISTER_REVOCATION_ALERT.name, also=(legal.KITEI_41NO2_P2,))
def register_revocation_alert(actor, case: Case, *, day: date | None = None) -> RevocationAlert:
    """Register the 初心運転者取消手配 / 若年運転者取消手配 of a decided 取消 whose person did not appear at the
    意見の聴取, once 30 days have passed since its notice arrived (規程第41条の2第2項, 第41条の2の2第2項)."""
    authorize(actor, REGISTER_REVOCATION_ALERT.name, case, action=Action.ALERT, person_id=case.person_id)
    kind, basis = _kind(case)
    hearing = missed_hearing(case)
    day = day or timezone.localdate()
    due = law.alert_due_from(hearing.notice_served)
    if day < due:
        raise Conflict(f"意見の聴取の通知の到達（{wareki(hearing.notice_served)}）から30日を経過していません"
                       f"（{wareki(due)}から登録できます）。", code="not_due")
    owner = Operator.objects.filter(username=hearing.scheduled_by).select_related("affiliation").first()
    office = getattr(actor, "affiliation", None) or getattr(owner, "affiliation", None)
    if office is None:
        raise Conflict("手配を登録する所属がわかりません（意見の聴取を通知した者が登録されていません）。", code="no_office")
    with transaction.atomic():
        execution._lock(case)
        if RevocationAlert.objects.filter(case=case).exists():
            raise Conflict("この処分事案の取消手配は登録済みです。", code="already_registered")
        alert = alerts.register_revocation_alert(
            actor, kind=kind, person=case.person, affiliation=office, case_owner=owner,
            case_number=f"処分事案第{case.pk}号", basis=basis,
            reason=f"取消しの決定・意見の聴取に不出頭（通知 {hearing.notice_served.isoformat()}、{basis}）")
        done = RevocationAlert.objects.create(case=case, alert=alert, notice_arrived=hearing.notice_served,
                                              due_from=due, registered_on=day, registered_by=actor.actor_name)
        event = record(actor, Action.ALERT, object_type="case", object_id=case.pk, person_id=case.person_id,
                       subject_prefecture=case.prefecture_id,
                       detail={"alert": alert.pk, "kind": kind, "due_from": due.isoformat(), "legal_basis": str(basis)})
        _history(actor, case, "disposition_case.revocation_alert", {"alert": (None, AlertKind(kind).label)},
                 f"{AlertKind(kind).label}の登録（意見の聴取に不出頭）", basis, event)
    return done


def _kind(case: Case) -> tuple[str, legal.LegalBasis]:
    if case.case_type not in KINDS:
        raise Conflict("取消手配は再試験・若年運転者期間に係る処分事案のものです。", code="not_revocation_case")
    if case.state not in execution.PENDING or case.decided_kind != DispositionKind.REVOCATION:
        raise Conflict("取消しの決定がされ、まだ執行していない事案だけが手配の対象です。", code="not_decided")
    return KINDS[case.case_type]


def missed_hearing(case: Case) -> Hearing:
    """The case's last 意見の聴取, which the person did not attend (不出頭 or 所在不明)."""
    hearing = case.hearings.order_by("-hearing_date", "-pk").first()
    if hearing is None or hearing.attendance not in NO_SHOW:
        raise Conflict("意見の聴取に出頭しなかった記録がありません（不出頭・所在不明の記録が必要です）。", code="attended")
    return hearing


def _candidates():
    """Decided 再試験・若年 取消 not yet executed, without a 取消手配, whose last hearing was missed."""
    return (Case.objects.filter(case_type__in=list(KINDS), state__in=execution.PENDING,
                                decided_kind=DispositionKind.REVOCATION, revocation_alert__isnull=True,
                                hearings__attendance__in=NO_SHOW)
            .distinct().select_related("person").order_by("pk"))


def alerts_due(actor) -> list[tuple[Case, date]]:
    """The cases of the actor's prefecture whose 取消手配 is (or will be) due, with the first day."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.ALERT_LIST)
    scoped = _candidates().filter(pk__in=Case.objects.visible_to(actor, "execution").values("pk"))
    found = []
    for case in scoped[:LIST_LIMIT]:
        hearing = case.hearings.order_by("-hearing_date", "-pk").first()
        if hearing.attendance in NO_SHOW:
            found.append((case, law.alert_due_from(hearing.notice_served)))
    record(actor, Action.ALERT_LIST, object_type="case", detail={"ids": [c.pk for c, _ in found]})
    return found


@batch_task("dispositions.revocation_alerts", key=lambda day: f"dispositions.revocation_alerts:{day}")
def revocation_alerts(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions revocation-alerts``) for ``day``: every 取消手配 that is due."""
    when = date.fromisoformat(day)
    registered = []
    for case in _candidates():
        try:
            registered.append(register_revocation_alert(actor, case, day=when).alert_id)
        except Conflict:  # not yet due, or the last hearing was attended after an earlier absence
            continue
    return {"registered": len(registered), "alerts": registered}


#: The article of the 執行不能's 取消手配, by case type (第8項第2号 of each article).
UNEXECUTABLE_BASIS = {CaseType.RETEST: legal.KITEI_41NO2_P8, CaseType.YOUNG_DRIVER: legal.KITEI_41NO2NO2_P8}


def on_unexecutable(actor, case: Case, execution_row: Execution, owner: Operator | None, day: date) -> Alert:
    """The 手配 of a 再試験・若年 取消 that became 執行不能 (規程第41条の2第8項第2号, 第41条の2の2第8項第2号: 「逃亡、所在
    不明等により免許の取消処分が執行できなかったとき」): the case's 初心運転者取消手配 / 若年運転者取消手配 rather than the
    処分手配 (UNCONFIRMED: read with 第2項's 「逃走等の理由により即時に…執行できなかった者」). A 取消手配 already
    registered for the case (意見の聴取に不出頭, 逃走) is kept and reused; the execution releases it (第47条)."""
    kind, _ = KINDS[case.case_type]
    linked = RevocationAlert.objects.filter(case=case).select_related("alert").first()
    if linked is not None:
        return linked.alert
    basis = UNEXECUTABLE_BASIS[case.case_type]
    alert = alerts.register_revocation_alert(
        actor, kind=kind, person=case.person, affiliation=execution_row.office, case_owner=owner,
        case_number=f"処分事案第{case.pk}号", basis=basis,
        reason=f"{case.decision_ja}の執行不能（取消しの日 {execution_row.appear_on.isoformat()}、{basis}）")
    RevocationAlert.objects.create(case=case, alert=alert, notice_arrived=execution_row.appear_on, due_from=day,
                                   registered_on=day, registered_by=actor.actor_name)
    record(actor, Action.ALERT, object_type="case", object_id=case.pk, person_id=case.person_id,
           subject_prefecture=case.prefecture_id,
           detail={"alert": alert.pk, "kind": kind, "unexecutable": True, "legal_basis": str(basis)})
    return alert


for _type in KINDS:
    execution.UNEXECUTABLE_ALERT.setdefault(_type, on_unexecutable)
