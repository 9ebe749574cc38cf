"""Licence kinds and printed conditions as facts of the engine (menkyo.rules.kinds)."""

from datetime import date

import pytest

from menkyo.rules import kinds
from menkyo.rules.assessment import LICENCE_KINDS
from menkyo.rules.errors import RulesError


def test_kinds_are_in_display_order_with_unique_codes():
    facts = kinds.licence_kinds()
    assert [f.display_order for f in facts] == list(range(1, len(facts) + 1))
    assert kinds.KIND_CODES == tuple(f.code for f in facts)
    assert len(set(kinds.KIND_CODES)) == 19
    assert LICENCE_KINDS == kinds.KIND_CODES  # the name the simulator imports


def test_kind_facts_follow_law_rules_6():
    assert kinds.kind("中型").introduced_on == date(2007, 6, 2)  # §6.1, §12
    assert kinds.kind("準中型").introduced_on == date(2017, 3, 12)
    assert kinds.kind("大型").min_age == 21 and kinds.kind("中型").min_age == 20  # §6.2
    assert kinds.kind("普通仮").min_age == 18
    # The ages of 大型仮・中型仮・準中型仮 are UNCONFIRMED: the master shows none.
    assert [kinds.kind(c).min_age for c in ("大型仮", "中型仮", "準中型仮")] == [None, None, None]
    assert {f.category for f in kinds.licence_kinds()} == {"first", "second", "provisional"}
    assert kinds.kind("大二").name == "大型自動車第二種免許"  # 道路交通法 第84条第4項


def test_requirement_is_dated():
    need = kinds.requirement("中型", date(2026, 1, 1))
    assert (need.min_age, need.experience_years) == (20, 2)
    assert "普通" in need.experience_kinds
    assert kinds.requirement("けん引", date(2026, 1, 1)).requires_any[:2] == ("大型", "中型")
    with pytest.raises(RulesError) as caught:
        kinds.requirement("大型", date(2007, 6, 1))
    assert caught.value.code == "no_table_in_force"


def test_deemed_dates_agree_with_the_introduction_of_the_kinds():
    eight, five = kinds.deemed_licences()
    chuugata, junchuugata = kinds.kind("中型").introduced_on, kinds.kind("準中型").introduced_on
    assert eight.acquired_from is None and (chuugata - eight.acquired_until).days == 1
    assert five.acquired_from == chuugata and (junchuugata - five.acquired_until).days == 1


@pytest.mark.parametrize(("held", "expected"), [
    ({"普通": date(2007, 6, 1)}, ["中型車は中型車(8t)に限る"]),
    ({"普通": date(2007, 6, 2)}, ["準中型車は準中型車(5t)に限る"]),
    ({"普通": date(2017, 3, 11), "原付": date(2000, 1, 1)}, ["準中型車は準中型車(5t)に限る"]),
    ({"普通": date(2017, 3, 12)}, []),
    ({"普通": date(2000, 1, 1), "中型": date(2010, 1, 1)}, []),
    ({"原付": date(2000, 1, 1)}, []),
])
def test_deemed_conditions(held, expected):
    assert kinds.deemed_conditions(held) == expected


@pytest.mark.parametrize(("held", "expected"), [
    ({"普通": date(1995, 7, 1)}, [("中型", date(1995, 7, 1), "8t")]),
    ({"原付": date(1992, 1, 1), "普通": date(2010, 5, 1)},
     [("準中型", date(2010, 5, 1), "5t"), ("原付", date(1992, 1, 1), "")]),
    ({"普通": date(2017, 3, 12)}, [("普通", date(2017, 3, 12), "")]),
    ({"普通": date(1995, 7, 1), "大型": date(2010, 1, 1)},
     [("大型", date(2010, 1, 1), ""), ("普通", date(1995, 7, 1), "")]),
])
def test_the_card_shows_an_old_ordinary_licence_as_the_deemed_kind_with_its_limit_and_date(held, expected):
    assert kinds.as_on_card(held) == expected


def test_only_a_deemed_kind_of_a_deemed_date_is_a_limited_licence():
    assert kinds.deemed_as("中型", date(2007, 6, 1)).limit == "8t"
    assert kinds.deemed_as("準中型", date(2007, 6, 2)).limit == "5t"
    assert kinds.deemed_as("準中型", date(2017, 3, 11)).condition == "準中型車は準中型車(5t)に限る"
    assert kinds.deemed_as("中型", date(2007, 6, 2)) is None
    assert kinds.deemed_as("準中型", date(2017, 3, 12)) is None
    assert kinds.deemed_as("普通", date(1995, 7, 1)) is None


def test_condition_texts():
    assert kinds.condition_text("glasses") == "眼鏡等"
    assert kinds.condition_text("at_futsuu") == "普通車はAT車に限る"


def test_the_moped_coverage_is_dated_new_standard_mopeds_from_2025_04_01():
    from datetime import date

    from menkyo.rules.kinds import covers

    assert "新基準原付" not in covers("原付", date(2025, 3, 31))
    assert covers("原付", date(2025, 4, 1)) == ("原付", "新基準原付")
    # every kind that covers 原付 covers what the 原付 row says on the day
    assert "新基準原付" in covers("普通", date(2025, 4, 1))
    assert "新基準原付" not in covers("普通", date(2025, 3, 31))
    assert "新基準原付" not in covers("小特", date(2025, 4, 1))
