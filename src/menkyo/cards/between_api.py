"""API between renewals.

- The 追記装置 (devices of kind ``endorsement``, no role) fetches the 裏書 of its office and reports
  each written (規程第14条); a report repeated is answered with the job as it is; a card replaced since
  is 409 ``card_replaced`` (the job is cancelled).
- The counter's 業務端末 (a clerk, or a device holding the 窓口 or 審査 role, whose reader reads the
  My Number card) lists the 免許情報記録の書換え waiting, rewrites one (the card's 有効期限 and the
  signature on the 受領書; never the My Number, 規程第2条の3) and prints the 受領書 as PDF.
- The 住所変更ワンストップ link (a device of kind ``onestop``, no role) delivers municipal address
  changes of マイナ免許証-only holders in batches; every item gets its own result (200 for the batch).

Input errors are 422 with ``error.field``; a state or holding form that does not allow it is 409;
another prefecture or a caller that may not is 403.
"""

from dataclasses import asdict

from ninja import Router

from menkyo.cards import endorsement, onestop, rewrite
from menkyo.cards.between_schemas import (
    EndorsementDataOut,
    EndorsementOut,
    OnestopBatchIn,
    OnestopBatchOut,
    OnestopItemOut,
    RewriteIn,
    RewriteOut,
)
from menkyo.cards.models import EndorsementJob, MynumberRewrite, OnestopBatch
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["between-renewals"])


def endorsement_out(job: EndorsementJob) -> EndorsementOut:
    return EndorsementOut(id=job.pk, state=job.state, state_label=job.get_state_display(), licence_id=job.licence_id,
                          items=[line["item"] for line in job.lines], changed_on=job.changed_on,
                          office=job.office_id, device=job.device, completed_at=job.completed_at,
                          cancel_reason=job.cancel_reason)


def rewrite_out(found: MynumberRewrite) -> RewriteOut:
    application = found.application
    return RewriteOut(id=found.pk, state=found.state, state_label=found.get_state_display(), cause=found.cause,
                      cause_label=found.get_cause_display(), licence_id=found.licence_id, person_id=found.person_id,
                      name=found.person.name, changes=found.changes, application_id=found.application_id,
                      application_state=application.state if application else None, done_at=found.done_at,
                      done_office=found.done_office_id)


@router.get("/endorsements/pending", response={200: list[EndorsementDataOut], **ERRORS},
            summary="追記待ちの取得（追記装置、規程第14条）")
@implements(endorsement.fetch_endorsements)
def fetch_endorsements(request, limit: int = 10):
    """The pending 裏書 of the device's office, oldest first (``limit`` 1–50), each with what the back
    shows: the items and new values, the day in 和暦 and the commission. The layout is UNCONFIRMED."""
    return [asdict(data) for data in as_unprocessable(endorsement.fetch_endorsements, request.actor, limit)]


@router.post("/endorsements/{endorsement_id}/done", response={200: EndorsementOut, **ERRORS},
             summary="裏書（追記）の完了の報告（追記装置）")
@implements(endorsement.complete_endorsement)
def complete_endorsement(request, endorsement_id: int):
    return endorsement_out(endorsement.complete_endorsement(request.actor, endorsement_id))


@router.get("/endorsements", response={200: list[EndorsementOut], **ERRORS}, summary="裏書（追記）の一覧（自県）")
@implements(endorsement.list_endorsements)
def list_endorsements(request, state: str = "pending", limit: int = 100):
    return [endorsement_out(job) for job in as_unprocessable(endorsement.list_endorsements, request.actor, state, limit)]


@router.get("/mynumber-rewrites", response={200: list[RewriteOut], **ERRORS},
            summary="免許情報記録の書換え待ちの一覧（自県）")
@implements(rewrite.list_rewrites)
def list_rewrites(request, state: str = "pending", limit: int = 100):
    return [rewrite_out(found) for found in as_unprocessable(rewrite.list_rewrites, request.actor, state, limit)]


@router.get("/mynumber-rewrites/{rewrite_id}", response={200: RewriteOut, **ERRORS}, summary="免許情報記録の書換えの閲覧")
@implements(rewrite.get_rewrite)
def get_rewrite(request, rewrite_id: int):
    return rewrite_out(rewrite.get_rewrite(request.actor, rewrite_id))


@router.post("/mynumber-rewrites/{rewrite_id}/done", response={200: RewriteOut, **ERRORS},
             summary="免許情報記録の書換え（規程第15条の2・第16条第8項）")
@implements(rewrite.rewrite_mynumber_record)
def rewrite_mynumber_record(request, rewrite_id: int, payload: RewriteIn):
    """The holder showed the My Number card and signed the 受領書: the record is rewritten; a renewal's
    application becomes 交付済. Repeated: the rewrite as it is."""
    return rewrite_out(as_unprocessable(rewrite.rewrite_mynumber_record, request.actor, rewrite_id, **payload.dict()))


@router.get("/mynumber-rewrites/{rewrite_id}/receipt.pdf", response={200: None, **ERRORS},
            summary="免許情報記録の書換えの受領書（PDF）", openapi_extra=PDF_OPENAPI)
@implements(rewrite.rewrite_receipt)
def rewrite_receipt(request, rewrite_id: int):
    return pdf_response(rewrite.rewrite_receipt(request.actor, rewrite_id))


def batch_out(batch: OnestopBatch) -> OnestopBatchOut:
    return OnestopBatchOut(
        id=batch.pk, received_at=batch.received_at, item_count=batch.item_count, accepted=batch.accepted,
        already_applied=batch.already_applied, refused=batch.refused,
        results=[OnestopItemOut(id=item.pk, reference=item.reference, result=item.result,
                                result_label=item.get_result_display(), code=item.code, message=item.message,
                                applied_item_id=item.applied_id) for item in batch.results])


@router.post("/onestop/address-changes", response={200: OnestopBatchOut, **ERRORS},
             summary="住所変更ワンストップの受信（マイナ免許証のみの方、規程第14条）")
@implements(onestop.receive_onestop_batch)
def receive_onestop_batch(request, payload: OnestopBatchIn):
    """Each item is applied as a change of particulars (address) with its own audit event and history, or
    refused alone: ``not_mynumber_only`` (2枚持ち・免許証のみ), ``not_found``, ``reference_reused`` (the
    reference was applied with other content), a field's error. The same reference and content again:
    ``already_applied``. More than 200 items or none: 422 ``items``, nothing applied."""
    items = [item.dict() for item in payload.items]
    return batch_out(as_unprocessable(onestop.receive_onestop_batch, request.actor, items,
                                      sender_reference=payload.sender_reference))


@router.get("/onestop/batches", response={200: list[OnestopBatchOut], **ERRORS},
            summary="住所変更ワンストップの受信の一覧（免許課、自県）")
@implements(onestop.list_onestop_batches)
def list_onestop_batches(request, limit: int = 50):
    batches = as_unprocessable(onestop.list_onestop_batches, request.actor, limit)
    for batch in batches:
        batch.results = []
    return [batch_out(batch) for batch in batches]


@router.get("/onestop/batches/{batch_id}", response={200: OnestopBatchOut, **ERRORS},
            summary="住所変更ワンストップの受信と項目ごとの結果")
@implements(onestop.get_onestop_batch)
def get_onestop_batch(request, batch_id: int):
    return batch_out(onestop.get_onestop_batch(request.actor, batch_id))
