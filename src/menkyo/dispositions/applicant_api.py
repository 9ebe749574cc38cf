"""拒否・保留 API (規程第21条–第25条): the list (通知待ち, 保留期間が満了した者), one case's 拒否・保留, the
交付停止 of the case, the notification (通知書の交付), the report of the 保留's end, and the 通知書 PDF.

Errors: 422 with ``error.field`` (a note too long), 403 (a role or another prefecture), 404, 409 (a state
that does not allow it: ``illegal_transition``, ``not_refusal``, ``duplicate_hold``, ``too_early`` with the
保留's last day, ``already_reported``).
"""

from datetime import date

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.dispositions import applicant_papers, applicants
from menkyo.dispositions.models import Case
from menkyo.dispositions.services import load_case
from menkyo.documents.http import PDF_OPENAPI, pdf_response

router = Router(tags=["dispositions"])


class ApplicantOut(Schema):
    case_id: int
    state: str = Field(..., description="review … decided | executed（通知済）")
    state_label: str
    kind: str = Field(..., description="refusal（拒否） | deferral（保留）")
    disposition_label: str
    issue_hold_id: int | None = Field(None, description="この事案の交付停止の通報（cards）")
    issue_hold_active: bool
    notified_on: date | None
    disqualified_until: date | None = Field(None, description="拒否: 欠格期間の末日")
    deferral_starts_on: date | None
    deferral_ends_on: date | None
    ended_reported_on: date | None


class ApplicantListOut(Schema):
    to_notify: list[ApplicantOut]
    deferrals_ending: list[ApplicantOut]


class NotifyIn(Schema):
    reason: str = Field("", description="備考（200文字以内）")


def applicant_out(case: Case) -> ApplicantOut:
    found = applicants.applicant_of(case)
    hold = found.issue_hold if found else None
    get = (lambda name: getattr(found, name)) if found is not None else (lambda name: None)
    return ApplicantOut(
        case_id=case.pk, state=case.state, state_label=case.get_state_display(), kind=case.decided_kind or case.kind,
        disposition_label=case.decision_ja or case.proposal_ja, issue_hold_id=hold.pk if hold else None,
        issue_hold_active=bool(hold and hold.released_at is None), notified_on=get("notified_on"),
        disqualified_until=get("disqualified_until"), deferral_starts_on=get("deferral_starts_on"),
        deferral_ends_on=get("deferral_ends_on"), ended_reported_on=get("ended_reported_on"))


@router.get("/applicant-dispositions", response={200: ApplicantListOut, **ERRORS},
            summary="拒否・保留の一覧（通知待ち・保留期間が満了した者）")
def list_applicants(request):
    found = applicants.applicants_due(request.actor)
    return ApplicantListOut(**{name: [applicant_out(c) for c in rows] for name, rows in found.items()})


@router.get("/applicant-dispositions/{case_id}", response={200: ApplicantOut, **ERRORS}, summary="拒否・保留の処分事案")
def get_applicant(request, case_id: int):
    return applicant_out(applicants.get_applicant_case(request.actor, case_id))


@router.post("/applicant-dispositions/{case_id}/hold", response={200: ApplicantOut, **ERRORS},
             summary="拒否・保留事案の交付停止の通報（規程第21条第1号）")
@implements(applicants.hold_card_issue)
def hold(request, case_id: int):
    case = load_case(case_id)
    applicants.hold_card_issue(request.actor, case)
    return applicant_out(case)


@router.post("/applicant-dispositions/{case_id}/notify", response={200: ApplicantOut, **ERRORS},
             summary="拒否・保留の通知・通知書の交付（規程第24条）")
@implements(applicants.notify_refusal)
def notify(request, case_id: int, payload: NotifyIn):
    case = load_case(case_id)
    as_unprocessable(applicants.notify_refusal, request.actor, case, **payload.dict())
    return applicant_out(case)


@router.post("/applicant-dispositions/{case_id}/report-ended", response={200: ApplicantOut, **ERRORS},
             summary="保留期間満了の通報（規程第25条第1項）")
@implements(applicants.report_deferral_ended)
def report_ended(request, case_id: int):
    case = load_case(case_id)
    applicants.report_deferral_ended(request.actor, case)
    return applicant_out(case)


@router.get("/applicant-dispositions/{case_id}/notice.pdf", response={200: None, **ERRORS},
            summary="運転免許拒否・保留処分通知書（規則別記様式第13の3）", openapi_extra=PDF_OPENAPI)
def paper(request, case_id: int):
    return pdf_response(applicant_papers.refusal_notice(request.actor, load_case(case_id)))
