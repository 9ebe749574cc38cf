"""API of the review of inquiries (照会履歴確認) for the 監査 role: ``/api/v1/oversight/…``.

Same services, permission, prefecture scope and self-auditing as the pages
(:mod:`menkyo.oversight.services`).
"""

from ninja import Query, Router

from menkyo.core.http import ERRORS
from menkyo.core.legal import implements
from menkyo.oversight import services
from menkyo.oversight.anomalies import PATTERNS
from menkyo.oversight.schemas import (
    CompletionOut,
    FlaggedOut,
    OfficeOut,
    PeriodQuery,
    PersonLookupsOut,
    ReportOut,
    ReviewDecisionIn,
    ReviewedInquiryOut,
    ReviewOut,
)

router = Router(tags=["oversight"])


def inquiry_out(inquiry) -> dict:
    actor = inquiry.operator or inquiry.device
    return {"inquiry_id": inquiry.pk, "made_at": inquiry.made_at, "actor": inquiry.actor,
            "affiliation": actor.affiliation_id if actor else None, "purpose": inquiry.purpose_recorded,
            "person_ids": inquiry.person_ids, "client_address": inquiry.client_address,
            "terminal": inquiry.terminal}


@router.get("/reports/{pattern}", response={200: ReportOut, **ERRORS}, summary="不審照会レポート（照会履歴確認）")
@implements(services.report)
def report(request, pattern: str, period: Query[PeriodQuery]):
    """The inquiries one anomaly report flags in the period (codes: see ``GET /oversight/reports``)."""
    services.authorize_view(request.actor)
    services.clean_pattern(pattern)
    scope = services.scope_for(request.actor, period.start, period.end, period.affiliation)
    rows = services.report(request.actor, pattern, scope, channel="api")
    items = [FlaggedOut(**inquiry_out(r.inquiry), reasons=r.reasons, review_id=r.review.pk if r.review else None,
                        review_state=r.review.state if r.review else None) for r in rows]
    return ReportOut(pattern=pattern, label=PATTERNS[pattern].label, start=scope.start, end=scope.end,
                     affiliation=scope.affiliation, count=len(items), items=items)


@router.get("/reports", response={200: dict[str, str], **ERRORS}, summary="不審照会レポートの一覧")
def report_list(request):
    """The report codes and their Japanese names."""
    services.authorize_view(request.actor)
    return {code: p.label for code, p in PATTERNS.items()}


@router.get("/persons/{person_id}/inquiries", response={200: PersonLookupsOut, **ERRORS},
            summary="この人を照会した者（開示請求）")
@implements(services.lookups_of_person)
def person_inquiries(request, person_id: int):
    _, rows = services.lookups_of_person(request.actor, person_id, channel="api")
    return PersonLookupsOut(person_id=person_id, count=len(rows), items=[ReviewedInquiryOut(**inquiry_out(i)) for i in rows])


@router.post("/reviews/{review_id}/decision", response={200: ReviewOut, **ERRORS}, summary="照会の審査（正当・不適正）")
@implements(services.decide)
def decide(request, review_id: int, payload: ReviewDecisionIn):
    review = services.decide(request.actor, review_id, verdict=payload.verdict, note=payload.note)
    return ReviewOut(review_id=review.pk, inquiry_id=review.inquiry_id, state=review.state,
                     state_label=review.get_state_display(), note=review.note)


@router.get("/completion", response={200: CompletionOut, **ERRORS}, summary="所属別の月次審査完了状況")
def completion(request, month: str):
    """Per office for a month (``YYYY-MM``): inquiries, flagged, reviewed, 不適正, complete."""
    services.authorize_view(request.actor)
    lines = services.offices(request.actor, services.month_scope(request.actor, month))
    return CompletionOut(month=month, offices=[
        OfficeOut(affiliation=line.affiliation.code, name=line.affiliation.name, inquiries=line.inquiries,
                  flagged=line.flagged, reviewed=line.reviewed, improper=line.improper, complete=line.complete)
        for line in lines])
