"""The 裏書 of a licence card (規程第14条): a notified change of particulars written on the card's back.

規程第14条 has the licence division or the station that receives a 運転免許証記載事項変更届 register the
change and 「届出者の免許証等に変更に係る事項の記載及び記録を行う」. For a card (保有形態 免許証のみ or
2枚持ち) that is the 裏書: the 追記装置 prints the new value on the back and writes it in the chip's
記載事項変更等 file (ic-card.md DF1/EF04); the face changes at the next card (counter-facts §3.6).

:func:`endorse_on_change` runs inside :func:`menkyo.registry.services.change_particulars`' transaction
(``registry.services.PARTICULARS_CHANGED``) and creates an :class:`EndorsementJob` with what the back
shows: the item, its new value, the day and the commission's name. The 追記装置 of the office that
received the notice (or of the prefecture, for a change entered by the system) fetches the jobs
(:func:`fetch_endorsements`) and reports each written (:func:`complete_endorsement`, idempotent). A
job whose card was replaced since — a new card made (reissue, renewal) or the card returned (マイナ免許証
のみ) — is cancelled when the device reports it, and the device is told so (409 ``card_replaced``).

UNCONFIRMED (ic-card.md §1.4 EF04): the layout of a 裏書 record — one byte, a 7-character date, the
text, a 5-character 公安委員会 part — comes from a secondary source; :data:`LAYOUT_NOTE` travels with
every job so the device and the staff see it.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from menkyo.audit.recorder import record
from menkyo.cards.actions import Action
from menkyo.cards.models import CardJob, EndorsementJob
from menkyo.cards.models import EndorsementState as S
from menkyo.cards.permissions import ENDORSE_CARD, LIST_ENDORSEMENTS
from menkyo.cards.services import MAX_FETCH, _check_office, today
from menkyo.core import legal
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.core.wareki import wareki
from menkyo.registry import services as registry
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus

#: The particulars the card shows, with their label, and whether the back shows them (本籍 is in
#: the chip only: not printed on an IC card since 2007, ic-card.md DF1/EF02).
ENDORSED = {"name": ("氏名", True), "address": ("住所", True), "honseki": ("本籍", False)}
LAYOUT_NOTE = ("裏書の記録様式（1バイトの区分・7文字の年月日・記載内容・5文字の公安委員会名）は二次資料によるもので"
               "未確認です（ic-card.md DF1/EF04）。")
REPLACED_MESSAGE = "この裏書の免許証は{why}ため、追記しません（裏書を取り消しました）。新しい免許証には変更後の事項が記載されています。"


def endorsement_lines(diff: dict) -> list[dict]:
    """What the back shows for a change ``{field: (before, after)}``: the changed items, in card order."""
    return [{"item": label, "value": diff[field][1], "printed": printed}
            for field, (label, printed) in ENDORSED.items() if field in diff]


def endorse_on_change(actor, person, licence: Licence | None, diff: dict, event) -> EndorsementJob | None:
    """The 裏書 of a change of particulars (規程第14条), for a card holder (免許証のみ・2枚持ち) with a
    licence 有効 and a changed item the card shows; audited and in the history. Inside the caller's
    transaction (``registry.change_particulars``)."""
    lines = endorsement_lines(diff)
    if licence is None or not lines:
        return None
    licence = Licence.objects.select_for_update().select_related("home_commission").get(pk=licence.pk)
    if licence.holding_form == HoldingForm.MYNUMBER or licence.status != LicenceStatus.VALID:
        return None
    office = getattr(actor, "affiliation", None)
    job = EndorsementJob.objects.create(
        person=person, licence=licence, prefecture_id=licence.home_prefecture_id, office=office,
        card_job=CardJob.objects.filter(licence=licence).order_by("-pk").first(), lines=lines,
        changed_on=today(), commission=licence.home_commission.name)
    created = record(actor, Action.ENDORSEMENT_CREATE, object_type="endorsementjob", object_id=job.pk,
                     person_id=person.pk, subject_prefecture=job.prefecture_id,
                     detail={"items": [line["item"] for line in lines], "person_change": event.pk,
                             "legal_basis": str(legal.KITEI_14)})
    registry.add_history(actor, person, licence, "card.endorsement_requested",
                         {"endorsement": [None, "・".join(line["item"] for line in lines) + "の裏書（追記待ち）"]},
                         "記載事項変更の裏書", legal.KITEI_14, created)
    return job


# --- the 追記装置 --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EndorsementData:
    """What the 追記装置 writes: the card (licence number), the holder's name, the lines, the day
    (ISO and 和暦 as printed), the commission and the layout note (UNCONFIRMED)."""

    id: int
    licence_number: str
    name: str
    lines: list
    changed_on: date
    changed_on_wareki: str
    commission: str
    layout_note: str = LAYOUT_NOTE


def endorsement_data(job: EndorsementJob) -> EndorsementData:
    return EndorsementData(job.pk, job.licence.number, job.person.name, job.lines, job.changed_on,
                           wareki(job.changed_on), job.commission)


def _device_office(actor, action: str):
    office = getattr(actor, "affiliation", None)
    authorize(actor, ENDORSE_CARD.name, office, action=action)
    return office


@procedure(legal.KITEI_14, rule=ENDORSE_CARD.name)
def fetch_endorsements(actor, limit: int = 10) -> list[EndorsementData]:
    """The 追記装置 takes the pending 裏書 of its office (and those entered without an office in its
    prefecture), oldest first, at most ``limit`` (1–50). Each is a read of the holder's data: one audit
    event per job. A job whose card was replaced since is left out (it is cancelled when reported)."""
    office = _device_office(actor, Action.ENDORSEMENT_FETCH)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_FETCH:
        raise InvalidInput(f"取得件数は1〜{MAX_FETCH}で指定してください。", field="limit")
    jobs = [job for job in EndorsementJob.objects.filter(state=S.PENDING, prefecture_id=office.prefecture_id)
            .filter(Q(office=office) | Q(office__isnull=True)).select_related("person", "licence")
            .order_by("created_at", "pk")[:limit] if not _replaced_why(job)]
    for job in jobs:
        record(actor, Action.ENDORSEMENT_FETCH, object_type="endorsementjob", object_id=job.pk,
               person_id=job.person_id, subject_prefecture=job.prefecture_id,
               detail={"legal_basis": str(legal.KITEI_14)})
    return [endorsement_data(job) for job in jobs]


def _replaced_why(job: EndorsementJob) -> str:
    """Why the card endorsed is no longer the holder's, or "" while it is."""
    if job.licence.holding_form == HoldingForm.MYNUMBER:
        return "返納された"
    newer = CardJob.objects.filter(licence_id=job.licence_id)
    if job.card_job_id is not None:
        newer = newer.filter(pk__gt=job.card_job_id)
    return "その後新しい免許証が作成された" if newer.filter(created_at__gte=job.created_at).exists() else ""


def load_endorsement(pk: int) -> EndorsementJob:
    job = EndorsementJob.objects.select_related("person", "licence", "office").filter(pk=pk).first()
    if job is None:
        raise NotFound(f"裏書 {pk} は登録されていません。", field="endorsement_id")
    return job


@procedure(legal.KITEI_14, rule=ENDORSE_CARD.name)
def complete_endorsement(actor, endorsement_id: int) -> EndorsementJob:
    """The 追記装置 reports the back written (追記待ち → 追記済), audited and in the history. The same
    report again (a lost answer) returns the job unchanged. A job of another office is refused; a job
    whose card was replaced since is cancelled (audited) and refused with 409 ``card_replaced``."""
    job = load_endorsement(endorsement_id)
    authorize(actor, ENDORSE_CARD.name, job, action=Action.ENDORSEMENT_COMPLETE, person_id=job.person_id)
    if job.office_id is not None:
        _check_office(actor, job, job.office, Action.ENDORSEMENT_COMPLETE,
                      "この裏書は{office}で受理した届出のものです。受理した所属の追記装置で追記します。")
    with transaction.atomic():
        job = EndorsementJob.objects.select_for_update().select_related("person", "licence").get(pk=job.pk)
        if job.state == S.DONE:
            return job
        if job.state == S.PENDING:
            why = _replaced_why(job)
            if why:
                _cancel(actor, job, REPLACED_MESSAGE.format(why=why))
            else:
                return _complete(actor, job)
    raise Conflict(job.cancel_reason, field="endorsement_id", code="card_replaced")


def _complete(actor, job: EndorsementJob) -> EndorsementJob:
    job.state, job.device, job.completed_at = S.DONE, actor.actor_name, timezone.now()
    job.save(update_fields=["state", "device", "completed_at"])
    event = record(actor, Action.ENDORSEMENT_COMPLETE, object_type="endorsementjob", object_id=job.pk,
                   person_id=job.person_id, subject_prefecture=job.prefecture_id,
                   detail={"items": [line["item"] for line in job.lines], "legal_basis": str(legal.KITEI_14)})
    registry.add_history(actor, job.person, job.licence, "card.endorsed",
                         {"endorsement": ["追記待ち", "・".join(line["item"] for line in job.lines) + "の裏書（追記済）"]},
                         "記載事項変更の裏書", legal.KITEI_14, event)
    return job


def _cancel(actor, job: EndorsementJob, message: str) -> None:
    job.state, job.cancel_reason, job.completed_at = S.CANCELLED, message, timezone.now()
    job.save(update_fields=["state", "cancel_reason", "completed_at"])
    record(actor, Action.ENDORSEMENT_CANCEL, object_type="endorsementjob", object_id=job.pk,
           person_id=job.person_id, subject_prefecture=job.prefecture_id,
           detail={"reason": "card_replaced", "legal_basis": str(legal.KITEI_14)})


# --- the list for the counter ----------------------------------------------------------------------


@procedure(legal.KITEI_14, rule=LIST_ENDORSEMENTS.name)
def list_endorsements(actor, state: str = S.PENDING, limit: int = 100) -> list[EndorsementJob]:
    """The 裏書 of the actor's prefecture in ``state`` (追記待ち by default), newest first."""
    authorize(actor, LIST_ENDORSEMENTS.name, action=Action.ENDORSEMENT_LIST)
    if state not in S.values:
        raise InvalidInput("状態は pending（追記待ち）・done（追記済）・cancelled（取消し）のいずれかです。", field="state")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 500:
        raise InvalidInput("件数は1〜500で指定してください。", field="limit")
    return list(EndorsementJob.objects.visible_to(actor).filter(state=state)
                .select_related("person", "licence", "office").order_by("-created_at", "-pk")[:limit])
