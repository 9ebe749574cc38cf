"""The simulator's example inputs: ``examples()`` → ``[{"id", "entry", "title", "input"}]``.

The examples ship with the application (never read from ``tests/``). When the
law engine's own example set (``menkyo.rules.examples.examples()``, kept under
``rules/params/examples/``) is merged, :func:`examples` returns that instead;
until then it returns the contract's examples below.
"""

from __future__ import annotations

import copy
from typing import Any

# The contract's examples (shared/spec/rules-contract.md) and a few common cases for the counter.
BUILTIN_EXAMPLES: tuple[dict[str, Any], ...] = (
    {"id": "assess-contract", "entry": "assess", "title": "信号無視と専らの軽傷事故（5点）", "input": {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1985-04-02"},
        "licences": [{"kind": "普通", "acquired": "2005-06-01"}],
        "applicant": False,
        "events": [
            {"type": "violation", "date": "2026-01-10", "code": "signal_red",
             "accident": {"severity": "injury_under_15d", "sole_fault": True}},
        ],
    }},
    {"id": "assess-prior-suspension", "entry": "assess", "title": "前歴1回の後の信号無視と軽傷事故（停止）", "input": {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1985-04-02"},
        "licences": [{"kind": "普通", "acquired": "2005-06-01"}],
        "applicant": False,
        "events": [
            {"type": "suspension", "date": "2025-02-01", "days": 30},
            {"type": "suspension_course", "date": "2025-02-05", "grade": "優"},
            {"type": "violation", "date": "2026-01-10", "code": "signal_red",
             "accident": {"severity": "injury_under_15d", "sole_fault": True}},
        ],
    }},
    {"id": "assess-drink-driving", "entry": "assess", "title": "酒気帯び（0.25以上）の速度超過（取消）", "input": {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1990-07-15"},
        "licences": [{"kind": "普通", "acquired": "2010-08-01"}],
        "applicant": False,
        "events": [
            {"type": "violation", "date": "2026-10-03", "code": "speeding_25_30", "alcohol": "ge025"},
        ],
    }},
    {"id": "assess-minor-violations", "entry": "assess", "title": "軽微違反の累積6点（違反者講習）", "input": {
        "as_of": "2026-11-22",
        "person": {"birth_date": "1978-12-01"},
        "licences": [{"kind": "普通", "acquired": "1998-03-01"}],
        "applicant": False,
        "events": [
            {"type": "violation", "date": "2026-08-20", "code": "speeding_25_30"},
            {"type": "violation", "date": "2026-09-30", "code": "speeding_25_30"},
        ],
    }},
    {"id": "renewal-contract", "entry": "renewal", "title": "66歳・軽微違反1回の更新", "input": {
        "application_date": "2026-11-02",
        "birth_date": "1960-11-20",
        "first_licensed": "1980-06-01",
        "current_expiry": "2026-12-20",
        "licences": [{"kind": "普通", "acquired": "1980-06-01"}],
        "events": [{"type": "violation", "date": "2024-03-01", "code": "seatbelt"}],
        "early_renewal": False,
    }},
    {"id": "licence-number-check", "entry": "licence-number", "title": "免許証番号の検査",
     "input": {"number": "459803358720"}},
    {"id": "licence-number-make", "entry": "licence-number", "title": "免許証番号の生成",
     "input": {"commission_code": "63", "year": 2026, "serial": "012345", "reissues": 0}},
    {"id": "eligibility-ordinary", "entry": "eligibility", "title": "18歳の普通免許の受験資格", "input": {
        "date": "2026-04-01", "birth_date": "2008-01-10", "kind": "普通", "licences": [],
    }},
)


def examples() -> list[dict[str, Any]]:
    """Every example, in display order: ``{"id", "entry", "title", "input"}`` (a fresh copy each call)."""
    return copy.deepcopy(list(BUILTIN_EXAMPLES))


def example(ident: str) -> dict[str, Any] | None:
    """The example with id ``ident``, or None."""
    return next((item for item in examples() if item["id"] == ident), None)
