"""前歴通知書 (規程第21条第2号, 第22条第2号) — ADR 0016 part 10.

第21条第2号: for a person who meets the 拒否・保留 standard (免許の拒否等処分の基準) but against whom the
拒否等処分 cannot be made, the 免許課長 reports the 点数通報等 to the 署長 of their address; 第22条第2号: the
署長 enters them on the 運転免許拒否・保留等処分処理票 and, **when the licence is issued to them**
(免許証等の交付等をするとき), hands them the 前歴通知書 stating that 通報.

The system opens a 拒否・保留 case for every person without a licence whose assessment reaches the
standard (part 4c); whether the 拒否等処分 can be made is the reviewer's finding on the papers (the seed
does not list the grounds). So:

- :func:`enter_prior_record` (第21条第2号, with 第22条第2号's 登載): 「審査」 records that the 拒否等処分
  cannot be made and why; the case ends (``enter_prior_record``: → 抹消, without a disposition) and a
  :class:`~menkyo.dispositions.models.PriorRecordNotice` keeps the 通報's contents. The case's 交付停止
  (第21条第1号) is released with it when the actor may release it — a licence may be handed over now.
- :func:`on_card_handed_over` (a listener of ``cards.services.HANDED_OVER``): a licence handed over to the
  person links the card to the pending notice — it is now due.
- :func:`hand_prior_record` (第22条第2号): the station hands the 前歴通知書 (PDF:
  :mod:`menkyo.dispositions.prior_record_papers`) — with the licence being handed over (a licence card
  waiting at an office, 交付待ち) or after it was.
"""

from django.db import transaction
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards import services as cards
from menkyo.cards.models import CardJob, CardJobState, CardKind
from menkyo.core import legal
from menkyo.core.errors import Conflict, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions.actions import PriorRecordAction
from menkyo.dispositions.applicants import _applicant, applicant_of
from menkyo.dispositions.models import CASES, OPEN_STATES, Case, PriorRecordNotice
from menkyo.dispositions.permissions import (
    ENTER_PRIOR_RECORD,
    HAND_PRIOR_RECORD,
    LIST_PRIOR_RECORDS,
    VIEW_EXECUTION,
)
from menkyo.dispositions.services import LIST_LIMIT, _history, _required

REASON_MAX = 200
NOT_YET = ("前歴通知書は免許証を交付するときに交付します（規程第22条第2号）。"
           "この方に交付する免許証（交付待ち・交付済）はまだありません。")


@procedure(legal.KITEI_21, rule=ENTER_PRIOR_RECORD.name, also=(legal.KITEI_22,))
def enter_prior_record(actor, case: Case, *, reason: str) -> PriorRecordNotice:
    """第21条第2号: the person meets the 拒否・保留 standard but the 拒否等処分 cannot be made — report the
    点数通報等 (the case ends without a disposition) and enter them for the 前歴通知書 (第22条第2号)."""
    authorize(actor, ENTER_PRIOR_RECORD.name, case, action=PriorRecordAction.ENTER, person_id=case.person_id)
    _applicant(case)
    if case.state not in OPEN_STATES:
        raise Conflict("審査中の拒否・保留の処分事案に限ります（決定・終了した事案は通報できません）。",
                       field="state", code="case_not_open")
    reason = _required(reason, "reason", "拒否等処分ができない理由", REASON_MAX)
    points = case.assessment.points if case.assessment_id else None
    standard = case.proposal_ja
    day = timezone.localdate()
    with transaction.atomic():
        event = CASES.apply(actor, case, "enter_prior_record", reason=reason, end_reason=reason, decided_on=day,
                            decided_by=actor.actor_name)
        notice = PriorRecordNotice.objects.create(
            case=case, reason=reason, points=points, standard=standard, contents=_contents(case, points, standard),
            entered_on=day, entered_by=actor.actor_name)
        _history(actor, case, "disposition_case.prior_record", {"prior_record": (None, "前歴通知書の交付予定")},
                 f"拒否等処分ができない者の通報（{reason}）", legal.KITEI_21, event)
        _release_hold(actor, case)
    return notice


def _contents(case: Case, points: int | None, standard: str) -> str:
    """The 点数通報等 as the 前歴通知書 states it (UNCONFIRMED wording)."""
    ground = f"累積点数{points}点" if points is not None else case.get_case_type_display()
    return f"{ground}により免許の{standard}の基準に該当"


def _release_hold(actor, case: Case) -> None:
    """The case's 交付停止 (第21条第1号) ends with it: no 拒否等処分 will come, the licence may be issued."""
    found = applicant_of(case)
    hold = found.issue_hold if found else None
    if hold is not None and hold.released_at is None and allowed(actor, "cards.hold_issue", hold):
        cards.release_issue_hold(actor, hold.pk, reason=f"処分事案第{case.pk}号：拒否等処分ができない者（規程第21条第2号）")


# --- the licence handed over (the cards' listener) -----------------------------------------------


def on_card_handed_over(actor, job: CardJob) -> None:
    """The ``cards.services.HANDED_OVER`` listener: a licence card handed over to a person entered for a
    前歴通知書 makes it due (the card linked, audited); other cards (仮免許証) are left alone."""
    if job.card_kind != CardKind.LICENCE:
        return
    for notice in PriorRecordNotice.objects.select_for_update().select_related("case").filter(
            case__person_id=job.person_id, handed_on__isnull=True, card_job__isnull=True):
        notice.card_job, notice.card_handed_on = job, timezone.localdate(job.handed_over_at or timezone.now())
        notice.save(update_fields=["card_job", "card_handed_on"])
        record(actor, PriorRecordAction.CARD_ISSUED, object_type="prior_record", object_id=notice.pk,
               person_id=job.person_id, subject_prefecture=notice.case.prefecture_id,
               detail={"card_job": job.pk, "legal_basis": str(legal.KITEI_22)})


def issuing_job(notice: PriorRecordNotice) -> CardJob | None:
    """The licence the notice goes with: the one handed over, else a licence card for the person waiting at
    an office (交付待ち) requested since the entry."""
    if notice.card_job_id:
        return notice.card_job
    return (CardJob.objects.filter(person_id=notice.person_id, card_kind=CardKind.LICENCE, state=CardJobState.READY,
                                   created_at__date__gte=notice.entered_on).order_by("pk").first())


# --- 前歴通知書の交付 (第22条第2号) ---------------------------------------------------------------------


@procedure(legal.KITEI_22, rule=HAND_PRIOR_RECORD.name)
def hand_prior_record(actor, notice: PriorRecordNotice) -> PriorRecordNotice:
    """Hand the 前歴通知書 to the person when their licence is handed over (第22条第2号): the day, who and
    which office are recorded; once only."""
    authorize(actor, HAND_PRIOR_RECORD.name, notice, action=PriorRecordAction.HAND, person_id=notice.person_id)
    if notice.handed_on is not None:
        raise Conflict("前歴通知書は交付済みです。", field="handed_on", code="already_handed")
    job = issuing_job(notice)
    if job is None:
        raise Conflict(NOT_YET, field="card_job", code="no_licence_issued")
    day = timezone.localdate()
    with transaction.atomic():
        locked = PriorRecordNotice.objects.select_for_update().select_related("case").get(pk=notice.pk)
        if locked.handed_on is not None:
            raise Conflict("前歴通知書は交付済みです。", field="handed_on", code="already_handed")
        locked.handed_on, locked.handed_by = day, actor.actor_name
        locked.office_code = getattr(actor.affiliation, "code", "")
        locked.card_job = locked.card_job or job
        locked.save(update_fields=["handed_on", "handed_by", "office_code", "card_job"])
        event = record(actor, PriorRecordAction.HAND, object_type="prior_record", object_id=locked.pk,
                       person_id=locked.person_id, subject_prefecture=locked.prefecture_id,
                       detail={"card_job": job.pk, "legal_basis": str(legal.KITEI_22)})
        _history(actor, locked.case, "disposition_case.prior_record_handed", {"prior_record": (None, "交付")},
                 "前歴通知書の交付（免許証の交付の際）", legal.KITEI_22, event)
    for name in ("handed_on", "handed_by", "office_code", "card_job_id"):
        setattr(notice, name, getattr(locked, name))
    return notice


# --- reading ---------------------------------------------------------------------------------------


def prior_record_of(case: Case) -> PriorRecordNotice | None:
    return PriorRecordNotice.objects.filter(case=case).first()


def load_prior_record(pk) -> PriorRecordNotice:
    try:
        found = (PriorRecordNotice.objects.select_related("case", "case__person", "case__prefecture", "card_job")
                 .filter(pk=int(pk)).first())
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound("その前歴通知書の交付予定はありません。")
    return found


def get_prior_record(actor, pk) -> PriorRecordNotice:
    """One entry (「窓口」「審査」「決定」 of its prefecture; the read is audited)."""
    notice = load_prior_record(pk)
    authorize(actor, VIEW_EXECUTION.name, notice, action=PriorRecordAction.READ, person_id=notice.person_id)
    record(actor, PriorRecordAction.READ, object_type="prior_record", object_id=notice.pk, person_id=notice.person_id,
           subject_prefecture=notice.prefecture_id)
    return notice


def prior_records_due(actor) -> dict[str, list[PriorRecordNotice]]:
    """The actor's prefecture's entries: ``to_hand`` (licence handed over, notice not yet), ``waiting`` (no
    licence yet), ``handed`` (the latest handed); the read is audited."""
    authorize(actor, LIST_PRIOR_RECORDS.name, action=PriorRecordAction.LIST)
    scoped = PriorRecordNotice.objects.filter(case__in=Case.objects.visible_to(actor, "execution")).select_related(
        "case", "case__person")
    pending = scoped.filter(handed_on__isnull=True)
    found = {
        "to_hand": list(pending.filter(card_job__isnull=False).order_by("card_handed_on", "pk")[:LIST_LIMIT]),
        "waiting": list(pending.filter(card_job__isnull=True).order_by("entered_on", "pk")[:LIST_LIMIT]),
        "handed": list(scoped.filter(handed_on__isnull=False).order_by("-handed_on", "-pk")[:50]),
    }
    record(actor, PriorRecordAction.LIST, object_type="prior_record",
           detail={"queue": "prior_records", "ids": [n.pk for rows in found.values() for n in rows]})
    return found
