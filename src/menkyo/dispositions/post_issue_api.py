"""事後取消し・事後停止 API (規程第41条の4; 道路交通法第90条第5項・第6項): open the case of a licence holder who
met the 拒否・保留 standard before the licence, and list the prefecture's cases of the type. The case then
continues through the disposition-case API (hearings, decide) and the execution API.

Errors: 422 with ``error.field`` (``licence_number`` unknown or malformed, ``standard`` not in the list, ``days``
over the maximum, ``years``, ``finding``), 403 (a role or another prefecture), 409 (``licence_not_valid``,
``case_open``).
"""

from ninja import Field, Router, Schema, Status

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import post_issue
from menkyo.dispositions.models import Case

router = Router(tags=["dispositions"])


class PostIssueIn(Schema):
    licence_number: str
    standard: str = Field(..., description="refusal（拒否の基準 → 事後取消し） | deferral（保留の基準 → 事後停止） | "
                                           "specified（特定違反行為 → 事後取消し、法第90条第6項）")
    days: int | None = Field(None, description="事後停止の日数（180日以内）")
    years: int | None = Field(None, description="事後取消しの欠格期間（年）")
    finding: str = Field(..., description="判明した事実（400文字以内）")


class PostIssueOut(Schema):
    case_id: int
    state: str
    state_label: str
    kind: str = Field(..., description="revocation（事後取消し） | suspension（事後停止）")
    proposal_label: str
    days: int | None
    years: int | None
    paragraph: int = Field(..., description="道路交通法第90条の項（5 | 6）")
    authority: str = Field(..., description="commission（公安委員会） | section_head（免許課長）")
    hearing_kind: str


def post_issue_out(case: Case) -> PostIssueOut:
    return PostIssueOut(case_id=case.pk, state=case.state, state_label=case.state_ja, kind=case.kind,
                        proposal_label=case.proposal_ja, days=case.days, years=case.years,
                        paragraph=(case.authority_result or {}).get("paragraph", 5), authority=case.authority,
                        hearing_kind=case.hearing_kind)


@router.post("/post-issue-cases", response={201: PostIssueOut, **ERRORS},
             summary="事後取消し・事後停止の処分事案の開始（規程第41条の4）")
@implements(post_issue.open_post_issue_case)
def open_case(request, payload: PostIssueIn):
    case = as_unprocessable(post_issue.open_post_issue_case, request.actor, **payload.dict())
    return Status(201, post_issue_out(case))


@router.get("/post-issue-cases", response={200: list[PostIssueOut], **ERRORS}, summary="事後取消し・事後停止の一覧")
def list_cases(request):
    return [post_issue_out(c) for c in post_issue.post_issue_cases(request.actor)]
