"""API schemas of 処分事案 (規程第30条–第32条, 第44条)."""

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema


class HearingOut(Schema):
    id: int
    kind: str = Field(..., description="opinion_hearing（意見の聴取） | formal_hearing（聴聞） | explanation（弁明）")
    kind_label: str
    hearing_date: date
    place: str
    notice_served: date
    public_service: bool
    announced_on: date | None
    previous_dates: list[str]
    attendance: str = Field(..., description="'' | attended | agent | absent_justified | absent")
    attendance_label: str
    agent_name: str
    agent_certificate: bool


class CaseOut(Schema):
    id: int
    person_id: int
    prefecture: str
    state: str = Field(..., description="review | hearing_scheduled | heard | awaiting_decision | decided | "
                                        "deferred | struck_out")
    state_label: str
    case_type: str = Field(description="事案の種別（points, danger, provisional_suspension …）")
    assessment_id: int | None
    points: int | None
    kind: str = Field(..., description="revocation | suspension | refusal | deferral | driving_ban")
    days: int | None
    years: int | None
    points_based: bool
    proposal_label: str
    authority: str = Field(..., description="決定権者: section_head（免許課長） | hq（交通部長・本部長） | commission（公安委員会）")
    authority_label: str
    hearing_kind: str
    hearing_kind_label: str
    authority_trace: list[Any]
    preparers: list[str]
    decided_kind: str
    decided_level: str
    decided_by: str
    decided_on: date | None
    end_reason: str
    opened_at: datetime
    hearings: list[HearingOut]


class CaseListOut(Schema):
    cases: list[CaseOut]


class ProposeIn(Schema):
    kind: str = Field(..., description="revocation | suspension | refusal | deferral | driving_ban")
    days: int | None = Field(None, description="停止・保留・運転禁止の日数")
    years: int | None = Field(None, description="取消・拒否の欠格期間（年）")
    points_based: bool = Field(True, description="点数制度による処分（法第103条第1項第5号）")
    reason: str = Field("", description="審査の所見（400文字以内）")


class ScheduleIn(Schema):
    hearing_date: date
    place: str
    notice_served: date
    public_service: bool = Field(False, description="公示送達による通知（期日の14日前まで）")
    announced_on: date | None = Field(None, description="公示の日（省略時は通知の日）")


class RescheduleIn(Schema):
    hearing_date: date
    notice_served: date = Field(..., description="変更通知書の日")
    place: str = ""
    reason: str


class RecordIn(Schema):
    attendance: str = Field(..., description="attended | agent | absent_justified | absent")
    statement: str = ""
    agent_name: str = ""
    agent_certificate: bool = False
    absence_reason: str = ""


class CaseReasonIn(Schema):
    reason: str = ""


class ExecutionOut(Schema):
    case_id: int
    state: str = Field(..., description="decided | awaiting_execution | unexecutable | executed")
    state_label: str
    decision_label: str
    appear_on: date | None
    place: str
    search_until: date | None = Field(None, description="所在調査の期限（規程第37条: 出頭日から起算して20日）")
    executed_on: date | None
    card_handling: str = Field(..., description="returned | held | erased | returned_erased | held_erased | "
                                                "not_presented | ''")
    card_handling_label: str
    starts_on: date | None
    ends_on: date | None
    original_ends_on: date | None
    disqualified_until: date | None
    unexecutable_on: date | None
    alert_id: int | None = Field(None, description="処分手配の手配番号")
    course_grade: str
    course_days_reduced: int | None
    course_trace: list[Any]
    card_released_on: date | None


class ExecutionListOut(Schema):
    pending: list[ExecutionOut]
    unexecutable: list[ExecutionOut]
    held: list[ExecutionOut]


class SummonIn(Schema):
    appear_on: date = Field(..., description="出頭日（取消の日・停止の始期として規程第37条の期間が始まる日）")
    place: str
    served_on: date | None = Field(None, description="出頭通知の日（省略時は今日）")


class ExecuteIn(Schema):
    card_presented: bool = Field(True, description="免許証の提出を受けた（false のときは reason に理由）")
    at_hearing: bool = Field(False, description="本日の意見の聴取の場で処分書を交付した")
    reason: str = ""


class CourseIn(Schema):
    grade: str = Field(..., description="優 | 良 | 可 | 不可")
    course_ended_on: date
