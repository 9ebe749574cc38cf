"""停止中の免許の更新 API (規程第16条, 第34条第3項; ``cards.suspended_renewal``): the renewed card of a holder
under a 停止 issued into the police's keeping instead of handed over (``keep``), and its 免許証保管証 (PDF).
The card comes back with the held card's return (``POST /dispositions/executions/{case_id}/release-card``).
Errors: 422 on the field (``signature_required``, ``old_card_required``), 409 ``not_suspended`` for a card
to hand over normally, ``before_handover_date``, ``illegal_transition``; a hand-over of such a card is 409
``suspended_keep``."""

from ninja import Field, Router, Schema

from menkyo.cards import suspended_renewal
from menkyo.cards.api import job_out
from menkyo.cards.schemas import CardJobOut
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["cards"])


class KeepRenewedCardIn(Schema):
    signature_confirmed: bool = Field(False, description="受領の署名を確認した（true でなければ保管しない）")
    old_card_invalidated: bool = Field(False, description="保管中の旧免許証を更新後の免許証と引換えに無効にした（true でなければ保管しない）")


@router.post("/card-jobs/{job_id}/keep", response={200: CardJobOut, **ERRORS},
             summary="停止期間中のため保管（停止中の免許の更新後の免許証、規程第16条）")
@implements(suspended_renewal.keep_renewed_card)
def keep_renewed_card(request, job_id: int, payload: KeepRenewedCardIn):
    """The job becomes ``kept`` (交付済（停止期間中のため保管）) and the application 交付済."""
    job = as_unprocessable(suspended_renewal.keep_renewed_card, request.actor, job_id,
                           signature_confirmed=payload.signature_confirmed,
                           old_card_invalidated=payload.old_card_invalidated)
    return job_out(job, request.actor)


@router.get("/card-jobs/{job_id}/keeping-receipt.pdf", response={200: None, **ERRORS},
            summary="免許証保管証（PDF、停止期間中の保管の後）", openapi_extra=PDF_OPENAPI)
@implements(suspended_renewal.keeping_receipt)
def keeping_receipt(request, job_id: int):
    """Only for a kept card; otherwise 409 ``document_not_applicable``."""
    return pdf_response(suspended_renewal.keeping_receipt(request.actor, job_id))
