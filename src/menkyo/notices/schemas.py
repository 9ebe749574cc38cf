"""API schemas of the 更新連絡書 batches (counts only: no personal data)."""

from datetime import date, datetime

from ninja import Field, Schema


class BatchIn(Schema):
    month: str = Field(..., description="対象月（西暦の年-月、例: 2027-01）。その月に更新期間が始まる者に更新連絡書を送る")


class BatchOut(Schema):
    id: int
    prefecture: str
    month: date
    state: str
    state_label: str
    renewal_notices: int
    elderly_notices: int
    skipped: dict[str, int]
    parts_total: int
    parts_done: int
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    mail_file_sha256: str
