"""Inquiry API: ``POST /api/v1/inquiries`` (照会, 規程第45条)."""

from ninja import Router

from menkyo.core.http import ERRORS, ErrorOut, as_unprocessable
from menkyo.core.legal import implements
from menkyo.inquiry import services
from menkyo.inquiry.disclosure import Disclosure, Section, alerts_shown, history_label
from menkyo.inquiry.schemas import (
    HistoryOut,
    InquiryAlertOut,
    InquiryIn,
    InquiryOut,
    KindOut,
    MatchOut,
)

router = Router(tags=["inquiry"])


def history_out(match: services.Match, disclosure: Disclosure) -> list[HistoryOut] | None:
    if not disclosure.shows(Section.HISTORY):
        return None
    return [HistoryOut(occurred_on=e.occurred_at.date(), event_type=e.event_type, label=history_label(e.event_type),
                       legal_basis=e.legal_basis) for e in match.history]


def match_out(match: services.Match, disclosure: Disclosure) -> MatchOut:
    person, licence = match.person, match.licence
    return MatchOut(
        licence_number=licence.number if licence else None, name=person.name, name_kana=person.name_kana,
        birth_date=person.birth_date, home_prefecture=match.home_prefecture,
        status=licence.status if licence else None,
        status_label=licence.get_status_display() if licence else None,
        kinds=[KindOut(kind=k.kind_id, label=k.label, acquired_on=k.acquired_on) for k in match.kinds],
        expiry_date=licence.expiry_date if licence else None,
        conditions=list(licence.conditions) if licence else [],
        alerts=[InquiryAlertOut(**a) for a in alerts_shown(match.hits, disclosure)],
        history=history_out(match, disclosure), records=match.records,
        sections_withheld=disclosure.withheld, sections_unavailable=disclosure.unavailable,
    )


@router.post("/inquiries", response={200: InquiryOut, 429: ErrorOut, **ERRORS}, summary="照会（規程第45条）")
@implements(services.make_inquiry)
def make_inquiry(request, payload: InquiryIn):
    """Find holders by licence number, record number, or name + date of birth, for a stated 照会事由.

    A missing or unknown purpose is 422 (``error.field = "purpose"``) and nothing is read.
    The 照会 role finds every prefecture's holders; other roles only their own prefecture's.
    Each match carries its 手配 hits (``alerts``) and, where the purpose and the role allow it, its
    ``history``; ``sections_withheld`` names what this purpose and role are not answered,
    ``records`` the 累積点数, 未執行・処理中の行政処分 and 欠格期間 lines the purpose and role allow.
    """
    result = as_unprocessable(services.make_inquiry, request.actor, **payload.dict())
    return InquiryOut(inquiry_id=result.inquiry.pk, matches=[match_out(m, result.disclosure) for m in result.matches],
                      truncated=result.truncated, limit=result.limit)
