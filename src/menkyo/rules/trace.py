"""Explanation traces: every decision step names its rule, inputs and legal reference."""

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Trace:
    """An ordered list of steps; ``as_list()`` is the JSON form of the contract."""

    steps: list[dict[str, Any]] = field(default_factory=list)

    def add(self, step: str, detail: str, reference: str, *, assumption: bool = False,
            **inputs: Any) -> None:
        """Record one step. ``assumption`` marks a value the law notes call UNCONFIRMED/DERIVED."""
        entry: dict[str, Any] = {"step": step, "detail": detail, "reference": reference}
        if assumption:
            entry["assumption"] = True
        if inputs:
            entry["inputs"] = inputs
        self.steps.append(entry)

    def as_list(self) -> list[dict[str, Any]]:
        return list(self.steps)
