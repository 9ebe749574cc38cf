"""The 放置駐車 feed (ADR 0016: 2-13 他システム連携): when the driver of a 放置駐車違反 has been identified and
registered (違反等登録 or 仮登録 of an ``abandoned_parking_*`` violation), the 放置駐車違反管理 system must
know, so that the 放置違反金 procedure against the vehicle's user stops for that case (道路交通法第51条の4:
the 使用者 is ordered to pay only when the driver is not dealt with — the interface itself is UNCONFIRMED:
ADR 0016 chose a pull feed).

:func:`parking_feed` returns the events after a cursor (the record's id, increasing), at most ``limit``;
the device keeps the last cursor it processed and asks again — a restart resends nothing and loses nothing.
An event carries no personal data: the record's id, the violation, its date, the 違反等登録票 number and the
reference the other system gave (which is how it finds its case). A later 抹消 is not fed again.
"""

from dataclasses import dataclass

from menkyo.audit.recorder import record
from menkyo.core.errors import InvalidInput
from menkyo.core.permissions import authorize
from menkyo.violations.actions import FeedAction
from menkyo.violations.models import COUNTED_STATES, ViolationRecord
from menkyo.violations.permissions import READ_PARKING_FEED

PARKING_PREFIX = "abandoned_parking"
MAX_LIMIT = 500


@dataclass(frozen=True)
class FeedPage:
    items: list[ViolationRecord]
    next_cursor: int  # pass it as ``after`` to get the next page
    has_more: bool


def parking_feed(actor, *, after: int = 0, limit: int = 100) -> FeedPage:
    """The 放置駐車 driver-ticketed events of the device's prefecture with an id above ``after``."""
    authorize(actor, READ_PARKING_FEED.name, getattr(actor, "affiliation", None), action=FeedAction.PARKING)
    if not isinstance(after, int) or after < 0:
        raise InvalidInput("after は0以上の整数（前回の next_cursor）です。", field="after")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit は1から{MAX_LIMIT}までの整数です。", field="limit")
    found = list(ViolationRecord.objects.filter(
        prefecture_id=actor.prefecture_id, pk__gt=after, code__startswith=PARKING_PREFIX, state__in=COUNTED_STATES)
        .order_by("pk")[:limit + 1])
    page, more = found[:limit], len(found) > limit
    cursor = page[-1].pk if page else after
    record(actor, FeedAction.PARKING, object_type="violationrecord",
           detail={"after": after, "next_cursor": cursor, "ids": [v.pk for v in page]})
    return FeedPage(page, cursor, more)
