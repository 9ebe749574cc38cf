"""The disposition the law prescribes (施行令 第38条, 別表第三; 第33条の2・第33条の4).

Licence holders: ``none`` / ``violator_course`` / ``suspension`` (days) /
``revocation`` (years). Applicants (``applicant: true``): ``deferral`` (days) /
``refusal`` (years) on the same point bands (law-rules §3.4, §16).

- The tables in force on the violation date D apply (the same anchor as the
  points, law-rules §0; the trace says so when the table changed since D).
- When a specified violation is among the counted ones, the whole total is
  judged on the specified table (§3.3). law-rules §14 item 5 leaves the mixed
  case UNCONFIRMED: the assumption is stated in the trace; it reproduces every
  sourced sum of §13 (例2, 例3, 例4, 例7).
- 取消歴 (a revocation or refusal whose 欠格期間 ended within 5 years before D, or
  had not ended) lengthens the period: general 1→3, 2→4, 3/4/5→5 (§16), specified
  the parenthesised column of §3.3.
- 拒否: a band of N years applies only while N years have not passed since D
  (as of ``as_of``), and the 欠格期間 runs from D (§16, 施行令 §33の4①二).
- 保留: the 停止 days of §3.1 (assumption, §16 "still open").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.accumulation import Accumulation, Disposition, Violation
from menkyo.rules.dates import add_years
from menkyo.rules.errors import RulesError
from menkyo.rules.trace import Trace

SUSPENSION_REF = "施行令 第38条第5項第2号, 別表第三; law-rules §3.1"
GENERAL_REF = "施行令 第38条第5項第1号イ, 別表第三; law-rules §3.2"
SPECIFIED_REF = "施行令 第38条第5項第1号ロ, 別表第三; law-rules §3.3"
COURSE_REF = "道路交通法 第102条の2, 第108条の3の2; 施行令 第37条の8; law-rules §3.5"
REFUSAL_REF = "施行令 第33条の2, 第33条の4第1項第2号; law-rules §3.4, §16"


@dataclass(slots=True)
class Decision:
    outcome: dict[str, Any]
    extra: dict[str, Any]


@cache
def _bands(name: str, day: date) -> tuple[params.Entry, dict[int, list[dict[str, Any]]]]:
    entry = params.in_force(name, day)
    by_prior = {int(row["prior"]): list(row["bands"]) for row in entry.value["by_prior"]}
    return entry, by_prior


def _band(name: str, day: date, prior: int, points: int) -> tuple[params.Entry, dict[str, Any] | None, int]:
    """The table ``name`` in force on ``day``, the band of ``points`` in the 前歴 row, and that row."""
    entry, _ = _bands(name, day)
    band, row_prior = _band_in(name, entry.start, prior, points)
    return entry, band, row_prior


@lru_cache(maxsize=4096)
def _band_in(name: str, start: date, prior: int, points: int) -> tuple[dict[str, Any] | None, int]:
    """:func:`_band` in the table that took effect on ``start`` (memoised per table period)."""
    _, by_prior = _bands(name, start)
    row_prior = min(prior, max(by_prior))
    for band in by_prior[row_prior]:
        if points >= band["min"] and (band["max"] is None or points <= band["max"]):
            return band, row_prior
    return None, row_prior


def _note_table_change(name: str, entry: params.Entry, day: date, as_of: date, trace: Trace) -> None:
    """Say so when the table used (in force on the violation date) was revised since."""
    if as_of > day and params.in_force(name, as_of) is not entry:
        trace.add("table_date", f"{name}: 違反日 {day.isoformat()} に施行されていた表を適用した（その後改正あり）。"
                  "処分基準も違反時の表によると仮定した。", "law-rules §0", assumption=True)


def _lowest(name: str, day: date, prior: int) -> int:
    _, by_prior = _bands(name, day)
    return int(by_prior[min(prior, max(by_prior))][0]["min"])


def _prior_label(prior: int, row_prior: int, top: int) -> str:
    return f"前歴{prior}" if row_prior < top or prior == top else f"前歴{prior}（{top}回以上の欄）"


def decide(acc: Accumulation, dispositions: list[Disposition], courses: list[date], applicant: bool,
           as_of: date, trace: Trace, violations: list[Violation] | None = None) -> Decision:
    """The outcome for the accumulated points (contract §1 ``outcome``) and extra facts."""
    if acc.anchor is None or acc.points == 0:
        trace.add("outcome", f"累積点数 {acc.points}点: 処分なし", SUSPENSION_REF)
        return Decision({"action": "none"}, {})
    day = acc.anchor
    points, prior = acc.points, acc.prior
    if acc.includes_specified:
        return _specified(acc, dispositions, applicant, as_of, trace)
    split = (_course_split(acc, violations or acc.counted, dispositions, courses)
             if not applicant and points > 6 and prior == 0 else None)
    entry, band, row_prior = _band("revocation_general", day, prior, points)
    if band is not None:
        if split is not None:
            pending = params.in_force("violator_course_pending", split[0][-1].day)
            trace.add("violator_course", f"{split[0][-1].day.isoformat()} に軽微違反行為のみで6点となり違反者講習の"
                      f"基準に該当したが、その後の違反を含む累積点数 {points}点が取消しの基準に達するため取消しとする"
                      f"［仮定: {pending.note}］", pending.reference, assumption=True)
        _note_table_change("revocation_general", entry, day, as_of, trace)
        years = int(band["years"])
        assumption = [row_prior, years] in entry.value.get("derived_bands", [])
        label = _prior_label(prior, row_prior, 3)
        max_text = f"{band['min']}点以上" if band["max"] is None else f"{band['min']}〜{band['max']}点"
        note = f"［DERIVED: {entry.note}］" if assumption else ""
        trace.add("band" if applicant else "outcome",
                  f"{label}, {points}点（一般違反行為、{max_text}の帯）→ 取消し相当・欠格{years}年{note}",
                  entry.reference, assumption=assumption)
        extended = _history_extension(years, None, acc, dispositions, trace)
        if applicant:
            return _refusal(years, extended, day, as_of, trace)
        return Decision({"action": "revocation", "disqualification_years": extended}, {})
    entry, band, row_prior = _band("suspension_thresholds", day, prior, points)
    label = _prior_label(prior, row_prior, 4)
    if band is None:
        lowest = _lowest("suspension_thresholds", day, prior)
        trace.add("outcome", f"{label}, {points}点は停止の基準（{lowest}点）未満: 処分なし",
                  entry.reference)
        return Decision({"action": "none"}, {})
    days = int(band["days"])
    if not applicant and _violator_course(acc, dispositions, courses, trace):
        return Decision({"action": "violator_course"},
                        {"violator_course": {"points": acc.points, "other_points": 0,
                                             "if_attended": {"action": "none"},
                                             "if_not_attended": {"action": "suspension", "days": days}}})
    if not applicant and split is not None:
        return _pending(acc, split, trace)
    if applicant:
        refusal_rules: dict[str, Any] = params.in_force("refusal_rules", day).value
        trace.add("outcome", f"{label}, {points}点 → 保留{days}日［仮定: {refusal_rules['deferral_days_note']}］",
                  f"{REFUSAL_REF}; {SUSPENSION_REF}", assumption=True)
        return Decision({"action": "deferral", "days": days}, {})
    trace.add("outcome", f"{label}, {points}点 → 停止{days}日", entry.reference)
    return Decision({"action": "suspension", "days": days}, {})


def _violator_course(acc: Accumulation, dispositions: list[Disposition], courses: list[date],
                     trace: Trace) -> bool:
    """違反者講習 notice instead of 30 days (law-rules §3.5)."""
    day = acc.anchor
    assert day is not None
    try:
        entry = params.in_force("violator_course", day)
    except Exception:  # before 1998-10-01 there is no course
        return False
    rule: dict[str, Any] = entry.value
    if acc.points != int(rule["points"]) or acc.prior != 0:
        return False
    limit = int(rule["minor_max_points"])
    not_minor = [v.label for v in acc.counted if v.row.specified or v.basic > limit]
    if not_minor:
        trace.add("violator_course", f"6点だが軽微違反行為（{limit}点以下）以外の違反を含む（{', '.join(not_minor)}）"
                  "ため違反者講習の対象外。", COURSE_REF)
        return False
    start = add_years(day, -int(rule["lookback_years"]))
    recent = [p.label for p in dispositions if start <= p.day <= day]
    recent += [f"{c.isoformat()} 違反者講習" for c in courses if start <= c <= day]
    if recent:
        trace.add("violator_course", f"過去3年以内に処分又は違反者講習（{', '.join(recent)}）があるため違反者講習の対象外。",
                  COURSE_REF)
        return False
    trace.add("violator_course", "前歴0、軽微違反行為のみで累積6点 → 違反者講習の通知（受講すれば停止なし・前歴にならず、"
              f"6点は累積しない。受講しなければ停止{rule['suspension_if_not_attended_days']}日）",
              entry.reference)
    trace.add("outcome", "違反者講習の通知", COURSE_REF)
    return True


def _course_split(acc: Accumulation, violations: list[Violation], dispositions: list[Disposition],
                  courses: list[date]) -> tuple[list[Violation], list[Violation]] | None:
    """The day the points first reached a disposition threshold, if they reached exactly 6 then
    through minor violations only with no 停止 or course in the 3 years before (the 違反者講習
    notice), and later counted violations followed ("other points", law-rules §3.5): the
    violations of the notice and the later ones. Each day is judged on its own 3-year window.
    ``None`` when there is no such day before the last violation."""
    if not violations:
        return None
    try:
        rule: dict[str, Any] = params.in_force("violator_course", violations[0].day).value
    except RulesError:  # before 1998-10-01 there is no course
        return None
    target, limit = int(rule["points"]), int(rule["minor_max_points"])
    live = [v for v in violations if not v.dropped]
    last = acc.counted[-1].day
    for position, v in enumerate(live):
        if position + 1 < len(live) and live[position + 1].day == v.day:
            continue  # judge a day once, after all its violations
        if v.day >= last:
            return None
        start = add_years(v.day, -int(rule["lookback_years"]))
        inside = [u for u in live[:position + 1] if u.day >= start]
        total = sum(u.points for u in inside)
        if total < target:
            continue
        if total > target or any(u.row.specified or u.basic > limit for u in inside):
            return None  # the first threshold reached is not the course's
        if any(start <= p.day <= v.day for p in dispositions) or any(start <= c <= v.day for c in courses):
            return None
        others = [u for u in acc.counted if u.day > v.day]
        return (inside, others) if others else None
    return None


def _pending(acc: Accumulation, split: tuple[list[Violation], list[Violation]], trace: Trace) -> Decision:
    """違反者講習 notice with other points pending: not attended → their normal days + 30 (law-rules §3.5)."""
    course, others = split
    day = acc.anchor
    assert day is not None
    reached = course[-1].day
    entry = params.in_force("violator_course_pending", reached)
    added = int(entry.value["added_days"])
    other_points = sum(v.points for v in others)
    _, band, _ = _band("suspension_thresholds", day, acc.prior, other_points)
    normal = int(band["days"]) if band is not None else 0
    attended: dict[str, Any] = {"action": "suspension", "days": normal} if normal else {"action": "none"}
    trace.add("violator_course",
              f"{reached.isoformat()} に軽微違反行為のみで累積6点（{', '.join(v.label for v in course)}）→ "
              f"違反者講習の通知。その後の違反 {', '.join(v.label for v in others)} の{other_points}点は別に数える: "
              f"受講すれば6点は累積せず{other_points}点で"
              + (f"停止{normal}日" if normal else "処分なし")
              + f"、受講しなければ通常の停止期間{normal}日に{added}日を加えて停止{normal + added}日"
              f"［仮定: {entry.note}］", entry.reference, assumption=True)
    trace.add("outcome", "違反者講習の通知（他の違反の点数あり）", COURSE_REF)
    return Decision({"action": "violator_course"},
                    {"violator_course": {"points": sum(v.points for v in course), "other_points": other_points,
                                         "if_attended": attended,
                                         "if_not_attended": {"action": "suspension", "days": normal + added}}})


def _history_extension(years: int, with_history: int | None, acc: Accumulation,
                       dispositions: list[Disposition], trace: Trace) -> int:
    """取消歴: a previous 欠格期間 that ended within 5 years before D (or had not ended)."""
    day = acc.anchor
    assert day is not None
    entry = params.in_force("revocation_history_extension", day)
    lookback = int(entry.value["lookback_years"])
    history = None
    for p in dispositions:
        if p.kind not in ("revocation", "refusal") or p.day >= day:
            continue
        end = add_years(p.day, p.years)
        if day <= add_years(end, lookback):
            history = (p, end)
    if history is None:
        return years
    p, end = history
    if with_history is not None:
        extended = with_history
        reference = f"{SPECIFIED_REF}（括弧内の期間）"
        assumption = False
        note = ""
    else:
        mapping: dict[int, int] = entry.value["general"]
        extended = int(mapping.get(years, years))
        reference = f"{entry.reference}; {GENERAL_REF}"
        assumption = True
        note = f"［DERIVED: {entry.note}］"
    refusal = "（拒否の欠格期間は拒否の日から数えると仮定）" if p.kind == "refusal" else ""
    trace.add("revocation_history", f"取消歴あり: {p.label} の欠格期間は {end.isoformat()} 頃まで{refusal}で、"
              f"違反日 {day.isoformat()} はその終了後{lookback}年以内 → 欠格{years}年を{extended}年とする{note}",
              reference, assumption=assumption or p.kind == "refusal")
    return extended


def _specified(acc: Accumulation, dispositions: list[Disposition], applicant: bool, as_of: date,
               trace: Trace) -> Decision:
    day = acc.anchor
    assert day is not None
    entry, band, row_prior = _band("revocation_specified", day, acc.prior, acc.points)
    mixed = any(not v.row.specified for v in acc.counted)
    label = _prior_label(acc.prior, row_prior, 3)
    if band is None:  # cannot happen with 35+ points, kept for safety
        trace.add("outcome", f"{label}, {acc.points}点は特定違反行為の基準未満: 処分なし", SPECIFIED_REF)
        return Decision({"action": "none"}, {})
    years = int(band["years"])
    if mixed:
        trace.add("specified_table", "一般違反行為と特定違反行為の点数を合計し、特定違反行為の表で判定した"
                  "（両表の関係は未確認: law-rules §14 item 5。§13 の例2〜4・例7と一致する扱い）。",
                  SPECIFIED_REF, assumption=True)
    max_text = f"{band['min']}点以上" if band["max"] is None else f"{band['min']}〜{band['max']}点"
    trace.add("band" if applicant else "outcome",
              f"{label}, {acc.points}点（特定違反行為、{max_text}の帯）→ 取消し相当・欠格{years}年",
              entry.reference)
    extended = _history_extension(years, int(band["with_history"]), acc, dispositions, trace)
    if applicant:
        return _refusal(years, extended, day, as_of, trace, specified=True)
    return Decision({"action": "revocation", "disqualification_years": extended}, {})


def _refusal(band_years: int, years: int, day: date, as_of: date, trace: Trace,
             specified: bool = False) -> Decision:
    """拒否 for applicants: only while the band's years have not passed since the violation."""
    rules: dict[str, Any] = params.in_force("refusal_rules", day).value
    limit = add_years(day, band_years)
    if as_of >= limit:
        note = f"［仮定: {rules['specified_band_limit_note']}］" if specified else ""
        trace.add("outcome", f"{band_years}年の帯の違反は違反日 {day.isoformat()} から{band_years}年（{limit.isoformat()}）"
                  f"を経過しているため拒否の対象外: 処分なし{note}", REFUSAL_REF, assumption=specified)
        return Decision({"action": "none"}, {})
    until = add_years(day, years) - timedelta(days=1)
    note = f"［仮定: {rules['specified_band_limit_note']}］" if specified else ""
    trace.add("outcome", f"受験者（申請者）のため取消しに代えて拒否・欠格{years}年。欠格期間は違反日 {day.isoformat()} "
              f"から起算（{until.isoformat()} まで）。{note}", REFUSAL_REF, assumption=specified)
    return Decision({"action": "refusal", "disqualification_years": years},
                    {"disqualification": {"from": day.isoformat(), "until": until.isoformat()}})
