"""API shapes of alerts (手配) and their hit notifications."""

from datetime import date, datetime

from ninja import Field, Schema

from menkyo.alerts.models import CASE_NUMBER_MAX_LENGTH, TEXT_MAX_LENGTH, AlertKind

KINDS = "・".join(f"{value}（{label}）" for value, label in AlertKind.choices)


class AlertIn(Schema):
    kind: str = Field("", description=f"手配の区分（必須）：{KINDS}")
    licence_number: str = Field("", description="免許証番号（必須）：被手配者の免許、盗品等免許証手配では盗まれた免許証の番号")
    reason: str = Field("", description=f"手配の理由（必須、{TEXT_MAX_LENGTH}文字以内）")
    requesting_affiliation: str = Field("", description="要請所属のコード（自県の所属；省略時は自分の所属）")
    case_owner: str = Field("", description="事案担当者のユーザー名（省略時は操作者本人；端末では担当者なし）")
    case_number: str = Field("", description=f"事案番号（{CASE_NUMBER_MAX_LENGTH}文字以内）")
    expiry_date: date | None = Field(None, description="有効期限（必須；明日から3年以内）")
    review_date: date | None = Field(None, description="見直し期日（省略時は180日後か有効期限の早いほう）")


class ReasonIn(Schema):
    reason: str = Field("", description=f"理由（必須、{TEXT_MAX_LENGTH}文字以内）")


class AlertOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    person_name: str | None
    card_number: str
    requesting_affiliation: str
    requesting_affiliation_name: str
    case_owner: str | None
    case_number: str
    reason: str
    requested_by: str
    requested_at: datetime
    approved_by: str
    rejected_by: str
    decided_at: datetime | None
    decision_reason: str
    expiry_date: date
    review_date: date
    released_by: str
    released_at: datetime | None
    release_reason: str
    transitions: list[str] = Field(description="この操作者・端末が行える状態遷移（approve・reject・release）")


class NotificationOut(Schema):
    id: int
    alert_id: int
    kind: str
    kind_label: str
    subject: str
    hit_at: datetime
    inquiry_id: int
    inquirer: str
    inquirer_affiliation: str
    purpose: str
    read_at: datetime | None
    read_by: str
