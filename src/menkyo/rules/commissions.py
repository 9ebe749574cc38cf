"""Public safety commissions (公安委員会) as facts, law-rules §8 (pure Python, no Django).

``params/commissions.yaml`` is the one source of the commissions: the core
code master (``Commission``, loaded by a data migration), the licence-number
entry point and the synthetic register all read it through this module.

- :func:`commissions` — one :class:`CommissionFact` per code, in file order:
  exactly the fields of the code master (``prefecture`` is the JIS code).
- :func:`commission_for_address` — the commission of an address
  (住所地公安委員会): the prefecture's, and in Hokkaido the 方面 of the postal
  code (``params/hokkaido_houmen.yaml``, an approximation by postal district).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from menkyo.rules import params
from menkyo.rules.errors import RulesError


@dataclass(frozen=True, slots=True)
class CommissionFact:
    """One commission as the code master holds it (core ``Commission``)."""

    code: str  # digits 1–2 of a licence number
    name: str  # 兵庫県公安委員会
    short_name: str  # 兵庫
    prefecture: str | None  # JIS code 01–47; None for 00 (海外)


@cache
def commissions() -> tuple[CommissionFact, ...]:
    """Every commission code of law-rules §8, in the order of the parameter file."""
    return tuple(
        CommissionFact(
            code=code,
            name=str(row["name"]),
            short_name=str(row["short_name"]),
            prefecture=None if row["prefecture"] is None else str(row["prefecture"]),
        )
        for code, row in params.table("commissions").rows.items()
    )


@cache
def commissions_by_prefecture() -> dict[str, tuple[str, ...]]:
    """JIS prefecture code → its commission codes (Hokkaido 01 has five: 10–14)."""
    found: dict[str, list[str]] = {}
    for fact in commissions():
        if fact.prefecture:
            found.setdefault(fact.prefecture, []).append(fact.code)
    return {pref: tuple(codes) for pref, codes in found.items()}


@cache
def _houmen() -> tuple[dict[str, str], str]:
    """Hokkaido: postal prefix (3 digits) → commission code, and the default commission."""
    by_prefix: dict[str, str] = {}
    default = ""
    for code, row in params.table("hokkaido_houmen").rows.items():
        if row.get("default"):
            default = code
        for prefix in row["postal_prefixes"]:
            by_prefix[str(prefix)] = code
    return by_prefix, default


def commission_for_address(prefecture_code: str, postal_code: str) -> str:
    """The commission code of an address (住所地公安委員会), law-rules §8.

    ``prefecture_code`` is the JIS code (``"28"``); ``postal_code`` the 7
    digits (only Hokkaido uses it). An unknown prefecture is a
    :class:`RulesError` ``invalid_value``.
    """
    codes = commissions_by_prefecture().get(prefecture_code)
    if not codes:
        raise RulesError("invalid_value", f"都道府県コード {prefecture_code!r} は不明です。", "prefecture")
    if len(codes) == 1:
        return codes[0]
    by_prefix, default = _houmen()
    return by_prefix.get(postal_code[:3], default)
