"""若年運転者期間に係る免許の取消し (規程第41条の2の2第1項, 第4項–第7項) — ADR 0016 part 9.

A 若年運転者講習 notice recorded 期限経過 opens a ``young_driver`` case (``course_cases``), and so does the engine's
令第39条の2の2 finding after the course (:func:`on_assessed`); the reviewer proposes
取消, the engine names the 公安委員会 and the 意見の聴取 (part 2), and the commission decides. Once decided (or
summoned, 執行待ち, or 執行不能 — part 3's 出頭通知 and 20-day search apply unchanged: 第8項 is 第37条's shape),
:func:`revoke_young_driver_licence` is the execution (第1項):

- the 若年運転者取消処分書 (規則別記様式第19の3の4の2, :mod:`~menkyo.dispositions.young_revocation_papers`) handed over;
- the 若年運転者取消登録 (the day is recorded; the national system is not modelled);
- the 特例取得免許 removed — which kinds is ``rules.young_revocation`` (法第104条の2の4: every 特例取得免許 held, except
  中型 for one who was 20 on the day the criterion was met; UNCONFIRMED). The 特例取得免許 are the kinds the register
  holds with ``special_course`` (受験資格特例による取得, set at issue from the application's 特例 route). Only for a
  licence with no such row — entered before the register recorded it (registry 0009) — the kinds the person's
  若年運転者講習 notices name stand in for it (the fallback of :func:`special_kinds`). When other kinds are kept a
  card of them is made (``kind_revocation``, shared with the 再試験), else the licence is 取消.

The case moves to 執行済 by the ``revoke_young`` transition; no :class:`~menkyo.dispositions.models.Execution` row
is executed, so the generic execution refuses a ``young_driver`` case (``execution.OWN_EXECUTION``) — it would
revoke the whole licence. An active 処分手配 or 若年運転者取消手配 of the case is released (第47条).
The recorded execution is also the 署長's 通報 and its line in the 行政処分執行通報受理簿 (第6項・第7項) and the
処理 of 第34条第3項第1号–第3号 (第5項): one shared system, no separate step (as 第35条・第36条 for part 3).
Not built: the 特例取得免許取消処分書の送付書 of 第3項 as a paper (the station's counter executes the same case).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from menkyo.alerts import services as alerts
from menkyo.alerts.models import AlertState
from menkyo.audit.recorder import record
from menkyo.cards.cancellation_book import split_kinds
from menkyo.cards.models import CancellationScope, RewriteCause
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.workflow import Transition
from menkyo.dispositions import execution
from menkyo.dispositions.actions import YoungRevocationAction as Action
from menkyo.dispositions.course_cases import opened
from menkyo.dispositions.kind_revocation import (
    card_handling,
    kinds_diff,
    remove_kinds,
    request_rewrite,
    valid_licence,
)
from menkyo.dispositions.models import (
    CASES,
    OPEN_STATES,
    Case,
    CaseState,
    CaseType,
    DispositionKind,
    YoungGround,
    YoungRevocation,
)
from menkyo.dispositions.permissions import LIST_EXECUTIONS, REVOKE_YOUNG
from menkyo.dispositions.services import LIST_LIMIT, _history
from menkyo.rules import young_revocation as law
from menkyo.violations.models import Assessment, CourseKind, CourseNotice, CourseNoticeState

CASES.transitions["revoke_young"] = Transition(
    "revoke_young", source=execution.PENDING, target=CaseState.EXECUTED, rule=REVOKE_YOUNG.name,
    legal_basis=legal.KITEI_41NO2NO2, label_ja="若年運転者期間に係る取消し（若年運転者取消処分書の交付）",
    audit_action=Action.REVOKE)
execution.OWN_EXECUTION[CaseType.YOUNG_DRIVER] = (
    "若年運転者期間に係る取消しは「若年運転者期間に係る取消し」の画面で執行します（特例取得免許だけを取り消します）。")


@procedure(legal.KITEI_41NO2NO2, rule=REVOKE_YOUNG.name, also=(legal.KITEI_41NO2NO2_P5, legal.KITEI_41NO2NO2_P6))
def revoke_young_driver_licence(actor, case: Case, *, card_presented: bool = True, reason: str = "",
                                handover_date=None) -> YoungRevocation:
    """Execute the decided 取消 of a 若年運転者 (規程第41条の2の2第1項): the 若年運転者取消処分書, the 若年運転者取消登録,
    the 特例取得免許 revoked — and a card of the kinds kept, or the licence 取消 when none is kept."""
    authorize(actor, REVOKE_YOUNG.name, case, action=Action.REVOKE, person_id=case.person_id)
    decided_young(case)
    licence = valid_licence(case)
    ground, met_on, noticed = young_grounds(case)
    held = list(licence.kinds.select_related("kind"))
    found = law.revoked_kinds(special_kinds(held, noticed), case.person.birth_date, met_on)
    revoked = [k for k in found.revoked if k in {h.kind_id for h in held}]
    if not revoked:
        raise Conflict(f"取り消す特例取得免許（{'・'.join(found.revoked) or 'なし'}）を現に受けていません。",
                       code="kind_not_held")
    note = str(reason or "").strip()[:200]
    handling = card_handling(licence, card_presented, note)
    day = timezone.localdate()
    whole = {h.kind_id for h in held} == set(revoked)
    split = split_kinds(held, CancellationScope.WHOLE if whole else CancellationScope.HIGHER, revoked, day)
    with transaction.atomic():
        execution._lock(case)
        job = remove_kinds(licence, split, actor.affiliation, handover_date, day)
        event = CASES.apply(actor, case, "revoke_young", reason=note or "若年運転者期間に係る取消し")
        done = YoungRevocation.objects.create(
            case=case, ground=ground, met_on=met_on, licence=licence, kinds_revoked=[h.label for h in split.cancelled],
            kinds_kept=[h.label for h in split.kept], kinds_spared=[list(s) for s in found.spared], executed_on=day,
            executed_by=actor.actor_name, office=actor.affiliation, card_handling=handling,
            card_missing_reason="" if card_presented else note, card_job=job,
            mynumber_rewrite=request_rewrite(actor, licence, split, RewriteCause.YOUNG, event), registered_on=day,
            rule_result={"revoked": list(found.revoked), "spared": [list(s) for s in found.spared],
                         "met_on": met_on.isoformat(), "reference": found.reference, "assumption": found.assumption})
        _history(actor, case, "disposition_case.young_revocation", kinds_diff(split, handling),
                 "若年運転者期間に係る取消し（若年運転者取消処分書の交付・若年運転者取消登録）", legal.KITEI_41NO2NO2, event)
        release_alerts(actor, case)
    return done


def decided_young(case: Case) -> None:
    """A ``young_driver`` case whose 取消 was decided and is not yet executed."""
    if case.case_type != CaseType.YOUNG_DRIVER:
        raise Conflict("若年運転者期間に係る処分事案ではありません。", code="not_young_driver")
    if case.state not in execution.PENDING or case.decided_kind != DispositionKind.REVOCATION:
        raise Conflict("取消しの決定がされ、まだ執行していない事案だけを執行できます（意見の聴取の上で公安委員会が決定します）。",
                       code="not_decided")


def young_grounds(case: Case) -> tuple[str, date, list[str]]:
    """The ground (講習 not attended, or met again after it), the day the criterion was met and the 特例取得免許
    the person's 若年運転者講習 notices name (the engine's 若年運転者期間 findings)."""
    notices = list(CourseNotice.objects.filter(person_id=case.person_id, kind=CourseKind.YOUNG)
                   .exclude(state=CourseNoticeState.WITHDRAWN).select_related("assessment").order_by("-pk"))
    special = [n.licence_kind for n in notices if n.licence_kind]
    if not special:
        raise Conflict("若年運転者講習の通知がないため、取り消す特例取得免許がわかりません。", code="no_young_notice")
    expired = next((n for n in notices if n.state == CourseNoticeState.EXPIRED), None)
    if expired is not None:
        return YoungGround.NOT_ATTENDED, _met_on(expired.assessment, expired.licence_kind, "met_on"), special
    latest = Assessment.objects.filter(person_id=case.person_id).order_by("-pk").first()
    if latest is None or not any(f.get("revocation_required") for f in latest.result.get("young_driver", [])):
        raise Conflict("若年運転者講習の期限経過も、講習後の基準該当（令第39条の2の2）もありません。", code="no_young_ground")
    kind = next(f["kind"] for f in latest.result["young_driver"] if f.get("revocation_required"))
    return YoungGround.MET_AGAIN, _met_on(latest, kind, "met_again_on"), special


def special_kinds(held: list, noticed: list[str]) -> list[str]:
    """The 特例取得免許 of the licence: the kinds held with ``special_course``; for a legacy licence with none
    recorded (rows from before registry 0009), the kinds the 若年運転者講習 notices name (``noticed``)."""
    flagged = [h.kind_id for h in held if h.special_course]
    return flagged or noticed


def _met_on(assessment: Assessment, kind: str, key: str) -> date:
    """The engine's day the criterion was met for ``kind``; the assessment's day when the finding is not there."""
    for finding in assessment.result.get("young_driver", []):
        if finding.get("kind") == kind and finding.get(key):
            return date.fromisoformat(finding[key])
    return assessment.as_of


def release_alerts(actor, case: Case) -> None:
    """Release the case's active 処分手配 (part 3) and 取消手配 (規程第47条: the need is gone) — once each: a 執行不能's
    取消手配 is both the execution's and the case's (``revocation_alerts.on_unexecutable``)."""
    found = [getattr(getattr(case, "execution", None), "alert", None),
             getattr(getattr(case, "revocation_alert", None), "alert", None)]
    for alert in {a.pk: a for a in found if a is not None}.values():
        if alert is not None and alert.state == AlertState.ACTIVE:
            alerts.release_executed_alert(actor, alert, reason=f"処分事案第{case.pk}号の執行")


#: A 若年 case in one of these stands: the engine's later findings open no second one.
STANDING = (*OPEN_STATES, *execution.PENDING, CaseState.EXECUTED, CaseState.DEFERRED)


def on_assessed(actor, assessment: Assessment) -> Case | None:
    """The :data:`~menkyo.violations.services.ASSESSED` listener: when the engine finds a 若年運転者 who met the
    criterion again after the 若年運転者講習 (令第39条の2の2, its ``revocation_required``), open a ``young_driver`` case
    (第41条の2の2第1項: 取消 after an 意見の聴取) — unless one stands already. Without a proposal, as the 期限経過's."""
    found = [f for f in assessment.result.get("young_driver", []) if f.get("revocation_required")]
    if not found:
        return None
    person = assessment.person
    if Case.objects.select_for_update().filter(person=person, case_type=CaseType.YOUNG_DRIVER,
                                               state__in=STANDING).exists():
        return None
    ground = f"若年運転者講習の後、令第39条の2の2の基準に該当（{found[0]['kind']}、{found[0]['met_again_on']}）（取消し）"
    case = Case(prefecture_id=person.home_prefecture_id, person=person, case_type=CaseType.YOUNG_DRIVER,
                opened_by=actor.actor_name, proposal_reason=ground[:400], points_based=True)
    return opened(actor, case, legal.KITEI_41NO2NO2, ground, {"assessment": assessment.pk})


def young_cases(actor) -> list[Case]:
    """The ``young_driver`` cases of the actor's prefecture decided 取消 and not yet executed."""
    authorize(actor, LIST_EXECUTIONS.name, action=Action.LIST)
    found = list(Case.objects.visible_to(actor, "execution").filter(
        case_type=CaseType.YOUNG_DRIVER, state__in=execution.PENDING, decided_kind=DispositionKind.REVOCATION)
        .select_related("person")[:LIST_LIMIT])
    record(actor, Action.LIST, object_type="case", detail={"ids": [c.pk for c in found]})
    return found
