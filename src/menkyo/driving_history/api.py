"""運転経歴証明書 API (規程第42条–第42条の4): whether a person may apply, the application (the certificate
is made at once), the hand-over with a signature, change of particulars, reissue, return, and the
certificate as PDF. Errors: 422 with ``error.field`` for bad input, 409 for a person who may not have
one (``error.message`` says why) or a certificate in the wrong state, 403, 404."""

from ninja import Router, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.documents.http import PDF_OPENAPI, pdf_response
from menkyo.driving_history import services
from menkyo.driving_history.models import Certificate
from menkyo.driving_history.schemas import (
    CertificateOut,
    ChangeIn,
    EligibilityOut,
    HistoryCertificateApplicationIn,
    HistoryCertificateHandOverIn,
    HistoryCertificateReturnIn,
    ReissueIn,
)

router = Router(tags=["driving-history-certificates"])


def certificate_out(c: Certificate) -> CertificateOut:
    return CertificateOut(
        id=c.pk, number=c.number, person_id=c.person_id, state=c.state, state_label=c.get_state_display(),
        ground=c.ground, ended_on=c.ended_on, licence_number=c.licence_number, kinds=c.kinds, name=c.name,
        address=c.address, birth_date=c.birth_date, fee=c.fee, fee_method=c.fee_method, slip_number=c.fee_slip_number,
        mynumber_record_requested=c.mynumber_record_requested,
        received_on=c.received_on, handed_over_on=c.handed_over_on, returned_on=c.returned_on,
        replaces_id=c.replaces_id, reissue_ground=c.reissue_ground, office=c.office_id)


@router.get("/persons/{person_id}/driving-history-eligibility", response={200: EligibilityOut, **ERRORS},
            summary="運転経歴証明書の交付を申請できるか（法第104条の4第5項）")
def get_eligibility(request, person_id: int):
    answer = services.check_eligibility(request.actor, person_id)
    return EligibilityOut(eligible=answer.eligible, ground=answer.ground, ended_on=answer.ended_on,
                          last_day=answer.last_day, reason=answer.reason, reference=answer.reference,
                          assumption=answer.assumption, trace=answer.trace)


@router.post("/persons/{person_id}/driving-history-certificates", response={201: CertificateOut, **ERRORS},
             summary="運転経歴証明書の交付申請の受理（規程第42条）")
@implements(services.receive_certificate_application)
def receive_certificate_application(request, person_id: int, payload: HistoryCertificateApplicationIn):
    """The certificate is made at once (``state`` made); hand it over with ``/hand-over``."""
    done = as_unprocessable(services.receive_certificate_application, request.actor, person_id, **payload.dict())
    return Status(201, certificate_out(done))


@router.get("/driving-history-certificates/{certificate_id}", response={200: CertificateOut, **ERRORS},
            summary="運転経歴証明書の閲覧")
def get_certificate(request, certificate_id: int):
    return certificate_out(services.get_certificate(request.actor, certificate_id))


@router.post("/driving-history-certificates/{certificate_id}/hand-over", response={200: CertificateOut, **ERRORS},
             summary="運転経歴証明書の交付（署名等を徴して）")
@implements(services.hand_over_certificate)
def hand_over_certificate(request, certificate_id: int, payload: HistoryCertificateHandOverIn):
    return certificate_out(as_unprocessable(services.hand_over_certificate, request.actor, certificate_id,
                                            **payload.dict()))


@router.post("/driving-history-certificates/{certificate_id}/particulars", response={200: CertificateOut, **ERRORS},
             summary="運転経歴証明書の記載事項の変更（規程第42条の2）")
@implements(services.change_certificate_particulars)
def change_certificate_particulars(request, certificate_id: int, payload: ChangeIn):
    return certificate_out(as_unprocessable(services.change_certificate_particulars, request.actor,
                                            certificate_id, **payload.dict()))


@router.post("/driving-history-certificates/{certificate_id}/reissue", response={201: CertificateOut, **ERRORS},
             summary="運転経歴証明書の再交付（規程第42条の3）")
@implements(services.reissue_certificate)
def reissue_certificate(request, certificate_id: int, payload: ReissueIn):
    """The new certificate (the old one becomes ``replaced``)."""
    new = as_unprocessable(services.reissue_certificate, request.actor, certificate_id, **payload.dict())
    return Status(201, certificate_out(new))


@router.post("/driving-history-certificates/{certificate_id}/return", response={200: CertificateOut, **ERRORS},
             summary="運転経歴証明書の返納（規程第42条の4）")
@implements(services.return_certificate)
def return_certificate(request, certificate_id: int, payload: HistoryCertificateReturnIn):
    return certificate_out(as_unprocessable(services.return_certificate, request.actor, certificate_id,
                                            **payload.dict()))


@router.get("/driving-history-certificates/{certificate_id}/certificate.pdf", response={200: None, **ERRORS},
            summary="運転経歴証明書（PDF、規程第42条）", openapi_extra=PDF_OPENAPI)
@implements(services.certificate_pdf)
def certificate_pdf(request, certificate_id: int):
    return pdf_response(services.certificate_pdf(request.actor, certificate_id))


@router.get("/driving-history-certificates/{certificate_id}/receipt.pdf", response={200: None, **ERRORS},
            summary="運転経歴証明書の手数料の領収書（PDF）", openapi_extra=PDF_OPENAPI)
@implements(services.certificate_fee_receipt)
def certificate_fee_receipt(request, certificate_id: int):
    return pdf_response(services.certificate_fee_receipt(request.actor, certificate_id))
