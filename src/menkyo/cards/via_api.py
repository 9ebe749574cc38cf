"""経由申請 API (規程第17条の2): the 経由地 receives a renewal from a holder of another prefecture and sends it on;
the 住所地 lists what was sent to it, accepts it and renews the licence (its card made there); both read the
経由申請管理表 of their side. The 経由地's 適性検査, lecture and fees are the renewal's own operations
(``/applications/{id}/examinees``, ``/renewals/{id}/lecture``, ``/applications/{id}/payments``) on
``application_id``. Errors: 422 on the field (``via_not_allowed`` naming why and the period,
``own_prefecture_holder``, ``outside_renewal_window``), 409 for a step out of order or something missing
(``via_incomplete``), 403 for the other side's step, 404 for a row the caller's prefecture does not see."""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.cards import via
from menkyo.cards.api import job_out
from menkyo.cards.renewal_api import RenewalIn, RenewIn, _data
from menkyo.cards.schemas import CardJobOut
from menkyo.cards.services import load_job
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import via as counter_via
from menkyo.counter.models import ViaRenewal
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["via-renewals"])


class ViaRenewalOut(Schema):
    id: int
    state: str = Field(description="received（経由地で受理）・sent（住所地へ送付済）・accepted（住所地で受理）・"
                       "renewed（更新済）・returned（住所地から返戻）・withdrawn（取下げ）")
    state_label: str
    via_number: str = Field(description="経由申請管理表の番号（経由地）")
    home_number: str = Field(description="経由申請管理表の番号（住所地、受理前は空）")
    via_prefecture: str
    residence_prefecture: str
    application_id: int = Field(description="経由地の更新申請（適性検査・講習・手数料はこの申請に）")
    home_application_id: int | None = Field(description="住所地の更新申請（受理後）")
    received_on: date
    sent_on: date | None
    accepted_on: date | None
    renewed_on: date | None
    returned_on: date | None = Field(description="住所地が経由地へ返戻した日（返戻されたときのみ）")
    return_reason: str = Field(description="返戻の理由（住所地が付したもの、返戻されていなければ空）")
    resent_on: date | None = Field(description="経由地が補正の上で再送付した日（再送付したときのみ）")
    resend_reason: str = Field(description="再送付の際の補正の内容（再送付していなければ空）")
    card_returned: bool = Field(description="経由地で免許証の返納を受けた（2枚持ち→マイナ免許証のみ。住所地は更新の際に"
                                            "返納を登録し、免許証は作らず記録を書き換える）")
    driver_class: str
    new_expiry: date
    missing: list[str] = Field(description="経由地：送付するのに足りないこと（経由地にのみ、一覧では空）")


class ViaRenewedOut(Schema):
    via_renewal: ViaRenewalOut
    card_job: CardJobOut | None = Field(description="免許証の作成依頼（マイナ免許証のみの方は null：記録の書換え）")


def via_out(item: ViaRenewal, actor, *, missing: bool = True) -> ViaRenewalOut:
    """One row; ``missing`` (what the 経由地 still lacks) is left out of lists (it reads each application)."""
    answer = item.application.eligibility
    here = missing and actor.prefecture_id == item.via_prefecture_id and item.state == "received"
    return ViaRenewalOut(
        id=item.pk, state=item.state, state_label=item.get_state_display(), via_number=item.via_number,
        home_number=item.home_number, via_prefecture=item.via_prefecture_id,
        residence_prefecture=item.residence_prefecture_id, application_id=item.application_id,
        home_application_id=item.home_application_id, received_on=item.received_on, sent_on=item.sent_on,
        accepted_on=item.accepted_on, renewed_on=item.renewed_on, returned_on=item.returned_on,
        return_reason=item.return_reason, resent_on=item.resent_on, resend_reason=item.resend_reason,
        card_returned=item.card_returned, driver_class=answer["driver_class"],
        new_expiry=date.fromisoformat(answer["new_expiry"]),
        missing=counter_renewal.renewal_status(item.application).blockers if here else [])


class ViaRenewalIn(RenewalIn):
    return_card: bool = Field(False, description="2枚持ちの方の免許証の返納（マイナ免許証のみへの変更）の申出（経由申請で"
                                                 "できる唯一の保有形態の変更、counter-facts §3.3）。2枚持ちでない方は 422 not_both")


@router.post("/via-renewals", response={201: ViaRenewalOut, **ERRORS},
             summary="経由申請（住所地以外での更新の申請）の受理（規程第17条の2第1項）")
@implements(counter_via.receive_via_renewal)
def receive_via_renewal(request, payload: ViaRenewalIn):
    """A holder of another prefecture, in the 経由 period the law engine gives; ``early_*`` are ignored.
    ``return_card``: a 2枚持ち holder gives the card back with the application (recorded; the renewal fee is
    the マイナ免許証のみ one; the 住所地 registers the return as it renews and rewrites the record, no card)."""
    item = as_unprocessable(counter_via.receive_via_renewal, request.actor, _data(payload))
    return Status(201, via_out(item, request.actor))


@router.get("/via-renewals", response={200: list[ViaRenewalOut], **ERRORS}, summary="経由申請管理表")
@implements(counter_via.via_register)
def list_via_renewals(request, side: str = "sent", limit: int = 100):
    """``side=sent``: received here as the 経由地; ``side=received``: sent here by other prefectures."""
    rows = as_unprocessable(counter_via.via_register, request.actor, side, limit=limit)
    return [via_out(item, request.actor, missing=False) for item in rows]


@router.get("/via-renewals/{via_id}", response={200: ViaRenewalOut, **ERRORS}, summary="経由申請の閲覧")
@implements(counter_via.read_via_renewal)
def get_via_renewal(request, via_id: int):
    return via_out(counter_via.read_via_renewal(request.actor, via_id), request.actor)


@router.post("/via-renewals/{via_id}/send", response={200: ViaRenewalOut, **ERRORS},
             summary="経由申請の住所地の公安委員会への送付（規程第17条の2第1項・第2項）")
@implements(counter_via.send_via_renewal)
def send_via_renewal(request, via_id: int):
    return via_out(as_unprocessable(counter_via.send_via_renewal, request.actor, via_id), request.actor)


class WithdrawIn(Schema):
    reason: str = Field("", description="取下げの理由（必須）")


@router.post("/via-renewals/{via_id}/withdraw", response={200: ViaRenewalOut, **ERRORS},
             summary="経由申請の取下げ（経由地、送付前または住所地から返戻された後）")
@implements(counter_via.withdraw_via_renewal)
def withdraw_via_renewal(request, via_id: int, payload: WithdrawIn):
    item = as_unprocessable(counter_via.withdraw_via_renewal, request.actor, via_id, reason=payload.reason)
    return via_out(item, request.actor)


@router.post("/via-renewals/{via_id}/accept", response={200: ViaRenewalOut, **ERRORS},
             summary="送付された経由申請の住所地での受理（規程第17条の2第3項）")
@implements(counter_via.accept_via_renewal)
def accept_via_renewal(request, via_id: int):
    return via_out(as_unprocessable(counter_via.accept_via_renewal, request.actor, via_id), request.actor)


class ReturnIn(Schema):
    reason: str = Field("", description="返戻の理由（必須、200文字以内。経由地に表示される）")


@router.post("/via-renewals/{via_id}/return", response={200: ViaRenewalOut, **ERRORS},
             summary="送付された経由申請の経由地への返戻（住所地、理由を付して。規程第17条の2第3項の点検）")
@implements(counter_via.return_via_renewal)
def return_via_renewal(request, via_id: int, payload: ReturnIn):
    """Only the 住所地, only a file sent and not yet accepted; the 経由地 then withdraws it (``/withdraw``)."""
    item = as_unprocessable(counter_via.return_via_renewal, request.actor, via_id, reason=payload.reason)
    return via_out(item, request.actor)


class ResendIn(Schema):
    reason: str = Field("", description="補正の内容（必須、200文字以内。住所地に表示される）")


@router.post("/via-renewals/{via_id}/resend", response={200: ViaRenewalOut, **ERRORS},
             summary="住所地から返戻された経由申請の補正・再送付（経由地）")
@implements(counter_via.resend_via_renewal)
def resend_via_renewal(request, via_id: int, payload: ResendIn):
    """Only the 経由地, only a returned file, once what the 住所地 asked for is corrected."""
    item = as_unprocessable(counter_via.resend_via_renewal, request.actor, via_id, reason=payload.reason)
    return via_out(item, request.actor)


@router.post("/via-renewals/{via_id}/renew", response={200: ViaRenewedOut, **ERRORS},
             summary="経由申請による免許の更新と免許証の作成依頼（住所地、規程第17条の2第3項）")
@implements(via.renew_via_licence)
def renew_via_licence(request, via_id: int, payload: RenewIn):
    job = as_unprocessable(via.renew_via_licence, request.actor, via_id, handover_date=payload.handover_date)
    item = counter_via.read_via_renewal(request.actor, via_id)
    return ViaRenewedOut(via_renewal=via_out(item, request.actor),
                         card_job=job_out(load_job(job.pk), request.actor) if job else None)


@router.get("/via-renewals/{via_id}/form.pdf", response={200: None, **ERRORS}, openapi_extra=PDF_OPENAPI,
            summary="経由申請書（規則別記様式第18の3、記入済み）のPDF")
@implements(via.via_renewal_form)
def via_form_pdf(request, via_id: int):
    return pdf_response(via.via_renewal_form(request.actor, via_id))


@router.get("/via-renewals/{via_id}/lecture-notice.pdf", response={200: None, **ERRORS}, openapi_extra=PDF_OPENAPI,
            summary="更新時講習受講済通知書のPDF（規程第17条の2第2項）")
@implements(via.lecture_completion_notice)
def lecture_notice_pdf(request, via_id: int):
    return pdf_response(via.lecture_completion_notice(request.actor, via_id))


@router.get("/via-renewals/{via_id}/return-notice.pdf", response={200: None, **ERRORS}, openapi_extra=PDF_OPENAPI,
            summary="経由申請返戻通知書のPDF（住所地から経由地へ、返戻の後。様式は未確認）")
@implements(via.via_return_notice)
def return_notice_pdf(request, via_id: int):
    return pdf_response(via.via_return_notice(request.actor, via_id))
