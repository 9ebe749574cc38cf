"""The simulator's example inputs, as the page uses them: ``{"id", "entry", "title", "input"}``.

The examples ship with the law engine (``rules/params/examples/``, loaded by
:func:`menkyo.rules.examples.examples`); this only shapes them for the page.
"""

from typing import Any

from menkyo.rules.examples import examples as engine_examples


def examples() -> list[dict[str, Any]]:
    """Every example, by entry point then file name (a fresh copy each call)."""
    return [{"id": e.id, "entry": e.entry, "title": e.title, "input": e.input} for e in engine_examples()]


def example(ident: str) -> dict[str, Any] | None:
    """The example with id ``ident``, or None."""
    return next((item for item in examples() if item["id"] == ident), None)
