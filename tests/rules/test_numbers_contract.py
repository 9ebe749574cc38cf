"""licence-number entry point (rules-contract §3; law-rules §7, §8)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menkyo.rules import licence_number
from menkyo.rules import numbers as ln
from menkyo.rules.errors import RulesError
from menkyo.rules.params import table


def test_contract_validation_example_exactly() -> None:
    result = licence_number({"number": "459803358720"})
    result.pop("trace")
    assert result == {
        "valid": True, "commission_code": "45", "commission": "神奈川", "first_licensed_year": "98",
        "serial": "033587", "check_digit": 2, "reissues": 0,
    }


def test_contract_generation_example_puts_the_check_digit_in_place_of_x() -> None:
    number = licence_number({"commission_code": "63", "year": 2026, "serial": "012345", "reissues": 0})["number"]
    assert number[:10] == "6326012345" and number[11] == "0"
    assert int(number[10]) == ln.check_digit("6326012345")


def test_every_commission_of_law_rules_8_is_known() -> None:
    rows = table("commissions").rows
    assert len(rows) == 52  # 51 commissions + 00 (海外)
    assert rows["30"]["short_name"] == "東京" and rows["62"]["short_name"] == "大阪"
    assert rows["24"]["short_name"] == "山形"


@pytest.mark.parametrize("reissues, digit", [(0, 0), (1, 1), (8, 8), (9, 9), (10, 1), (18, 9), (19, 1)])
def test_reissue_digit_wraps_from_nine_to_one(reissues: int, digit: int) -> None:
    assert ln.reissue_digit(reissues) == digit


@pytest.mark.parametrize(
    "data, code, path",
    [
        ({"number": 459803358720}, "malformed_number", "number"),
        ({"number": ""}, "malformed_number", "number"),
        ({"year": 2026, "serial": "012345"}, "missing_field", "commission_code"),
        ({"commission_code": 63, "year": 2026, "serial": "012345"}, "invalid_value", "commission_code"),
        ({"commission_code": "63", "year": 26, "serial": "012345"}, "invalid_value", "year"),
        ({"commission_code": "63", "year": 2026, "serial": "12345"}, "invalid_value", "serial"),
        ({"commission_code": "63", "year": 2026, "serial": "012345", "reissues": -1}, "invalid_value", "reissues"),
    ],
)
def test_malformed_input_is_a_precise_error(data: dict[str, Any], code: str, path: str) -> None:
    with pytest.raises(RulesError) as caught:
        licence_number(data)
    assert (caught.value.code, caught.value.path) == (code, path)


@given(
    code=st.sampled_from(sorted(table("commissions").rows)),
    year=st.integers(1966, 2099),
    serial=st.integers(0, 999_999),
    reissues=st.integers(0, 40),
)
def test_generated_numbers_validate_and_round_trip(code: str, year: int, serial: int, reissues: int) -> None:
    made = licence_number({"commission_code": code, "year": year, "serial": serial, "reissues": reissues})
    checked = licence_number({"number": made["number"]})
    assert checked["valid"] is True
    assert (checked["commission_code"], checked["first_licensed_year"], checked["serial"]) == (
        code, f"{year % 100:02d}", f"{serial:06d}"
    )
    assert checked["reissues"] == ln.reissue_digit(reissues)
