"""累積点数 and 前歴 (law-rules §2.1 R1–R6, §2.2, §2.3 with the §16 closures).

The evaluation anchor ``D`` is the date of the newest violation (law-rules
§2.3); 前歴 and the 3-year window are counted back from it (§16: 施行令 §37の8).

- R1 window: violations dated on or after the same date 3 years before D.
  (Day counting: the period of 3 years ends on the day 3 years before D, which
  is inside the window — 民法 §140/§143 counted backwards. Stated in the trace
  as an assumption when an event falls exactly on that day.)
- R2 1-year clean rule: for each violation day ``n``, the clean period starts at
  the previous violation or at the end of a disposition begun before ``n``,
  whichever is later, and counts only days strictly between, licensed and not
  suspended (R6). With 1 year or more (the day after the anniversary or later),
  earlier points **and** 前歴 are dropped (§16: 取消 history too).
- R3 disposed points: a 停止/保留 drops the violations before its start unless
  a violation was committed during it; a 取消/拒否 drops them (assumption: the
  sources state R3 for 停止; a revocation ends the licence the points were on).
- R5 attended 違反者講習: the violations before it are dropped (not 前歴).
- R4 2-year / 3-month rule: a lone minor violation (general, ≤3 points, no
  accident) after 2 years without violations and with 2 years licensed in the
  3 years before it is dropped when the next 3 months pass without violations
  (up to ``as_of`` for the newest one).
- 前歴: 停止・取消・保留・拒否 started in [D−3y, D] and not dropped by R2.

Dates are handled as ordinals for speed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import add_years, months_after
from menkyo.rules.points import ViolationRow
from menkyo.rules.trace import Trace

REFERENCE = "施行令 別表第二 備考一; law-rules §2.1"
PRIOR_REFERENCE = "施行令 第37条の8, 別表第三 備考; law-rules §2.2, §16"
DISPOSITION_LABELS = {"suspension": "停止", "revocation": "取消", "refusal": "拒否", "deferral": "保留",
                      "danger_suspension": "停止（危険性帯有）"}
# Dispositions that run for days (停止・保留, and the non-point 危険性帯有 停止, 法 §103①八).
DAY_KINDS = ("suspension", "deferral", "danger_suspension")
# Time under these is not clean time (R2) and lengthens the 初心運転者期間.
SUSPENSION_KINDS = ("suspension", "danger_suspension")


@dataclass(slots=True)
class Violation:
    """One counted-or-not violation (the ひき逃げ addition is its own entry)."""

    index: int
    day: date
    ordinal: int
    row: ViolationRow
    points: int
    basic: int
    has_accident: bool
    vehicle: str | None
    label: str  # "YYYY-MM-DD code", as in counted_events
    dropped: str = ""  # why it is not counted ("" = counted so far)

    @property
    def minor(self) -> bool:
        """軽微違反行為 (施行令 §37の8①): a general violation of 3 points or less."""
        return not self.row.specified and self.basic <= 3


@dataclass(slots=True)
class Disposition:
    """An executed 停止・取消・拒否・保留."""

    index: int
    kind: str
    day: date
    ordinal: int
    days: int = 0  # 停止/保留 length (after any course reduction)
    years: int = 0  # 取消/拒否 欠格期間
    end: int = 0  # last day (ordinal) of the 停止/保留; the start day for 取消/拒否
    prior: bool = True  # counts as 前歴 (a 危険性帯有 停止 per its parameter, an assumption)

    @property
    def label(self) -> str:
        amount = f"{self.days}日" if self.kind in DAY_KINDS else f"{self.years}年"
        return f"{self.day.isoformat()} {DISPOSITION_LABELS[self.kind]}{amount}"


@dataclass(slots=True)
class Timeline:
    """Days that are not clean time: unlicensed, or under 停止 (merged, inclusive ordinals)."""

    unlicensed: list[tuple[int, int]]
    not_clean: list[tuple[int, int]]
    suspended: list[tuple[int, int]]


def merge(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if len(intervals) < 2:
        return intervals
    intervals = sorted(intervals)
    merged = [intervals[0]]
    for start, end in intervals[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end + 1:
            if end > last_end:
                merged[-1] = (last_start, end)
        else:
            merged.append((start, end))
    return merged


def overlap(intervals: list[tuple[int, int]], low: int, high: int) -> int:
    """Days of ``intervals`` within [low, high]."""
    total = 0
    for start, end in intervals:
        if end < low:
            continue
        if start > high:
            break
        total += min(end, high) - max(start, low) + 1
    return total


@dataclass(slots=True)
class Accumulation:
    anchor: date | None
    points: int
    prior: int
    counted: list[Violation]
    includes_specified: bool
    window_start: date | None
    reset: date | None = None
    priors: list[Disposition] = field(default_factory=list)


@cache
def rule(day: date) -> params.Entry:
    return params.in_force("accumulation", day)


def accumulate(violations: list[Violation], dispositions: list[Disposition], courses: list[date],
               timeline: Timeline, as_of: date, trace: Trace) -> Accumulation:
    """Apply R1–R5 and count 前歴 at the newest violation (``violations`` sorted by date)."""
    if not violations:
        trace.add("accumulation", "違反行為がないため累積点数は0点、処分の判定はありません。", REFERENCE)
        return Accumulation(None, 0, 0, [], False, None)
    anchor = violations[-1].day
    anchor_iso = anchor.isoformat()
    d_ord = anchor.toordinal()
    values: dict[str, Any] = rule(anchor).value
    window_start = add_years(anchor, -int(values["window_years"]))
    w_ord = window_start.toordinal()
    ordinals = [v.ordinal for v in violations]  # sorted: slices by date are found by bisection
    days = sorted(set(ordinals))

    reset = _clean_reset(days, dispositions, timeline, int(values["clean_years"]), trace)
    _disposed(violations, ordinals, dispositions, courses, trace)
    if reset is not None:
        for v in violations[:bisect_left(ordinals, reset)]:
            if not v.dropped:
                v.dropped = "R2"
    _minor_rule(violations, timeline, as_of, values, trace)

    first = bisect_left(ordinals, w_ord)  # the first violation inside the window
    outside = [v.label for v in violations[:first] if not v.dropped]
    counted = [v for v in violations[first:] if not v.dropped]
    boundary = ordinals[first] == w_ord
    if outside:
        trace.add("window", f"過去3年（{window_start.isoformat()}〜{anchor_iso}）より前の違反は数えない: "
                  f"{', '.join(outside)}", f"{REFERENCE} R1")
    priors: list[Disposition] = []
    prior_boundary = False
    for p in dispositions:
        if p.prior and w_ord <= p.ordinal <= d_ord and (reset is None or p.ordinal >= reset):
            priors.append(p)
            prior_boundary = prior_boundary or p.ordinal == w_ord
    if boundary or prior_boundary:
        trace.add("window", f"{window_start.isoformat()}（{anchor_iso}の3年前の応当日）の事案は、"
                  "期間の末日として3年以内に含めた。", f"{REFERENCE} R1; 民法 第140条, 第143条",
                  assumption=True)
    points = 0
    includes_specified = False
    pieces: list[str] = []
    for v in counted:
        points += v.points
        includes_specified = includes_specified or v.row.specified
        pieces.append(f"{v.label} {v.points}点")
    listing = " + ".join(pieces) or "なし"
    trace.add("accumulation", f"{anchor_iso} 時点の累積点数: {listing} = {points}点"
              f"（特定違反行為を{'含む' if includes_specified else '含まない'}）", f"{REFERENCE} R1–R5")
    if priors:
        listing = ", ".join([p.label for p in priors])
        trace.add("prior_dispositions", f"前歴 {len(priors)}回（違反日 {anchor_iso} から遡って3年以内: {listing}）",
                  PRIOR_REFERENCE)
    else:
        trace.add("prior_dispositions", f"前歴 0回（違反日 {anchor_iso} から遡って3年以内の処分なし）",
                  PRIOR_REFERENCE)
    return Accumulation(anchor, points, len(priors), counted, includes_specified, window_start,
                        date.fromordinal(reset) if reset is not None else None, priors)


def _clean_reset(days: list[int], dispositions: list[Disposition], timeline: Timeline,
                 clean_years: int, trace: Trace) -> int | None:
    """R2: the last violation day before which 1 year of licensed, unsuspended clean time lies."""
    reset: int | None = None
    found: tuple[int, int] | None = None
    previous: int | None = None
    for day in days:
        # The clean period starts at ``previous`` or later, so a shorter gap cannot hold a year.
        if previous is None or day - previous - 1 >= 365:
            start = _clean_start(previous, day, dispositions)
            if start is not None and day - start - 1 >= 365:
                need = add_years(date.fromordinal(start), clean_years).toordinal() - start
                clean = day - start - 1 - overlap(timeline.not_clean, start + 1, day - 1)
                if clean >= need:
                    reset = day
                    found = (start, clean)
        previous = day
    if reset is not None and found is not None:
        start, clean = found
        trace.add(
            "clean_reset",
            f"{date.fromordinal(start).isoformat()} の後 {date.fromordinal(reset).isoformat()} まで無違反・無事故の"
            f"免許保有期間（停止期間と無免許期間を除く）が {clean}日（1年以上）あるため、それより前の点数と前歴は数えない。",
            f"{REFERENCE} R2, R6; law-rules §16",
        )
    return reset


def _clean_start(previous: int | None, day: int, dispositions: list[Disposition]) -> int | None:
    """Where R2's clean period before ``day`` starts: the previous violation or the end of a
    disposition begun before ``day``, whichever is later (``None``: neither exists)."""
    start = previous
    for p in dispositions:
        if p.ordinal < day and (start is None or p.end > start):
            start = p.end
    return start


def _disposed(violations: list[Violation], ordinals: list[int], dispositions: list[Disposition],
              courses: list[date], trace: Trace) -> None:
    """R3 (points a disposition was based on) and R5 (attended 違反者講習).

    ``ordinals`` are the violations' days, in the same (date) order.
    """
    latest: Disposition | None = None
    for p in dispositions:
        if p.kind == "danger_suspension":
            continue  # not based on points: it disposes of none (an assumption, danger_suspension.yaml)
        if p.kind in ("suspension", "deferral"):
            during = violations[bisect_left(ordinals, p.ordinal):bisect_right(ordinals, p.end)]
            if during:
                trace.add("disposed", f"{p.label} の期間中に違反（{', '.join([v.label for v in during])}）があるため、"
                          "その処分前の点数は後の点数に加算される。", f"{REFERENCE} R3")
                continue
        if latest is None or p.ordinal > latest.ordinal:
            latest = p
    if latest is not None:
        dropped = [v for v in violations[:bisect_left(ordinals, latest.ordinal)] if not v.dropped]
        for v in dropped:
            v.dropped = "R3"
        if dropped:
            revocation = latest.kind in ("revocation", "refusal")
            why = ("取消・拒否の処分で点数は清算されたものと仮定した（資料は停止について述べる）。"
                   if revocation else "処分期間中に違反がないため後の点数に加算しない（前歴としては数える）。")
            trace.add("disposed", f"{latest.label} より前の違反 {', '.join([v.label for v in dropped])} は処分済み: {why}",
                      f"{REFERENCE} R3", assumption=revocation)
    if courses:
        last = max(courses)
        dropped = [v for v in violations[:bisect_left(ordinals, last.toordinal())] if not v.dropped]
        for v in dropped:
            v.dropped = "R5"
        if dropped:
            trace.add("violator_course_attended",
                      f"{last.isoformat()} に違反者講習を受講したため、それより前の違反"
                      f" {', '.join([v.label for v in dropped])} の点数は累積しない（前歴にもならない）。",
                      "道路交通法 第102条の2; 施行令 第37条の8; law-rules §2.1 R5, §3.5")


def _minor_rule(violations: list[Violation], timeline: Timeline, as_of: date, values: dict[str, Any],
                trace: Trace) -> None:
    """R4: a lone minor violation after 2 clean years, followed by 3 clean months."""
    clean_years = int(values["minor_clean_years"])
    licensed_years = int(values["minor_licensed_years"])
    grace = int(values["minor_grace_months"])
    limit = int(values["minor_max_points"])
    as_of_ord = as_of.toordinal()
    last = len(violations) - 1
    for position, v in enumerate(violations):
        if v.dropped or v.row.specified or v.has_accident or v.points > limit:
            continue
        day = v.ordinal
        # The neighbours in date order are the previous and the following violation days.
        previous = violations[position - 1].ordinal if position else None
        following = violations[position + 1].ordinal if position < last else None
        if previous == day or following == day:
            continue  # not the only violation of its day
        if previous is not None and (day - previous < 365 * clean_years
                                     or day <= add_years(date.fromordinal(previous), clean_years).toordinal()):
            continue
        low_day = add_years(v.day, -3)
        low = low_day.toordinal()
        licensed = day - low - overlap(timeline.unlicensed, low, day - 1)
        if licensed < add_years(low_day, licensed_years).toordinal() - low:
            continue
        grace_end = months_after(v.day, grace)
        if following is not None:
            if following <= grace_end.toordinal():
                continue
        elif as_of_ord <= grace_end.toordinal():
            trace.add("minor_exclusion", f"{v.label} は2年以上無違反の後の軽微違反だが、3か月（{grace_end.isoformat()}まで）"
                      "がまだ経過していないため数える。", f"{REFERENCE} R4")
            continue
        v.dropped = "R4"
        trace.add("minor_exclusion", f"{v.label}（{v.points}点）は2年以上無違反・無事故の後の軽微違反で、"
                  f"{grace_end.isoformat()} まで3か月間違反がなかったため点数に数えない（違反の記録は残る）。",
                  f"{REFERENCE} R4")
