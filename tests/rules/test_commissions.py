"""Commissions as facts of the engine (menkyo.rules.commissions), law-rules §8."""

import pytest

from menkyo.rules import numbers
from menkyo.rules.commissions import commission_for_address, commissions, commissions_by_prefecture
from menkyo.rules.errors import RulesError


def test_52_codes_with_hokkaido_split_into_five():
    facts = commissions()
    assert len(facts) == 52
    assert commissions_by_prefecture()["01"] == ("10", "11", "12", "13", "14")
    assert all(len(codes) == 1 for pref, codes in commissions_by_prefecture().items() if pref != "01")
    assert len(commissions_by_prefecture()) == 47
    assert [f for f in facts if f.code == "00"][0].prefecture is None


@pytest.mark.parametrize(("prefecture", "postal", "expected"), [
    ("28", "6500001", "63"),  # 兵庫
    ("13", "1000001", "30"),  # 東京
    ("01", "0600001", "10"),  # 札幌
    ("01", "0400001", "11"),  # 函館
    ("01", "0700001", "12"),  # 旭川
    ("01", "0850001", "13"),  # 釧路
    ("01", "0900001", "14"),  # 北見
    ("01", "0440001", "10"),  # 後志 (not listed): 札幌方面
])
def test_commission_for_address(prefecture, postal, expected):
    assert commission_for_address(prefecture, postal) == expected


def test_unknown_prefecture_is_an_error():
    with pytest.raises(RulesError) as caught:
        commission_for_address("48", "1000001")
    assert caught.value.code == "invalid_value"


def test_licence_number_entry_names_the_same_commissions():
    for fact in commissions():
        assert numbers._commission(fact.code) == fact.short_name
