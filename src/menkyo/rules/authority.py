"""Who decides a disposition and what must come before it (規程第31条; 法第104条; ``params/authority.yaml``).

Input::

    {"as_of",                          # the day of the proposal (the tables in force then)
     "kind",                           # revocation 取消 | suspension 停止 | refusal 拒否 | deferral 保留
                                       # | driving_ban 運転禁止 | provisional_revocation 仮免許の取消し
                                       # | interim_suspension 暫定停止 (法第104条の2の3)
     "ground"?,                        # with revocation: points (default) | retest_failed 再試験不合格
                                       # | retest_absent 再試験未受験 (法第100条の2, 規程第41条の2)
     "days"?,                          # 停止・保留・運転禁止 days (required for suspension)
     "points_based"?,                  # true (default): under the point system (法103①五)
     "commission"?,                    # commission code (its own 90-day period, 法104① parenthesis)
     "notice_served"?,                 # the day the hearing notice is (to be) served
     "public_service"?}                # true: served by 公示送達

What the law says:

- **Authority** (規程第31条): 取消, 拒否 and 運転禁止 are decided by the 公安委員会 (第31条第1項
  「公安委員会が自ら…決定するもの」, 第31条第2項, 第27条第2項); a 停止 of the threshold (90 days) or
  more by the 本部長 or 交通部長, under it by the 免許課長; a 保留 by the 免許課長 (UNCONFIRMED).
- **Procedure** (法第104条, 第104条の2, procedures A.0): a points 取消 or 停止 of the threshold or more
  → 意見の聴取 (公開, 公示); non-points → 聴聞; non-points 停止 under the threshold → 弁明の機会の付与;
  points 停止 under the threshold → no hearing, an 出頭通知書; 拒否・保留 → 弁明 (法90④, UNCONFIRMED);
  運転禁止 → 意見の聴取 (法107条の5④).
- **暫定停止** (``interim_suspension``, 法第104条の2の3): the 公安委員会 decides (第1項, procedures A.0 line 54) and
  the 弁明 comes within 5 days *after* it (第2項): ``hearing_at`` ``after_disposition``, no notice period
  (UNCONFIRMED).
- **仮免許の取消し** (``provisional_revocation``, 規程第41条; the statute's article — 道路交通法第106条 as
  read here — is not in the sources: UNCONFIRMED): the 免許課長 decides (規程第41条第2項) and the 弁明 is
  taken when the 仮運転免許取消し処分通知書 is handed over (the 弁明調書 of 第41条第3項第2号): ``hearing_at``
  ``at_service`` (UNCONFIRMED that no 弁明 must come before the decision).
- **再試験** (``ground``, 規程第41条の2; 法第100条の2, 第104条の2の2 as procedures A.0 derives them): a failed
  再試験 is revoked at once, without a hearing (``immediate``); a 再試験 not taken is revoked after an
  意見の聴取. Both are 取消 decided by the 公安委員会 (規程第31条; UNCONFIRMED for the immediate one, whose
  decision the regulation leaves to the 試験場長's execution).
- **Notice**: at least 7 days before the hearing (「一週間前までに」), 14 when served by 公示送達
  (法104条の2②). Given ``notice_served``, ``earliest_hearing`` is the first allowed hearing day.

Output: ``authority`` (``section_head`` 免許課長 / ``hq`` 交通部長・本部長 / ``commission``
公安委員会), ``hearing`` (``opinion_hearing`` / ``formal_hearing`` / ``explanation`` / ``none``),
``summons`` (出頭通知書 instead of a hearing), ``hearing_at`` (``before_decision`` / ``at_service`` / ``after_disposition`` / null),
``immediate`` (executed at once without a hearing: a failed 再試験), ``public_announcement`` (公示 required),
``threshold_days``, ``notice_days``, ``earliest_hearing`` (or null), ``whereabouts_unknown_days``
and ``trace``. Every value from ``params/authority.yaml`` (UNCONFIRMED, marked in the trace).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_choice, parse_date, parse_int, require_mapping
from menkyo.rules.trace import Trace

KINDS = ("revocation", "suspension", "refusal", "deferral", "driving_ban", "provisional_revocation",
         "interim_suspension")
KIND_LABELS = {"revocation": "取消", "suspension": "停止", "refusal": "拒否", "deferral": "保留",
               "driving_ban": "運転禁止", "provisional_revocation": "仮免許の取消し", "interim_suspension": "暫定停止"}
GROUNDS = ("points", "retest_failed", "retest_absent")
GROUND_LABELS = {"points": "", "retest_failed": "（再試験不合格）", "retest_absent": "（再試験未受験）"}
AUTHORITIES = ("section_head", "hq", "commission")
AUTHORITY_LABELS = {"section_head": "免許課長", "hq": "交通部長・本部長", "commission": "公安委員会"}
HEARINGS = ("opinion_hearing", "formal_hearing", "explanation", "none")
HEARING_LABELS = {"opinion_hearing": "意見の聴取", "formal_hearing": "聴聞", "explanation": "弁明の機会の付与",
                  "none": "なし（出頭通知書）"}
AUTHORITY_REF = "規程第31条, 第27条第2項"
HEARING_REF = "道路交通法 第104条第1項, 第104条の2, 第90条第4項, 第107条の5第4項"
NOTICE_REF = "道路交通法 第104条第1項, 第104条の2第2項"
SOURCE = "procedures §A.0, §A.1"


def _flag(value: Any, path: str, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise RulesError("invalid_input", f"{path} は true または false です。", path)
    return value


def threshold_days(rule: dict[str, Any], commission: str) -> int:
    """The commission's period (法104① parenthesis) or the statute's 90 days."""
    own = (rule.get("commission_threshold_days") or {}).get(commission)
    return int(own) if own is not None else int(rule["threshold_days"])


def _commission(value: Any) -> str:
    if value is None or value == "":
        return ""
    codes = params.table("commissions").rows
    if not isinstance(value, str) or value not in codes:
        raise RulesError("unknown_commission", f"公安委員会コード {value!r} はありません。", "commission")
    return value


def decide_authority(kind: str, days: int | None, threshold: int) -> str:
    """規程第31条: 取消・拒否・運転禁止 → 公安委員会; 停止 ≥ threshold → 交通部長・本部長; else 免許課長
    (and the 仮免許の取消し, 規程第41条第2項)."""
    if kind == "provisional_revocation":
        return "section_head"
    if kind in ("revocation", "refusal", "driving_ban", "interim_suspension"):  # 暫定停止: 法第104条の2の3第1項
        return "commission"
    if kind == "suspension" and days is not None and days >= threshold:
        return "hq"
    return "section_head"


def decide_hearing(kind: str, days: int | None, threshold: int, points_based: bool) -> str:
    """法104条・104条の2・90条④・107条の5④: which hearing comes before the disposition (the 仮免許の取消し:
    a 弁明, 規程第41条第3項第2号)."""
    if kind in ("refusal", "deferral", "provisional_revocation", "interim_suspension"):
        return "explanation"
    if kind == "driving_ban":
        return "opinion_hearing"
    heavy = kind == "revocation" or (days is not None and days >= threshold)
    if points_based:
        return "opinion_hearing" if heavy else "none"
    return "formal_hearing" if heavy else "explanation"


def authority_json(data: dict[str, Any]) -> dict[str, Any]:
    """Who decides the proposed disposition, the hearing before it and the notice period."""
    data = require_mapping(data, "")
    day = parse_date(data.get("as_of"), "as_of")
    assert day is not None
    kind = parse_choice(data.get("kind"), KINDS, "kind")
    days = None if data.get("days") is None else parse_int(data.get("days"), "days", minimum=1)
    if kind == "suspension" and days is None:
        raise RulesError("missing_field", "停止の日数（days）を入力してください。", "days")
    ground = parse_choice(data.get("ground") or "points", GROUNDS, "ground")
    if ground != "points" and kind != "revocation":
        raise RulesError("invalid_value", "再試験を理由とする処分は取消しだけです。", "ground")
    points_based = _flag(data.get("points_based"), "points_based", True)
    public_service = _flag(data.get("public_service"), "public_service", False)
    served = parse_date(data.get("notice_served"), "notice_served", required=False)
    commission = _commission(data.get("commission"))
    entry = params.in_force("authority", day)
    rule, assumption = entry.value, entry.assumption
    threshold = threshold_days(rule, commission)
    trace = Trace()
    label = KIND_LABELS[kind] + (f"{days}日" if days is not None else "")
    trace.add("threshold", f"基準の日数 {threshold}日" + (f"（公安委員会コード{commission}）" if commission else ""),
              f"{HEARING_REF}; {SOURCE}", assumption=assumption)
    authority = decide_authority(kind, days, threshold)
    trace.add("authority", f"{label}の決定権者: {AUTHORITY_LABELS[authority]}", f"{AUTHORITY_REF}; {SOURCE}",
              assumption=assumption)
    hearing = decide_hearing(kind, days, threshold, points_based)
    trace.add("hearing", f"{'点数制度による' if points_based else '点数制度によらない'}{label}: "
              f"{HEARING_LABELS[hearing]}", f"{HEARING_REF}; {SOURCE}", assumption=assumption)
    hearing, hearing_at = _special(kind, ground, hearing, rule, trace, assumption)
    notice = int(rule["public_service_notice_days" if public_service else "notice_days"])
    earliest = None
    prior = hearing != "none" and hearing_at != "after_disposition"  # 暫定停止: the 弁明 follows it
    if prior:
        earliest = served + timedelta(days=notice) if served else None
        trace.add("notice", f"通知は期日の{notice}日前まで" + ("（公示送達）" if public_service else "") + (
            f": 通知 {served.isoformat()} → 期日は {earliest.isoformat()} 以降" if served and earliest else ""),
            f"{NOTICE_REF}; {SOURCE}", assumption=assumption)
    return {"kind": kind, "days": days, "points_based": points_based, "authority": authority,
            "ground": ground, "hearing": hearing, "hearing_at": hearing_at, "immediate": ground == "retest_failed",
            "summons": hearing == "none" and ground != "retest_failed",
            "public_announcement": hearing in ("opinion_hearing", "formal_hearing"),
            "threshold_days": threshold, "notice_days": notice if prior else None,
            "earliest_hearing": earliest.isoformat() if earliest else None,
            "whereabouts_unknown_days": int(rule["whereabouts_unknown_days"]), "trace": trace.as_list()}


def _special(kind: str, ground: str, hearing: str, rule: dict[str, Any], trace: Trace,
             assumption: bool) -> tuple[str, str | None]:
    """The 仮免許の取消し (弁明 at the handing-over) and the 再試験's 取消 (at once when failed, after an
    意見の聴取 when not taken): the hearing and when it comes (``params/authority.yaml``)."""
    if kind == "provisional_revocation":
        own = rule["provisional_revocation"]
        trace.add("provisional_revocation", f"仮免許の取消し: {AUTHORITY_LABELS[own['authority']]}が決定し、"
                  f"{HEARING_LABELS[own['hearing']]}は処分通知書の交付の際（弁明調書）", own["reference"],
                  assumption=assumption)
        return own["hearing"], own["hearing_at"]
    if kind == "interim_suspension":
        own = rule["interim_suspension"]
        trace.add("interim_suspension", f"暫定停止: {AUTHORITY_LABELS[own['authority']]}が決定し、"
                  f"{HEARING_LABELS[own['hearing']]}は処分をした日から起算して5日以内（処分の後）", own["reference"],
                  assumption=assumption)
        return own["hearing"], own["hearing_at"]
    if ground == "points":
        return hearing, (None if hearing == "none" else "before_decision")
    own = rule["retest"][ground]
    trace.add("retest", f"取消{GROUND_LABELS[ground]}: {HEARING_LABELS[own['hearing']]}"
              + ("、直ちに執行（取消処分書の交付）" if ground == "retest_failed" else ""), own["reference"],
              assumption=assumption)
    return own["hearing"], (None if own["hearing"] == "none" else "before_decision")


def whereabouts_unknown_from(announced: date, day: date) -> date:
    """法第104条第4項: the first day on which 30 days have passed since the 公示 (``announced``) —
    counted from the next day (初日不算入), so the day after the 30th (in force on ``day``)."""
    rule = params.in_force("authority", day).value
    return announced + timedelta(days=int(rule["whereabouts_unknown_days"]) + 1)


def first_allowed_hearing(served: date, public_service: bool, day: date) -> date:
    """The first day a hearing may be held after a notice served on ``served`` (in force on ``day``)."""
    rule = params.in_force("authority", day).value
    return served + timedelta(days=int(rule["public_service_notice_days" if public_service else "notice_days"]))
