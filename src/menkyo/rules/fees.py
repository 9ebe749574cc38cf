"""手数料 (fees) by procedure, date, holding form and prefecture (pure Python, no Django).

Source: ``params/fees.yaml`` (counter-facts §1). Each prefecture sets its fees
by its own 手数料条例 on the national standard; the table holds the national
standard amounts (status ``derived``: the prefecture's ordinance may differ)
and a ``prefectures`` section of per-prefecture overrides by JIS prefecture
code, which win over the national standard on the dates they are in force.

- :func:`fee` — the amount of one procedure on a date (a :class:`Fee`);
- :func:`procedures` — every procedure code with its Japanese name;
- :func:`renewal_fees` — the renewal answer's ``fees`` (更新手数料 + 講習手数料);
- :func:`exam_fee_procedure` — the 受験手数料 procedure of a kind and route (counter-facts §1.4).

Errors (:class:`RulesError`): ``invalid_value`` (unknown procedure or holding
form, a マイナ form before 2025-03-24), ``unknown_commission`` (a prefecture
code that is not 01–47) and ``no_table_in_force`` (a date before the first
amount of the procedure).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.holding import holding_forms

HOLDING_FORMS = ("card", "mynumber", "both")
FORM_NAMES = {"card": "免許証のみ", "mynumber": "マイナ免許証のみ", "both": "免許証とマイナ免許証"}
NATIONAL = "国の標準額"
# The renewal lecture fee by driver class (更新時講習の区分).
LECTURE_CODES = {"優良": "renewal_lecture_excellent", "一般": "renewal_lecture_general",
                 "違反": "renewal_lecture_violator", "初回": "renewal_lecture_first"}


@dataclass(frozen=True, slots=True)
class Fee:
    """The fee of one procedure on one date."""

    procedure: str
    name: str
    amount: int  # yen
    holding_form: str
    prefecture: str  # "" or the JIS code asked for
    source: str  # 国の標準額, or the prefecture whose override applied
    reference: str
    status: str  # confirmed | derived | unconfirmed
    note: str
    start: date  # the day this amount took effect

    @property
    def assumption(self) -> bool:
        return self.status != "confirmed"

    def as_dict(self) -> dict[str, Any]:
        return {"procedure": self.procedure, "name": self.name, "amount": self.amount,
                "holding_form": self.holding_form, "prefecture": self.prefecture, "source": self.source,
                "from": self.start.isoformat(), "reference": self.reference, "status": self.status}


def procedures(table: params.Table | None = None) -> dict[str, str]:
    """Every procedure code with its Japanese name, in the order of the table."""
    rows = (table or params.table("fees")).rows
    return {code: str(row["name"]) for code, row in rows.items()}


@cache
def _prefecture_codes() -> frozenset[str]:
    return frozenset(f"{n:02d}" for n in range(1, 48))


def lookup(table: params.Table, procedure: str, day: date, holding_form: str = "card",
           prefecture: str = "") -> Fee:
    """:func:`fee` in ``table`` (the loaded ``fees`` file, or another for tests)."""
    row = table.rows.get(procedure)
    if row is None:
        raise RulesError("invalid_value", f"手数料の手続 {procedure!r} は一覧にありません。", "procedure")
    if holding_form not in HOLDING_FORMS:
        raise RulesError("invalid_value", f"保有形態は {', '.join(HOLDING_FORMS)} のいずれかです"
                         f"（入力: {holding_form!r}）。", "holding_form")
    if holding_form not in holding_forms(day):
        raise RulesError("invalid_value", f"{day.isoformat()} にはマイナ免許証はありません（保有形態 {holding_form}）。",
                         "holding_form")
    if prefecture and prefecture not in _prefecture_codes():
        raise RulesError("unknown_commission", f"都道府県コード {prefecture!r} は 01〜47 ではありません。", "prefecture")
    source = NATIONAL
    series: params.Series = row["amounts"]
    override = table.meta.get("prefectures", {}).get(prefecture, {}).get(procedure) if prefecture else None
    if override is not None and override.starts[0] <= day:
        series = override
        source = f"都道府県コード{prefecture}の条例"
    entry = series.at(day)
    value = entry.value
    amount = int(value[holding_form] if isinstance(value, dict) else value)
    return Fee(procedure, str(row["name"]), amount, holding_form, prefecture, source, entry.reference,
               entry.status, entry.note, entry.start)


def fee(procedure: str, day: date, holding_form: str = "card", prefecture: str = "") -> Fee:
    """The fee of ``procedure`` on ``day`` for the holding form after the procedure.

    A prefecture's override (``prefectures`` in ``params/fees.yaml``) in force on
    ``day`` wins; otherwise the national standard amount (status ``derived``).
    """
    return _cached(procedure, _period(day), holding_form, prefecture, day)


@lru_cache(maxsize=8192)
def _cached_fee(procedure: str, period: date, holding_form: str, prefecture: str) -> Fee:
    return lookup(params.table("fees"), procedure, period, holding_form, prefecture)


def _cached(procedure: str, period: date | None, holding_form: str, prefecture: str, day: date) -> Fee:
    if period is None:  # before any amount: the error names the real date
        return lookup(params.table("fees"), procedure, day, holding_form, prefecture)
    return _cached_fee(procedure, period, holding_form, prefecture)


@cache
def _starts() -> tuple[date, ...]:
    """Every date on which some amount (or holding form) changes, sorted."""
    table = params.table("fees")
    found: set[date] = set(holding_forms_start())
    for row in table.rows.values():
        found.update(row["amounts"].starts)
    for overrides in table.meta.get("prefectures", {}).values():
        for series in overrides.values():
            found.update(series.starts)
    return tuple(sorted(found))


def holding_forms_start() -> tuple[date, ...]:
    return tuple(params.series("holding_forms").starts)


def _period(day: date) -> date | None:
    """The latest change date on or before ``day``: every lookup in one period gives the same answer."""
    starts = _starts()
    index = bisect_right(starts, day) - 1
    return starts[index] if index >= 0 else None


EXAM_ROUTES = ("direct", "school_graduate", "school_provisional", "lapsed", "lapsed_unavoidable")


def exam_fee_procedure(kind: str, route: str, table: params.Table | None = None) -> str:
    """The procedure code of the 受験手数料 for a test of ``kind`` by ``route`` (counter-facts §1.4).

    ``route``: ``direct`` (一般), ``school_graduate`` (指定教習所卒), ``school_provisional`` (教習所生の
    仮免学科), ``lapsed`` (失効者等), ``lapsed_unavoidable`` (やむを得ない理由による失効者等). Rows say
    which kinds and route they price (``exam_kinds``, ``exam_route``); a kind and route the table
    has no amount for (a 仮免許 by direct test: UNCONFIRMED; 小特・原付 or 大特二 from a school) is
    ``invalid_value``.
    """
    if route not in EXAM_ROUTES:
        raise RulesError("invalid_value", f"受験の経路は {', '.join(EXAM_ROUTES)} のいずれかです（入力: {route!r}）。",
                         "route")
    for code, row in (table or params.table("fees")).rows.items():
        if row.get("exam_route") == route and kind in row.get("exam_kinds", ()):
            return code
    raise RulesError("invalid_value", f"{kind}免許の受験（経路 {route}）の受験手数料は手数料の表にありません。", "kind")


def renewal_fees(day: date, driver_class: str, holding_form: str, online_allowed: bool, elderly_course: bool,
                 prefecture: str = "") -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The renewal answer's ``fees`` and its trace step.

    更新手数料 by the holding form, plus the 更新時講習 fee of the class — none for a
    driver who takes the 高齢者講習 (paid to the course provider, counter-facts §1.2),
    and the online fee beside it when the online lecture is allowed. ``None`` (and a
    trace step saying so) on a date before the fee table.
    """
    period = _period(day)
    return _renewal_fees(period or day, period is None, driver_class, holding_form, online_allowed,
                         elderly_course, prefecture)


@lru_cache(maxsize=4096)
def _renewal_fees(day: date, before: bool, driver_class: str, holding_form: str, online_allowed: bool,
                  elderly_course: bool, prefecture: str) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    table = params.table("fees")
    try:
        base = lookup(table, "renewal", day, holding_form, prefecture)
    except RulesError as error:
        if error.code != "no_table_in_force" or not before:
            raise
        first = table.rows["renewal"]["amounts"].starts[0].isoformat()
        return None, {"step": "fees", "detail": f"この日の手数料の表はない（{first} から）: 手数料は示さない",
                      "reference": str(table.rows["renewal"]["reference"])}
    lecture: Fee | None = None
    online: Fee | None = None
    if not elderly_course:
        lecture = lookup(table, LECTURE_CODES[driver_class], day, holding_form, prefecture)
        if online_allowed:
            online = lookup(table, "renewal_lecture_online", day, holding_form, prefecture)
    total = base.amount + (lecture.amount if lecture else 0)
    answer: dict[str, Any] = {
        "renewal": base.amount,
        "lecture": lecture.amount if lecture else None,
        "lecture_online": online.amount if online else None,
        "total": total,
        "source": base.source,
        "status": "confirmed" if all(f is None or not f.assumption for f in (base, lecture, online)) else "derived",
    }
    pieces = [f"更新手数料 {base.amount:,}円（{FORM_NAMES[holding_form]}）"]
    if lecture:
        pieces.append(f"講習手数料 {lecture.amount:,}円（{lecture.name.removeprefix('更新時講習手数料（').rstrip('）')}）")
    detail = " ＋ ".join(pieces) + f" ＝ {total:,}円"
    if elderly_course:
        detail += "（高齢者講習の受講者は講習手数料を講習の実施機関に納めるため、窓口では更新手数料のみ）"
    if online:
        detail += f"。オンライン講習を選ぶ場合の講習手数料 {online.amount:,}円"
    notes = [f.note for f in (base, lecture, online) if f is not None and f.assumption]
    if base.source == NATIONAL:
        detail += "［仮定: 国の標準額。各都道府県の条例で定め、異なることがある］"
    step: dict[str, Any] = {"step": "fees", "detail": detail,
                            "reference": "; ".join(dict.fromkeys(
                                part for f in (base, lecture, online) if f is not None
                                for part in f.reference.split("; ")))}
    if notes:
        step["assumption"] = True
    return answer, step
