"""一定の病気等 (道路交通法第101条の6, 第102条, 第103条第1項第1号・第1号の2・第3号, 第103条第6項; 規程第26条–
第27条の3; ``params/medical.yaml``).

What the regulation says and what is read into it (every value UNCONFIRMED, see the file's note):

- **Grounds** (:func:`grounds`): 法第103条第1項第1号 (一定の病気, 施行令第33条の2の3), 第1号の2 (認知症),
  第3号 (中毒) — named by their article; the illnesses themselves are not in the sources.
- **Orders** (:func:`orders`): the 臨適通知 and the 診断書提出命令 (規程第26条の3第2項), the 適性検査の受検命令
  and the 診断書の提出命令 (第26条の3第6項第1号・第2号), each with its paper.
- **Outcome** (:func:`outcome`): a result 適 or 条件付き適 opens no case; 不適 (第27条) and 不受検・不提出
  (第27条の3) open one, and the dispositions offered are 取消・停止 for a licence holder, 拒否・保留 for one
  who passed the test (no current licence). Which one and how long (施行令第38条第2項, 第39条の2第2項) is the
  reviewer's proposal; who decides and the hearing are ``rules.authority``'s (non-points: 取消 → 公安委員会
  and 聴聞, 停止 of 90 days or more → 本部長 and 聴聞 — 規程第27条の3 says the same).
- **Not taken** (:func:`may_record_not_taken`): only after the day set in the notice.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.authority import KIND_LABELS
from menkyo.rules.errors import RulesError
from menkyo.rules.trace import Trace

NAME = "medical"


def rule(day: date) -> params.Entry:
    """The 一定の病気等 table in force on ``day``."""
    return params.in_force(NAME, day)


def grounds(day: date) -> dict[str, dict[str, str]]:
    """code → {label, reference}: the grounds of 法第103条第1項 a matter is about."""
    return dict(rule(day).value["grounds"])


def orders(day: date) -> dict[str, dict[str, str]]:
    """code → {label, paper, reference}: the notices and orders of 規程第26条の3."""
    return dict(rule(day).value["orders"])


def results(day: date) -> dict[str, dict[str, Any]]:
    """code → {label, holder, applicant, reference}: the results of a test or a 診断書 (第27条の2)."""
    return dict(rule(day).value["results"])


def outcome(result: str, applicant: bool, day: date) -> dict[str, Any]:
    """What a result leads to: ``opens_case``, the ``kinds`` of disposition offered, with a trace."""
    entry = rule(day)
    table = entry.value["results"]
    if result not in table:
        raise RulesError("invalid_choice", "結果を一覧から選んでください。", "result")
    row = table[result]
    kinds = list(row["applicant" if applicant else "holder"])
    trace = Trace()
    who = "免許試験に合格した者（現に免許を受けていない者）" if applicant else "免許を受けた者"
    trace.add("result", f"{row['label']}（{who}）", row["reference"], assumption=entry.assumption)
    trace.add("outcome", "処分事案を開始しない" if not kinds else "処分事案を開始（処分案: " + "・".join(KIND_LABELS[k] for k in kinds) + "）",
              row["reference"], assumption=entry.assumption)
    return {"result": result, "applicant": applicant, "opens_case": bool(kinds), "kinds": kinds,
            "reference": row["reference"], "trace": trace.as_list()}


def may_record_not_taken(due_on: date, day: date) -> bool:
    """規程第27条の3: 「当該通知に従わず検査を受けないとき」 — known only once the day set has passed."""
    return day > due_on
