"""Counter API (申請の受理, 規程第3条・第4条): applications from 申請自動受付装置 and terminals, fees,
the 申請（届出）簿 as JSON, and 卒業証明書 from the 教習所端末.

Input errors are 422 with ``error.field``; a wrong state is 409; another prefecture's application 403.
The 申請用写真 is sent as ``multipart/form-data`` (the field ``image``: a JPEG or PNG file, as a page's
file input sends it; ``taken_on`` and ``reason`` as form fields) and read back as ``image/jpeg``.
The forms handed out (申請書, 領収書, 通知書) are answered as PDF (``application/pdf``, inline); a form
that does not apply to the record is 409 ``document_not_applicable``.
"""

from datetime import date

from django.http import HttpResponse
from ninja import File, Form, Router, Status, UploadedFile

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.counter.schemas import (
    ApplicationIn,
    ApplicationOut,
    ApplicationReasonIn,
    GraduationCertificateIn,
    GraduationCertificateOut,
    PaymentIn,
    PaymentOut,
    PhotoOut,
)
from menkyo.documents.http import PDF_OPENAPI, pdf_response
from menkyo.registry.models import Photo
from menkyo.registry.photos import MAX_BYTES as PHOTO_MAX_BYTES

router = Router(tags=["counter"])


def application_out(application: Application) -> ApplicationOut:
    person = application.person
    return ApplicationOut(
        id=application.pk, state=application.state, state_label=application.get_state_display(),
        office=application.office_id, application_type=application.application_type, route=application.route,
        licence_kind=application.licence_kind_id, person_id=person.pk, name=person.name, name_kana=person.name_kana,
        birth_date=person.birth_date, received_on=application.received_on, ledger_number=application.ledger_number,
        aptitude_review=application.aptitude_review, review_condition=application.review_condition,
        remaining_condition=application.remaining_condition, vehicle_limit=application.vehicle_limit,
        refusals=application.refusal_reasons,
        payments=[PaymentOut(id=p.pk, procedure=p.procedure, label=p.label, amount=p.amount, method=p.method,
                             slip_number=p.slip_number, paid_at=p.paid_at) for p in application.payments.all()],
        has_photo=application.photo_id is not None,
    )


def photo_out(photo: Photo) -> PhotoOut:
    return PhotoOut(sha256=photo.sha256, media_type=photo.media_type, source_format=photo.source_format,
                    size=photo.size, width=photo.width, height=photo.height, taken_on=photo.taken_on,
                    received_at=photo.received_at, received_by=photo.received_by)


def photo_response(photo: Photo) -> HttpResponse:
    """The stored image, never cached (an image of a person is personal data)."""
    response = HttpResponse(bytes(photo.image), content_type=photo.media_type)
    response["Cache-Control"] = "no-store"
    response["Content-Disposition"] = 'inline; filename="photo.jpg"'
    return response


PHOTO_OPENAPI = {"responses": {200: {"description": "申請用写真（JPEG、キャッシュしない）", "content": {
    "image/jpeg": {"schema": {"type": "string", "format": "binary"}}}}}}


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="免許の申請の受理（規程第3条・第4条）")
@implements(services.receive_application)
def receive_application(request, payload: ApplicationIn):
    """Received at the caller's office (試験場・警察署). An application the law does not allow is refused
    422 ``disadvantage_not_explained`` until ``disadvantage_explained`` (規程第57条); then it is kept
    as 不受理 (state ``not_accepted``) with ``refusals`` (規程第58条: the 通知書)."""
    data = payload.dict()
    data["graduation_certificate"] = data.get("graduation_certificate") or {}
    application = as_unprocessable(services.receive_application, request.actor, data)
    return Status(201, application_out(application))


@router.post("/school-applications", response={201: ApplicationOut, **ERRORS},
             summary="教習所からの仮免許試験の申請（規程第3条第2項）")
@implements(services.submit_school_application)
def submit_school_application(request, payload: ApplicationIn):
    """From a 指定自動車教習所's terminal: a student's 仮免許 application, received by the prefecture's
    運転免許試験場. ``application_type`` and ``route`` are set by the server; an application the law
    does not allow is 422 ``disadvantage_not_explained`` with the reasons, and nothing is recorded."""
    application = as_unprocessable(services.submit_school_application, request.actor, payload.dict())
    return Status(201, application_out(application))


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, summary="申請の閲覧")
@implements(services.read_application)
def read_application(request, application_id: int):
    return application_out(services.read_application(request.actor, application_id))


@router.post("/applications/{application_id}/payments", response={201: PaymentOut, **ERRORS},
             summary="手数料の収納（手数料事務処理票）")
@implements(services.record_payment)
def record_payment(request, application_id: int, payload: PaymentIn):
    payment = as_unprocessable(services.record_payment, request.actor, application_id, **payload.dict())
    return Status(201, PaymentOut(id=payment.pk, procedure=payment.procedure, label=payment.label,
                                  amount=payment.amount, method=payment.method, slip_number=payment.slip_number,
                                  paid_at=payment.paid_at))


@router.post("/applications/{application_id}/withdraw", response={200: ApplicationOut, **ERRORS},
             summary="申請の取下げ")
@implements(services.withdraw_application)
def withdraw_application(request, application_id: int, payload: ApplicationReasonIn):
    application = as_unprocessable(services.withdraw_application, request.actor, application_id,
                                   reason=payload.reason)
    return application_out(services.read_application(request.actor, application.pk))


@router.post("/applications/{application_id}/photo", response={201: PhotoOut, **ERRORS},
             summary="申請用写真の登録・差替え（規程第3条、multipart/form-data）")
@implements(services.attach_photo)
def attach_photo(request, application_id: int, image: File[UploadedFile], taken_on: Form[date | None] = None,
                 reason: Form[str] = ""):
    """``image``: a JPEG or PNG of at most 5 MB, portrait (縦3.0cm×横2.4cm ±10 %), at least 240×300
    pixels; ``taken_on``: the day it was taken (default today; within six months before the
    application). Replacing a photo needs ``reason``. The photo is stored re-encoded as JPEG
    without its metadata (EXIF, GPS); the answer names it by its SHA-256."""
    data = image.read(PHOTO_MAX_BYTES + 1)
    photo = as_unprocessable(services.attach_photo, request.actor, application_id, data, taken_on=taken_on,
                             reason=reason)
    return Status(201, photo_out(photo))


@router.get("/applications/{application_id}/photo", response={200: None, **ERRORS},
            summary="申請用写真の閲覧（JPEG）", openapi_extra=PHOTO_OPENAPI)
@implements(services.application_photo)
def application_photo(request, application_id: int):
    """The stored photo (``image/jpeg``); 404 when the application has none. Each read is audited."""
    return photo_response(services.application_photo(request.actor, application_id))


@router.get("/offices/{office}/ledger", response={200: list[ApplicationOut], **ERRORS},
            summary="申請（届出）簿（所属・日付）")
@implements(services.ledger)
def ledger(request, office: str, day: date):
    return [application_out(a) for a in services.ledger(request.actor, office, day)]


@router.post("/graduation-certificates", response={201: GraduationCertificateOut, **ERRORS},
             summary="卒業証明書の登録（教習所端末）")
@implements(services.register_graduation_certificate)
def register_graduation_certificate(request, payload: GraduationCertificateIn):
    certificate = as_unprocessable(services.register_graduation_certificate, request.actor, payload.dict())
    return Status(201, GraduationCertificateOut(id=certificate.pk, school=certificate.school_id,
                                                number=certificate.number, kind=certificate.kind_id,
                                                passed_on=certificate.passed_on))


@router.get("/applications/{application_id}/refusal-notice.pdf", response={200: None, **ERRORS},
            summary="運転免許申請に対する通知書（PDF、規程第58条）", openapi_extra=PDF_OPENAPI)
@implements(services.refusal_notice)
def refusal_notice(request, application_id: int):
    """Only for an application not accepted (``not_accepted``); otherwise 409 ``document_not_applicable``."""
    return pdf_response(services.refusal_notice(request.actor, application_id))


@router.get("/applications/{application_id}/application-form.pdf", response={200: None, **ERRORS},
            summary="運転免許申請書（質問票つき、記入済みPDF）", openapi_extra=PDF_OPENAPI)
@implements(services.application_form)
def application_form(request, application_id: int):
    return pdf_response(services.application_form(request.actor, application_id))


@router.get("/payments/{payment_id}/receipt.pdf", response={200: None, **ERRORS}, summary="手数料の領収書（PDF）",
            openapi_extra=PDF_OPENAPI)
@implements(services.fee_receipt)
def fee_receipt(request, payment_id: int):
    return pdf_response(services.fee_receipt(request.actor, payment_id))
