"""What the law makes a form tell its reader (pure Python): the penalty for a false 質問票 answer
(``params/false_answer_penalty.yaml``) and the periods of the 教示 on a refusal
(``params/appeal_periods.yaml``), each as in force on the form's date; and when the 更新連絡書 and
the 高齢者講習等のお知らせ go out (``params/renewal_notice_schedule.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params


@dataclass(frozen=True, slots=True)
class Penalty:
    penalty: str  # 1年以下の懲役又は30万円以下の罰金
    reference: str
    assumption: bool


@dataclass(frozen=True, slots=True)
class AppealPeriods:
    review_months: int  # 審査請求: months from the day after learning of the decision
    review_limit_years: int  # … and never after this many years from the decision
    suit_months: int  # 取消訴訟: months from learning of the decision
    suit_limit_years: int
    reference: str
    assumption: bool


def false_answer_penalty(day: date) -> Penalty:
    """The penalty for a false answer to the 質問票 on ``day``."""
    entry = params.in_force("false_answer_penalty", day)
    return Penalty(entry.value["penalty"], entry.reference, entry.assumption)


def appeal_periods(day: date) -> AppealPeriods:
    """The periods the 教示 on a decision taken on ``day`` states."""
    entry = params.in_force("appeal_periods", day)
    return AppealPeriods(**entry.value, reference=entry.reference, assumption=entry.assumption)


@dataclass(frozen=True, slots=True)
class NoticeSchedule:
    renewal_expiry_months_ahead: int  # the batch of month M notifies the licences expiring in M + this
    elderly_expiry_months_ahead: int  # … and sends the elderly notice to the 70+ expiring in M + this
    reference: str
    assumption: bool


def notice_schedule(day: date) -> NoticeSchedule:
    """Which expiry months the monthly 更新連絡書 batch run on ``day`` covers (no legal send date)."""
    entry = params.in_force("renewal_notice_schedule", day)
    return NoticeSchedule(**entry.value, reference=entry.reference, assumption=entry.assumption)
