"""Parsing the engine's JSON inputs: dates and enumerations with precise error paths."""

from collections.abc import Container
from dataclasses import dataclass
from datetime import date
from typing import Any

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.kinds import DeemedLicence, deemed_as, deemed_licences


def parse_date(value: Any, path: str, *, required: bool = True) -> date | None:
    """``YYYY-MM-DD`` string or ``date`` → ``date``; anything else is ``malformed_date``."""
    if value is None:
        if required:
            raise RulesError("missing_field", f"{path} は必須です。", path)
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise RulesError("malformed_date", f"{path} の日付 {value!r} は YYYY-MM-DD 形式の実在する日付ではありません。", path)


def parse_choice(value: Any, choices: tuple[str, ...], path: str, default: str | None = None) -> str:
    """One of ``choices`` (or ``default`` when absent); otherwise ``invalid_value``."""
    if value is None and default is not None:
        return default
    if value in choices:
        return str(value)
    raise RulesError("invalid_value", f"{path} は {' / '.join(choices)} のいずれかです（入力: {value!r}）。", path)


def require_mapping(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RulesError("invalid_input", f"{path or '入力'} は JSON オブジェクトでなければなりません。", path or None)
    return value


def require_list(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RulesError("invalid_input", f"{path} は配列でなければなりません。", path)
    return value


def parse_int(value: Any, path: str, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise RulesError("invalid_value", f"{path} は {minimum} 以上の整数です（入力: {value!r}）。", path)
    return value


@dataclass(frozen=True)
class HeldLicence:
    """One entry of an input's ``licences`` list (``raw`` keeps entry-specific flags).

    ``deemed`` is set for an entry with ``limited: true``: a 中型（8t限定） or
    準中型（5t限定） as the card shows it, which is the old 普通 licence acquired
    on ``acquired`` (law-rules §6.3); ``licensed_as`` is that 普通.
    """

    kind: str
    acquired: date
    path: str
    raw: dict[str, Any]
    deemed: DeemedLicence | None = None

    @property
    def licensed_as(self) -> str:
        """The kind actually licensed on ``acquired``: 普通 for a deemed (limited) entry."""
        return self.deemed.kind if self.deemed else self.kind


def _deemed(item: dict[str, Any], kind: str, acquired: date, path: str) -> DeemedLicence | None:
    """The deemed licence of an entry with ``limited: true`` (None without it)."""
    limited = item.get("limited", False)
    if limited is None or limited is False:
        return None
    if limited is not True:
        raise RulesError("invalid_value", f"{path}.limited は true / false です。", f"{path}.limited")
    deemed = deemed_as(kind, acquired)
    if deemed is None:
        allowed = "、".join(
            f"{d.deemed}（{d.limit}限定）は{d.kind}免許を"
            + (f"{d.acquired_from.isoformat()}〜" if d.acquired_from else "")
            + f"{d.acquired_until.isoformat()}に受けた場合"
            for d in deemed_licences()
        )
        raise RulesError("invalid_value", f"{path}.limited: {kind}（{acquired.isoformat()}）は限定付きのみなし免許"
                         f"ではありません（{allowed}だけ。law-rules §6.3）。", f"{path}.limited")
    return deemed


def parse_licences(value: Any, kinds: Container[str], *, latest: date | None = None,
                   latest_name: str = "") -> list[HeldLicence]:
    """``[{"kind", "acquired", "limited"?}, ...]``: known kinds, real dates, none after ``latest``.

    ``limited: true`` marks a deemed licence as the card shows it (中型 8t限定 /
    準中型 5t限定 with the old 普通's date, law-rules §6.3); any other kind or
    date with it is ``invalid_value``.
    """
    found: list[HeldLicence] = []
    for i, item in enumerate(require_list(value, "licences")):
        path = f"licences[{i}]"
        item = require_mapping(item, path)
        kind = item.get("kind")
        if not isinstance(kind, str) or kind not in kinds:
            raise RulesError("invalid_value", f"{path}.kind の免許の種類 {kind!r} は不明です。", f"{path}.kind")
        acquired = parse_date(item.get("acquired"), f"{path}.acquired")
        assert acquired is not None
        if latest is not None and acquired > latest:
            raise RulesError("invalid_value", f"{path}.acquired（{acquired}）が{latest_name}より後です。",
                             f"{path}.acquired")
        found.append(HeldLicence(kind, acquired, path, item, _deemed(item, kind, acquired, path)))
    return found


def parse_kind(value: Any, day: date, path: str = "kind") -> str:
    """A licence kind (card label) that exists on ``day``: unknown is ``invalid_value``, one not
    yet created (中型 before 2007-06-02, 準中型 before 2017-03-12) is ``kind_not_introduced``."""
    rows = params.table("licence_kinds").rows
    if not isinstance(value, str) or value not in rows:
        raise RulesError("invalid_value", f"{path} の免許の種類 {value!r} は不明です。", path)
    introduced: date | None = rows[value].get("introduced")
    if introduced is not None and day < introduced:
        raise RulesError("kind_not_introduced", f"{rows[value]['name']}は {introduced.isoformat()} に新設されました"
                         f"（{day.isoformat()} には存在しません）。", path)
    return value
