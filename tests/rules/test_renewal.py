"""Renewal (rules-contract §2; law-rules §5, §10, §13 examples 16–18, §16)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from menkyo.rules import renewal
from menkyo.rules.errors import RulesError

CONTRACT = {
    "application_date": "2026-11-02",
    "birth_date": "1960-11-20",
    "first_licensed": "1980-06-01",
    "current_expiry": "2026-12-20",
    "licences": [{"kind": "普通", "acquired": "1980-06-01"}],
    "events": [{"type": "violation", "date": "2024-03-01", "code": "seatbelt"}],
    "early_renewal": False,
}


def test_contract_example_exactly() -> None:
    result = renewal(CONTRACT)
    expected = {
        "renewal_window": {"start": "2026-10-20", "end": "2026-12-21"},
        "driver_class": "一般",
        "validity_years": 5,
        "new_expiry": "2031-12-20",
        "valid_through": "2031-12-22",
        "colour": "blue",
        "lecture_minutes": 60,
        "requires": {"elderly_course": False, "cognitive_test": False, "driving_skill_test": False},
    }
    assert {k: result[k] for k in expected} == expected
    assert all({"step", "detail", "reference"} <= set(step) for step in result["trace"])


def test_dates_may_be_date_objects() -> None:
    data = dict(CONTRACT, application_date=date(2026, 11, 2), birth_date=date(1960, 11, 20))
    assert renewal(data)["new_expiry"] == "2031-12-20"


def test_first_licensed_defaults_to_the_earliest_licence() -> None:
    data = {k: v for k, v in CONTRACT.items() if k != "first_licensed"}
    assert renewal(data)["driver_class"] == "一般"


def test_assumptions_are_marked_in_the_trace() -> None:
    steps = {s["step"]: s for s in renewal(CONTRACT)["trace"]}
    assert steps["driver_class"]["assumption"] is True  # 基準日-day exclusion (law-rules §16)
    assert "基準日 2026-10-11" in steps["driver_class"]["detail"]


def test_skill_test_trace_flags_the_unconfirmed_lookback() -> None:
    data = {
        "application_date": "2026-06-01", "birth_date": "1950-06-15", "first_licensed": "1970-01-01",
        "current_expiry": "2026-07-15", "licences": [{"kind": "普通", "acquired": "1970-01-01"}],
        "events": [{"type": "violation", "date": "2025-01-10", "code": "speeding_under_20"}],
    }
    result = renewal(data)
    step = next(s for s in result["trace"] if s["step"] == "driving_skill_test")
    assert step["assumption"] is True and result["requires"]["driving_skill_test"] is True
    # Before the 運転技能検査 existed (2022-05-13) the same history requires nothing.
    old = dict(data, application_date="2021-06-01", current_expiry="2021-07-15",
               events=[{"type": "violation", "date": "2020-01-10", "code": "speeding_under_20"}])
    assert renewal(old)["requires"]["driving_skill_test"] is False


def test_violation_after_the_skill_lookback_anchor_does_not_count() -> None:
    # Anchor assumed 160 days before the 特定誕生日 (2026-06-15 − 160 = 2026-01-06).
    data = {
        "application_date": "2026-06-01", "birth_date": "1950-06-15", "first_licensed": "1970-01-01",
        "current_expiry": "2026-07-15",
        "events": [{"type": "violation", "date": "2026-02-01", "code": "signal_red"}],
    }
    assert renewal(data)["requires"]["driving_skill_test"] is False


@pytest.mark.parametrize(
    "change, code, path",
    [
        ({"early_renewal": "yes"}, "invalid_value", "early_renewal"),
        ({"licences": [{"kind": "自転車", "acquired": "1980-06-01"}]}, "invalid_value", "licences[0].kind"),
        ({"events": [{"type": "violation", "date": "2026-11-03", "code": "seatbelt"}]},
         "event_after_application_date", "events[0].date"),
        ({"events": [{"type": "parking", "date": "2026-01-03"}]}, "invalid_value", "events[0].type"),
        ({"events": [{"type": "violation", "date": "2026-01-03", "code": "seatbelt", "alcohol": "some"}]},
         "invalid_value", "events[0].alcohol"),
        ({"first_licensed": "1950-01-01"}, "invalid_value", "first_licensed"),
        ({"current_expiry": "2026/12/20"}, "malformed_date", "current_expiry"),
    ],
)
def test_bad_input_is_a_precise_error(change: dict[str, Any], code: str, path: str) -> None:
    with pytest.raises(RulesError) as caught:
        renewal(dict(CONTRACT, **change))
    assert (caught.value.code, caught.value.path) == (code, path)


def test_dispositions_in_the_events_are_accepted_and_do_not_change_the_class() -> None:
    data = dict(CONTRACT, events=CONTRACT["events"] + [{"type": "violator_course", "date": "2025-01-01"}])
    assert renewal(data)["driver_class"] == "一般"


