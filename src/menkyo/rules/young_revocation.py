"""若年運転者期間に係る免許の取消し (規程第41条の2の2; 道路交通法第104条の2の4) and the 取消手配 of
規程第41条の2第2項・第41条の2の2第2項 (``params/young_revocation.yaml``; UNCONFIRMED where noted there).

- **Which kinds** (:func:`revoked_kinds`): the 特例取得免許 (法第102条の3 — 大型・中型・第二種 obtained through the
  受験資格特例) the person holds are revoked, except 中型 for one who was 20 or older on the day the criterion was
  met (法第104条の2の4第1項・第2項 parenthesis). The other kinds are kept (規程第41条の2の2第1項後段: a card of them).
- **The 手配** (:func:`alert_due_from`): one who has not appeared at the 意見の聴取 30 days after its notice arrived
  is registered (初心運転者取消手配 / 若年運転者取消手配, 「速やかに」) — the first day that is so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import age_on


@dataclass(frozen=True, slots=True)
class Revoked:
    """The kinds revoked and the special kinds kept (with why), and the rule's reference."""

    revoked: tuple[str, ...]
    spared: tuple[tuple[str, str], ...]  # (kind, reason)
    reference: str
    assumption: bool


def rule(day: date) -> params.Entry:
    return params.in_force("young_revocation", day)


def revoked_kinds(special: list[str], birth_date: date, met_on: date) -> Revoked:
    """The 特例取得免許 among ``special`` (the kinds the 若年運転者期間 findings name) to revoke, for one born on
    ``birth_date`` whose criterion was met on ``met_on`` (法第104条の2の4第1項・第2項)."""
    entry = rule(met_on)
    value: dict[str, Any] = entry.value
    age = age_on(birth_date, met_on)
    revoked, spared = [], []
    for kind in dict.fromkeys(special):
        if kind not in value["special_kinds"]:
            spared.append((kind, f"{kind}は受験資格特例により受けることのできる種類ではありません"))
            continue
        limit = value["kept_from_age"].get(kind)
        if limit is not None and age >= int(limit):
            spared.append((kind, f"基準に該当した日（{met_on.isoformat()}）に{limit}歳に達していたため{kind}は取り消さない"))
            continue
        revoked.append(kind)
    return Revoked(tuple(revoked), tuple(spared), entry.reference, entry.assumption)


def alert_due_from(notice_arrived: date) -> date:
    """規程第41条の2第2項・第41条の2の2第2項: the first day on which 30 days have passed since the 意見の聴取's
    notice arrived on ``notice_arrived`` (counted from the next day: the 31st day after it; UNCONFIRMED)."""
    value: dict[str, Any] = rule(notice_arrived).value
    days = int(value["alert_after_days"])
    return notice_arrived + timedelta(days=days if value["first_day_counted"] else days + 1)
