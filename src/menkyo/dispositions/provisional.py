"""The report-based cases (ADR 0016 part 4b): 仮停止 (規程第39条; 道路交通法第103条の2) and the
危険性帯有等行政処分上申書 (規程第29条; 法第103条第1項第8号).

- :func:`report_provisional_suspension` (第39条第1項・第2項, the accident place's station, 「審査」): the
  仮停止等事案発生即報書 (the case's summary and why a 仮停止 is needed) with the 免許課長's instruction,
  and the 仮停止 itself — a :class:`~menkyo.dispositions.models.Case` of type ``provisional_suspension``
  with its :class:`~menkyo.dispositions.models.ProvisionalSuspension`; the licence becomes 停止中 and the
  card is held (or the マイナ record erased) until the 30th day from the accident (法第103条の2第1項).
  Refused once the papers' 5 days from the accident have passed (``rules.provisional_suspension``,
  UNCONFIRMED reading), naming the last allowed day.
- :func:`record_explanation` (法第103条の2第2項; 規程第39条第2項第4号): the 弁明 (弁明調書) within 5 days of
  the 仮停止; a later day is refused.
- :func:`record_papers_sent` (第39条第3項): the papers sent to the 免許課長 (due within 5 days of the
  accident; a late sending is recorded and marked late).
- :func:`provisional_ended` (the daily batch, ``menkyo dispositions provisional-ended``): a 仮停止 ends after
  its last day, or once the driver's 本処分 is executed (UNCONFIRMED); the licence is 有効 again unless an
  executed 停止 runs.
- :func:`provisional_queue`: the 仮停止 in force of the actor's prefecture with their deadlines at risk.
- :func:`request_early_hearing` (準仮停止, 第40条): the station marks a driver's open points case reaching
  取消 (not under a 仮停止) for an early 意見の聴取; the station's 「審査」 then serves the notice at once with
  part 2's :func:`~menkyo.dispositions.services.schedule_hearing` (a flag on the case, not a case type).
- :func:`report_danger` (第29条): a station's 上申 opens a case of type ``danger`` in the driver's home
  prefecture (no assessment, not points-based); the review/hearing/decision of part 2 applies.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.recording import describe_actions
from menkyo.core.tasks import batch_task
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.execution import HANDLING, _set_status
from menkyo.dispositions.models import (
    CardHandling,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    Execution,
    ProvisionalEnd,
    ProvisionalState,
    ProvisionalSuspension,
)
from menkyo.dispositions.permissions import (
    EARLY_HEARING,
    END_PROVISIONAL,
    HANDLE_PROVISIONAL,
    LIST,
    REPORT_DANGER,
    REPORT_PROVISIONAL,
    VIEW,
)
from menkyo.dispositions.services import (
    LIST_LIMIT,
    MAX_YEARS,
    _ask_authority,
    _day,
    _history,
    _number,
    _required,
)
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus, Person
from menkyo.registry.services import parse_licence_number
from menkyo.rules import params
from menkyo.rules import provisional_suspension as law


class Action(StrEnum):
    REPORT = "dispositions.provisional.report"  # 即報書・仮停止 (規程第39条第1項)
    EXPLAIN = "dispositions.provisional.explain"  # 弁明 (法第103条の2第2項)
    PAPERS = "dispositions.provisional.papers"  # 関係書類の送付 (第39条第3項)
    END = "dispositions.provisional.end"  # 終期・本処分の執行 (daily job)
    READ = "dispositions.provisional.read"
    LIST = "dispositions.provisional.list"
    PAPER = "dispositions.provisional.paper"  # 仮停止・禁止処分通知書 PDF
    DANGER = "dispositions.case.danger"  # 危険性帯有等行政処分上申 (第29条)
    EARLY = "dispositions.case.early_hearing"  # 準仮停止: 早期の意見の聴取 (第40条)


describe_actions({
    Action.REPORT: "仮停止の報告・仮停止", Action.EXPLAIN: "仮停止の弁明の記録", Action.PAPERS: "仮停止の関係書類の送付",
    Action.END: "仮停止の終了", Action.READ: "仮停止の閲覧", Action.LIST: "仮停止の一覧",
    Action.PAPER: "仮停止・禁止処分通知書の作成", Action.DANGER: "危険性帯有等行政処分の上申",
    Action.EARLY: "早期の意見の聴取（準仮停止）",
})

PROVISIONAL = Workflow(
    name="dispositions.provisional", label_ja="仮停止", states=ProvisionalState, transitions=[
        Transition("record_explanation", source=(ProvisionalState.IN_FORCE,), target=ProvisionalState.IN_FORCE,
                   rule=HANDLE_PROVISIONAL.name, legal_basis=legal.KITEI_39_2, label_ja="弁明の記録（弁明調書）",
                   audit_action=Action.EXPLAIN),
        Transition("record_papers_sent", source=tuple(ProvisionalState), target=ProvisionalState.IN_FORCE,
                   rule=HANDLE_PROVISIONAL.name, legal_basis=legal.KITEI_39_3, label_ja="関係書類の送付",
                   audit_action=Action.PAPERS),
        Transition("end", source=(ProvisionalState.IN_FORCE,), target=ProvisionalState.ENDED,
                   rule=END_PROVISIONAL.name, legal_basis=legal.KITEI_39, label_ja="仮停止の終了",
                   audit_action=Action.END),
    ],
)

TEXT = 400
RISK_DAYS = 1  # a deadline today or tomorrow is at risk


# --- 仮停止等事案発生即報書 and the 仮停止 (規程第39条第1項・第2項) ---------------------------------------


@procedure(legal.KITEI_39, rule=REPORT_PROVISIONAL.name)
def report_provisional_suspension(actor, *, licence_number, accident_on, ground: str, summary: str,
                                  necessity: str, instructed_by: str, card_presented: bool = True,
                                  reason: str = "") -> ProvisionalSuspension:
    """Report the accident (仮停止等事案発生即報書) with the 免許課長's instruction and make the 仮停止: until
    the 30th day from the accident (法第103条の2第1項), the licence 停止中 and the card held (第39条第2項)."""
    authorize(actor, REPORT_PROVISIONAL.name, action=Action.REPORT)
    licence = _licence(licence_number)
    today = timezone.localdate()
    accident_on = _accident_day(accident_on, today)
    if ground not in law.GROUNDS:
        raise InvalidInput("仮停止の事由を一覧から選んでください。", field="ground")
    summary = _required(summary, "summary", "事案の概要", TEXT)
    necessity = _required(necessity, "necessity", "仮停止の処分を必要とする理由", TEXT)
    instructed_by = _required(instructed_by, "instructed_by", "指示をした免許課長等", 60)
    handling = _card_handling(licence, card_presented, reason)
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=licence.person_id)
        if ProvisionalSuspension.objects.filter(case__person=person, state=ProvisionalState.IN_FORCE).exists():
            raise Conflict("この運転者は既に仮停止中です。", field="licence_number", code="already_in_force")
        case = Case.objects.create(prefecture_id=actor.prefecture_id, person=person, state=CaseState.EXECUTED,
                                   case_type=CaseType.PROVISIONAL_SUSPENSION, kind=DispositionKind.SUSPENSION,
                                   points_based=False, proposal_reason=necessity, opened_by=actor.actor_name)
        provisional = ProvisionalSuspension.objects.create(
            case=case, accident_on=accident_on, ground=ground, summary=summary, necessity=necessity,
            instructed_by=instructed_by, office=actor.affiliation, imposed_on=today, ends_on=law.last_day(accident_on),
            explanation_due=law.explanation_due(today), papers_due=law.papers_due(accident_on),
            card_handling=handling, reported_by=actor.actor_name)
        _set_status(licence, LicenceStatus.SUSPENDED)
        event = record(actor, Action.REPORT, object_type="provisionalsuspension", object_id=provisional.pk,
                       person_id=person.pk, subject_prefecture=case.prefecture_id,
                       detail={"case": case.pk, "accident_on": accident_on.isoformat(), "ground": ground,
                               "ends_on": provisional.ends_on.isoformat(), "legal_basis": str(legal.KITEI_39)})
        _history(actor, case, "disposition_case.provisional", {
            "status": ("有効", LicenceStatus.SUSPENDED.label), "card": (None, CardHandling(handling).label),
            "provisional": (None, f"{today.isoformat()}–{provisional.ends_on.isoformat()}")},
            f"仮停止（{law.GROUNDS[ground][:40]}）", legal.KITEI_39, event)
    return provisional


def _licence(number, *, valid: bool = True) -> Licence:
    """The licence of ``number``; with ``valid``, it must be 有効 (not already 停止中, 取消 …)."""
    number = parse_licence_number(str(number or "").strip(), "licence_number")
    licence = Licence.objects.select_related("person").filter(number=number).first()
    if licence is None:
        raise InvalidInput("その免許証番号の免許はありません。", field="licence_number")
    if valid and licence.status != LicenceStatus.VALID:
        raise Conflict(f"この免許は{licence.get_status_display()}のため、仮停止できません。", field="licence_number",
                       code="licence_not_valid")
    return licence


def _accident_day(value, today: date) -> date:
    """The accident day: not in the future, and the 仮停止 still possible today (UNCONFIRMED: within the
    papers' 5 days, 規程第39条第3項)."""
    accident_on = _day(value, "accident_on", "事故の日")
    if accident_on > today:
        raise InvalidInput("事故の日は本日以前の日付を入力してください。", field="accident_on")
    if not law.may_impose(accident_on, today):
        due = law.papers_due(accident_on)
        raise InvalidInput(f"仮停止は事故の日（{wareki(accident_on)}）から起算して5日以内（{wareki(due)}まで）に"
                           f"行う必要があります（関係書類の送付期限、規程第39条第3項）。本日は仮停止できません。",
                           field="accident_on", code="too_late")
    return accident_on


def _card_handling(licence: Licence, presented: bool, reason) -> str:
    """第39条第2項第2号・第3号: the card held, the マイナ record erased — or the card not presented (with why)."""
    handling = HANDLING[(DispositionKind.SUSPENSION, licence.holding_form)]
    if presented or licence.holding_form == HoldingForm.MYNUMBER:
        return handling
    if not str(reason or "").strip():
        raise InvalidInput("免許証の提出がないときは、その理由（紛失等）を入力してください。", field="reason",
                           code="card_not_presented")
    return CardHandling.ERASED if licence.holding_form == HoldingForm.BOTH else CardHandling.NOT_PRESENTED


# --- 弁明 and the papers (法第103条の2第2項; 規程第39条第2項第4号・第3項) --------------------------------


@procedure(legal.KITEI_39_2, rule=HANDLE_PROVISIONAL.name)
def record_explanation(actor, provisional: ProvisionalSuspension, *, explained_on, explanation: str
                       ) -> ProvisionalSuspension:
    """The 弁明 given (弁明調書): within 5 days counting the 仮停止 day (法第103条の2第2項); later is refused."""
    authorize(actor, HANDLE_PROVISIONAL.name, provisional, action=Action.EXPLAIN, person_id=provisional.person_id)
    if provisional.explained_on:
        raise Conflict("弁明は記録済みです。", field="explained_on", code="already_recorded")
    day = _between(explained_on, "explained_on", "弁明の日", provisional.imposed_on)
    if day > provisional.explanation_due:
        raise InvalidInput(f"弁明の機会は仮停止の日（{wareki(provisional.imposed_on)}）から起算して5日以内"
                           f"（{wareki(provisional.explanation_due)}まで）に与える必要があります（道路交通法第103条の2第2項）。",
                           field="explained_on", code="explanation_too_late")
    text = _required(explanation, "explanation", "弁明の要旨", 1000)
    with transaction.atomic():
        event = PROVISIONAL.apply(actor, provisional, "record_explanation", reason="弁明", explained_on=day,
                                  explanation=text)
        _history(actor, provisional.case, "disposition_case.provisional_explanation", {"explained_on": (None, day)},
                 "仮停止の弁明（弁明調書）", legal.KITEI_39_2, event)
    return provisional


@procedure(legal.KITEI_39_3, rule=HANDLE_PROVISIONAL.name)
def record_papers_sent(actor, provisional: ProvisionalSuspension, *, sent_on) -> ProvisionalSuspension:
    """The papers (仮停止・禁止通知書, 意見の聴取通知書の副本, the card, 弁明調書) sent to the 免許課長 — due within 5
    days of the accident (第39条第3項); a late sending is recorded and marked late."""
    authorize(actor, HANDLE_PROVISIONAL.name, provisional, action=Action.PAPERS, person_id=provisional.person_id)
    if provisional.papers_sent_on:
        raise Conflict("関係書類の送付は記録済みです。", field="sent_on", code="already_recorded")
    day = _between(sent_on, "sent_on", "送付日", provisional.imposed_on)
    late = day > provisional.papers_due
    note = f"関係書類の送付（期限{provisional.papers_due.isoformat()}を経過）" if late else "関係書類の送付"
    with transaction.atomic():
        event = PROVISIONAL.apply(actor, provisional, "record_papers_sent", reason=note, papers_sent_on=day)
        _history(actor, provisional.case, "disposition_case.provisional_papers", {"papers_sent_on": (None, day)},
                 note, legal.KITEI_39_3, event)
    return provisional


def _between(value, field: str, label: str, first: date) -> date:
    day = _day(value, field, label)
    if not first <= day <= timezone.localdate():
        raise InvalidInput(f"{label}は仮停止の日（{wareki(first)}）から本日までの日付を入力してください。", field=field)
    return day


# --- the end (法第103条の2第1項; the daily job) ------------------------------------------------------


@procedure(legal.KITEI_39, rule=END_PROVISIONAL.name)
def end_provisional(actor, provisional: ProvisionalSuspension, *, day: date, why: str) -> ProvisionalSuspension:
    """End the 仮停止 on ``day`` (``why``: expired / disposition); the licence is 有効 again unless it is no
    longer 停止中 for the 仮停止 alone (an executed 停止 running, a 取消)."""
    authorize(actor, END_PROVISIONAL.name, provisional, action=Action.END, person_id=provisional.person_id)
    label = ProvisionalEnd(why).label
    with transaction.atomic():
        event = PROVISIONAL.apply(actor, provisional, "end", reason=label, ended_on=day, end_reason=why)
        licence = Licence.objects.filter(person_id=provisional.person_id, status=LicenceStatus.SUSPENDED).first()
        diff = {"provisional": ("仮停止中", f"終了（{label}）")}
        if licence is not None and not _suspension_running(provisional.person_id, day):
            _set_status(licence, LicenceStatus.VALID)
            diff["status"] = ("停止中", "有効")
        _history(actor, provisional.case, "disposition_case.provisional_end", diff, f"仮停止の終了（{label}）",
                 legal.KITEI_39, event)
    return provisional


def _suspension_running(person_id: int, day: date) -> bool:
    return Execution.objects.filter(case__person_id=person_id, case__state=CaseState.EXECUTED,
                                    case__decided_kind=DispositionKind.SUSPENSION, starts_on__lte=day,
                                    ends_on__gte=day).exists()


def _executed_since(provisional: ProvisionalSuspension) -> bool:
    return Execution.objects.filter(case__person_id=provisional.person_id, case__state=CaseState.EXECUTED,
                                    executed_on__gte=provisional.imposed_on).exists()


def provisional_due(actor, day: date) -> dict:
    """End every 仮停止 in force whose last day is before ``day`` or whose 本処分 was executed."""
    counts = {"expired": 0, "disposition": 0}
    running = ProvisionalSuspension.objects.filter(state=ProvisionalState.IN_FORCE).select_related("case")
    for provisional in running.order_by("pk"):
        if provisional.ends_on < day:
            why = ProvisionalEnd.EXPIRED
        elif law.ends_with_disposition(day) and _executed_since(provisional):
            why = ProvisionalEnd.DISPOSITION
        else:
            continue
        end_provisional(actor, provisional, day=day, why=why)
        counts[why] += 1
    return counts


@batch_task("dispositions.provisional_ended", key=lambda day: f"dispositions.provisional_ended:{day}")
def provisional_ended(actor, day: str) -> dict:
    """The daily batch (``menkyo dispositions provisional-ended``) for ``day``."""
    return provisional_due(actor, date.fromisoformat(day))


# --- reading -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    done: date | None

    @property
    def at_risk(self) -> bool:
        return self.done is None and self.due <= timezone.localdate() + timedelta(days=RISK_DAYS)

    @property
    def overdue(self) -> bool:
        return self.done is None and self.due < timezone.localdate()


def deadlines(provisional: ProvisionalSuspension) -> list[Deadline]:
    """The 弁明's and the papers' deadlines, and the term's last day."""
    return [Deadline("弁明の機会", provisional.explanation_due, provisional.explained_on),
            Deadline("関係書類の送付", provisional.papers_due, provisional.papers_sent_on),
            Deadline("仮停止の終期", provisional.ends_on, provisional.ended_on)]


def provisional_queue(actor) -> list[ProvisionalSuspension]:
    """The 仮停止 in force of the actor's prefecture, the nearest deadline first (audited list)."""
    authorize(actor, LIST.name, action=Action.LIST)
    cases = Case.objects.visible_to(actor).filter(case_type=CaseType.PROVISIONAL_SUSPENSION)
    found = list(ProvisionalSuspension.objects.filter(case__in=cases, state=ProvisionalState.IN_FORCE)
                 .select_related("case__person", "office").order_by("papers_due", "pk")[:LIST_LIMIT])
    found.sort(key=lambda p: min(d.due for d in deadlines(p) if d.done is None))
    record(actor, Action.LIST, object_type="provisionalsuspension", detail={"ids": [p.pk for p in found]})
    return found


def load_provisional(pk) -> ProvisionalSuspension:
    try:
        found = ProvisionalSuspension.objects.select_related("case__person", "office").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その仮停止はありません。")
    return found


def get_provisional(actor, pk) -> ProvisionalSuspension:
    """One 仮停止, for 「審査」「決定」 of the prefecture that made it (audited read)."""
    provisional = load_provisional(pk)
    authorize(actor, VIEW.name, provisional.case, action=Action.READ, person_id=provisional.person_id)
    record(actor, Action.READ, object_type="provisionalsuspension", object_id=provisional.pk,
           person_id=provisional.person_id, subject_prefecture=provisional.prefecture_id)
    return provisional


# --- 危険性帯有等行政処分上申書 (規程第29条; 法第103条第1項第8号) ----------------------------------------


@procedure(legal.KITEI_29, rule=REPORT_DANGER.name)
def report_danger(actor, *, licence_number, kind: str, days=None, years=None, summary: str) -> Case:
    """A station's 上申 of a 取消 or 停止 for 危険性帯有 (法第103条第1項第8号): a case of type ``danger`` in the
    driver's home prefecture, not points-based; the law engine names the authority and the hearing (聴聞 or
    弁明), and the review/hearing/decision of 規程第30条–第31条 follows."""
    authorize(actor, REPORT_DANGER.name, action=Action.DANGER)
    licence = _licence(licence_number)
    kind, days, years = _danger_disposition(kind, days, years)
    summary = _required(summary, "summary", "上申の理由（危険性帯有の事実）", TEXT)
    person = licence.person
    case = Case(prefecture_id=person.home_prefecture_id, person=person, case_type=CaseType.DANGER, kind=kind,
                days=days, years=years, points_based=False, proposal_reason=summary, opened_by=actor.actor_name,
                preparers=[actor.actor_name])
    _ask_authority(actor, case, timezone.localdate())
    try:
        with transaction.atomic():
            case.save()
            event = record(actor, Action.DANGER, object_type="case", object_id=case.pk, person_id=person.pk,
                           subject_prefecture=case.prefecture_id,
                           detail={"kind": kind, "days": days, "years": years, "authority": case.authority,
                                   "hearing": case.hearing_kind, "legal_basis": str(legal.KITEI_29)})
            _history(actor, case, "disposition_case.open", {"disposition_case": (None, case.proposal_ja)},
                     "危険性帯有等行政処分の上申", legal.KITEI_29, event)
    except IntegrityError:
        raise Conflict("この運転者には審査中の危険性帯有の処分事案があります。", field="licence_number",
                       code="case_open") from None
    return case


def _danger_disposition(kind, days, years) -> tuple[str, int | None, int | None]:
    """取消 (欠格期間) or 停止 (up to the law's maximum days for 危険性帯有, ``params/danger_suspension.yaml``)."""
    if kind == DispositionKind.SUSPENSION:
        limit = int(params.in_force("danger_suspension", timezone.localdate()).value["max_days"])
        return kind, _number(days, "days", "危険性帯有による停止の日数", limit), None
    if kind == DispositionKind.REVOCATION:
        return kind, None, _number(years, "years", "欠格期間（年）", MAX_YEARS)
    raise InvalidInput("上申する処分（取消・停止）を選んでください。", field="kind")



# --- 準仮停止: 早期の意見の聴取 (規程第40条) ------------------------------------------------------------


@procedure(legal.KITEI_40, rule=EARLY_HEARING.name)
def request_early_hearing(actor, *, licence_number, reason: str) -> Case:
    """準仮停止 (第40条): a driver whose points reach 取消 and who is not under a 仮停止 — the station handles
    it like 第39条第1項 and holds the 意見の聴取 early. The open points case is marked (and the requester is
    one of its preparers); the 意見の聴取通知書 is then served through the hearing schedule of part 2."""
    licence = _licence(licence_number, valid=False)
    case = (Case.objects.filter(person_id=licence.person_id, case_type=CaseType.POINTS, state=CaseState.REVIEW)
            .select_related("person").first())
    if case is None or case.kind != DispositionKind.REVOCATION:
        raise Conflict("この運転者には取消の処分基準に該当する審査中の処分事案がありません（規程第40条）。",
                       field="licence_number", code="no_revocation_case")
    authorize(actor, EARLY_HEARING.name, case, action=Action.EARLY, person_id=case.person_id)
    if ProvisionalSuspension.objects.filter(case__person_id=case.person_id, state=ProvisionalState.IN_FORCE).exists():
        raise Conflict("仮停止中の運転者は準仮停止の対象になりません（規程第39条により処理します）。",
                       field="licence_number", code="provisional_in_force")
    if case.early_hearing_on:
        raise Conflict("この処分事案は既に早期の意見の聴取の対象です。", field="licence_number", code="already_requested")
    reason = _required(reason, "reason", "早期に意見の聴取を行う理由", TEXT)
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.early_hearing_on = timezone.localdate()
        if actor.actor_name not in locked.preparers:
            locked.preparers = [*locked.preparers, actor.actor_name]
        locked.save(update_fields=["early_hearing_on", "preparers"])
        event = record(actor, Action.EARLY, object_type="case", object_id=case.pk, person_id=case.person_id,
                       subject_prefecture=case.prefecture_id, detail={"legal_basis": str(legal.KITEI_40)})
        _history(actor, locked, "disposition_case.early_hearing", {"early_hearing_on": (None, locked.early_hearing_on)},
                 reason, legal.KITEI_40, event)
    return locked


def early_hearings(actor) -> list[Case]:
    """The actor's prefecture's 準仮停止 cases not yet heard (the notice to serve, or the 期日 to come)."""
    authorize(actor, LIST.name, action=Action.LIST)
    found = list(Case.objects.visible_to(actor).filter(early_hearing_on__isnull=False, state__in=(
        CaseState.REVIEW, CaseState.HEARING_SCHEDULED)).select_related("person").order_by("early_hearing_on", "pk")
        [:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"queue": "early_hearings", "ids": [c.pk for c in found]})
    return found
