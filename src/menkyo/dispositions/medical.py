"""一定の病気等 (規程第26条–第27条の3; 道路交通法第101条の5–第103条; ADR 0016 part 5).

- :func:`receive_medical_report` (第26条の2第1項, 医師の届出受理票; also a report under 法第101条の5・第107条の3の2,
  第26条, a station's 通報, 第26条の3第1項, or the system's 基準該当者 通報 of 法第102条第1項, 第26条の3第2項): a :class:`~menkyo.dispositions.models.MedicalMatter` in the
  driver's home prefecture (法第103条第1項). Received in another prefecture, it is sent on with the 医師の届出
  移送通知書 (第26条の2第4項) — here the matter is the home prefecture's from the start (recorded in the audit).
- :func:`close_medical_matter` (第26条: 「必要な審査」): the 免許課長 finds no test or 診断書 needed.
- :func:`order_medical_test` (第26条の3第2項: 臨適通知 or 診断書提出命令; 第6項: 適性検査受検命令書 or 診断書
  提出命令書), with the day set for the test or the 診断書; registered in the system (第27条の2).
- :func:`record_medical_result` (第27条の2): the test taken or the 診断書 submitted — or not, once the day
  set has passed. 適 / 条件付き適 close the matter; 不適 (第27条) and 不受検・不提出 (第27条の3) open a
  :class:`~menkyo.dispositions.models.Case` of type ``illness`` (not points-based) with the proposal the
  officer chose among those ``rules.medical`` offers; ``rules.authority`` names the 決定権者 (取消 →
  公安委員会, 停止 of 90 days or more → 本部長) and the hearing (聴聞, or 弁明 under 90 days), and part 2's
  review → 聴聞 → decision and part 3's execution follow unchanged.
- :func:`hand_over_medical_matter` (第26条の3第4項): the person moved — the open matter becomes the new 住所地's.
- :func:`medical_queue`: the open matters of the actor's prefecture, the nearest deadline first.
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
from menkyo.dispositions.actions import MedicalAction as Action
from menkyo.dispositions.models import (
    MEDICAL_OPEN_STATES,
    Case,
    CaseType,
    DispositionKind,
    MedicalMatter,
    MedicalSource,
    MedicalState,
)
from menkyo.dispositions.permissions import (
    HANDLE_MEDICAL,
    LIST_MEDICAL,
    RECEIVE_MEDICAL,
    RECORD_MEDICAL_RESULT,
    VIEW_MEDICAL,
)
from menkyo.dispositions.provisional import Deadline, _licence
from menkyo.dispositions.services import (
    LIST_LIMIT,
    _ask_authority,
    _day,
    _disposition,
    _history,
    _required,
    _text,
)
from menkyo.registry.models import Person
from menkyo.rules import medical as law
from menkyo.rules.errors import RulesError

S = MedicalState
MEDICAL = Workflow(
    name="dispositions.medical", label_ja="一定の病気等の事案", states=MedicalState, transitions=[
        Transition("close", source=(S.RECEIVED,), target=S.CLOSED, rule=HANDLE_MEDICAL.name,
                   legal_basis=legal.KITEI_26, label_ja="審査（措置不要として終結）", audit_action=Action.CLOSE,
                   requires_reason=True),
        Transition("order", source=(S.RECEIVED,), target=S.ORDERED, rule=HANDLE_MEDICAL.name,
                   legal_basis=legal.KITEI_26NO3_2, label_ja="臨適通知・診断書提出命令・受検等命令",
                   audit_action=Action.ORDER),
        Transition("record_fit", source=(S.ORDERED,), target=S.CLOSED, rule=RECORD_MEDICAL_RESULT.name,
                   legal_basis=legal.KITEI_27NO2, label_ja="結果の登録（適・条件付き適）", audit_action=Action.RESULT),
        Transition("record_unfit", source=(S.ORDERED,), target=S.CASE_OPENED, rule=RECORD_MEDICAL_RESULT.name,
                   legal_basis=legal.KITEI_27NO2, label_ja="結果の登録（不適・不受検）と処分事案の開始",
                   audit_action=Action.RESULT),
    ],
)

TEXT = 400
#: 第26条の3第6項 orders (受検等命令) and the article each order kind is given under.
ORDER_BASIS = {"temporary_test": legal.KITEI_26NO3_2, "certificate": legal.KITEI_26NO3_2,
               "test_order": legal.KITEI_26NO3_6, "certificate_order": legal.KITEI_26NO3_6}
#: The article of a case each result opens (第27条: 不適; 第27条の3: 不受検・不提出 — 第3項 for a 受検等命令).
CASE_BASIS = {"unfit": legal.KITEI_27, "not_taken": legal.KITEI_27NO3}
SOURCE_BASIS = {MedicalSource.DOCTOR: legal.KITEI_26NO2, MedicalSource.REPORT: legal.KITEI_26,
                MedicalSource.STATION: legal.KITEI_26NO3, MedicalSource.CRITERIA: legal.KITEI_26NO3_2}


# --- receipt (規程第26条の2第1項, 第26条, 第26条の3第1項) ------------------------------------------------


@procedure(legal.KITEI_26NO2, rule=RECEIVE_MEDICAL.name)
def receive_medical_report(actor, *, licence_number, source: str, received_on, ground: str, reporter: str,
                           summary: str) -> MedicalMatter:
    """Receive a 医師の届出 (医師の届出受理票, 第26条の2第1項), a report (第26条) or a station's 通報 (第26条の3
    第1項) about the holder of ``licence_number``: a matter opens, 受理（審査中）, in the driver's home prefecture
    (another prefecture's resident's is sent on with the 医師の届出移送通知書, 第26条の2第4項)."""
    authorize(actor, RECEIVE_MEDICAL.name, action=Action.RECEIVE)
    person = _licence(licence_number, valid=False).person
    if source not in MedicalSource.values:
        raise InvalidInput("端緒（医師の届出・報告・通報）を一覧から選んでください。", field="source")
    day = _not_future(received_on, "received_on", "受理日")
    if ground not in law.grounds(day):
        raise InvalidInput("疑われる事由を一覧から選んでください。", field="ground")
    reporter = _required(reporter, "reporter", "届出・報告をした者", 100)
    summary = _required(summary, "summary", "届出・報告の内容", TEXT)
    basis = SOURCE_BASIS[source]
    with transaction.atomic():
        matter = MedicalMatter.objects.create(
            prefecture_id=person.home_prefecture_id, person=person, source=source, ground=ground, received_on=day,
            office=actor.affiliation, reporter=reporter, summary=summary, received_by=actor.actor_name)
        forwarded = matter.prefecture_id != actor.prefecture_id
        event = record(actor, Action.RECEIVE, object_type="medicalmatter", object_id=matter.pk, person_id=person.pk,
                       subject_prefecture=matter.prefecture_id,
                       detail={"source": source, "ground": ground, "received_on": day.isoformat(),
                               "office": actor.affiliation.code, "forwarded": forwarded, "legal_basis": str(basis)})
        _history(actor, matter, "medical.receive", {"medical_matter": (None, S.RECEIVED.label)},
                 f"{MedicalSource(source).label}の受理" + ("（住所地の公安委員会へ移送）" if forwarded else ""),
                 legal.KITEI_26NO2_4 if forwarded else basis, event)
    return matter


def _not_future(value, field: str, label: str, first: date | None = None) -> date:
    day = _day(value, field, label)
    if day > timezone.localdate():
        raise InvalidInput(f"{label}は本日以前の日付を入力してください。", field=field)
    if first and day < first:
        raise InvalidInput(f"{label}は{wareki(first)}以降の日付を入力してください。", field=field)
    return day


# --- review: no measure needed (規程第26条) ------------------------------------------------------------


@procedure(legal.KITEI_26, rule=HANDLE_MEDICAL.name)
def close_medical_matter(actor, matter: MedicalMatter, *, reason: str) -> MedicalMatter:
    """第26条 「必要な審査」: the 免許課長 finds no 臨時適性検査 or 診断書 needed — the matter ends, with why."""
    authorize(actor, HANDLE_MEDICAL.name, matter, action=Action.CLOSE, person_id=matter.person_id)
    reason = _required(reason, "reason", "措置不要とする理由", TEXT)
    today = timezone.localdate()
    with transaction.atomic():
        event = MEDICAL.apply(actor, matter, "close", reason=reason, closed_on=today, close_reason=reason)
        _history(actor, matter, "medical.close", {"medical_matter": (S.RECEIVED.label, S.CLOSED.label)}, reason,
                 legal.KITEI_26, event)
    return matter


# --- 臨適通知・診断書提出命令・受検等命令 (規程第26条の3第2項・第6項; 第27条の2) ---------------------------


@procedure(legal.KITEI_26NO3_2, rule=HANDLE_MEDICAL.name)
def order_medical_test(actor, matter: MedicalMatter, *, order_kind: str, ordered_on, due_on, place: str
                       ) -> MedicalMatter:
    """Give the 臨適通知 or the 診断書提出命令 (第26条の3第2項), or the 適性検査受検命令書 / 診断書提出命令書 (第6項),
    with the day set for the test or the 診断書; the notice is registered in the system (第27条の2)."""
    authorize(actor, HANDLE_MEDICAL.name, matter, action=Action.ORDER, person_id=matter.person_id)
    ordered = _not_future(ordered_on, "ordered_on", "通知・命令の日", matter.received_on)
    kinds = law.orders(ordered)
    if order_kind not in kinds:
        raise InvalidInput("通知・命令の種類を一覧から選んでください。", field="order_kind")
    due = _day(due_on, "due_on", "検査の期日・提出の期限")
    if due <= ordered:
        raise InvalidInput(f"検査の期日・提出の期限は通知・命令の日（{wareki(ordered)}）より後の日付を入力してください。",
                           field="due_on")
    place = _required(place, "place", "検査の場所・依頼した医師・提出先", 100)
    label = kinds[order_kind]["label"]
    with transaction.atomic():
        event = MEDICAL.apply(actor, matter, "order", reason=label, order_kind=order_kind, ordered_on=ordered,
                              due_on=due, place=place, ordered_by=actor.actor_name)
        _history(actor, matter, "medical.order", {"order": (None, f"{label}（期限 {due.isoformat()}）")},
                 f"{label}（{kinds[order_kind]['reference']}）", ORDER_BASIS[order_kind], event)
    return matter


# --- the result (規程第27条の2) and what it leads to (第27条, 第27条の3) ---------------------------------


@procedure(legal.KITEI_27NO2, rule=RECORD_MEDICAL_RESULT.name)
def record_medical_result(actor, matter: MedicalMatter, *, result: str, result_on, note: str = "", kind: str = "",
                          days=None, years=None) -> MedicalMatter:
    """Register the test taken or the 診断書 submitted (第27条の2) — or not taken / not submitted once the day set
    has passed. 適・条件付き適 end the matter; 不適 (第27条) and 不受検・不提出 (第27条の3) open an ``illness`` case
    proposing ``kind`` (with days or 欠格期間) among those ``rules.medical`` offers for the person."""
    authorize(actor, RECORD_MEDICAL_RESULT.name, matter, action=Action.RESULT, person_id=matter.person_id)
    if matter.state != S.ORDERED:
        raise Conflict("臨適通知・命令の後でなければ結果は登録できません。", field="result", code="not_ordered")
    day = _not_future(result_on, "result_on", "検査・提出の日", matter.ordered_on)
    answer = _outcome(matter, result, day)
    if result == "not_taken" and not law.may_record_not_taken(matter.due_on, day):
        raise InvalidInput(f"不受検・不提出は検査の期日・提出の期限（{wareki(matter.due_on)}）の翌日以降に登録できます。",
                           field="result", code="before_due")
    note = _text(note, "note", "結果の内容", TEXT)
    fields = {"result": result, "result_on": day, "result_note": note, "result_by": actor.actor_name,
              "outcome": answer}
    if not answer["opens_case"]:
        with transaction.atomic():
            event = MEDICAL.apply(actor, matter, "record_fit", reason=_label(result, day), closed_on=day,
                                  close_reason=_label(result, day), **fields)
            _history(actor, matter, "medical.result", {"result": (None, _label(result, day))}, _label(result, day),
                     legal.KITEI_27NO2, event)
        return matter
    case = _proposal(actor, matter, answer, kind, days, years, _label(result, day))
    with transaction.atomic():
        _open_case(actor, matter, case, result)
        event = MEDICAL.apply(actor, matter, "record_unfit", reason=_label(result, day), case=case, **fields)
        _history(actor, matter, "medical.result", {"result": (None, _label(result, day))}, _label(result, day),
                 legal.KITEI_27NO2, event)
    return matter


def _outcome(matter: MedicalMatter, result: str, day: date) -> dict:
    """``rules.medical``'s answer for the result, for a holder or for one who passed the test (no licence)."""
    person = Person.objects.get(pk=matter.person_id)
    try:
        return law.outcome(str(result or ""), person.current_licence is None, day)
    except RulesError as error:
        raise InvalidInput(error.message, field="result") from None


def _label(result: str, day: date) -> str:
    return law.results(day)[result]["label"]


def _proposal(actor, matter: MedicalMatter, answer: dict, kind, days, years, label: str) -> Case:
    """The case to open, unsaved: the officer's proposal among the offered kinds, the engine's authority."""
    if kind not in answer["kinds"]:
        offered = "・".join(_kind_label(k) for k in answer["kinds"])
        raise InvalidInput(f"処分案を選んでください（{offered}）。", field="kind")
    kind, days, years = _disposition(kind, days, years)
    ground = f"{label}（一定の病気等の事案 第{matter.pk}号）"
    case = Case(prefecture_id=matter.prefecture_id, person_id=matter.person_id, case_type=CaseType.ILLNESS, kind=kind,
                days=days, years=years, points_based=False, proposal_reason=ground[:400], opened_by=actor.actor_name,
                preparers=[actor.actor_name])
    _ask_authority(actor, case, timezone.localdate())
    return case


def _kind_label(kind: str) -> str:
    return DispositionKind(kind).label


def _open_case(actor, matter: MedicalMatter, case: Case, result: str) -> None:
    """第27条 / 第27条の3: the ``illness`` case, at most one open per person (else refused, nothing saved)."""
    basis = CASE_BASIS[result]
    if result == "not_taken" and matter.order_kind in ("test_order", "certificate_order"):
        basis = legal.KITEI_27NO3_3
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        raise Conflict("この運転者には審査中の一定の病気等の処分事案があります。", field="result",
                       code="case_open") from None
    event = record(actor, Action.OPEN_CASE, object_type="case", object_id=case.pk, person_id=case.person_id,
                   subject_prefecture=case.prefecture_id,
                   detail={"medical_matter": matter.pk, "result": result, "kind": case.kind, "days": case.days,
                           "years": case.years, "authority": case.authority, "hearing": case.hearing_kind,
                           "legal_basis": str(basis)})
    _history(actor, matter, "disposition_case.open", {"disposition_case": (None, case.proposal_ja)},
             f"処分事案の開始（{case.get_case_type_display()}）", basis, event)


# --- the person moved (規程第26条の3第4項) ------------------------------------------------------------


@procedure(legal.KITEI_26NO3_4, rule=HANDLE_MEDICAL.name)
def hand_over_medical_matter(actor, matter: MedicalMatter, *, reason: str = "") -> MedicalMatter:
    """第26条の3第4項: the person of an open matter now lives in another prefecture — the later procedure is handed
    over to the commission of the new 住所地: the matter becomes that prefecture's (its queue, its 「審査」), with
    its receipt, notice and day set. (A case already opened goes by the 移送 of 第38条, part 4a.)"""
    authorize(actor, HANDLE_MEDICAL.name, matter, action=Action.HAND_OVER, person_id=matter.person_id)
    if not matter.is_open:
        raise Conflict("終結した事案・処分事案へ進んだ事案は引き継げません。", field="reason", code="not_open")
    home = Person.objects.get(pk=matter.person_id).home_prefecture_id
    if home == matter.prefecture_id:
        raise Conflict("対象者の住所地はこの都道府県のままです（引継ぎは不要です）。", field="reason", code="not_moved")
    reason = _text(reason, "reason", "引継ぎの連絡事項", TEXT)
    with transaction.atomic():
        locked = MedicalMatter.objects.select_for_update().get(pk=matter.pk)
        before = locked.prefecture_id
        locked.prefecture_id = home
        locked.save(update_fields=["prefecture"])
        event = record(actor, Action.HAND_OVER, object_type="medicalmatter", object_id=matter.pk,
                       person_id=matter.person_id, subject_prefecture=home,
                       detail={"from": before, "to": home, "legal_basis": str(legal.KITEI_26NO3_4)})
        _history(actor, locked, "medical.hand_over", {"prefecture": (before, home)},
                 reason or "住所変更による引継ぎ", legal.KITEI_26NO3_4, event)
    matter.prefecture_id = home
    return matter


# --- reading -----------------------------------------------------------------------------------------


def deadlines(matter: MedicalMatter) -> list[Deadline]:
    """The day set for the test or the 診断書 (the regulation sets no deadline for the review itself)."""
    if not matter.due_on:
        return []
    done = matter.result_on if matter.result else None
    return [Deadline("検査の期日・提出の期限", matter.due_on, done)]


def medical_queue(actor) -> list[MedicalMatter]:
    """The open matters of the actor's prefecture: those with a day set first (nearest first), then those
    still under review (oldest first). Audited list."""
    authorize(actor, LIST_MEDICAL.name, action=Action.LIST)
    found = list(MedicalMatter.objects.visible_to(actor).filter(state__in=MEDICAL_OPEN_STATES)
                 .select_related("person", "office").order_by("received_on", "pk")[:LIST_LIMIT])
    found.sort(key=lambda m: (m.due_on is None, m.due_on or m.received_on))
    record(actor, Action.LIST, object_type="medicalmatter", detail={"ids": [m.pk for m in found]})
    return found


def load_medical_matter(pk) -> MedicalMatter:
    try:
        found = MedicalMatter.objects.select_related("person", "office", "case").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その一定の病気等の事案はありません。")
    return found


def get_medical_matter(actor, pk) -> MedicalMatter:
    """One matter, for 「審査」「決定」 of its prefecture (audited read)."""
    matter = load_medical_matter(pk)
    authorize(actor, VIEW_MEDICAL.name, matter, action=Action.READ, person_id=matter.person_id)
    record(actor, Action.READ, object_type="medicalmatter", object_id=matter.pk, person_id=matter.person_id,
           subject_prefecture=matter.prefecture_id)
    return matter

