"""再試験に係る免許の取消し (規程第41条の2) — ADR 0016 part 6.

A 再試験 recorded 不合格 opens a ``retest`` case (``course_cases.on_course_result``). The law engine
(``rules.authority``, kind ``revocation`` with ground ``retest_failed``) answers that it is revoked at once,
without a hearing (``immediate``); :func:`revoke_after_failed_retest` is that execution (第41条の2第1項):

- the 運転免許取消処分書 (規則別記様式第19の3の4, :mod:`~menkyo.dispositions.retest_papers`) handed over;
- the 初心運転者取消登録 in the 運転者管理システム (the day is recorded; the national system is not modelled);
- the kind of the 初心運転者期間 (the notice's ``licence_kind``) removed from the licence. When other kinds
  are kept, a card of those kinds is made (a card job, as for a cancellation of higher kinds, 規程第41条の3)
  to be handed over in exchange for the current card, and for a マイナ免許証 the record is marked to be
  rewritten (the rewrite itself is the cards app's procedure: left). When nothing is kept the licence is 取消.

The case moves 審査中 → 執行済 by the ``revoke_after_retest`` transition this module adds to the cases'
workflow; no :class:`~menkyo.dispositions.models.Execution` is written, so the 取消 is not a ``revocation``
event of the points engine (no 欠格期間; whether it is a 前歴 is UNCONFIRMED). A 再試験 not taken goes through
the ordinary 意見の聴取 (ground ``retest_absent``); the 手配登録 of 第41条の2第2項 is not built.
"""

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.cancellation import split_kinds
from menkyo.cards.models import CancellationScope, CardJob, CardKind
from menkyo.cards.reissue import check_no_card_pending
from menkyo.cards.services import _handover_date, _producing_centre, save_numbered
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.workflow import Transition
from menkyo.dispositions.actions import RetestAction as Action
from menkyo.dispositions.execution import _set_status
from menkyo.dispositions.models import (
    CASES,
    CardHandling,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    RetestRevocation,
)
from menkyo.dispositions.permissions import LIST_EXECUTIONS, REVOKE_AFTER_RETEST
from menkyo.dispositions.services import LIST_LIMIT, _history
from menkyo.judgement.services import judge
from menkyo.registry.models import HoldingForm, Licence, LicenceKindHeld, LicenceStatus
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

CASES.transitions["revoke_after_retest"] = Transition(
    "revoke_after_retest", source=(CaseState.REVIEW,), target=CaseState.EXECUTED, rule=REVOKE_AFTER_RETEST.name,
    legal_basis=legal.KITEI_41NO2, label_ja="再試験不合格による取消し（取消処分書の交付）", audit_action=Action.REVOKE)


@procedure(legal.KITEI_41NO2, rule=REVOKE_AFTER_RETEST.name)
def revoke_after_failed_retest(actor, case: Case, *, card_presented: bool = True, reason: str = "",
                               handover_date=None) -> RetestRevocation:
    """Execute the 取消 of a failed 再試験 at once (規程第41条の2第1項): the 取消処分書, the 初心運転者取消登録, the
    kind revoked — and a card of the kinds kept, or the licence 取消 when none is kept."""
    authorize(actor, REVOKE_AFTER_RETEST.name, case, action=Action.REVOKE, person_id=case.person_id)
    notice = failed_notice(case)
    answer = _immediate(actor, notice)
    licence = _licence(case)
    note = str(reason or "").strip()[:200]
    handling = _handling(licence, card_presented, note)
    day = timezone.localdate()
    held = list(licence.kinds.select_related("kind"))
    split = split_kinds(held, CancellationScope.WHOLE if _only(held, notice) else CancellationScope.HIGHER,
                        [notice.licence_kind], day)
    office = actor.affiliation
    with transaction.atomic():
        check_no_card_pending(licence)
        job = _remaining_card(licence, split, office, handover_date, day)
        if split.kept:
            LicenceKindHeld.objects.filter(pk__in=[h.pk for h in split.cancelled]).delete()
            Licence.objects.filter(pk=licence.pk).update(version=licence.version + 1)
        else:
            _set_status(licence, LicenceStatus.REVOKED)
        event = CASES.apply(actor, case, "revoke_after_retest", reason=note or "再試験の不合格による取消し",
                            kind=DispositionKind.REVOCATION, decided_kind=DispositionKind.REVOCATION,
                            authority=answer["authority"], hearing_kind=answer["hearing"], authority_result=answer,
                            decided_on=day, decided_by=actor.actor_name, points_based=False)
        done = RetestRevocation.objects.create(
            case=case, course_notice=notice, licence=licence, kinds_revoked=[h.label for h in split.cancelled],
            kinds_kept=[h.label for h in split.kept], executed_on=day, executed_by=actor.actor_name, office=office,
            card_handling=handling, card_missing_reason="" if card_presented else note, card_job=job,
            mynumber_rewrite=bool(split.kept) and licence.holding_form != HoldingForm.CARD,
            novice_registered_on=day, authority_result=answer)
        _history(actor, case, "disposition_case.retest_revocation", _diff(split, handling),
                 "再試験の不合格による取消し（取消処分書の交付・初心運転者取消登録）", legal.KITEI_41NO2, event)
    return done


def failed_notice(case: Case) -> CourseNotice:
    """The 再試験 notice recorded 不合格 that the ``retest`` case came from (its latest)."""
    if case.case_type != CaseType.RETEST:
        raise Conflict("再試験に係る処分事案ではありません。", code="not_retest")
    notice = (CourseNotice.objects.filter(person_id=case.person_id, kind=CourseKind.RETEST,
                                          state=CourseNoticeState.FAILED).order_by("-result_on", "-pk").first())
    if notice is None:
        raise Conflict("再試験の不合格の記録がありません（未受験の者は意見の聴取の上で取り消します）。",
                       code="retest_not_failed")
    return notice


def _immediate(actor, notice: CourseNotice) -> dict:
    """The law engine's answer for a failed 再試験 (audited judgement): revoked at once, no hearing."""
    ok, answer = judge(actor, "authority", {"as_of": (notice.result_on or timezone.localdate()).isoformat(),
                                            "kind": "revocation", "ground": "retest_failed", "points_based": False},
                       channel="dispositions")
    if not ok or not answer.get("immediate"):
        raise Conflict("法令判定エンジンが即時の取消しと判定しませんでした。", code="not_immediate")
    return answer


def _licence(case: Case) -> Licence:
    licence = case.person.current_licence
    if licence is None or licence.status != LicenceStatus.VALID:
        raise Conflict("この運転者には有効な免許がないため、取り消せません。", code="no_licence")
    return licence


def _only(held: list[LicenceKindHeld], notice: CourseNotice) -> bool:
    codes = {h.kind_id for h in held}
    if notice.licence_kind not in codes:
        raise Conflict(f"再試験に係る種類（{notice.licence_kind or '不明'}）の免許を受けていません。", code="kind_not_held")
    return codes == {notice.licence_kind}


def _handling(licence: Licence, presented: bool, note: str) -> str:
    """The card taken (返納) and/or the マイナ record (抹消, or rewritten when kinds are kept)."""
    form = licence.holding_form
    if form == HoldingForm.MYNUMBER:
        return CardHandling.ERASED
    if presented:
        return CardHandling.RETURNED_ERASED if form == HoldingForm.BOTH else CardHandling.RETURNED
    if not note:
        raise InvalidInput("免許証の提出がないときは、その理由（紛失等）を入力してください。", field="reason",
                           code="card_not_presented")
    return CardHandling.NOT_PRESENTED


def _remaining_card(licence: Licence, split, office, handover_date, day) -> CardJob | None:
    """A card of the kinds kept (第41条の2第1項後段), for a holder of a card; handed over in exchange."""
    if not split.kept or licence.holding_form == HoldingForm.MYNUMBER:
        return None
    return save_numbered(CardJob(
        person=licence.person, licence=licence, card_kind=CardKind.LICENCE, prefecture_id=licence.home_prefecture_id,
        producing_centre=_producing_centre(office), handover_office=office,
        handover_date=_handover_date(office, handover_date, day)), day)


def _diff(split, handling: str) -> dict:
    kinds = [h.label for h in split.cancelled + split.kept]
    if not split.kept:
        return {"status": ("有効", "取消"), "kinds": ("・".join(kinds), None), "card": (None, CardHandling(handling).label)}
    return {"kinds": ("・".join(kinds), "・".join(h.label for h in split.kept)),
            "card": (None, "引き続き受ける種類の免許証と引換え")}


def failed_retests(actor) -> list[Case]:
    """Open ``retest`` cases of the actor's prefecture whose 再試験 was failed: to be revoked at once."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.LIST)
    failed = CourseNotice.objects.filter(kind=CourseKind.RETEST, state=CourseNoticeState.FAILED).values("person_id")
    found = list(Case.objects.visible_to(actor, "execution").filter(case_type=CaseType.RETEST, state=CaseState.REVIEW,
                                                       person_id__in=failed).select_related("person")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"ids": [c.pk for c in found]})
    return found
