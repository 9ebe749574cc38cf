"""暫定停止 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項; ADR 0016 part 8).

A 暫定停止 hangs on a 一定の病気等 matter (``dispositions.medical``): the law allows it for one who must take a
臨時適性検査 or submit a 診断書 (法第102条第1項〜第4項) — the matter's 臨適通知 or 診断書提出命令 is given and its
result pending (UNCONFIRMED reading, ``rules.interim_suspension``) — who caused a traffic accident whose
circumstances give reason to suspect 法第103条第1項第1号・第1号の2・第3号 (the matter's ground) — or, 「その他これに
準ずるものとして政令で定めるとき」, of whom a doctor's diagnosis gives that reason (施行令第39条の2第1項; the basis
``diagnosis``, no accident needed; UNCONFIRMED reading, ``rules.interim_suspension.bases``).

- :func:`impose_interim_suspension` (第1項前段; 規程第34条第3項第4号): the 公安委員会 (``rules.authority``, kind
  ``interim_suspension``) decides a period of at most three months; the decision is executed at once — a
  :class:`~menkyo.dispositions.models.Case` of type ``interim_suspension``, 執行済, with its
  :class:`~menkyo.dispositions.models.InterimSuspension`; the licence becomes 停止中 and the card is held (or
  the マイナ record erased); no 停止処分者講習 教示.
- :func:`record_interim_explanation` (第2項): the 弁明 (弁明調書) within 5 days counting the 暫定停止 day.
- :func:`lift_interim_suspension` (第1項後段; 規程第34条第5項): once the illness is ruled out (the matter's result
  適・条件付き適, or otherwise), the 公安委員会 lifts it at once; the 運転免許効力停止処分解除通知書 is made.
- :func:`interim_ended` (the daily batch, ``menkyo dispositions interim-ended``): a 暫定停止 past its last day
  ends (期間満了); one whose matter's 一定の病気等 case has since been executed as a 取消 or 停止 ends too (処分の執行
  により終了 — UNCONFIRMED: the law does not say so; the 暫定停止 is a provisional measure pending the result, and
  the disposition that rests on that result now governs the licence). A result 適・条件付き適 does not end it by
  itself: 第1項後段 has the 公安委員会 lift it 「速やかに」 (an act, with the 解除通知書 of 規程第34条第5項), so the
  deadlines list shows that 解除 due on the result's day (:func:`lift_due`).
- :func:`interim_queue`: the 暫定停止 in force of the actor's prefecture, those to lift first.
"""

from datetime import date
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome, describe_actions
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.execution import _set_status
from menkyo.dispositions.models import (
    CardHandling,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    HearingKind,
    InterimState,
    InterimSuspension,
    MedicalMatter,
    MedicalState,
    ProvisionalState,
    ProvisionalSuspension,
)
from menkyo.dispositions.permissions import (
    END_INTERIM,
    HANDLE_INTERIM,
    IMPOSE_INTERIM,
    LIFT_INTERIM,
    LIST,
    VIEW,
)
from menkyo.dispositions.provisional import Deadline, _card_handling, _suspension_running
from menkyo.dispositions.services import LIST_LIMIT, _day, _history, _refuse, _required
from menkyo.judgement.services import judge
from menkyo.registry.models import Licence, LicenceStatus, Person
from menkyo.rules import interim_suspension as law


class Action(StrEnum):
    IMPOSE = "dispositions.interim.impose"  # 暫定停止の決定・執行 (法第104条の2の3第1項前段)
    EXPLAIN = "dispositions.interim.explain"  # 弁明 (同第2項)
    LIFT = "dispositions.interim.lift"  # 解除 (同第1項後段; 規程第34条第5項)
    EXPIRE = "dispositions.interim.expire"  # 期間満了 (daily job)
    SUPERSEDE = "dispositions.interim.supersede"  # 一定の病気等の処分の執行により終了 (daily job)
    READ = "dispositions.interim.read"
    LIST = "dispositions.interim.list"
    PAPER = "dispositions.interim.paper"  # 暫定停止処分通知書・解除通知書 PDF


describe_actions({
    Action.IMPOSE: "暫定停止の決定・執行", Action.EXPLAIN: "暫定停止の弁明の記録", Action.LIFT: "暫定停止の解除",
    Action.EXPIRE: "暫定停止の期間満了", Action.SUPERSEDE: "暫定停止の終了（一定の病気等の処分の執行）",
    Action.READ: "暫定停止の閲覧", Action.LIST: "暫定停止の一覧",
    Action.PAPER: "暫定停止処分通知書・解除通知書の作成",
})

S = InterimState
INTERIM = Workflow(
    name="dispositions.interim", label_ja="暫定停止", states=InterimState, transitions=[
        Transition("record_explanation", source=(S.IN_FORCE,), target=S.IN_FORCE,
                   rule=HANDLE_INTERIM.name, legal_basis=legal.KITEI_44, label_ja="弁明の記録（弁明調書）",
                   audit_action=Action.EXPLAIN),
        Transition("lift", source=(S.IN_FORCE,), target=S.LIFTED, rule=LIFT_INTERIM.name,
                   legal_basis=legal.KITEI_34_5, label_ja="暫定停止の解除", audit_action=Action.LIFT,
                   requires_reason=True),
        Transition("expire", source=(S.IN_FORCE,), target=S.EXPIRED, rule=END_INTERIM.name,
                   legal_basis=legal.KITEI_34_3, label_ja="期間満了", audit_action=Action.EXPIRE),
        Transition("supersede", source=(S.IN_FORCE,), target=S.SUPERSEDED, rule=END_INTERIM.name,
                   legal_basis=legal.KITEI_34_3, label_ja="一定の病気等の処分の執行により終了",
                   audit_action=Action.SUPERSEDE),
    ],
)

TEXT = 400
#: The matter's results that rule the illness out (the 暫定停止 must then be lifted, 第1項後段).
RULED_OUT = ("fit", "conditions")


# --- the 暫定停止 (法第104条の2の3第1項前段; 規程第34条第3項第4号) -------------------------------------------


@procedure(legal.KITEI_34_3, rule=IMPOSE_INTERIM.name)
def impose_interim_suspension(actor, matter: MedicalMatter, *, accident_on=None, accident: str, ends_on,
                              card_presented: bool = True, reason: str = "", basis: str = "accident",
                              diagnosed_on=None) -> InterimSuspension:
    """The 公安委員会's 暫定停止 of the person of ``matter`` (法第104条の2の3第1項前段), executed at once: the
    licence 停止中 until ``ends_on`` (at most three months), the card held or the マイナ record erased and no
    停止処分者講習 教示 (規程第34条第3項第4号); the 弁明 is due within 5 days (同第2項). ``basis`` ``accident``
    needs the accident's day; ``diagnosis`` (施行令第39条の2第1項) the day of the doctor's diagnosis instead."""
    authorize(actor, IMPOSE_INTERIM.name, matter, action=Action.IMPOSE, person_id=matter.person_id)
    today = timezone.localdate()
    _check_matter(matter, today)
    licence = _valid_licence(matter.person_id)
    accident_on, diagnosed_on = _basis_day(basis, accident_on, diagnosed_on, today)
    accident = _required(accident, "accident", "疑いの理由" if basis == "diagnosis" else "交通事故の状況と疑いの理由", TEXT)
    ends_on = _term_end(ends_on, today)
    handling = _card_handling(licence, card_presented, reason)
    answer = _authority(actor, matter, today)
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=matter.person_id)
        if InterimSuspension.objects.filter(case__person_id=matter.person_id, state=S.IN_FORCE).exists():
            raise Conflict("この運転者は既に暫定停止中です。", field="ends_on", code="already_in_force")
        case = Case.objects.create(
            prefecture_id=matter.prefecture_id, person_id=matter.person_id, case_type=CaseType.INTERIM_SUSPENSION,
            state=CaseState.EXECUTED, kind=DispositionKind.SUSPENSION, days=(ends_on - today).days + 1,
            points_based=False, authority=answer["authority"], hearing_kind=HearingKind.EXPLANATION,
            authority_result=answer, proposal_reason=accident, opened_by=actor.actor_name,
            decided_kind=DispositionKind.SUSPENSION, decided_days=(ends_on - today).days + 1,
            decided_level=answer["authority"], decided_by=actor.actor_name, decided_on=today)
        interim = _create(actor, case, matter, {"basis": basis, "accident_on": accident_on, "diagnosed_on": diagnosed_on,
                                                "accident": accident}, today, ends_on, handling)
        _set_status(licence, LicenceStatus.SUSPENDED)
        event = record(actor, Action.IMPOSE, object_type="interimsuspension", object_id=interim.pk,
                       person_id=matter.person_id, subject_prefecture=case.prefecture_id,
                       detail={"case": case.pk, "medical_matter": matter.pk, "ends_on": ends_on.isoformat(), "basis": basis,
                               "authority": answer["authority"], "legal_basis": str(legal.KITEI_34_3)})
        _history(actor, case, "disposition_case.interim", {
            "status": ("有効", LicenceStatus.SUSPENDED.label), "card": (None, CardHandling(handling).label),
            "interim": (None, f"{today.isoformat()}–{ends_on.isoformat()}")},
            f"暫定停止（一定の病気等の事案 第{matter.pk}号、{wareki(ends_on)}まで）", legal.KITEI_34_3, event)
    return interim


def _create(actor, case, matter, suspicion: dict, today, ends_on, handling) -> InterimSuspension:
    try:
        with transaction.atomic():
            return InterimSuspension.objects.create(
                case=case, matter=matter, **suspicion, imposed_on=today,
                ends_on=ends_on, explanation_due=law.explanation_due(today), card_handling=handling,
                imposed_by=actor.actor_name)
    except IntegrityError:
        raise Conflict("この事案には既に暫定停止中の記録があります。", field="ends_on", code="already_in_force") from None


def _check_matter(matter: MedicalMatter, today: date) -> None:
    """第1項前段: one who must take the 臨時適性検査 or submit the 診断書 (the matter 通知・命令済, UNCONFIRMED), for
    a suspicion of 法第103条第1項第1号・第1号の2・第3号."""
    if law.requires_order(today) and matter.state != MedicalState.ORDERED:
        raise Conflict("暫定停止は臨適通知・診断書提出命令をした後、結果が出るまでの間に限り行えます"
                       "（道路交通法第104条の2の3第1項）。", field="ends_on", code="not_ordered")
    if not law.ground_allowed(matter.ground, today):
        raise Conflict("この事案の疑われる事由では暫定停止はできません（道路交通法第104条の2の3第1項）。",
                       field="ends_on", code="ground_not_allowed")


def _basis_day(basis: str, accident_on, diagnosed_on, today: date) -> tuple[date | None, date | None]:
    """第1項's basis (``rules.interim_suspension.bases``) and its day, not in the future: the accident's for
    ``accident``, the doctor's diagnosis's for ``diagnosis`` (施行令第39条の2第1項); the other day is not kept."""
    if basis not in law.bases(today):
        raise InvalidInput("疑いの根拠を一覧から選んでください。", field="basis", code="unknown_basis")
    field, label = ("accident_on", "交通事故の日") if law.needs_accident(basis) else ("diagnosed_on", "医師の診断の日")
    day = _day(accident_on if field == "accident_on" else diagnosed_on, field, label)
    if day > today:
        raise InvalidInput(f"{label}は本日以前の日付を入力してください。", field=field)
    return (day, None) if field == "accident_on" else (None, day)


def _valid_licence(person_id: int) -> Licence:
    licence = Licence.objects.filter(person_id=person_id).order_by("-pk").first()
    if licence is None or licence.status != LicenceStatus.VALID:
        shown = licence.get_status_display() if licence else "免許なし"
        raise Conflict(f"この運転者の免許は{shown}のため、暫定停止できません。", field="ends_on",
                       code="licence_not_valid")
    return licence


def _term_end(value, today: date) -> date:
    """第1項: 「三月を超えない範囲内で期間を定めて」 — the last day, from today to three months counting today."""
    ends_on = _day(value, "ends_on", "暫定停止の終期")
    latest = law.last_allowed_day(today)
    if not today <= ends_on <= latest:
        raise InvalidInput(f"暫定停止の終期は本日から{wareki(latest)}まで（{law.max_months(today)}月を超えない範囲、"
                           f"道路交通法第104条の2の3第1項）の日付を入力してください。", field="ends_on",
                           code="term_too_long")
    return ends_on


def _authority(actor, matter: MedicalMatter, today: date) -> dict:
    """``rules.authority`` (audited): the 公安委員会 decides; the actor's 決定権限 must be it (else refused, audited)."""
    ok, answer = judge(actor, "authority", {"as_of": today.isoformat(), "kind": "interim_suspension",
                                            "points_based": False}, channel="dispositions")
    if not ok:
        raise InvalidInput(f"決定権者の判定ができません：{answer['error']['message']}", field="ends_on")
    level = getattr(actor, "decision_level", "")
    if level != answer["authority"]:
        record(actor, Action.IMPOSE, object_type="medicalmatter", object_id=matter.pk, person_id=matter.person_id,
               subject_prefecture=matter.prefecture_id, outcome=Outcome.DENIED, detail={"refused": "wrong_authority"})
        raise NotPermitted("暫定停止の決定権者は公安委員会です（道路交通法第104条の2の3第1項）。", code="wrong_authority")
    return answer


# --- 弁明 (法第104条の2の3第2項) --------------------------------------------------------------------------


@procedure(legal.KITEI_44, rule=HANDLE_INTERIM.name)
def record_interim_explanation(actor, interim: InterimSuspension, *, explained_on, explanation: str
                               ) -> InterimSuspension:
    """The 弁明 given (弁明調書): within 5 days counting the 暫定停止 day (法第104条の2の3第2項); later is refused."""
    authorize(actor, HANDLE_INTERIM.name, interim, action=Action.EXPLAIN, person_id=interim.person_id)
    if interim.explained_on:
        raise Conflict("弁明は記録済みです。", field="explained_on", code="already_recorded")
    day = _day(explained_on, "explained_on", "弁明の日")
    if not interim.imposed_on <= day <= timezone.localdate():
        raise InvalidInput(f"弁明の日は暫定停止の日（{wareki(interim.imposed_on)}）から本日までの日付を入力してください。",
                           field="explained_on")
    if day > interim.explanation_due:
        raise InvalidInput(f"弁明の機会は暫定停止の日（{wareki(interim.imposed_on)}）から起算して5日以内"
                           f"（{wareki(interim.explanation_due)}まで）に与える必要があります（道路交通法第104条の2の3第2項）。",
                           field="explained_on", code="explanation_too_late")
    text = _required(explanation, "explanation", "弁明の要旨", 1000)
    with transaction.atomic():
        event = INTERIM.apply(actor, interim, "record_explanation", reason="弁明", explained_on=day, explanation=text)
        _history(actor, interim.case, "disposition_case.interim_explanation", {"explained_on": (None, day)},
                 "暫定停止の弁明（弁明調書）", legal.KITEI_44, event)
    return interim


# --- the end: lifted (第1項後段; 規程第34条第5項) or expired ---------------------------------------------------


@procedure(legal.KITEI_34_5, rule=LIFT_INTERIM.name)
def lift_interim_suspension(actor, interim: InterimSuspension, *, reason: str) -> InterimSuspension:
    """第1項後段: once it is clear the person is not such a case, the 公安委員会 lifts the 暫定停止 at once; the
    person is notified with the 運転免許効力停止処分解除通知書 (規程第34条第5項) and the held card returned."""
    authorize(actor, LIFT_INTERIM.name, interim, action=Action.LIFT, person_id=interim.person_id)
    if getattr(actor, "decision_level", "") != interim.case.authority:
        _refuse(actor, interim.case, Action.LIFT, "暫定停止の解除は公安委員会が行います（道路交通法第104条の2の3第1項）。",
                "wrong_authority")
    reason = _required(reason, "reason", "解除の理由", TEXT)
    return _end(actor, interim, "lift", timezone.localdate(), reason, legal.KITEI_34_5)


def _end(actor, interim: InterimSuspension, name: str, day: date, reason: str, basis) -> InterimSuspension:
    """End the 暫定停止 on ``day``: the licence 有効 again unless another 停止 (an executed one, a 仮停止) runs."""
    label = INTERIM.transition(name).label_ja
    with transaction.atomic():
        event = INTERIM.apply(actor, interim, name, reason=reason, ended_on=day, end_reason=reason)
        diff = {"interim": ("暫定停止中", label)}
        licence = Licence.objects.filter(person_id=interim.person_id, status=LicenceStatus.SUSPENDED).first()
        if licence is not None and not _other_suspension(interim.person_id, day):
            _set_status(licence, LicenceStatus.VALID)
            diff["status"] = ("停止中", "有効")
        _history(actor, interim.case, f"disposition_case.interim_{name}", diff, f"{label}（{reason[:80]}）", basis,
                 event)
    return interim


def _other_suspension(person_id: int, day: date) -> bool:
    return _suspension_running(person_id, day) or ProvisionalSuspension.objects.filter(
        case__person_id=person_id, state=ProvisionalState.IN_FORCE).exists()


#: The 一定の病気等 case's decisions whose execution ends the 暫定停止 (the licence is then 取消 or 停止 by it).
SUPERSEDING = (DispositionKind.REVOCATION, DispositionKind.SUSPENSION)


def interim_due(actor, day: date) -> dict:
    """End every 暫定停止 in force whose matter's 一定の病気等 case has been executed as a 取消 or 停止 on or before
    ``day`` (処分の執行により終了), then every other one whose last day is before ``day`` (期間満了)."""
    counts = {"expired": 0, "disposition": 0}
    running = InterimSuspension.objects.filter(state=S.IN_FORCE).select_related("case", "matter__case__execution")
    for interim in running.filter(matter__case__state=CaseState.EXECUTED,
                                  matter__case__decided_kind__in=SUPERSEDING,
                                  matter__case__execution__executed_on__lte=day).order_by("pk"):
        case = interim.matter.case
        reason = f"一定の病気等の処分事案 第{case.pk}号（{case.decision_ja}）の執行（{wareki(case.execution.executed_on)}）"
        _end(actor, interim, "supersede", day, reason, legal.KITEI_34_3)
        counts["disposition"] += 1
    for interim in running.filter(ends_on__lt=day).order_by("pk"):
        _end(actor, interim, "expire", day, "終期の到来", legal.KITEI_34_3)
        counts["expired"] += 1
    return counts


@batch_task("dispositions.interim_ended", key=lambda day: f"dispositions.interim_ended:{day}")
def interim_ended(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions interim-ended``) for ``day``."""
    return interim_due(actor, date.fromisoformat(day))


# --- reading -----------------------------------------------------------------------------------------


def must_lift(interim: InterimSuspension) -> bool:
    """第1項後段: in force while the matter's result rules the illness out (適・条件付き適)."""
    return interim.state == S.IN_FORCE and interim.matter.result in RULED_OUT


def lift_due(interim: InterimSuspension) -> date:
    """The day the 公安委員会 must act by: the term's last day, or — once the result rules the illness out — that
    result's day (「速やかに…解除しなければならない」, 第1項後段: no number of days; UNCONFIRMED reading as the same
    day, shown overdue from the next)."""
    if must_lift(interim) and interim.matter.result_on:
        return min(interim.ends_on, interim.matter.result_on)
    return interim.ends_on


def deadlines(interim: InterimSuspension) -> list[Deadline]:
    """The 弁明's deadline and the term's last day."""
    return [Deadline("弁明の機会", interim.explanation_due, interim.explained_on),
            Deadline("暫定停止の終期", interim.ends_on, interim.ended_on)]


def interim_queue(actor) -> list[InterimSuspension]:
    """The 暫定停止 in force of the actor's prefecture: those to lift first, then the nearest deadline (audited)."""
    authorize(actor, LIST.name, action=Action.LIST)
    cases = Case.objects.visible_to(actor).filter(case_type=CaseType.INTERIM_SUSPENSION)
    found = list(InterimSuspension.objects.filter(case__in=cases, state=S.IN_FORCE)
                 .select_related("case__person", "matter").order_by("explanation_due", "pk")[:LIST_LIMIT])
    found.sort(key=lambda i: (not must_lift(i), min(d.due for d in deadlines(i) if d.done is None)))
    record(actor, Action.LIST, object_type="interimsuspension", detail={"ids": [i.pk for i in found]})
    return found


def load_interim(pk) -> InterimSuspension:
    try:
        found = InterimSuspension.objects.select_related("case__person", "matter").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その暫定停止はありません。")
    return found


def get_interim(actor, pk) -> InterimSuspension:
    """One 暫定停止, for 「審査」「決定」 of its prefecture (audited read)."""
    interim = load_interim(pk)
    authorize(actor, VIEW.name, interim.case, action=Action.READ, person_id=interim.person_id)
    record(actor, Action.READ, object_type="interimsuspension", object_id=interim.pk, person_id=interim.person_id,
           subject_prefecture=interim.prefecture_id)
    return interim


def matter_interims(matter: MedicalMatter) -> list[InterimSuspension]:
    """The 暫定停止 made on ``matter`` (for the matter's page; the caller has read the matter)."""
    return list(matter.interim_suspensions.order_by("-pk"))


def interim_candidates(actor) -> list[MedicalMatter]:
    """The actor's prefecture's matters on which a 暫定停止 may be made (通知・命令済, result pending, a ground of
    第1項, none in force): for the commission's queue. The caller has listed the 暫定停止 (audited there)."""
    today = timezone.localdate()
    found = (MedicalMatter.objects.visible_to(actor).filter(state=MedicalState.ORDERED)
             .exclude(interim_suspensions__state=S.IN_FORCE).select_related("person").order_by("due_on", "pk"))
    return [m for m in found[:LIST_LIMIT] if law.ground_allowed(m.ground, today)]
