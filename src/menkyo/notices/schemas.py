"""API schemas of the 更新連絡書 batches (counts only: no personal data)."""

from datetime import date, datetime

from ninja import Field, Schema


class NoticeBatchIn(Schema):
    month: str = Field(..., description="対象月（西暦の年-月、例: 2027-01）。その月に更新期間が始まる者に更新連絡書を送る")


class NoticeBatchOut(Schema):
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


class DeathReportIn(Schema):
    inquiry_id: int = Field(..., description="照会事由「死亡等」で行った照会の照会番号（規程第56条第1項）")
    licence_number: str = Field(..., description="死亡者の免許証番号（12桁）")
    source: str = Field(..., description="端緒: body（死体の取扱い）| family（遺族等からの通報）")
    died_on: date | None = Field(None, description="死亡日")
    note: str = Field("", description="備考（200文字以内）")


class DecisionIn(Schema):
    reason: str = Field("", description="理由（差戻しには必須）")


class DeathReportOut(Schema):
    id: int
    ledger_number: str
    state: str
    state_label: str
    person_id: int
    licence_number: str
    licence_status: str
    died_on: date
    source: str
    inquiry_id: int
    office: str
    reported_by: str
    reported_at: datetime
    decided_by: str
    decided_at: datetime | None
    decision_reason: str
