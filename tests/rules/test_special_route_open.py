"""``special_route_open``: the kinds the 受験資格特例 is open to (道路交通法第88条第1項第1号ただし書; law-rules §4.2 — 大型・中型・
第二種, from 2022-05-13), read from ``special_route`` of params/licence_kinds.yaml."""

from datetime import date

import pytest

from menkyo.rules.eligibility import special_route_open
from menkyo.rules.errors import RulesError


@pytest.mark.parametrize("kind", ["大型", "中型", "大二", "中二", "普二"])
def test_the_heavy_and_second_class_kinds_are_open_from_the_day_the_special_route_began(kind):
    assert special_route_open(kind, date(2022, 5, 13)) and not special_route_open(kind, date(2022, 5, 12))


@pytest.mark.parametrize("kind", ["普通", "準中型", "大自二", "原付", "けん引"])
def test_the_other_kinds_are_never_open(kind):
    assert not special_route_open(kind, date(2025, 1, 1))


def test_an_unknown_kind_is_an_invalid_value_on_the_kind():
    with pytest.raises(RulesError) as refused:
        special_route_open("戦車", date(2025, 1, 1))
    assert (refused.value.code, refused.value.path) == ("invalid_value", "kind")
