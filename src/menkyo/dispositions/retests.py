"""再試験に係る免許の取消し (規程第41条の2) — ADR 0016 part 6.

A 再試験 recorded 不合格 opens a ``retest`` case (``course_cases.on_course_result``). The law engine
(``rules.authority``, kind ``revocation`` with ground ``retest_failed``) answers that it is revoked at once,
without a hearing (``immediate``); :func:`revoke_after_failed_retest` is that execution (第41条の2第1項):

- the 運転免許取消処分書 (規則別記様式第19の3の4, :mod:`~menkyo.dispositions.retest_papers`) handed over;
- the 初心運転者取消登録 in the 運転者管理システム (the day is recorded; the national system is not modelled);
- the kind of the 初心運転者期間 (the notice's ``licence_kind``) removed from the licence. When other kinds
  are kept, a card of those kinds is made (a card job, as for a cancellation of higher kinds, 規程第41条の3)
  to be handed over in exchange for the current card, and for a マイナ免許証 the cards app's 免許情報記録の書換え is
  asked for (a work item in its rewrite queue, ``cards.rewrite``). When nothing is kept the licence is 取消.

The case moves 審査中 → 執行済 by the ``revoke_after_retest`` transition this module adds to the cases'
workflow; no :class:`~menkyo.dispositions.models.Execution` is written, so the 取消 is not a ``revocation``
event of the points engine (no 欠格期間; whether it is a 前歴 is UNCONFIRMED). A 再試験 not taken goes through
the ordinary 意見の聴取 (ground ``retest_absent``) and the 公安委員会's decision; :func:`revoke_decided_retest` is its
execution — the same 取消処分書 (様式第19の3の4), 初心運転者取消登録 and kind removed (第41条の2第1項 names both: 「再試験に
不合格となった者又は再試験を受験しなかった者として意見の聴取による免許の取消処分を決定した者」), from 決定 / 執行待ち /
執行不能 by the ``revoke_decided_retest`` transition; part 3's ``execute_disposition`` refuses a ``retest`` case
(``execution.OWN_EXECUTION``): it would revoke the whole licence. One who does not appear 30 days after the hearing's
notice gets the 初心運転者取消手配 of 第41条の2第2項 (``revocation_alerts``, shared with the 若年運転者's), released by the
execution. The card handling, the kinds removed, the card of the kinds kept and the マイナ rewrite are
``kind_revocation``'s (shared with ``young_revocations``).
"""

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.cancellation_book import split_kinds
from menkyo.cards.models import CancellationScope, RewriteCause
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.workflow import Transition
from menkyo.dispositions import execution
from menkyo.dispositions.actions import RetestAction as Action
from menkyo.dispositions.kind_revocation import (
    card_handling,
    kinds_diff,
    remove_kinds,
    request_rewrite,
    valid_licence,
)
from menkyo.dispositions.models import (
    CASES,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    RetestRevocation,
)
from menkyo.dispositions.permissions import LIST_EXECUTIONS, REVOKE_AFTER_RETEST
from menkyo.dispositions.services import LIST_LIMIT, _history
from menkyo.dispositions.young_revocations import release_alerts
from menkyo.judgement.services import judge
from menkyo.registry.models import LicenceKindHeld
from menkyo.violations.models import CourseKind, CourseNotice, CourseNoticeState

CASES.transitions["revoke_after_retest"] = Transition(
    "revoke_after_retest", source=(CaseState.REVIEW,), target=CaseState.EXECUTED, rule=REVOKE_AFTER_RETEST.name,
    legal_basis=legal.KITEI_41NO2, label_ja="再試験不合格による取消し（取消処分書の交付）", audit_action=Action.REVOKE)


CASES.transitions["revoke_decided_retest"] = Transition(
    "revoke_decided_retest", source=execution.PENDING, target=CaseState.EXECUTED, rule=REVOKE_AFTER_RETEST.name,
    legal_basis=legal.KITEI_41NO2, label_ja="再試験に係る取消し（意見の聴取の上で決定、取消処分書の交付）",
    audit_action=Action.REVOKE)
execution.OWN_EXECUTION[CaseType.RETEST] = (
    "再試験に係る取消しは「再試験に係る取消し」の画面で執行します（初心運転者期間に係る種類だけを取り消します）。")


@procedure(legal.KITEI_41NO2, rule=REVOKE_AFTER_RETEST.name)
def revoke_after_failed_retest(actor, case: Case, *, card_presented: bool = True, reason: str = "",
                               handover_date=None) -> RetestRevocation:
    """Execute the 取消 of a failed 再試験 at once (規程第41条の2第1項): the 取消処分書, the 初心運転者取消登録, the
    kind revoked — and a card of the kinds kept, or the licence 取消 when none is kept."""
    authorize(actor, REVOKE_AFTER_RETEST.name, case, action=Action.REVOKE, person_id=case.person_id)
    notice = failed_notice(case)
    answer = _immediate(actor, notice)
    day = timezone.localdate()
    decided = dict(kind=DispositionKind.REVOCATION, decided_kind=DispositionKind.REVOCATION,
                   authority=answer["authority"], hearing_kind=answer["hearing"], authority_result=answer,
                   decided_on=day, decided_by=actor.actor_name, points_based=False)
    return _execute(actor, case, notice, answer, ("revoke_after_retest", decided), card_presented, reason,
                    handover_date)


@procedure(legal.KITEI_41NO2, rule=REVOKE_AFTER_RETEST.name)
def revoke_decided_retest(actor, case: Case, *, card_presented: bool = True, reason: str = "",
                          handover_date=None) -> RetestRevocation:
    """Execute the 取消 the 公安委員会 decided after an 意見の聴取 for one who did not take the 再試験 (規程第41条の2第1項:
    「再試験を受験しなかった者として意見の聴取による免許の取消処分を決定した者」) — as a failed one's: the 取消処分書
    (様式第19の3の4), the 初心運転者取消登録, only the 初心運転者期間's kind revoked (a card of the kinds kept, or the
    licence 取消); an active 処分手配 or 初心運転者取消手配 of the case is released (規程第47条)."""
    authorize(actor, REVOKE_AFTER_RETEST.name, case, action=Action.REVOKE, person_id=case.person_id)
    decided_retest(case)
    notice = retest_notice(case)
    return _execute(actor, case, notice, dict(case.authority_result or {}), ("revoke_decided_retest", {}),
                    card_presented, reason, handover_date)


def revoke_retest(actor, case: Case, **fields) -> RetestRevocation:
    """The one form's service: a case still 審査中 is a failed 再試験 revoked at once, a decided one the 取消 decided
    after the 意見の聴取."""
    if case.state in execution.PENDING:
        return revoke_decided_retest(actor, case, **fields)
    return revoke_after_failed_retest(actor, case, **fields)


def _execute(actor, case: Case, notice: CourseNotice, answer: dict, transition: tuple[str, dict],
             card_presented: bool, reason: str, handover_date) -> RetestRevocation:
    """The 取消処分書 handed over, the kind removed and the row written, in one transaction."""
    licence = valid_licence(case)
    note = str(reason or "").strip()[:200]
    handling = card_handling(licence, card_presented, note)
    day = timezone.localdate()
    held = list(licence.kinds.select_related("kind"))
    split = split_kinds(held, CancellationScope.WHOLE if _only(held, notice) else CancellationScope.HIGHER,
                        [notice.licence_kind], day)
    office, ground = actor.affiliation, _ground(notice)
    with transaction.atomic():
        execution._lock(case)
        job = remove_kinds(licence, split, office, handover_date, day)
        event = CASES.apply(actor, case, transition[0], reason=note or f"{ground}による取消し", **transition[1])
        done = RetestRevocation.objects.create(
            case=case, course_notice=notice, licence=licence, kinds_revoked=[h.label for h in split.cancelled],
            kinds_kept=[h.label for h in split.kept], executed_on=day, executed_by=actor.actor_name, office=office,
            card_handling=handling, card_missing_reason="" if card_presented else note, card_job=job,
            mynumber_rewrite=request_rewrite(actor, licence, split, RewriteCause.RETEST, event),
            novice_registered_on=day, authority_result=answer)
        _history(actor, case, "disposition_case.retest_revocation", kinds_diff(split, handling),
                 f"{ground}による取消し（取消処分書の交付・初心運転者取消登録）", legal.KITEI_41NO2, event)
        release_alerts(actor, case)
    return done


def _ground(notice: CourseNotice) -> str:
    return "再試験の未受験" if notice.state == CourseNoticeState.ABSENT else "再試験の不合格"


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


def decided_retest(case: Case) -> None:
    """A ``retest`` case whose 取消 was decided (after the 意見の聴取) and is not yet executed."""
    if case.case_type != CaseType.RETEST:
        raise Conflict("再試験に係る処分事案ではありません。", code="not_retest")
    if case.state not in execution.PENDING or case.decided_kind != DispositionKind.REVOCATION:
        raise Conflict("取消しの決定がされ、まだ執行していない事案だけを執行できます（意見の聴取の上で公安委員会が決定します）。",
                       code="not_decided")


def retest_notice(case: Case) -> CourseNotice:
    """The 再試験 notice recorded 未受験 or 不合格 that the decided case came from (its latest)."""
    notice = (CourseNotice.objects.filter(person_id=case.person_id, kind=CourseKind.RETEST,
                                          state__in=(CourseNoticeState.ABSENT, CourseNoticeState.FAILED))
              .order_by("-result_on", "-pk").first())
    if notice is None:
        raise Conflict("再試験の未受験・不合格の記録がありません。", code="no_retest_result")
    return notice


def _immediate(actor, notice: CourseNotice) -> dict:
    """The law engine's answer for a failed 再試験 (audited judgement): revoked at once, no hearing."""
    ok, answer = judge(actor, "authority", {"as_of": (notice.result_on or timezone.localdate()).isoformat(),
                                            "kind": "revocation", "ground": "retest_failed", "points_based": False},
                       channel="dispositions")
    if not ok or not answer.get("immediate"):
        raise Conflict("法令判定エンジンが即時の取消しと判定しませんでした。", code="not_immediate")
    return answer


def _only(held: list[LicenceKindHeld], notice: CourseNotice) -> bool:
    codes = {h.kind_id for h in held}
    if notice.licence_kind not in codes:
        raise Conflict(f"再試験に係る種類（{notice.licence_kind or '不明'}）の免許を受けていません。", code="kind_not_held")
    return codes == {notice.licence_kind}


def failed_retests(actor) -> list[Case]:
    """Open ``retest`` cases of the actor's prefecture whose 再試験 was failed: to be revoked at once."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.LIST)
    failed = CourseNotice.objects.filter(kind=CourseKind.RETEST, state=CourseNoticeState.FAILED).values("person_id")
    found = list(Case.objects.visible_to(actor, "execution").filter(case_type=CaseType.RETEST, state=CaseState.REVIEW,
                                                       person_id__in=failed).select_related("person")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"ids": [c.pk for c in found]})
    return found


def decided_retests(actor) -> list[Case]:
    """The ``retest`` cases of the actor's prefecture decided 取消 (after the 意見の聴取) and not yet executed."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.LIST)
    found = list(Case.objects.visible_to(actor, "execution").filter(
        case_type=CaseType.RETEST, state__in=execution.PENDING, decided_kind=DispositionKind.REVOCATION)
        .select_related("person")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"ids": [c.pk for c in found]})
    return found
