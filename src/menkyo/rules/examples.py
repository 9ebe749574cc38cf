"""Example inputs that ship with the engine (pure Python, no Django).

One YAML file per example in ``params/examples/``::

    title_ja: 契約書の例：信号無視と専らの軽傷事故   # what the example shows (Japanese)
    entry: assess                # assess | renewal | licence-number | eligibility | lapse | authority
    reference: rules-contract §1; law-rules §1.1, §1.3
    source: shared/spec/rules-contract.md   # where it was taken from
    input: {...}                 # exactly the contract's input (JSON-like; dates as strings)

:func:`examples` loads them for the simulator page and the docs; every one
evaluates without error through :data:`menkyo.rules.ENTRY_POINTS` (a test
checks it). The examples are not law facts: they are inputs, never read by
the rules themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from menkyo.rules.params import PARAMS_DIR

EXAMPLES_DIR = PARAMS_DIR / "examples"
ENTRIES = ("assess", "renewal", "licence-number", "eligibility", "lapse", "authority")


class ExampleFileError(Exception):
    """An example file breaks the format (a developer error)."""


@dataclass(frozen=True)
class Example:
    """One example input of an entry point."""

    id: str  # the file name without .yaml
    entry: str
    title: str
    input: dict[str, Any] = field(hash=False)
    reference: str = ""


def _json_like(value: Any) -> Any:
    """YAML values as the contract's JSON: dates (YAML reads 2026-01-10 as one) → ISO strings."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    return value


def load_example(path: Path) -> Example:
    """One example file, checked."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ExampleFileError(f"{path.name}: not a mapping")
    entry, title, data = doc.get("entry"), doc.get("title_ja"), doc.get("input")
    if entry not in ENTRIES:
        raise ExampleFileError(f"{path.name}: 'entry' must be one of {ENTRIES}, got {entry!r}")
    if not isinstance(title, str) or not title.strip():
        raise ExampleFileError(f"{path.name}: a Japanese 'title_ja' is required")
    if not isinstance(data, dict):
        raise ExampleFileError(f"{path.name}: 'input' must be a mapping")
    return Example(path.stem, str(entry), title.strip(), _json_like(data), str(doc.get("reference") or ""))


@cache
def _all(directory: Path) -> tuple[Example, ...]:
    found = [load_example(path) for path in sorted(directory.glob("*.yaml"))]
    return tuple(sorted(found, key=lambda e: (ENTRIES.index(e.entry), e.id)))


def examples(entry: str | None = None, directory: Path = EXAMPLES_DIR) -> list[Example]:
    """The examples (of one ``entry`` when given), by entry point then file name.

    Each :class:`Example`'s ``input`` is a fresh copy: callers may change it.
    """
    found = [e for e in _all(directory) if entry is None or e.entry == entry]
    return [Example(e.id, e.entry, e.title, _json_like(e.input), e.reference) for e in found]
