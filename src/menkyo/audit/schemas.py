"""API schemas of the audit trail."""

from datetime import datetime

from ninja import Schema


class EventFilters(Schema):
    """Query parameters; all optional, validated by the viewer's form (Japanese errors)."""

    actor: str = ""
    person_id: str = ""
    action: str = ""
    date_from: str = ""
    date_to: str = ""
    outcome: str = ""
    page: int = 1


class EventOut(Schema):
    seq: int
    occurred_at: datetime
    actor_kind: str
    actor: str
    affiliation_code: str
    prefecture_code: str
    action: str
    object_type: str
    object_id: str
    person_id: int | None
    subject_prefecture_code: str
    purpose: str
    request_id: str
    outcome: str
    detail: dict
    prev_hash: str
    hash: str


class EventPage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[EventOut]
