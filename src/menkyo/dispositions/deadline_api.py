"""Deadlines at risk API (ADR 0016 part 7).

- ``GET /disposition-deadlines?mine&within``: the actor's prefecture's dated obligations of the kinds its roles
  work on, soonest first (hand-offs last, with the days since sent): kind, label, due, ``days_left``, the article,
  the case, the office.
- ``GET /disposition-deadline-notices?unread``: the deadline notices the daily job raised for the actor's office
  and prefecture; ``POST /disposition-deadline-notices/{id}/read`` marks one as read.

Errors: 403 (a role without the list, a device), 404 (a notice of another office), 422 (a bad ``within``).
"""

from datetime import date

from ninja import Field, Query, Router, Schema

from menkyo.core.http import ERRORS
from menkyo.core.legal import implements
from menkyo.dispositions import deadlines as services
from menkyo.dispositions.models import DeadlineNotice

router = Router(tags=["dispositions"])


class DeadlineItemOut(Schema):
    key: str = Field(..., description="期限の識別（例: provisional:12:provisional_papers）")
    kind: str
    label: str
    due: date | None = Field(..., description="期限日（移送・執行依頼は期限なし）")
    days_left: int | None = Field(..., description="本日から期限日までの日数（0 は本日、負は期限経過）")
    waiting_days: int | None = Field(..., description="移送・執行依頼: 送付からの日数")
    overdue: bool
    article: str
    prefecture: str
    person_id: int
    case_id: int | None
    detail: str
    office: str


class DeadlineListOut(Schema):
    items: list[DeadlineItemOut]


class DeadlineNoticeOut(Schema):
    id: int
    key: str
    kind: str
    label: str
    due: date
    article: str
    person_id: int
    case_id: int | None
    affiliation: str | None
    raised_on: date
    read: bool


def item_out(item: services.Item) -> DeadlineItemOut:
    return DeadlineItemOut(key=item.key, kind=item.kind, label=item.label, due=item.due, days_left=item.days_left,
                           waiting_days=item.waiting_days, overdue=item.overdue, article=str(item.article),
                           prefecture=item.prefecture_id, person_id=item.person_id, case_id=item.case_id,
                           detail=item.detail, office=item.office_name)


def notice_out(n: DeadlineNotice) -> DeadlineNoticeOut:
    return DeadlineNoticeOut(id=n.pk, key=n.key, kind=n.kind, label=n.label, due=n.due, article=n.article,
                             person_id=n.person_id, case_id=n.case_id,
                             affiliation=n.affiliation.code if n.affiliation_id else None, raised_on=n.raised_on,
                             read=n.read_at is not None)


@router.get("/disposition-deadlines", response={200: DeadlineListOut, **ERRORS},
            summary="期限が迫る事案の一覧（仮停止・聴取等・所在調査・保留・講習・移送等）")
def list_deadlines(request, mine: bool = False,
                   within: int | None = Query(None, ge=0, le=366, description="この日数以内に期限が来るもの（0〜366）")):
    return DeadlineListOut(items=[item_out(i) for i in services.deadlines_for(request.actor, mine=mine, within=within)])


@router.get("/disposition-deadline-notices", response={200: list[DeadlineNoticeOut], **ERRORS},
            summary="期限の通知（自所属・自県あて）")
def list_notices(request, unread: bool = True):
    return [notice_out(n) for n in services.notices_for(request.actor, unread_only=unread)]


@router.post("/disposition-deadline-notices/{notice_id}/read", response={200: DeadlineNoticeOut, **ERRORS},
             summary="期限の通知を既読にする")
@implements(services.mark_deadline_notice_read)
def mark_read(request, notice_id: int):
    return notice_out(services.mark_deadline_notice_read(request.actor, notice_id))

