"""The 放置駐車 feed API (violations/feed.py): ``GET /api/v1/violation-feeds/abandoned-parking?after=&limit=``
for a device of kind ``other_system``; 422 for a bad cursor or limit, 403 for anyone else."""

from datetime import date, datetime

from ninja import Field, Router, Schema

from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.violations import feed
from menkyo.violations.services import violation_name

router = Router(tags=["violations"])


class ParkingEventOut(Schema):
    id: int = Field(..., description="違反等登録の番号（カーソル）")
    code: str
    name: str
    violation_date: date
    state: str = Field(..., description="registered | provisional")
    reporter_reference: str = Field(..., description="違反等登録票の番号")
    source_system: str
    external_reference: str = Field(..., description="送信元システムの参照番号（一括受信のとき）")
    registered_at: datetime


class ParkingFeedOut(Schema):
    items: list[ParkingEventOut]
    next_cursor: int = Field(..., description="次に after として渡す値")
    has_more: bool


@router.get("/violation-feeds/abandoned-parking", response={200: ParkingFeedOut, **ERRORS},
            summary="放置駐車違反の運転者の違反等登録の通知（他システムが取得）")
def parking_feed(request, after: int = 0, limit: int = 100):
    page = as_unprocessable(feed.parking_feed, request.actor, after=after, limit=limit)
    return ParkingFeedOut(items=[ParkingEventOut(
        id=v.pk, code=v.code, name=violation_name(v), violation_date=v.violation_date, state=v.state,
        reporter_reference=v.reporter_reference, source_system=v.source_system, external_reference=v.external_reference,
        registered_at=v.registered_at) for v in page.items], next_cursor=page.next_cursor, has_more=page.has_more)
