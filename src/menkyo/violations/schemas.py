"""API schemas of 違反等登録 (規程第28条–第28条の2) and the bulk intake from other police systems."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class ViolationIn(Schema):
    licence_number: str = Field("", description="免許証番号（12桁）。無免許のときは空にして person_id を指定")
    person_id: int | None = Field(None, description="運転者番号（無免許の場合）")
    kind: str = Field(..., description="事案の態様: general | specified | accident | instigation | off_road")
    code: str = Field("", description="違反行為のコード（GET /api/v1/rules/params の violations 表）。道路外致死傷は空")
    violation_date: date = Field(..., description="違反日（未来は不可）")
    alcohol: str = Field("none", description="酒気帯び: none | lt025 | ge025")
    accident_severity: str = Field("", description="交通事故の結果: fatal | injury_3m | injury_30d | injury_15d | "
                                                   "injury_under_15d | building_damage")
    sole_fault: bool | None = Field(None, description="交通事故が専ら違反者の不注意によるもの")
    hit_and_run: str = Field("none", description="none | property（あて逃げ） | injury（ひき逃げ）")
    vehicle: str = Field("", description="車両（免許の種類、または 特定小型原付・新基準原付・自転車・軽車両 …）")
    office_code: str = Field("", description="報告した所属（署長等）のコード。省略時は操作者の所属")
    reporter_reference: str = Field("", description="違反等登録票の番号（40文字以内）")
    reason: str = Field("", description="備考（200文字以内）")


class ProvisionalViolationIn(ViolationIn):
    caller: str = Field(..., description="電話で上申した者（所属・氏名、60文字以内）")


class BatchItemIn(ViolationIn):
    external_reference: str = Field(..., description="送信元システムでの参照番号（英数字と ._:/- の64文字以内）")


class BatchIn(Schema):
    source_system: str = Field(..., description="送信元システム名（例: hansoku, jiko）")
    items: list[Any] = Field(..., description="違反等（1,000件まで）。各項目は BatchItemIn の形（不正な項目はその項目だけ refused）")


class BatchItemOut(Schema):
    index: int
    external_reference: str
    result: str = Field(..., description="registered | already_registered | refused")
    violation_id: int | None
    code: str
    message: str
    field: str | None


class BatchOut(Schema):
    registered: int
    already_registered: int
    refused: int
    items: list[BatchItemOut]


class DeleteIn(Schema):
    reason: str = Field(..., description="抹消の理由（200文字以内）")
    not_registrable: bool = Field(False, description="true: 不適格抹消（規程第28条第4項）")


class ConfirmIn(Schema):
    reporter_reference: str = Field("", description="到着した違反等登録票の番号")
    reason: str = Field("", description="備考")


class ViolationOut(Schema):
    id: int
    person_id: int
    licence_number: str | None
    kind: str
    kind_label: str
    code: str
    name: str
    violation_date: date
    points: int | None
    state: str
    state_label: str
    office: str
    reporter_reference: str
    source: str
    external_reference: str
    registered_by: str
    registered_at: datetime


class AssessmentOut(Schema):
    id: int
    as_of: date
    points: int
    prior_dispositions: int
    action: str
    outcome_label: str
    days: int | None
    disqualification_years: int | None
    trace: list[dict]
    created_at: datetime


class PersonViolationsOut(Schema):
    person_id: int
    violations: list[ViolationOut]
    assessment: AssessmentOut | None
