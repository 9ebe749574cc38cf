"""Reissue (規程第15条) and 申請による取消し (規程第41条の3) API.

Input errors are 422 with ``error.field`` (``ground``, ``theft_alert``, ``scope``, ``kinds``,
``applicant``, ``disadvantage_explained``, ``handover_date``, ``photo``); a licence not 有効, a card
still in production or a reissue under way is 409; another prefecture or a role that may not is 403;
an unknown id 404. The 再交付申請書 and the 申請取消通知書 are PDF.
"""

from ninja import Router, Status

from menkyo.cards import cancellation as cancellations
from menkyo.cards import reissue as services
from menkyo.cards.api import job_out
from menkyo.cards.models import LicenceCancellation
from menkyo.cards.schemas import (
    CancellationIn,
    CancellationOut,
    CardJobOut,
    ReissueApplicationIn,
    ReissueApplicationOut,
    ReissueCardIn,
)
from menkyo.cards.services import load_job
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter.models import Application
from menkyo.counter.services import fees_due
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["reissue-and-cancellation"])


def reissue_out(application: Application) -> ReissueApplicationOut:
    fee = fees_due(application)[0]
    licence = application.licence
    return ReissueApplicationOut(
        application_id=application.pk, ledger_number=application.ledger_number, state=application.state,
        ground=application.reissue_ground, licence_id=licence.pk, licence_number=licence.number,
        previous_number=services.previous_number(application),
        fee_procedure=fee.procedure, fee_amount=fee.amount, fee_paid=fee.paid,
        photo_attached=bool(application.photo_id))


def cancellation_out(cancellation: LicenceCancellation) -> CancellationOut:
    return CancellationOut(
        id=cancellation.pk, book_number=cancellation.book_number, licence_id=cancellation.licence_id,
        licence_number=cancellation.licence_number, scope=cancellation.scope,
        kinds_cancelled=cancellation.kinds_cancelled, kinds_kept=cancellation.kinds_kept,
        applicant=cancellation.applicant, cancelled_on=cancellation.cancelled_on,
        card_job_id=cancellation.card_job_id,
        history_certificate_eligible=cancellations.history_certificate_eligible(cancellation))


@router.post("/licences/{licence_id}/reissue-applications", response={201: ReissueApplicationOut, **ERRORS},
             summary="免許証の再交付の申請の受理（規程第15条）")
@implements(services.receive_reissue_application)
def receive_reissue_application(request, licence_id: int, payload: ReissueApplicationIn):
    """On ``lost``/``stolen`` the licence number's 12th digit goes up at once: the old card is invalid.
    Attach the photo (``/applications/{id}/photo``) and record the fee (``/applications/{id}/payments``),
    then request the card."""
    application = as_unprocessable(services.receive_reissue_application, request.actor, licence_id,
                                   ground=payload.ground, theft_alert=payload.theft_alert, reason=payload.reason)
    return Status(201, reissue_out(services.load_reissue_application(application.pk)))


@router.post("/reissue-applications/{application_id}/card", response={201: CardJobOut, **ERRORS},
             summary="再交付の免許証の作成依頼（規程第15条）")
@implements(services.request_reissued_card)
def request_reissued_card(request, application_id: int, payload: ReissueCardIn):
    """A 試験場 hands the card over today; a 警察署 names ``handover_date``."""
    job = as_unprocessable(services.request_reissued_card, request.actor, application_id,
                           handover_date=payload.handover_date, reason=payload.reason)
    return Status(201, job_out(load_job(job.pk), request.actor))


@router.get("/reissue-applications/{application_id}/form.pdf", response={200: None, **ERRORS},
            summary="運転免許証再交付申請書（記入済みPDF）", openapi_extra=PDF_OPENAPI)
@implements(services.reissue_application_form)
def reissue_application_form(request, application_id: int):
    return pdf_response(services.reissue_application_form(request.actor, application_id))


@router.post("/licences/{licence_id}/cancellations", response={201: CancellationOut, **ERRORS},
             summary="申請による免許の取消し（規程第41条の3）")
@implements(cancellations.cancel_licence_on_application)
def cancel_licence_on_application(request, licence_id: int, payload: CancellationIn):
    """``whole``: the licence becomes ``surrendered``; ``higher``: the kinds named are removed and a card
    of the kinds kept is requested (``card_job_id``)."""
    done = as_unprocessable(cancellations.cancel_licence_on_application, request.actor, licence_id,
                            **payload.dict())
    return Status(201, cancellation_out(done))


@router.get("/cancellations/{cancellation_id}", response={200: CancellationOut, **ERRORS},
            summary="申請による取消しの閲覧")
def get_cancellation(request, cancellation_id: int):
    return cancellation_out(cancellations.get_cancellation(request.actor, cancellation_id))


@router.get("/cancellations/{cancellation_id}/notice.pdf", response={200: None, **ERRORS},
            summary="申請による運転免許の取消通知書（PDF、規程第41条の3）", openapi_extra=PDF_OPENAPI)
@implements(cancellations.cancellation_notice)
def cancellation_notice(request, cancellation_id: int):
    return pdf_response(cancellations.cancellation_notice(request.actor, cancellation_id))
