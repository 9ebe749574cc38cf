"""API schemas of the review of inquiries."""

from datetime import date, datetime

from ninja import Schema
from pydantic import ConfigDict, Field


class PeriodQuery(Schema):
    model_config = ConfigDict(extra="forbid")

    start: date | None = Field(None, description="期間の開始日（省略時は今月1日）")
    end: date | None = Field(None, description="期間の終了日（省略時は今日）")
    affiliation: str = Field("", max_length=8, description="所属コード（省略時は県内の全所属）")


class ReviewedInquiryOut(Schema):
    inquiry_id: int
    made_at: datetime
    actor: str
    affiliation: str | None
    purpose: str
    person_ids: list[int]
    client_address: str | None
    terminal: str


class FlaggedOut(ReviewedInquiryOut):
    reasons: list[str]
    review_id: int | None
    review_state: str | None


class ReportOut(Schema):
    pattern: str
    label: str
    start: date
    end: date
    affiliation: str
    count: int
    items: list[FlaggedOut]


class PersonLookupsOut(Schema):
    person_id: int
    count: int
    items: list[ReviewedInquiryOut]


class ReviewDecisionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    verdict: str = Field(description="justified（正当）または improper（不適正）")
    note: str = Field("", max_length=400, description="所見（不適正のときは必須）")


class ReviewOut(Schema):
    review_id: int
    inquiry_id: int
    state: str
    state_label: str
    note: str


class OfficeOut(Schema):
    affiliation: str
    name: str
    inquiries: int
    flagged: int
    reviewed: int
    improper: int
    complete: bool


class CompletionOut(Schema):
    month: str
    offices: list[OfficeOut]
