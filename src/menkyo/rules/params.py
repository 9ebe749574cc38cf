"""Dated parameter files (``rules/params/*.yaml``): loading, validation, lookup by date.

Each legal table is one file. Two shapes exist:

``values`` — one parameter whose value changes over time::

    name: suspension_thresholds          # equals the file name
    description: 一般違反行為の停止（保留）基準
    values:
      - from: 2009-06-01                 # the day this value takes effect
        reference: 施行令 第38条, 別表第三   # legal reference of THIS value
        status: confirmed                # confirmed | derived | unconfirmed
        note: ...                        # required unless confirmed: the assumption taken
        value: {...}                     # null ends the parameter

``rows`` — a table keyed by ``code`` (violations, kinds …); every row has its
own ``reference`` and ``status`` (+ ``note`` unless confirmed), and every list
of mappings with a ``from`` key inside a row is a dated series checked the
same way (``value: null`` ends the row).

The value in force on a date is the last entry whose ``from`` is on or before
it; a date before the first entry, or after a ``null``, has nothing in force
and is a :class:`RulesError` (``no_table_in_force``), never a silent default.
All files are validated when first loaded (at start-up and in the test suite).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from menkyo.rules.errors import RulesError

PARAMS_DIR = Path(__file__).resolve().parent / "params"
STATUSES = ("confirmed", "derived", "unconfirmed")


class ParamFileError(Exception):
    """A parameter file breaks the format (raised at load time: a developer error)."""


@dataclass(frozen=True)
class Entry:
    """One dated value with its legal basis."""

    start: date
    value: Any
    reference: str
    status: str
    note: str

    @property
    def assumption(self) -> bool:
        """True when the value is DERIVED or UNCONFIRMED (shown as an assumption in traces)."""
        return self.status != "confirmed"


@dataclass(frozen=True)
class Series:
    """A dated series: the values of one parameter (or one table row) over time."""

    name: str
    entries: tuple[Entry, ...]
    starts: tuple[date, ...]

    def at(self, day: date) -> Entry:
        """The entry in force on ``day``."""
        index = bisect_right(self.starts, day) - 1
        if index < 0 or self.entries[index].value is None:
            first = self.starts[0].isoformat()
            raise RulesError(
                "no_table_in_force",
                f"{day.isoformat()} に施行されている「{self.name}」の基準がありません（{first} 以降）。",
            )
        return self.entries[index]


@dataclass(frozen=True)
class Table:
    """A ``rows`` file: rows by code, each with its own dated series."""

    name: str
    rows: dict[str, dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    """The file's other top-level keys (besides ``name``, ``description``, ``rows``)."""


def _check_entry(raw: Any, where: str, inherited: dict[str, Any] | None = None) -> Entry:
    if not isinstance(raw, dict) or "from" not in raw or "value" not in raw:
        raise ParamFileError(f"{where}: each entry needs 'from' and 'value'")
    start = raw["from"]
    if not isinstance(start, date):
        raise ParamFileError(f"{where}: 'from' must be a real date (YYYY-MM-DD), got {start!r}")
    base = inherited or {}
    reference = raw.get("reference", base.get("reference"))
    status = raw.get("status", base.get("status"))
    note = raw.get("note", base.get("note", ""))
    if not reference or not isinstance(reference, str):
        raise ParamFileError(f"{where}: every value needs a legal 'reference'")
    if status not in STATUSES:
        raise ParamFileError(f"{where}: 'status' must be one of {STATUSES}, got {status!r}")
    if status != "confirmed" and not note:
        raise ParamFileError(f"{where}: a {status} value needs a 'note' stating the assumption")
    return Entry(start, raw["value"], reference, status, note or "")


def make_series(name: str, raws: Any, where: str, inherited: dict[str, Any] | None = None) -> Series:
    """Validate a dated list: real, strictly increasing dates and a reference on every value."""
    if not isinstance(raws, list) or not raws:
        raise ParamFileError(f"{where}: a dated series must be a non-empty list")
    entries = tuple(_check_entry(raw, f"{where}[{i}]", inherited) for i, raw in enumerate(raws))
    for before, after in zip(entries, entries[1:], strict=False):
        if after.start <= before.start:
            raise ParamFileError(f"{where}: dates must strictly increase ({before.start} → {after.start})")
    return Series(name, entries, tuple(e.start for e in entries))


def _load_rows(name: str, data: dict[str, Any], where: str) -> Table:
    rows: dict[str, dict[str, Any]] = {}
    for i, row in enumerate(data["rows"]):
        row_where = f"{where}.rows[{i}]"
        if not isinstance(row, dict) or not row.get("code"):
            raise ParamFileError(f"{row_where}: each row needs a 'code'")
        if row["code"] in rows:
            raise ParamFileError(f"{row_where}: duplicate code {row['code']!r}")
        inherited = {k: row.get(k) for k in ("reference", "status", "note")}
        if not row.get("reference") or row.get("status") not in STATUSES:
            raise ParamFileError(f"{row_where}: each row needs 'reference' and a valid 'status'")
        if row["status"] != "confirmed" and not row.get("note"):
            raise ParamFileError(f"{row_where}: a {row['status']} row needs a 'note'")
        parsed = dict(row)
        for key, value in row.items():
            if isinstance(value, list) and value and isinstance(value[0], dict) and "from" in value[0]:
                parsed[key] = make_series(f"{name}.{row['code']}.{key}", value, f"{row_where}.{key}", inherited)
        rows[row["code"]] = parsed
    meta = {k: v for k, v in data.items() if k not in ("name", "description", "rows")}
    if "prefectures" in meta:
        meta["prefectures"] = _load_overrides(name, meta["prefectures"], rows, where)
    return Table(name, rows, meta)


def _load_overrides(name: str, raw: Any, rows: dict[str, dict[str, Any]], where: str
                    ) -> dict[str, dict[str, Series]]:
    """A ``prefectures`` section: JIS prefecture code (01–47) → row code → a dated series.

    Each entry needs its own ``reference`` and ``status`` (a prefecture's ordinance),
    validated like any dated series; the row code must exist in the table.
    """
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ParamFileError(f"{where}.prefectures: a mapping of prefecture code → overrides")
    found: dict[str, dict[str, Series]] = {}
    for code, overrides in raw.items():
        key = str(code)
        if not (len(key) == 2 and key.isdigit() and 1 <= int(key) <= 47):
            raise ParamFileError(f"{where}.prefectures: {code!r} is not a JIS prefecture code 01–47 (quote it)")
        if not isinstance(overrides, dict):
            raise ParamFileError(f"{where}.prefectures.{key}: a mapping of row code → dated series")
        found[key] = {}
        for row_code, values in overrides.items():
            if row_code not in rows:
                raise ParamFileError(f"{where}.prefectures.{key}: unknown code {row_code!r}")
            found[key][row_code] = make_series(f"{name}.{row_code}@{key}", values,
                                               f"{where}.prefectures.{key}.{row_code}")
    return found


def load_file(path: Path) -> Series | Table:
    """Load and validate one parameter file."""
    where = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: an impossible date such as 2009-02-30
        raise ParamFileError(f"{where}: not valid YAML or not a real date: {exc}") from exc
    if not isinstance(data, dict) or data.get("name") != path.stem:
        raise ParamFileError(f"{where}: 'name' must equal the file name ({path.stem})")
    if not data.get("description"):
        raise ParamFileError(f"{where}: a 'description' is required")
    if "values" in data:
        return make_series(path.stem, data["values"], f"{where}.values")
    if "rows" in data:
        return _load_rows(path.stem, data, where)
    raise ParamFileError(f"{where}: needs 'values' or 'rows'")


@cache
def load_all(directory: Path = PARAMS_DIR) -> dict[str, Series | Table]:
    """Every parameter file, validated. Raises :class:`ParamFileError` on the first bad file."""
    return {path.stem: load_file(path) for path in sorted(directory.glob("*.yaml"))}


def series(name: str) -> Series:
    """The dated parameter ``name`` (a ``values`` file)."""
    found = load_all().get(name)
    if not isinstance(found, Series):
        raise ParamFileError(f"no 'values' parameter file named {name!r}")
    return found


def table(name: str) -> Table:
    """The table ``name`` (a ``rows`` file)."""
    found = load_all().get(name)
    if not isinstance(found, Table):
        raise ParamFileError(f"no 'rows' parameter file named {name!r}")
    return found


def in_force(name: str, day: date) -> Entry:
    """The value of parameter ``name`` in force on ``day``."""
    return series(name).at(day)


def assumptions() -> list[tuple[str, Entry]]:
    """Every DERIVED or UNCONFIRMED value, for docs and the simulator (name, entry)."""
    found: list[tuple[str, Entry]] = []
    for name, item in load_all().items():
        if isinstance(item, Series):
            found += [(name, e) for e in item.entries if e.assumption]
        else:
            for code, row in item.rows.items():
                if row["status"] != "confirmed":
                    found.append((f"{name}.{code}", Entry(date.min, None, row["reference"], row["status"], row["note"])))
                for value in row.values():
                    if isinstance(value, Series):
                        found += [(value.name, e) for e in value.entries if e.assumption]
            for overrides in item.meta.get("prefectures", {}).values():
                for override in overrides.values():
                    found += [(override.name, e) for e in override.entries if e.assumption]
    return found
