"""仮免許の取消し (規程第41条) — ADR 0016 part 6.

- :func:`report_provisional_revocation` (第41条第1項): the 署長等 report, with the 仮運転免許取消事案発生通報書,
  that a holder of a 仮免許 meets the 取消基準 — 「審査」 of the prefecture whose commission gave the 仮免許.
- :func:`decide_provisional_revocation` (第41条第2項): the 免許課長 審査 it 「別に定める基準により」 (the criteria
  are not in the sources) and decides to revoke — or not to (``dismiss``). The law engine
  (``rules.authority``, kind ``provisional_revocation``) names the deciding level (免許課長) and the 弁明; the
  decider must have that level and must not be the operator who reported (separation of duties).
- :func:`serve_provisional_revocation` (第41条第3項): the 署長等 hand over the 仮運転免許取消し処分通知書
  (規則別記様式第19の4), enter it in the 交付簿 (the row's number), write the 弁明調書 (the 弁明 is taken at the
  handing-over: ``hearing_at`` ``at_service``, UNCONFIRMED) and take the 仮免許証 back. In the same transaction
  the 仮免許 in the register becomes 取消 through the ``revoke`` transition this module adds to
  :data:`~menkyo.cards.models.PROVISIONAL_LICENCE`.

Not built: 第41条第4項 (the returned 仮免許証 with the 弁明調書 sent to the 免許課長) as its own step.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.models import PROVISIONAL_LICENCE, refuse_if_lapsed
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.core.legal import procedure
from menkyo.core.models import DecisionLevel
from menkyo.core.permissions import authorize, record_prefecture
from menkyo.core.recording import Outcome
from menkyo.core.wareki import wareki
from menkyo.core.workflow import Transition, Workflow
from menkyo.dispositions.actions import RevocationAction as Action
from menkyo.dispositions.models import ProvisionalRevocation, ProvisionalRevocationState
from menkyo.dispositions.permissions import (
    DECIDE_PROVISIONAL_REVOCATION,
    LIST_PROVISIONAL_REVOCATIONS,
    REPORT_PROVISIONAL_REVOCATION,
    SERVE_PROVISIONAL_REVOCATION,
    VIEW_PROVISIONAL_REVOCATION,
)
from menkyo.dispositions.services import LIST_LIMIT, SEPARATION, _day, _required, _text
from menkyo.judgement.services import judge
from menkyo.registry.models import LicenceStatus, ProvisionalLicence
from menkyo.registry.services import add_history

S = ProvisionalRevocationState
OPEN = (S.REPORTED, S.DECIDED)
TEXT = 400

PROVISIONAL_REVOCATION = Workflow(
    name="dispositions.provisional_revocation", label_ja="仮免許の取消し", states=S, transitions=[
        Transition("decide", source=(S.REPORTED,), target=S.DECIDED, rule=DECIDE_PROVISIONAL_REVOCATION.name,
                   legal_basis=legal.KITEI_41_P2, label_ja="取消しの決定", audit_action=Action.DECIDE),
        Transition("dismiss", source=(S.REPORTED,), target=S.DISMISSED, rule=DECIDE_PROVISIONAL_REVOCATION.name,
                   legal_basis=legal.KITEI_41_P2, label_ja="取り消さない決定", audit_action=Action.DISMISS,
                   requires_reason=True),
        Transition("serve", source=(S.DECIDED,), target=S.SERVED, rule=SERVE_PROVISIONAL_REVOCATION.name,
                   legal_basis=legal.KITEI_41_P3, label_ja="処分通知書の交付（弁明調書・仮免許証の返納）",
                   audit_action=Action.SERVE),
    ],
)

# The 仮免許 in the register (cards' workflow): 有効 → 取消 when the 処分通知書 is handed over. Declared here,
# not in ``cards``, because the disposition is this app's (like ``notify_refusal`` on the cases' workflow).
PROVISIONAL_LICENCE.transitions["revoke"] = Transition(
    "revoke", source=(LicenceStatus.VALID,), target=LicenceStatus.REVOKED, rule=SERVE_PROVISIONAL_REVOCATION.name,
    legal_basis=legal.KITEI_41_P3, label_ja="仮免許の取消し（処分通知書の交付）",
    audit_action=Action.PROVISIONAL_REVOKED, on_apply=refuse_if_lapsed)


# --- 仮運転免許取消事案発生通報書 (規程第41条第1項) ---------------------------------------------------------


@procedure(legal.KITEI_41, rule=REPORT_PROVISIONAL_REVOCATION.name)
def report_provisional_revocation(actor, *, provisional_number, occurred_on, ground: str,
                                  summary: str) -> ProvisionalRevocation:
    """The 署長等's 通報 that the holder of a 仮免許 meets the 取消基準 (第41条第1項): the 仮免許 must be 有効
    today (not 失効, 返納 or already 取消) and not already reported."""
    provisional = _provisional(provisional_number)
    authorize(actor, REPORT_PROVISIONAL_REVOCATION.name, provisional, action=Action.REPORT,
              person_id=provisional.person_id)
    today = timezone.localdate()
    occurred_on = _day(occurred_on, "occurred_on", "取消基準に該当することとなった日")
    if not provisional.issue_date <= occurred_on <= today:
        raise InvalidInput(f"取消基準に該当することとなった日は仮免許の交付日（{wareki(provisional.issue_date)}）"
                           "から本日までの日付を入力してください。", field="occurred_on")
    ground = _required(ground, "ground", "取消基準に該当する事実", TEXT)
    summary = _required(summary, "summary", "事案の概要", 1000)
    try:
        with transaction.atomic():
            found = ProvisionalRevocation.objects.create(
                prefecture_id=provisional.home_prefecture_id, person_id=provisional.person_id,
                provisional_licence=provisional, occurred_on=occurred_on, ground=ground, summary=summary,
                office=actor.affiliation, reported_on=today, reported_by=actor.actor_name)
            event = record(actor, Action.REPORT, object_type="provisionalrevocation", object_id=found.pk,
                           person_id=found.person_id, subject_prefecture=found.prefecture_id,
                           detail={"provisional_licence": provisional.pk, "occurred_on": occurred_on.isoformat(),
                                   "legal_basis": str(legal.KITEI_41)})
            _history(actor, found, "provisional.revocation_reported",
                     {"provisional_revocation": (None, S.REPORTED.label)}, "仮運転免許取消事案発生通報書による通報",
                     legal.KITEI_41, event)
    except IntegrityError:
        raise Conflict("この仮免許の取消事案は既に通報されています。", field="provisional_number",
                       code="already_reported") from None
    return found


def _provisional(number) -> ProvisionalLicence:
    """The 仮免許 of ``number``, 有効 today."""
    number = str(number or "").strip()
    if not number:
        raise InvalidInput("仮免許証番号を入力してください。", field="provisional_number")
    if not (number.isdigit() and len(number) == 12):
        raise InvalidInput("仮免許証番号は12桁の数字で入力してください。", field="provisional_number")
    found = ProvisionalLicence.objects.select_related("person", "commission").filter(number=number).first()
    if found is None:
        raise InvalidInput("その仮免許証番号の仮免許はありません。", field="provisional_number")
    status = found.status_on(timezone.localdate())
    if status != LicenceStatus.VALID:
        raise Conflict(f"この仮免許は{LicenceStatus(status).label}のため、取り消せません。", field="provisional_number",
                       code="provisional_not_valid")
    return found


# --- the 免許課長's decision (規程第41条第2項) --------------------------------------------------------


@procedure(legal.KITEI_41_P2, rule=DECIDE_PROVISIONAL_REVOCATION.name)
def decide_provisional_revocation(actor, revocation: ProvisionalRevocation, *, revoke: bool,
                                  reason: str) -> ProvisionalRevocation:
    """The 免許課長's decision after 審査 (第41条第2項): revoke (then the 署長等 are told and hand the notice
    over) or not. The law engine names the level (免許課長); the reporter never decides."""
    action = Action.DECIDE if revoke else Action.DISMISS
    authorize(actor, DECIDE_PROVISIONAL_REVOCATION.name, revocation, action=action, person_id=revocation.person_id)
    reason = _text(reason, "reason", "審査の結果・理由", TEXT)
    if not revoke and not reason:
        raise InvalidInput("取り消さない理由を入力してください。", field="reason")
    if actor.actor_name == revocation.reported_by:
        _refuse(actor, revocation, action, SEPARATION.replace("処分事案の審査・聴取等", "取消事案の通報"),
                "separation_of_duties")
    answer = _authority(actor, revocation)
    level = getattr(actor, "decision_level", "")
    if level != answer["authority"]:
        own = DecisionLevel(level).label if level else "なし"
        _refuse(actor, revocation, action, f"仮免許の取消しの決定権者は{DecisionLevel(answer['authority']).label}です"
                f"（あなたの決定権限: {own}）。", "wrong_authority")
    with transaction.atomic():
        event = PROVISIONAL_REVOCATION.apply(
            actor, revocation, "decide" if revoke else "dismiss", reason=reason or "取消しの決定",
            authority_result=answer, decided_on=timezone.localdate(), decided_by=actor.actor_name,
            decided_level=level, decision_reason=reason)
        _history(actor, revocation, "provisional.revocation_decided",
                 {"provisional_revocation": (S.REPORTED.label, revocation.get_state_display())},
                 reason or "仮免許の取消しの決定", legal.KITEI_41_P2, event)
    return revocation


def _authority(actor, revocation: ProvisionalRevocation) -> dict:
    """The law engine's ``authority`` for a 仮免許の取消し (audited judgement)."""
    ok, answer = judge(actor, "authority", {"as_of": timezone.localdate().isoformat(),
                                            "kind": "provisional_revocation"}, channel="dispositions")
    if not ok:
        raise InvalidInput(f"決定権者の判定ができません：{answer['error']['message']}", field="reason",
                           code=answer["error"]["code"])
    return answer


def _refuse(actor, revocation: ProvisionalRevocation, action: str, message: str, code: str) -> None:
    record(actor, action, object_type="provisionalrevocation", object_id=revocation.pk,
           person_id=revocation.person_id, subject_prefecture=record_prefecture(revocation),
           outcome=Outcome.DENIED, detail={"refused": code})
    raise NotPermitted(message, code=code)


# --- 仮運転免許取消し処分通知書の交付 (規程第41条第3項) -------------------------------------------------


@procedure(legal.KITEI_41_P3, rule=SERVE_PROVISIONAL_REVOCATION.name)
def serve_provisional_revocation(actor, revocation: ProvisionalRevocation, *, explanation: str = "",
                                 card_returned: bool = True, reason: str = "") -> ProvisionalRevocation:
    """Hand over the 仮運転免許取消し処分通知書 (第41条第3項): the 交付簿 entry (this row's number), the 弁明調書
    (the person's 弁明, or that none was given) and the 仮免許証 returned — or why it is not. The 仮免許 is
    取消 in the register from today."""
    authorize(actor, SERVE_PROVISIONAL_REVOCATION.name, revocation, action=Action.SERVE,
              person_id=revocation.person_id)
    explanation = _text(explanation, "explanation", "弁明の要旨", 1000)
    reason = _text(reason, "reason", "仮免許証を返納できない理由", 200)
    if not card_returned and not reason:
        raise InvalidInput("仮免許証の返納がないときは、その理由（紛失等）を入力してください。", field="reason",
                           code="card_not_returned")
    provisional = revocation.provisional_licence
    today = timezone.localdate()
    with transaction.atomic():
        event = PROVISIONAL_REVOCATION.apply(
            actor, revocation, "serve", reason="仮運転免許取消し処分通知書の交付", served_on=today,
            served_by=actor.actor_name, served_office=actor.affiliation, explanation=explanation,
            card_returned=card_returned, card_missing_reason="" if card_returned else reason)
        PROVISIONAL_LICENCE.apply(actor, provisional, "revoke", reason=f"仮免許の取消し（第{revocation.pk}号）")
        _history(actor, revocation, "provisional.revoked", {
            "provisional": (f"{provisional.kind_id} {provisional.number}（有効）",
                            f"{provisional.kind_id} {provisional.number}（取消）"),
            "card": (None, "返納" if card_returned else f"返納なし（{reason[:60]}）")},
            "仮運転免許取消し処分通知書の交付", legal.KITEI_41_P3, event)
    return revocation


def _history(actor, revocation: ProvisionalRevocation, event_type: str, diff: dict, reason: str, basis,
             event) -> None:
    person = revocation.person
    add_history(actor, person, person.current_licence, event_type, diff, reason[:200], basis, event)


# --- lists and reading --------------------------------------------------------------------------------


def revocation_queue(actor) -> dict[str, list[ProvisionalRevocation]]:
    """The actor's prefecture's 仮免許の取消事案: awaiting the decision, awaiting the handing-over, and the
    latest closed ones (audited list)."""
    authorize(actor, LIST_PROVISIONAL_REVOCATIONS.name, action=Action.LIST)
    found = ProvisionalRevocation.objects.visible_to(actor).select_related(
        "person", "provisional_licence", "office")
    lists = {"reported": list(found.filter(state=S.REPORTED).order_by("pk")[:LIST_LIMIT]),
             "decided": list(found.filter(state=S.DECIDED).order_by("decided_on", "pk")[:LIST_LIMIT]),
             "closed": list(found.exclude(state__in=OPEN)[:20])}
    record(actor, Action.LIST, object_type="provisionalrevocation",
           detail={name: [r.pk for r in rows] for name, rows in lists.items()})
    return lists


def load_revocation(pk) -> ProvisionalRevocation:
    try:
        found = ProvisionalRevocation.objects.select_related(
            "person", "provisional_licence__commission", "office", "served_office", "prefecture").filter(
            pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その仮免許の取消事案はありません。")
    return found


def get_revocation(actor, pk) -> ProvisionalRevocation:
    """One 取消事案, for 「窓口」「審査」「決定」 of its prefecture (audited read)."""
    revocation = load_revocation(pk)
    authorize(actor, VIEW_PROVISIONAL_REVOCATION.name, revocation, action=Action.READ,
              person_id=revocation.person_id)
    record(actor, Action.READ, object_type="provisionalrevocation", object_id=revocation.pk,
           person_id=revocation.person_id, subject_prefecture=revocation.prefecture_id)
    return revocation
