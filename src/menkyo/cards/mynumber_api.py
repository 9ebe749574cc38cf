"""マイナ免許証 API (規程第15条の2–第15条の4): the counter's 業務端末 — a clerk's or a device holding the
窓口 or 審査 role, whose card reader reads the My Number card — records the licence on the card,
changes the holding form, reports the card lost or found and writes the record on a new card.

No card reader is built: the terminal sends what the reader returns (the card's 有効期限) and the
clerk's confirmation of the signature; never the My Number (規程第2条の3). Input errors are 422 with
``error.field`` (``card_valid_until``, ``signature_confirmed``, ``handover_date``, ``photo``,
``reason``, ``payment_method``, ``slip_number`` — a procedure with a fee is refused unpaid, 規程第15条の2第2項);
a holding form that does not allow the procedure, a licence not 有効, a card still in
production or a lost My Number card is 409; another prefecture or a role that may not is 403.
"""

from ninja import Router, Status

from menkyo.cards import mynumber as services
from menkyo.cards.models import MynumberProcedure
from menkyo.cards.mynumber_schemas import (
    CardIn,
    MoveIn,
    MynumberProcedureOut,
    MynumberReasonIn,
    MynumberRecordIn,
    MynumberStatusOut,
)
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["mynumber-licence"])
CREATED = {201: MynumberProcedureOut, **ERRORS}


def procedure_out(entry: MynumberProcedure) -> MynumberProcedureOut:
    return MynumberProcedureOut(
        id=entry.pk, kind=entry.kind, kind_label=entry.get_kind_display(), ledger_number=entry.ledger_number,
        licence_id=entry.licence_id, holding_before=entry.holding_before, holding_after=entry.holding_after,
        record_number=entry.record_number, fee_procedure=entry.fee_procedure, fee_amount=entry.fee_amount,
        fee_method=entry.fee_method, slip_number=entry.fee_slip_number, card_job_id=entry.card_job_id, received_at=entry.received_at)


def _created(function, request, licence_id: int, **kwargs):
    return Status(201, procedure_out(as_unprocessable(function, request.actor, licence_id, **kwargs)))


@router.get("/licences/{licence_id}/mynumber", response={200: MynumberStatusOut, **ERRORS},
            summary="マイナ免許証の記録と手続の一覧（規程第15条の2–第15条の4）")
@implements(services.read_mynumber_status)
def read_mynumber_status(request, licence_id: int):
    status = services.read_mynumber_status(request.actor, licence_id)
    return MynumberStatusOut(licence_id=status.licence.pk, holding_form=status.licence.holding_form,
                             record_number=status.licence.mynumber_record_number, lost=status.lost,
                             procedures=[procedure_out(p) for p in status.procedures])


@router.post("/licences/{licence_id}/mynumber/record", response=CREATED,
             summary="特定免許情報の記録（マイナ免許証への記録、規程第15条の2）")
@implements(services.record_on_mynumber_card)
def record_on_mynumber_card(request, licence_id: int, payload: MynumberRecordIn):
    """``keep_card`` false: the card is returned and cut (マイナ免許証のみ); true: 2枚持ち."""
    return _created(services.record_on_mynumber_card, request, licence_id, keep_card=payload.keep_card,
                    card_valid_until=payload.card_valid_until, signature_confirmed=payload.signature_confirmed,
                    payment_method=payload.payment_method, slip_number=payload.slip_number, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/card", response=CREATED,
             summary="マイナ免許証のみの方への免許証の交付の申請（規程第15条の2）")
@implements(services.request_card_for_mynumber_holder)
def request_card_for_mynumber_holder(request, licence_id: int, payload: CardIn):
    """A card job as for a reissue; the holder then holds both."""
    return _created(services.request_card_for_mynumber_holder, request, licence_id,
                    handover_date=payload.handover_date, payment_method=payload.payment_method,
                    slip_number=payload.slip_number, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/card-return", response=CREATED,
             summary="保有状況変更に係る免許証の返納（2枚持ち→マイナ免許証のみ、規程第15条の3）")
@implements(services.return_licence_card)
def return_licence_card(request, licence_id: int, payload: MynumberReasonIn):
    return _created(services.return_licence_card, request, licence_id, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/erase", response=CREATED,
             summary="免許情報記録の抹消（2枚持ち→免許証のみ、規程第15条の3）")
@implements(services.erase_mynumber_record)
def erase_mynumber_record(request, licence_id: int, payload: MynumberReasonIn):
    return _created(services.erase_mynumber_record, request, licence_id, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/loss", response=CREATED,
             summary="個人番号カードの紛失等に伴う保有状況変更の申出（規程第15条の4）")
@implements(services.report_mynumber_card_lost)
def report_mynumber_card_lost(request, licence_id: int, payload: MynumberReasonIn):
    return _created(services.report_mynumber_card_lost, request, licence_id, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/found", response=CREATED,
             summary="個人番号カードの発見に伴う保有状況変更の申出（規程第15条の4）")
@implements(services.report_mynumber_card_found)
def report_mynumber_card_found(request, licence_id: int, payload: MynumberReasonIn):
    return _created(services.report_mynumber_card_found, request, licence_id, reason=payload.reason)


@router.post("/licences/{licence_id}/mynumber/move", response=CREATED,
             summary="新しい個人番号カードへの記録（記録番号は変わらない、規程第15条の2）")
@implements(services.move_mynumber_record)
def move_mynumber_record(request, licence_id: int, payload: MoveIn):
    return _created(services.move_mynumber_record, request, licence_id, card_valid_until=payload.card_valid_until,
                    signature_confirmed=payload.signature_confirmed, payment_method=payload.payment_method,
                    slip_number=payload.slip_number, reason=payload.reason)


@router.get("/mynumber-procedures/{procedure_id}/receipt.pdf", response={200: None, **ERRORS},
            summary="マイナ免許証の手続の手数料の領収書（PDF）", openapi_extra=PDF_OPENAPI)
@implements(services.mynumber_fee_receipt)
def mynumber_fee_receipt(request, procedure_id: int):
    return pdf_response(services.mynumber_fee_receipt(request.actor, procedure_id))


@router.get("/mynumber-procedures/{procedure_id}/form.pdf", response={200: None, **ERRORS},
            summary="マイナ免許証の手続の申請書・届・申出書（PDF、規程第15条の2–第15条の4）", openapi_extra=PDF_OPENAPI)
@implements(services.mynumber_form)
def mynumber_form(request, procedure_id: int):
    return pdf_response(services.mynumber_form(request.actor, procedure_id))


@router.get("/mynumber-procedures/{procedure_id}/record-receipt.pdf", response={200: None, **ERRORS},
            summary="特定免許情報の記録の受領書（PDF、規程第15条の2第1項）", openapi_extra=PDF_OPENAPI)
@implements(services.mynumber_receipt)
def mynumber_receipt(request, procedure_id: int):
    return pdf_response(services.mynumber_receipt(request.actor, procedure_id))
