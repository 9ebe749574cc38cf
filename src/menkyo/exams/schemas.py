"""API shapes of examinees (受験者), their test results, fraud decisions and the 合格者発表."""

from datetime import date, datetime
from decimal import Decimal

from ninja import Field, Schema

from menkyo.exams.models import TEXT_MAX_LENGTH


class ExamineeIn(Schema):
    application_id: int = Field(description="受験する申請の番号（受理・不合格の申請）")
    centre: str = Field("", description="試験を行う試験場・警察署の所属コード（例 28-002）")
    exam_date: date | None = Field(None, description="試験日（今日以降）")


class MeasurementsIn(Schema):
    """適性試験の測定結果: 視力は 0.0〜2.0（小数第1位まで）、適・否は true / false。"""

    acuity_both: Decimal | None = Field(None, description="視力（両眼）")
    acuity_left: Decimal | None = Field(None, description="視力（左）。見えない眼は 0.0")
    acuity_right: Decimal | None = Field(None, description="視力（右）。見えない眼は 0.0")
    corrective_lenses: bool = Field(False, description="眼鏡等を使用した（条件「眼鏡等」）")
    visual_field_degrees: int | None = Field(None, description="他眼の視野（左右、度）：一眼の視力が弱い・見えない方")
    depth_error_cm: Decimal | None = Field(None, description="深視力の平均誤差（cm）：大型・中型・準中型・けん引・二種など")
    colour_ok: bool | None = Field(None, description="色彩識別（赤・青・黄）：免許を受けている方は免除")
    hearing_ok: bool | None = Field(None, description="聴力（10m・90デシベル）：二輪・原付・小特にはない")
    hearing_aid: bool = Field(False, description="補聴器を使用した（条件「補聴器」）")
    motor_ok: bool | None = Field(None, description="運動能力")


class DeductionIn(Schema):
    item: str = Field("", description="減点の項目（60文字以内）")
    points: int = Field(0, description="減点（1〜100）")


class SkillTestIn(Schema):
    deductions: list[DeductionIn] = Field(default_factory=list, description="減点の一覧（持ち点100点から）")
    stopped_item: str = Field("", description="試験中止の事由（あれば不合格）")


class ExamineeReasonIn(Schema):
    reason: str = Field("", description=f"理由・不正の内容（必須、{TEXT_MAX_LENGTH}文字以内）")


class CancelPassIn(Schema):
    reason: str = Field("", description=f"合格の取消し・受験停止の理由（必須、{TEXT_MAX_LENGTH}文字以内）")
    bar_until: date | None = Field(None, description="受験停止の終了日（1年以内。試験を停止した受験者は必須）")


class FailedStandardOut(Schema):
    code: str
    message: str
    reference: str


class AptitudeOut(Schema):
    passed: bool
    failed_standards: list[FailedStandardOut]
    conditions: list[str]
    trace: list[dict]
    recorded_by: str
    recorded_at: datetime


class SheetOut(Schema):
    scan_id: str
    state: str
    state_label: str
    score: int | None
    passed: bool | None


class SkillTestOut(Schema):
    deductions: list[dict]
    stopped_item: str
    score: int
    pass_mark: int
    passed: bool
    recorded_by: str
    recorded_at: datetime


class BarOut(Schema):
    starts_on: date
    until: date
    decided_by: str


class ExamineeOut(Schema):
    id: int
    examinee_number: int
    application_id: int
    person_id: int
    name: str
    name_kana: str
    licence_kind: str
    route: str
    route_label: str
    centre: str
    centre_name: str
    exam_date: date
    state: str
    state_label: str
    required_tests: list[str] = Field(description="受験する試験：aptitude（適性）・written（学科）・skill（技能）")
    aptitude: AptitudeOut | None
    written: list[SheetOut]
    skill_test: SkillTestOut | None
    decided_by: str
    decided_at: datetime | None
    reported_by: str
    report_reason: str
    bar: BarOut | None
    transitions: list[str] = Field(description="この操作者・端末が行える状態遷移（pass・fail・stop・cancel_pass …）")


class PassBoardOut(Schema):
    centre: str
    exam_date: date
    examinee_numbers: list[int] = Field(description="合格者の受験番号（氏名は含まない）")
