"""Parsing the engine's JSON inputs: dates and enumerations with precise error paths."""

from datetime import date
from typing import Any

from menkyo.rules.errors import RulesError


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
