"""Who may apply for a 運転経歴証明書 (pure Python; ``params/driving_history_certificate.yaml``;
法第104条の4第5項・第105条の2; counter-facts §3.8).

The certificate is for a person who no longer holds a licence: their last licence ended by a
申請による全部の取消し (from 2002-06-01) or, from 2019-12-01, by 期限による失効, and the application
comes within the period in force (1 month, then 5 years from 2012-04-01 — retroactively, so the
period in force on the application day decides). A revocation (取消処分), a death, a person who holds
a licence (after a cancellation of higher kinds only, or newly licensed) are never eligible.

:func:`certificate_eligibility` answers with the ground, the last day to apply and a trace; its
input is the ends of the person's licences (``LicenceEnd``), the end of the latest issued deciding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import months_after
from menkyo.rules.trace import Trace

# How a licence ended (or that it has not: ``held``).
ENDS = {"held": "免許を現に受けている", "application_cancellation": "申請による免許の全部の取消し",
        "lapse": "期限による失効", "revocation": "取消処分", "deceased": "死亡等による抹消",
        "other": "申請取消簿に記録のない返納"}


@dataclass(frozen=True, slots=True)
class LicenceEnd:
    """One licence of the person, issued on ``issued_on``: how it ended (``ENDS``) and on which day
    (none for ``held``, nor where the register keeps no day, as for a revocation)."""

    end: str
    issued_on: date
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Eligibility:
    eligible: bool
    ground: str  # an ENDS code, "" when the person has no licence at all
    ended_on: date | None
    last_day: date | None  # the last day to apply, when the ground is one the law accepts
    reason: str  # Japanese, for the refusal
    reference: str
    assumption: bool
    trace: list[dict[str, Any]] = field(default_factory=list)


def certificate_eligibility(ends: list[LicenceEnd], day: date) -> Eligibility:
    """May a person whose licences ended as ``ends`` apply for a 運転経歴証明書 on ``day``?"""
    entry = params.in_force("driving_history_certificate", day)
    trace = Trace()
    if not ends:
        return _answer(False, "", None, None, "免許を受けたことのない方には交付できません。", entry, trace)
    if any(e.end == "held" for e in ends):
        return _answer(False, "held", None, None, "免許を現に受けている方には交付できません"
                       "（一部の種類の取消しでは交付されません）。", entry, trace)
    last = max(ends, key=lambda e: e.issued_on)  # the latest licence's end decides
    trace.add("last_end", f"最後の免許の終わり: {ENDS.get(last.end, last.end)}（{last.on}）", entry.reference,
              end=last.end, on=last.on.isoformat() if last.on else None)
    if last.end not in entry.value["grounds"] or last.on is None:
        return _answer(False, last.end, last.on, None, f"最後の免許が「{ENDS.get(last.end, last.end)}」により"
                       "終わった方には交付できません。", entry, trace)
    months = entry.value["within_months"]
    last_day = months_after(last.on, months)  # 初日不算入 (民法第140条・第143条): the corresponding day
    trace.add("period", f"申請期間: {last.on} から {_period(months)}（{last_day} まで）",
              entry.reference, assumption=entry.assumption, last_day=last_day.isoformat())
    if day > last_day:
        return _answer(False, last.end, last.on, last_day,
                       f"申請できる期間（免許が終わった日から{_period(months)}）を過ぎています。", entry, trace)
    return _answer(True, last.end, last.on, last_day, "", entry, trace)


def _period(months: int) -> str:
    return f"{months // 12}年" if months % 12 == 0 else f"{months}月"


def _answer(eligible: bool, ground: str, ended_on: date | None, last_day: date | None, reason: str,
            entry: params.Entry, trace: Trace) -> Eligibility:
    trace.add("eligibility", "交付できる" if eligible else reason, entry.reference, assumption=entry.assumption)
    return Eligibility(eligible, ground, ended_on, last_day, reason, entry.reference, entry.assumption,
                       trace.as_list())
