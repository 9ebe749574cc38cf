"""Eligibility to apply for a licence kind (受験資格), law-rules §6.2 and §4.2.

Input ``{"date", "birth_date", "kind", "licences": [{kind, acquired}],
"special_course": bool}``; output ``{"eligible", "reasons", "route", "age",
"trace"}``. ``reasons`` are stable codes (the Japanese explanation is in the
trace):

- ``kind_not_introduced`` — the kind did not exist yet on ``date`` (中型
  2007-06-02, 準中型 2017-03-12: ``introduced`` in params/licence_kinds.yaml);
  a date before any rule of another kind is the error ``no_table_in_force``;
- ``already_held`` — the person already holds this kind;
- ``under_age`` — below the minimum age (and the 特例 route does not apply);
- ``insufficient_experience`` — not enough years of the licences that count;
- ``prerequisite_missing`` — a licence that must be held is missing (けん引).

A deemed licence (law-rules §6.3) counts as the old 普通 it is and, from the
day the deemed kind exists, as that kind with its limit: a licence entry
``{"kind": "中型", "acquired": "1995-07-01", "limited": true}`` (as the card
shows it) and ``{"kind": "普通", "acquired": "1995-07-01"}`` give the same
answer. Applying for the kind held with a limit (中型 by a 中型（8t限定） holder)
is not ``already_held``: it is the removal of the limit (限定解除審査), and the
answer has ``"limitation_removal": true`` (otherwise the key is absent).

``route`` is ``normal``, ``special`` (受験資格特例: age 19, 1 year, after the
受験資格特例教習, from 2022-05-13) or ``null`` when not eligible.

Years held are counted from the earliest acquisition of any licence that
counts (the input has no end dates, so 通算 periods are not tracked: an
assumption stated in the trace). Ages use :func:`menkyo.rules.dates.age_on`.

:func:`age_check` is the minimum-age rule alone (the register's 仮免許 check
asks it, so that the age rule lives only here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.dates import add_years, age_on, months_after
from menkyo.rules.errors import RulesError
from menkyo.rules.inputs import parse_date, parse_licences, require_mapping
from menkyo.rules.kinds import DeemedLicence, deemed_held


@dataclass(frozen=True, slots=True)
class AgeCheck:
    """The minimum age for a kind on a day: met or not, the requirement in words, its legal basis."""

    ok: bool
    requirement: str  # 17歳6か月以上
    detail: str  # 2008-10-01 に達する。2026-04-01 に17歳
    reference: str
    assumption: bool

    @property
    def text(self) -> str:
        return f"{self.requirement}（{self.detail}）"


def _age(req: dict[str, Any], birth: date, day: date) -> tuple[bool, str, str]:
    min_age: int = req["min_age"]
    min_months: int = req.get("min_age_months") or 0
    age = age_on(birth, day)
    if min_months:  # 17 years 6 months (仮免許 from 2026-04-01): reached on the day that many months after birth
        reached = months_after(birth, min_age * 12 + min_months)
        return (day >= reached, f"{min_age}歳{min_months}か月以上",
                f"{reached.isoformat()} に達する。{day.isoformat()} に{age}歳")
    return age >= min_age, f"{min_age}歳以上", f"{day.isoformat()} に{age}歳"


def age_check(kind: str, birth: date, day: date) -> AgeCheck:
    """Is a person born on ``birth`` old enough on ``day`` to apply for ``kind`` (the normal route's age)?

    An unknown kind is ``invalid_value`` (path ``kind``); a kind not yet created on ``day`` is
    ``kind_not_introduced``; a day before any rule is ``no_table_in_force``; ``birth`` after ``day``
    is ``invalid_value`` (path ``birth_date``).
    """
    rows = params.table("licence_kinds").rows
    if kind not in rows:
        raise RulesError("invalid_value", f"kind の免許の種類 {kind!r} は不明です。", "kind")
    if birth > day:
        raise RulesError("invalid_value", "birth_date が date より後です。", "birth_date")
    row = rows[kind]
    introduced: date | None = row.get("introduced")
    if introduced is not None and day < introduced:
        raise RulesError("kind_not_introduced", f"{row['name']}は {introduced.isoformat()} に新設されました"
                         f"（{day.isoformat()} には存在しません）。", "kind")
    entry = row["requirements"].at(day)
    ok, requirement, detail = _age(entry.value, birth, day)
    return AgeCheck(ok, requirement, detail, entry.reference, entry.assumption)


def special_route_open(kind: str, day: date) -> bool:
    """Could ``kind`` be obtained through the 受験資格特例 on ``day`` (道路交通法第88条第1項第1号ただし書;
    law-rules §4.2: 大型・中型・第二種, from 2022-05-13)? The register asks it before recording a kind as a
    特例取得免許 (``LicenceKindHeld.special_course``). An unknown kind is ``invalid_value`` (path ``kind``)."""
    rows = params.table("licence_kinds").rows
    if kind not in rows:
        raise RulesError("invalid_value", f"kind の免許の種類 {kind!r} は不明です。", "kind")
    series: params.Series | None = rows[kind].get("special_route")
    return series is not None and day >= series.starts[0]


def _earliest(held: dict[str, date], kinds: list[str]) -> date | None:
    found = [held[k] for k in kinds if k in held]
    return min(found) if found else None


def eligibility_json(data: dict[str, Any]) -> dict[str, Any]:
    """May this person apply for ``kind`` on ``date``?"""
    data = require_mapping(data, "")
    day = parse_date(data.get("date"), "date")
    birth = parse_date(data.get("birth_date"), "birth_date")
    assert day is not None and birth is not None
    if birth > day:
        raise RulesError("invalid_value", "birth_date が date より後です。", "birth_date")
    rows = params.table("licence_kinds").rows
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in rows:
        raise RulesError("invalid_value", f"kind の免許の種類 {kind!r} は不明です。", "kind")
    special_course = data.get("special_course", False)
    if special_course is None:
        special_course = False
    if not isinstance(special_course, bool):
        raise RulesError("invalid_value", "special_course は true / false です。", "special_course")
    held: dict[str, date] = {}
    for licence in parse_licences(data.get("licences"), rows, latest=day, latest_name="date"):
        code = licence.licensed_as  # a deemed 中型8t / 準中型5t is the 普通 of that day (law-rules §6.3)
        if code not in held or licence.acquired < held[code]:
            held[code] = licence.acquired
    # From the day the deemed kind exists, the old 普通 is also that kind, limited (law-rules §6.3).
    limited: dict[str, DeemedLicence] = {}
    for deemed in deemed_held(held):
        if day >= deemed.in_force_from:
            held[deemed.deemed] = held[deemed.kind]
            limited[deemed.deemed] = deemed

    row = rows[kind]
    age = age_on(birth, day)
    trace: list[dict[str, Any]] = []
    add = trace.append
    series: params.Series = row["requirements"]
    introduced: date | None = row.get("introduced")
    if introduced is not None and day < introduced:
        add({
            "step": "kind",
            "detail": f"{row['name']}は {introduced.isoformat()} に新設。{day.isoformat()} には存在しない",
            "reference": row["reference"],
        })
        return {"eligible": False, "reasons": ["kind_not_introduced"], "route": None, "age": age, "trace": trace}
    entry = series.at(day)
    req = entry.value
    reasons: list[str] = []
    assumption = entry.assumption
    removal = limited.get(kind)
    if removal is not None:
        add({
            "step": "limited_held",
            "detail": f"{kind}免許（{removal.limit}限定、条件「{removal.condition}」）を受けている"
            f"（{removal.kind}免許 {held[kind].isoformat()} のみなし）: 限定解除（限定解除審査）の対象",
            "reference": removal.reference,
        })
    elif kind in held:
        reasons.append("already_held")
        add({
            "step": "already_held",
            "detail": f"{kind}免許を既に受けている（{held[kind].isoformat()}）",
            "reference": row["reference"],
        })

    # Licences that must be held whatever the route (けん引).
    requires_any: list[str] | None = req.get("requires_any")
    if requires_any:
        has = [k for k in requires_any if k in held]
        if not has:
            reasons.append("prerequisite_missing")
        add({
            "step": "prerequisite",
            "detail": f"{'・'.join(requires_any)}のいずれかが必要: "
            + (f"{'・'.join(has)}を保有" if has else "いずれも保有していない"),
            "reference": row["reference"],
            "assumption": assumption or None,
        })

    # The normal route: age and years of experience (or another 二種 licence).
    age_ok, requirement, age_detail = _age(req, birth, day)
    age_text = f"{requirement}（{age_detail}）"
    experience = req.get("experience")
    experience_ok = True
    experience_text = ""
    or_holds: list[str] = req.get("or_holds") or []
    if experience:
        kinds: list[str] = experience["kinds"]
        years: int = experience["years"]
        earliest = _earliest(held, kinds)
        experience_ok = earliest is not None and earliest <= add_years(day, -years)
        experience_text = (
            f"、{'・'.join(kinds)}の経験{years}年以上が必要（"
            + (f"最初の取得 {earliest.isoformat()}" if earliest else "該当免許なし")
            + "）"
        )
        other = [k for k in or_holds if k in held and k != kind]
        if other and not experience_ok:
            experience_ok = True
            experience_text += f"。ただし他の二種免許（{'・'.join(other)}）を保有"
    add({
        "step": "normal_route",
        "detail": f"{row['name']}: {age_text}{experience_text} → "
        + ("可" if age_ok and experience_ok else "不可"),
        "reference": entry.reference,
        "assumption": assumption or None,
    })

    route: str | None = "normal" if age_ok and experience_ok else None

    # The 受験資格特例 (law-rules §4.2): age 19, 1 year of history, after the course.
    special_series: params.Series | None = row.get("special_route")
    if route is None and special_series is not None and day >= special_series.starts[0]:
        special = special_series.at(day)
        sv = special.value
        kinds = experience["kinds"] if experience else []
        earliest = _earliest(held, kinds)
        special_age_ok = age >= sv["min_age"]
        special_years_ok = earliest is not None and earliest <= add_years(day, -sv["years"])
        ok = special_course and special_age_ok and special_years_ok
        add({
            "step": "special_route",
            "detail": f"受験資格特例: {sv['min_age']}歳以上（{age}歳）、経験{sv['years']}年以上（"
            + (f"最初の取得 {earliest.isoformat()}" if earliest else "該当免許なし")
            + f"）、受験資格特例教習の修了（{'あり' if special_course else 'なし'}） → "
            + ("可" if ok else "不可"),
            "reference": special.reference,
            "assumption": True,
        })
        if ok:
            route = "special"
    if route is None:
        if not age_ok:
            reasons.append("under_age")
        if not experience_ok:
            reasons.append("insufficient_experience")
    for step in trace:
        if step.get("assumption") is None:
            step.pop("assumption", None)
    eligible = route is not None and not reasons
    result: dict[str, Any] = {
        "eligible": eligible,
        "reasons": reasons,
        "route": route if eligible else None,
        "age": age,
        "trace": trace,
    }
    if removal is not None:
        result["limitation_removal"] = True
    return result
