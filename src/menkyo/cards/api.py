"""Cards API (免許証の交付, 規程第13条; 交付停止, 第21条): issue from a passed application, the
免許証作成機's pending jobs and reports, routing and hand-over, 交付停止, the office's queues.

The printer's operations answer only devices of kind ``card_printer`` (no role), and only for the
jobs of the printer's own centre. Input errors are 422 with ``error.field``; a wrong state or an
active 交付停止 is 409; another office or prefecture 403. The 事務処理票 and the 受領書 are answered as
PDF (``application/pdf``, inline); one the job has not is 409 ``document_not_applicable``.
"""

from dataclasses import asdict

from ninja import Router, Status

from menkyo.cards import services
from menkyo.cards.models import CardJob, IssueHold
from menkyo.cards.schemas import (
    CardJobOut,
    CardPrintOut,
    CardReasonIn,
    HandOverIn,
    IssueHoldIn,
    IssueHoldOut,
    IssueIn,
    QueueOut,
    QueueRowOut,
    QueuesOut,
    ReviewIssueIn,
    SerialIn,
)
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter.models import Application
from menkyo.documents.forms import SlipVariant
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["cards"])


def job_out(job: CardJob, actor) -> CardJobOut:
    card = job.licence or job.provisional_licence
    printed = services.job_gaiji(job)
    return CardJobOut(
        id=job.pk, slip_number=job.slip_number, state=job.state, state_label=job.get_state_display(),
        card_kind=job.card_kind, application_id=job.application_id, reissue_ground=job.reissue_ground, person_id=job.person_id, name=job.person.name,
        licence_number=card.number, producing_centre=job.producing_centre_id, handover_office=job.handover_office_id,
        handover_date=job.handover_date, attempts=job.attempts, needs_staff=job.needs_staff,
        failure_reason=job.failure_reason, card_serial=job.card_serial, handed_over_at=job.handed_over_at,
        on_hold=services.active_hold(job.person_id) is not None, actions=services.actions_for(actor, job),
        print_waiting=services.print_waiting(job, printed), gaiji_unregistered=printed.unregistered,
        gaiji=[asdict(g) for g in printed.glyphs])


def hold_out(hold: IssueHold) -> IssueHoldOut:
    return IssueHoldOut(id=hold.pk, person_id=hold.person_id, reason=hold.reason, reported_by=hold.reported_by,
                        reported_at=hold.reported_at, released_by=hold.released_by, released_at=hold.released_at,
                        release_reason=hold.release_reason)


def _row(row) -> QueueRowOut:
    if isinstance(row, Application):
        return QueueRowOut(id=row.pk, kind="application", name=row.person.name,
                           detail=f"{row.get_application_type_display()} {row.licence_kind_id}")
    return QueueRowOut(id=row.pk, kind="card_job", name=row.person.name,
                       detail=f"{row.slip_number} {row.get_state_display()}")


@router.post("/applications/{application_id}/issue", response={201: CardJobOut, **ERRORS},
             summary="免許の交付（登録と免許証の作成依頼、規程第13条）")
@implements(services.issue_licence)
def issue_licence(request, application_id: int, payload: IssueIn):
    """A passed application: the 取得時講習 certificates are checked (第13条第7項), the licence is entered
    in the register and a card job created; at a police station with its ``handover_date``."""
    job = as_unprocessable(services.issue_licence, request.actor, application_id, **payload.dict())
    return Status(201, job_out(services.load_job(job.pk), request.actor))


@router.post("/applications/{application_id}/review-card", response={201: CardJobOut, **ERRORS},
             summary="審査の合格の登録（条件等の変更）と免許証の作成依頼（規程第9条第3項・第9条の2）")
@implements(services.issue_review_card)
def issue_review_card(request, application_id: int, payload: ReviewIssueIn):
    """A passed 限定解除審査・条件解除審査・申請による条件の付与: the 限定 or condition is lifted (or the
    condition asked for added) on the licence held, with history, and the card showing it is requested;
    at a police station with its ``handover_date``. Not a 審査: 409 ``not_a_review``; not passed: 409
    ``not_passed``."""
    job = as_unprocessable(services.issue_review_card, request.actor, application_id, **payload.dict())
    return Status(201, job_out(services.load_job(job.pk), request.actor))


@router.get("/card-jobs/pending", response={200: list[CardPrintOut], **ERRORS},
            summary="作成待ちの取得（免許証作成機）")
@implements(services.fetch_card_jobs)
def fetch_card_jobs(request, limit: int = 10):
    """The oldest pending jobs of the printer's centre (at most ``limit``, 1–50), each with what the card
    shows — its 申請用写真 inline (``photo``: the JPEG as base64 with its SHA-256, ADR 0013), and the 外字 of
    氏名・住所・条件 (``gaiji``: each distinct one in order of first appearance with its IC chip number 外字1–7,
    mark ``FFF1``–``FFF7`` / ``FFFA`` 欠字, and the registered glyph's dots as base64 with SHA-256); a job taken is
    not given to another printer for 10 minutes. A job whose 外字 is not registered is not given to any printer
    (the staff's job shows ``print_waiting: gaiji_unregistered``) until the glyph is registered."""
    return [asdict(card) for card in as_unprocessable(services.fetch_card_jobs, request.actor, limit)]


@router.get("/card-jobs/{job_id}", response={200: CardJobOut, **ERRORS}, summary="免許証の作成・交付の閲覧")
def get_card_job(request, job_id: int):
    return job_out(services.get_card_job(request.actor, job_id), request.actor)


@router.get("/card-jobs/{job_id}/slip.pdf", response={200: None, **ERRORS},
            summary="事務処理票（PDF：手数料・作成依頼用・送付（交付）用、規程第13条）", openapi_extra=PDF_OPENAPI)
@implements(services.processing_slip)
def processing_slip(request, job_id: int, variant: SlipVariant):
    """``fee`` for a card issued the same day at a centre; ``request`` (作成依頼用) and ``delivery``
    (送付（交付）用) for a card a police station asked for. Another variant is 409 ``document_not_applicable``."""
    return pdf_response(services.processing_slip(request.actor, job_id, variant))


@router.get("/card-jobs/{job_id}/receipt.pdf", response={200: None, **ERRORS},
            summary="免許証の受領書（PDF、交付後）", openapi_extra=PDF_OPENAPI)
@implements(services.card_receipt)
def card_receipt(request, job_id: int):
    """Only after the hand-over (``handed_over``); before it 409 ``document_not_applicable``."""
    return pdf_response(services.card_receipt(request.actor, job_id))


@router.post("/card-jobs/{job_id}/produced", response={200: CardJobOut, **ERRORS},
             summary="免許証の作成の報告（製造番号）")
@implements(services.report_card_produced)
def report_card_produced(request, job_id: int, payload: SerialIn):
    """The same report twice changes nothing; a serial already reported for another card is 422."""
    job = as_unprocessable(services.report_card_produced, request.actor, job_id, card_serial=payload.card_serial)
    return job_out(job, request.actor)


@router.post("/card-jobs/{job_id}/failed", response={200: CardJobOut, **ERRORS}, summary="免許証の作成失敗の報告")
@implements(services.report_card_failed)
def report_card_failed(request, job_id: int, payload: CardReasonIn):
    """The job stays 作成待ち; after three failures ``needs_staff`` and no printer takes it."""
    return job_out(as_unprocessable(services.report_card_failed, request.actor, job_id, reason=payload.reason),
                   request.actor)


@router.post("/card-jobs/{job_id}/retry", response={200: CardJobOut, **ERRORS}, summary="免許証の作成のやり直し")
@implements(services.retry_card)
def retry_card(request, job_id: int, payload: CardReasonIn):
    return job_out(as_unprocessable(services.retry_card, request.actor, job_id, reason=payload.reason), request.actor)


@router.post("/card-jobs/{job_id}/send", response={200: CardJobOut, **ERRORS},
             summary="免許証の送付（試験場から交付所属へ、規程第13条第5項）")
@implements(services.send_card)
def send_card(request, job_id: int):
    return job_out(services.send_card(request.actor, job_id), request.actor)


@router.post("/card-jobs/{job_id}/receive", response={200: CardJobOut, **ERRORS},
             summary="免許証の受領（交付所属、交付待ちへ）")
@implements(services.receive_card)
def receive_card(request, job_id: int):
    return job_out(services.receive_card(request.actor, job_id), request.actor)


@router.post("/card-jobs/{job_id}/hand-over", response={200: CardJobOut, **ERRORS},
             summary="免許証の交付（受領の署名、規程第13条第6項）")
@implements(services.hand_over_card)
def hand_over_card(request, job_id: int, payload: HandOverIn):
    """Only with ``signature_confirmed`` true; 409 ``issue_held`` while a 交付停止 is active."""
    job = as_unprocessable(services.hand_over_card, request.actor, job_id,
                           signature_confirmed=payload.signature_confirmed,
                           old_card_collected=payload.old_card_collected)
    return job_out(job, request.actor)


@router.post("/issue-holds", response={201: IssueHoldOut, **ERRORS}, summary="交付停止の通報（規程第21条第1号）")
@implements(services.report_issue_hold)
def report_issue_hold(request, payload: IssueHoldIn):
    hold = as_unprocessable(services.report_issue_hold, request.actor, payload.person_id, reason=payload.reason)
    return Status(201, hold_out(hold))


@router.post("/issue-holds/{hold_id}/release", response={200: IssueHoldOut, **ERRORS}, summary="交付停止の解除")
@implements(services.release_issue_hold)
def release_issue_hold(request, hold_id: int, payload: CardReasonIn):
    return hold_out(as_unprocessable(services.release_issue_hold, request.actor, hold_id, reason=payload.reason))


@router.get("/offices/{office}/queues", response={200: QueuesOut, **ERRORS},
            summary="所属の待ち行列（申請・受験・作成・送付・交付待ち・交付停止）")
@implements(services.queues)
def queues(request, office: str):
    found = services.queues(request.actor, office)
    return QueuesOut(office=found.office.code, office_name=found.office.name, day=found.day, queues=[
        QueueOut(key=q.key, label=q.label, count=q.count, rows=[_row(r) for r in q.rows]) for q in found.queues])
