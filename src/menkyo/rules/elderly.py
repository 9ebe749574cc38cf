"""Which 高齢者講習・認知機能検査・運転技能検査 results count for a renewal (law-rules §5.3).

A result counts when it was taken inside the period before the last day of the renewal
window (更新期間満了日) that ``params/elderly_requirements.yaml`` row ``result_period``
gives (6 months; UNCONFIRMED for the two tests) and on or before that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from menkyo.rules import params
from menkyo.rules.dates import months_after


@dataclass(frozen=True, slots=True)
class ResultPeriod:
    """The days on which a result counts for a renewal whose window ends on ``end``."""

    start: date
    end: date
    reference: str
    assumption: bool


def result_period(window_end: date, day: date) -> ResultPeriod:
    """The period for a renewal applied for on ``day`` whose window ends on ``window_end``."""
    row = params.table("elderly_requirements").rows["result_period"]
    entry = row["rule"].at(day)
    start = months_after(window_end, -int(entry.value["months_before_window_end"]))
    return ResultPeriod(start, window_end, entry.reference, entry.status != "confirmed")
