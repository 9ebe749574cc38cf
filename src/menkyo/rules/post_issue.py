"""事後取消し・事後停止 (道路交通法第90条第5項・第6項; 施行令第33条の3; 規程第41条の4; ``params/post_issue.yaml``).

A licence was given, and then it is found that before it the person met a standard under which the licence
was not to be given or could be deferred:

- the 拒否 standard (施行令第33条の3第1号) → the licence is revoked (**事後取消し**, 法第90条第5項);
- the 保留 standard (同第2号) → its effect is suspended (**事後停止**, 同項), for at most six months
  (「六月を超えない範囲内」, read as :func:`max_suspension_days` days);
- a 特定違反行為 of 法第90条第2項 → 事後取消し under 第6項.

規程第41条の4 applies 規程第21条–第24条 and 第37条: the 弁明 before the decision (第21条第1号), the 免許課長 decides
the 停止 as a 保留 and the 公安委員会 the 取消 as a 拒否 (第23条第1項), the station hands the paper over (第24条)
and 執行不能 follows 第37条. Every value is UNCONFIRMED (see the file's note).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.authority import AUTHORITY_LABELS, HEARING_LABELS, KIND_LABELS
from menkyo.rules.errors import RulesError
from menkyo.rules.trace import Trace

NAME = "post_issue"
STANDARDS = ("refusal", "deferral", "specified")
STANDARD_LABELS = {"refusal": "拒否の基準", "deferral": "保留の基準", "specified": "特定違反行為（法第90条第2項）"}


def rule(day: date) -> params.Entry:
    """The 事後取消し・事後停止 table in force on ``day``."""
    return params.in_force(NAME, day)


def max_suspension_days(day: date) -> int:
    """法第90条第5項: a 事後停止 of at most six months (as days; UNCONFIRMED reading)."""
    return int(rule(day).value["max_suspension_days"])


def outcome(standard: str, day: date) -> dict[str, Any]:
    """What the standard met before the licence leads to: the ``kind`` (revocation / suspension), the
    ``paragraph`` of 法第90条, the deciding ``authority`` and the ``hearing`` before it, with a trace."""
    entry = rule(day)
    table = entry.value["standards"]
    if standard not in table:
        raise RulesError("invalid_choice", "免許を受ける前に該当した基準を一覧から選んでください。", "standard")
    row = table[standard]
    hearing = entry.value["hearing"]
    trace = Trace()
    label = "事後取消し" if row["kind"] == "revocation" else "事後停止"
    trace.add("standard", f"免許を受ける前に{STANDARD_LABELS[standard]}に該当: {label}（法第90条第{row['paragraph']}項）",
              row["reference"], assumption=entry.assumption)
    trace.add("authority", f"{KIND_LABELS[row['kind']]}の決定権者: {AUTHORITY_LABELS[row['authority']]}",
              row["reference"], assumption=entry.assumption)
    trace.add("hearing", f"処分前の手続: {HEARING_LABELS[hearing]}", entry.value["hearing_reference"],
              assumption=entry.assumption)
    return {"standard": standard, "kind": row["kind"], "label": label, "paragraph": row["paragraph"],
            "authority": row["authority"], "hearing": hearing, "hearing_at": "before_decision",
            "max_suspension_days": int(entry.value["max_suspension_days"]), "reference": row["reference"],
            "trace": trace.as_list()}
