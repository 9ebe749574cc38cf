"""Renewal API (更新, 規程第16条; 第17条の3・第17条の4): receive a renewal, register an older driver's result
(also from a 教習所端末), record the 更新時講習, read what a renewal still needs, and complete it.

The 適性検査 is an exams sitting (``POST /applications/{id}/examinees`` …) and the fees are
``POST /applications/{id}/payments``, as for any application. Input errors are 422 with
``error.field`` (an application outside the renewal window: ``outside_renewal_window``, naming the
window's first and last day); a step still missing or a failed 適性検査 is 409 (``renewal_incomplete``,
``aptitude_failed``, the message naming each); another prefecture or a role that may not is 403.
"""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.cards import renewal
from menkyo.cards.api import job_out
from menkyo.cards.schemas import CardJobOut
from menkyo.cards.services import load_job
from menkyo.core.errors import NotFound
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import services as counter
from menkyo.counter.api import application_out
from menkyo.counter.models import ApplicationType, ElderlyCheck
from menkyo.counter.schemas import ApplicationOut
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["renewals"])


class RenewalViolationIn(Schema):
    date: date
    code: str = Field(description="違反コード（法令判定の違反の表）")
    vehicle: str = Field("", description="運転していた車両（大型・中型・準中型・普通 …）")


class RenewalIn(Schema):
    licence_number: str = Field("", description="更新する免許の免許証番号")
    questionnaire: dict[str, bool] = Field(default_factory=dict, description="質問票の5項目（はい=true）")
    documents: list[str] = Field(default_factory=list, description="提出・提示された書類")
    violations: list[RenewalViolationIn] = Field(default_factory=list,
                                          description="違反歴（照会の結果。運転者区分と運転技能検査の判定に使う）")
    note: str = ""
    early_reason: str = Field("", description="特例更新の理由（更新期間前の申請のとき。abroad・illness・childbirth・detention・natural_event）")
    early_evidence: str = Field("", description="特例更新の理由を確認した書類（旅券・診断書など）")
    after_hours_on: date | None = Field(None, description="有効期間の末日の執務時間外に出された申請のとき、その日"
                                                          "（規程第16条第10項：その日に受理したものとし、翌日に処理）")


class RequirementOut(Schema):
    kind: str
    label: str
    fulfilled: bool
    attempts: int
    problem: str


class RenewalOut(Schema):
    application: ApplicationOut
    judgement: dict = Field(description="法令判定（renewal）の回答：更新期間・運転者区分・有効期間・講習・手数料・根拠")
    elderly: list[RequirementOut]
    lecture: str = Field(description="更新時講習の受講の方法（in_person・online、未記録は空）")
    missing: list[str] = Field(description="更新を完了するのに足りないこと（空なら完了できる）")


class ElderlyCheckIn(Schema):
    licence_number: str = ""
    kind: str = Field("", description="elderly_course（高齢者講習）・cognitive_test（認知機能検査）・"
                                      "driving_skill_test（運転技能検査）")
    result: str = Field("", description="completed・no_concern・concern・passed・failed")
    taken_on: date | None = None
    certificate_number: str = ""
    school: str = Field("", description="実施した指定自動車教習所の番号（教習所端末は自校）")


class ElderlyCheckOut(Schema):
    id: int
    kind: str
    kind_label: str
    result: str
    result_label: str
    taken_on: date
    school: str


class LectureIn(Schema):
    mode: str = Field("", description="in_person（対面）・online（オンライン、法令判定が認める方のみ）")


class RenewIn(Schema):
    handover_date: date | None = Field(None, description="交付予定日（警察署のみ、明日以降の開庁日）")


class RenewedOut(Schema):
    application: ApplicationOut
    card_job: CardJobOut | None = Field(description="免許証の作成依頼（マイナ免許証のみの方は null：記録の書換え）")


def renewal_out(application) -> RenewalOut:
    status = counter_renewal.renewal_status(application)
    return RenewalOut(application=application_out(application), judgement=status.answer,
                      elderly=[RequirementOut(kind=r.kind, label=r.label, fulfilled=r.fulfilled_by is not None,
                                              attempts=r.attempts, problem=r.problem) for r in status.elderly],
                      lecture=status.lecture.mode if status.lecture else "", missing=status.blockers)


def check_out(check: ElderlyCheck) -> ElderlyCheckOut:
    return ElderlyCheckOut(id=check.pk, kind=check.kind, kind_label=check.get_kind_display(), result=check.result,
                           result_label=check.get_result_display(), taken_on=check.taken_on,
                           school=check.school_id or "")


@router.post("/renewals", response={201: RenewalOut, **ERRORS}, summary="免許の更新の申請の受理（規程第16条）")
@implements(counter_renewal.receive_renewal)
def receive_renewal(request, payload: RenewalIn):
    """Received at the caller's office for a current licence of its prefecture, inside the renewal window;
    ``judgement`` is the law engine's answer kept on the application (with its trace)."""
    return Status(201, renewal_out(as_unprocessable(counter_renewal.receive_renewal, request.actor, _data(payload))))


def _data(payload: RenewalIn) -> dict:
    data = payload.dict()
    data["violations"] = [{k: v for k, v in item.items() if v} for item in data["violations"]]
    return data


@router.post("/early-renewals", response={201: RenewalOut, **ERRORS}, summary="特例更新の申請の受理（規程第17条）")
@implements(counter_renewal.receive_early_renewal)
def receive_early_renewal(request, payload: RenewalIn):
    """A renewal before the window for a reason the law lists (``early_reason``, required) shown by
    ``early_evidence``; 422 on the field otherwise, and in the window (an ordinary renewal)."""
    data = _data(payload)
    return Status(201, renewal_out(as_unprocessable(counter_renewal.receive_early_renewal, request.actor, data)))


@router.post("/after-hours-renewals", response={201: RenewalOut, **ERRORS},
             summary="有効期間の末日の執務時間外に出された更新の申請の受理（規程第16条第10項）")
@implements(counter_renewal.receive_after_hours_renewal)
def receive_after_hours_renewal(request, payload: RenewalIn):
    """``after_hours_on`` (required) is the day it was put in: the last day of the window (the みなす末日
    included), today or the office day before; received as of that day, judged on it. 422 on
    ``after_hours_on`` otherwise (``not_last_day``, ``after_hours_too_late``, ``after_hours_in_future``)."""
    data = _data(payload)
    return Status(201, renewal_out(as_unprocessable(counter_renewal.receive_after_hours_renewal, request.actor, data)))


@router.get("/renewals/{application_id}", response={200: RenewalOut, **ERRORS},
            summary="更新の申請の閲覧（判定と足りないこと）")
@implements(counter.read_application)
def get_renewal(request, application_id: int):
    application = counter.read_application(request.actor, application_id)
    if application.application_type != ApplicationType.RENEWAL:
        raise NotFound("この申請は更新の申請ではありません。", field="application_id")
    return renewal_out(application)


@router.post("/renewals/{application_id}/lecture", response={201: RenewalOut, **ERRORS},
             summary="更新時講習の受講の記録")
@implements(counter_renewal.record_lecture)
def record_lecture(request, application_id: int, payload: LectureIn):
    as_unprocessable(counter_renewal.record_lecture, request.actor, application_id, mode=payload.mode)
    return Status(201, renewal_out(counter.read_application(request.actor, application_id)))


@router.post("/renewals/{application_id}/renew", response={200: RenewedOut, **ERRORS},
             summary="免許の更新の登録と免許証の作成依頼（規程第16条）")
@implements(renewal.renew_licence)
def renew_licence(request, application_id: int, payload: RenewIn):
    """Refused 409 naming what is missing; for a マイナ免許証-only holder ``card_job`` is null."""
    job = as_unprocessable(renewal.renew_licence, request.actor, application_id, handover_date=payload.handover_date)
    application = counter.read_application(request.actor, application_id)
    return RenewedOut(application=application_out(application),
                      card_job=job_out(load_job(job.pk), request.actor) if job else None)


@router.post("/elderly-checks", response={201: ElderlyCheckOut, **ERRORS},
             summary="高齢者講習・認知機能検査・運転技能検査の結果の登録（規程第17条の3・第17条の4）")
@implements(counter_renewal.register_elderly_check)
def register_elderly_check(request, payload: ElderlyCheckIn):
    """From the counter or a 指定自動車教習所's terminal (its own school's results); every attempt is kept."""
    check = as_unprocessable(counter_renewal.register_elderly_check, request.actor, payload.dict())
    return Status(201, check_out(check))


@router.get("/elderly-checks", response={200: list[ElderlyCheckOut], **ERRORS},
            summary="高齢者講習・認知機能検査・運転技能検査の結果の閲覧")
@implements(counter_renewal.elderly_checks)
def list_elderly_checks(request, licence_number: str):
    _, rows = counter_renewal.elderly_checks(request.actor, licence_number)
    return [check_out(row) for row in rows]


@router.get("/renewals/{application_id}/renewal-form.pdf", response={200: None, **ERRORS}, openapi_extra=PDF_OPENAPI,
            summary="運転免許証等更新申請書（規則別記様式第18、記入済み）のPDF")
@implements(renewal.renewal_form)
def renewal_form_pdf(request, application_id: int):
    return pdf_response(renewal.renewal_form(request.actor, application_id))
