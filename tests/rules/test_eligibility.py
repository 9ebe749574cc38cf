"""Eligibility to apply for a licence kind (law-rules §6.2, §4.2)."""

from __future__ import annotations

from typing import Any

import pytest

from menkyo.rules import eligibility
from menkyo.rules.errors import RulesError
from menkyo.rules.params import table


def test_every_card_label_of_the_contract_is_a_kind() -> None:
    labels = "大型 中型 準中型 普通 大特 大自二 普自二 小特 原付 けん引 大二 中二 普二 大特二 けん引二".split()
    labels += ["大型仮", "中型仮", "準中型仮", "普通仮"]
    assert set(table("licence_kinds").rows) == set(labels)


def test_unconfirmed_provisional_ages_are_flagged() -> None:
    result = eligibility({"date": "2026-04-01", "birth_date": "2000-01-01", "kind": "大型仮",
                          "licences": [{"kind": "普通", "acquired": "2019-01-01"}]})
    assert result["eligible"] is True
    assert any(step.get("assumption") for step in result["trace"])


def test_another_second_class_licence_replaces_the_three_years() -> None:
    result = eligibility({"date": "2026-04-01", "birth_date": "2004-01-01", "kind": "大特二",
                          "licences": [{"kind": "普通", "acquired": "2025-01-01"},
                                       {"kind": "普二", "acquired": "2025-06-01"}]})
    assert result["eligible"] is True and result["route"] == "normal"


def test_large_vehicle_before_any_rule_in_force_is_an_error() -> None:
    with pytest.raises(RulesError) as caught:
        eligibility({"date": "2006-01-01", "birth_date": "1980-01-01", "kind": "大型", "licences": []})
    assert caught.value.code == "no_table_in_force"


@pytest.mark.parametrize(
    "change, code, path",
    [
        ({"birth_date": "2030-01-01"}, "invalid_value", "birth_date"),
        ({"special_course": "yes"}, "invalid_value", "special_course"),
        ({"licences": [{"kind": "普通", "acquired": "2027-01-01"}]}, "invalid_value", "licences[0].acquired"),
        ({"date": "2026-13-01"}, "malformed_date", "date"),
    ],
)
def test_bad_input_is_a_precise_error(change: dict[str, Any], code: str, path: str) -> None:
    data = {"date": "2026-04-01", "birth_date": "2000-01-01", "kind": "普通", "licences": []}
    with pytest.raises(RulesError) as caught:
        eligibility(dict(data, **change))
    assert (caught.value.code, caught.value.path) == (code, path)
