"""格下げ API (規程第16条第5項ただし書): which kinds the failed 適性検査 of a renewal meets, and the holder's
request for a 格下げ with the kinds kept. After the request the renewal continues as any other
(``POST /renewals/{id}/renew`` removes the higher kinds in the same transaction). A renewal that
cannot be downgraded is 409 ``no_downgrade``; a kind kept that does not meet its standard is 422
``kind_not_passed`` on ``kinds``; a role that may not, or another prefecture, is 403."""

from ninja import Field, Router, Schema

from menkyo.cards import downgrade
from menkyo.cards.renewal_api import RenewalOut, renewal_out
from menkyo.core.errors import NotFound
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.counter import services as counter

router = Router(tags=["renewals"])


class KindJudgementOut(Schema):
    kind: str
    label: str
    passed: bool = Field(description="この種類の合格基準（規則第23条）に適合するか")
    failed: str = Field(description="適合しない基準（適合するときは空）")
    conditions: list[str] = Field(description="適合するときに付す条件（眼鏡等・補聴器）")


class DowngradeIn(Schema):
    kinds: list[str] = Field(default_factory=list, description="引き続き受ける（更新する）免許の種類")
    reason: str = Field("免許の格下げの申出", description="申出の内容（履歴に残る）")


@router.get("/renewals/{application_id}/downgrade", response={200: list[KindJudgementOut], **ERRORS},
            summary="格下げの可否（不合格の適性検査の測定結果による種類ごとの判定）")
@implements(counter.read_application)
def downgrade_option(request, application_id: int):
    """The kinds on the licence judged against the failed 適性検査; 404 when no 格下げ may be asked for."""
    option = downgrade.downgrade_option(counter.read_application(request.actor, application_id))
    if option is None:
        raise NotFound("この申請では格下げの申出を受けられません（適性検査が不合格で、下位の種類の合格基準に適合するときに限ります）。",
                       field="application_id")
    return [KindJudgementOut(kind=j.kind, label=j.label, passed=j.passed, failed=j.failed, conditions=j.conditions)
            for j in option.judgements]


@router.post("/renewals/{application_id}/downgrade", response={200: RenewalOut, **ERRORS},
             summary="免許の格下げの申出（規程第16条第5項ただし書）")
@implements(downgrade.request_downgrade)
def request_downgrade(request, application_id: int, payload: DowngradeIn):
    """The kinds kept must each meet their standard; the application passes and the renewal continues."""
    application = as_unprocessable(downgrade.request_downgrade, request.actor, application_id, kinds=payload.kinds,
                                   reason=payload.reason)
    return renewal_out(application)
