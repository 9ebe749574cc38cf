"""The JSON-in, JSON-out runner behind ``menkyo rules <entry>`` (pure Python, no Django).

:func:`run` takes an entry-point name and the text of one JSON document and
returns ``(exit_code, output)``: ``0`` and the decision, or ``2`` and a
structured error ``{"error": {"code", "message", "path"}}``
(shared/spec/rules-contract.md). It never lets a traceback reach standard
output; with ``MENKYO_DEBUG=1`` an unexpected exception's traceback is written
to standard error as well.

The HTTP API and the simulator page use :func:`evaluate` and :func:`dumps` so
that all interfaces answer byte for byte alike.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import Any, TextIO

import yaml

from menkyo.rules import ENTRY_POINTS, params
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


def summarise(command: str, ok: bool, result: dict[str, Any]) -> dict[str, Any]:
    """What an audit event may say about an evaluation: the outcome, never the input.

    ``{"outcome": "suspension"}`` (assess: the action), ``{"outcome": "優良"}``
    (renewal: the class), ``valid``/``invalid``/``generated`` (licence-number),
    ``eligible``/``ineligible`` (eligibility), or ``{"outcome": "error", "code": ...}``.
    """
    if not ok:
        return {"outcome": "error", "code": str(result.get("error", {}).get("code", ""))}
    outcome: Any = None
    if command == "assess":
        outcome = (result.get("outcome") or {}).get("action")
    elif command == "renewal":
        outcome = result.get("driver_class")
    elif command == "licence-number":
        if "valid" in result:
            outcome = "valid" if result["valid"] else "invalid"
        elif "number" in result:
            outcome = "generated"
    elif command == "eligibility":
        for key in ("eligible", "allowed", "may_apply"):
            if key in result:
                outcome = "eligible" if result[key] else "ineligible"
                break
    return {"outcome": str(outcome) if outcome is not None else "decided"}


def check_params(directory: Path | None = None) -> list[str]:
    """Validate every parameter file; the problems found, one line per bad file (empty: all good)."""
    folder = directory or params.PARAMS_DIR
    problems = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            params.load_file(path)
        except (params.ParamFileError, yaml.YAMLError, ValueError, OSError) as exc:
            problems.append(f"{path}: {exc}")
    return problems


def _since(entry: params.Entry) -> str:
    return "" if entry.start == date.min else entry.start.isoformat()


def grouped_assumptions() -> list[dict[str, Any]]:
    """:func:`params.assumptions` with repeats folded: one group per file, status, reference and note.

    A table row and the dated series inside it usually share one note; they
    become one group listing every parameter name with the dates it applies from.
    """
    groups: dict[tuple[str, str, str, str], dict[str, Any]] = {}
    for name, entry in params.assumptions():
        key = (name.split(".", 1)[0], entry.status, entry.reference, " ".join(entry.note.split()))
        group = groups.setdefault(key, {"names": {}, "status": entry.status,
                                        "reference": entry.reference, "note": key[3]})
        dates = group["names"].setdefault(name, [])
        if _since(entry):
            dates.append(_since(entry))
    return list(groups.values())


def _names(group: dict[str, Any], quote: str = "") -> str:
    return ", ".join(
        f"{quote}{name}{quote}" + (f" (from {', '.join(dates)})" if dates else "")
        for name, dates in group["names"].items()
    )


def assumptions_text() -> str:
    """Every DERIVED/UNCONFIRMED value with its reference and note (``menkyo rules assumptions``)."""
    lines = []
    for group in grouped_assumptions():
        lines.append(f"{_names(group)}  [{group['status'].upper()}]  {group['reference']}")
        lines.append(f"    {group['note']}")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def assumptions_markdown() -> str:
    """The same list as a Markdown table (``menkyo rules assumptions --markdown``, docs/rules.md)."""
    rows = [
        "| Parameter (from) | Status | Reference | Assumption the engine takes |",
        "|---|---|---|---|",
    ]
    for group in grouped_assumptions():
        rows.append(
            f"| {_cell(_names(group, '`'))} | {group['status'].upper()} | {_cell(group['reference'])} "
            f"| {_cell(group['note'])} |"
        )
    return "\n".join(rows)


DOCS_BEGIN = "<!-- assumptions:begin — generated by `menkyo rules assumptions --update-docs`; do not edit by hand -->"
DOCS_END = "<!-- assumptions:end -->"


def docs_block() -> str:
    """The generated part of docs/rules.md: the assumptions table between its markers."""
    return f"{DOCS_BEGIN}\n{assumptions_markdown()}\n{DOCS_END}"


def update_docs(path: Path) -> bool:
    """Replace the generated block of ``path`` with the current table; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(DOCS_BEGIN), text.find(DOCS_END)
    if start < 0 or end < start:
        raise ValueError(f"{path}: the markers {DOCS_BEGIN!r} … {DOCS_END!r} are missing")
    updated = text[:start] + docs_block() + text[end + len(DOCS_END):]
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text


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
