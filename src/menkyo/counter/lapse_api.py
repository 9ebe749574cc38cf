"""失効後の再取得 API (規程第3条; law-rules §5.6): receive the application of a person whose licence lapsed.
The 適性試験 (or the test without a 仮免許) is an exams sitting and the fees are
``POST /applications/{id}/payments``, as for any application; the licence is issued by
``POST /applications/{id}/issue``. Refusals are 422 on their field (``lapse_too_old``,
``unavoidable_not_applicable`` on ``reason_ended_on``), 409 for a licence not lapsed, 403 for another
prefecture's licence."""

from datetime import date

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter import lapse
from menkyo.counter.api import application_out
from menkyo.counter.schemas import ApplicationOut

router = Router(tags=["applications"])


class LapsedIn(Schema):
    licence_number: str = Field("", description="失効した免許の免許証番号")
    questionnaire: dict[str, bool] = Field(default_factory=dict, description="質問票の5項目（はい=true）")
    documents: list[str] = Field(default_factory=list, description="提出・提示された書類")
    note: str = ""
    licence_kind: str = Field("", description="受験する免許の種類（失効から6月を超え1年以内のとき：大型・中型・準中型・普通）")
    unavoidable_reason: str = Field("", description="やむを得ない理由（abroad・disaster・illness・detention・necessity・commission）")
    unavoidable_evidence: str = Field("", description="やむを得ない理由を確認した書類（旅券・診断書など）")
    reason_ended_on: date | None = Field(None, description="やむを得ない理由がやんだ日")


class LapsedOut(Schema):
    application: ApplicationOut
    judgement: dict = Field(description="法令判定（失効後の再取得）の回答：失効日・経路・受ける試験・手数料の区分・根拠")


@router.post("/lapsed-applications", response={201: LapsedOut, **ERRORS},
             summary="失効した免許の再取得の申請の受理（規程第3条）")
@implements(lapse.receive_lapsed_application)
def receive_lapsed_application(request, payload: LapsedIn):
    """Received at the caller's office for a lapsed licence of its prefecture, on the route the law engine gives."""
    application = as_unprocessable(lapse.receive_lapsed_application, request.actor, payload.dict())
    return Status(201, LapsedOut(application=application_out(application), judgement=application.eligibility))
