"""The JSON-in, JSON-out runner behind ``menkyo rules <entry>`` (pure Python, no Django).

:func:`run` takes an entry-point name and the text of one JSON document and
returns ``(exit_code, output)``: ``0`` and the decision, or ``2`` and a
structured error ``{"error": {"code", "message", "path"}}``
(shared/spec/rules-contract.md). It never lets a traceback reach standard
output; with ``MENKYO_DEBUG=1`` an unexpected exception's traceback is written
to standard error as well.

The HTTP API and the simulator page use :func:`evaluate` and :func:`dumps` so
that all interfaces answer byte for byte alike.

The audit summary of an evaluation is :func:`menkyo.rules.summary.summarise`;
the assumptions list and docs generator is :mod:`menkyo.rules.assumptions`.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import date
from typing import Any, TextIO

from menkyo.rules import ENTRY_POINTS
from menkyo.rules.errors import RulesError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _default(value: Any) -> Any:
    """JSON for what ``json`` cannot encode itself: dates as ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: Any, *, indent: int | None = 2) -> str:
    """The engine's JSON form: UTF-8 text (``ensure_ascii=False``), ISO dates."""
    return json.dumps(data, ensure_ascii=False, indent=indent, default=_default)


def normalise(data: Any) -> Any:
    """``data`` as it reads back from JSON (dates → strings, tuples → lists)."""
    return json.loads(dumps(data, indent=None))


def error(code: str, message: str, path: str | None = None) -> dict[str, dict[str, str | None]]:
    """The contract's error document."""
    return RulesError(code, message, path).as_dict()


def unknown_entry(command: str) -> dict[str, dict[str, str | None]]:
    names = " / ".join(ENTRY_POINTS)
    return error("unknown_entry", f"判定の種類 {command!r} はありません（{names} のいずれか）。")


def parse(text: str) -> dict[str, Any]:
    """One JSON object, or :class:`RulesError` (``invalid_json`` / ``invalid_input``)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesError(
            "invalid_json",
            f"入力が JSON として読めません（{exc.lineno}行{exc.colno}桁: {exc.msg}）。",
        ) from exc
    if not isinstance(data, dict):
        raise RulesError("invalid_input", "入力は JSON オブジェクト（{...}）でなければなりません。")
    return data


def evaluate(command: str, data: Any) -> tuple[bool, dict[str, Any]]:
    """Run ``ENTRY_POINTS[command]`` on ``data``: ``(True, result)`` or ``(False, error)``.

    Every failure becomes an error document: :class:`RulesError` as the
    engine raised it, anything unexpected as ``internal_error`` (traceback to
    standard error only when ``MENKYO_DEBUG=1``).
    """
    function = ENTRY_POINTS.get(command)
    if function is None:
        return False, unknown_entry(command)
    if not isinstance(data, dict):
        return False, error("invalid_input", "入力は JSON オブジェクト（{...}）でなければなりません。")
    try:
        return True, normalise(function(data))
    except RulesError as exc:
        return False, exc.as_dict()
    except Exception as exc:  # the contract: never a traceback
        debug_traceback(exc)
        return False, error(
            "internal_error",
            f"判定中に想定外のエラーが発生しました（{type(exc).__name__}）。入力と日時を添えて管理者に連絡してください。",
        )


def debug_traceback(exc: BaseException, stream: TextIO | None = None) -> None:
    """Write ``exc``'s traceback to standard error when ``MENKYO_DEBUG=1``."""
    if os.environ.get("MENKYO_DEBUG") == "1":
        traceback.print_exception(exc, file=stream or sys.stderr)


def run(command: str, text: str) -> tuple[int, str]:
    """Evaluate one JSON document with entry point ``command``: ``(exit code, JSON text)``."""
    if command not in ENTRY_POINTS:
        return EXIT_BAD_INPUT, dumps(unknown_entry(command))
    try:
        data = parse(text)
    except RulesError as exc:
        return EXIT_BAD_INPUT, dumps(exc.as_dict())
    ok, result = evaluate(command, data)
    return (EXIT_OK if ok else EXIT_BAD_INPUT), dumps(result)


def main(argv: list[str] | None = None) -> int:
    """``python -m menkyo.rules.cli ENTRY < input.json`` (the same as ``menkyo rules ENTRY``)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write(f"usage: python -m menkyo.rules.cli {{{','.join(ENTRY_POINTS)}}} < input.json\n")
        return EXIT_BAD_INPUT
    code, output = run(args[0], sys.stdin.read())
    sys.stdout.write(output + "\n")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
