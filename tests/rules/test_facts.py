"""Small fact functions of the engine used outside it (seeding): validity years, holding forms."""

from datetime import date

import pytest

from menkyo.rules.errors import RulesError
from menkyo.rules.holding import holding_forms, mynumber_licence_from
from menkyo.rules.renewal import validity_table_from, validity_years

DAY = date(2026, 11, 22)


@pytest.mark.parametrize(("driver_class", "age", "years"), [
    ("優良", 69, 5), ("優良", 70, 4), ("優良", 71, 3), ("一般", 40, 5), ("一般", 70, 4),
    ("違反", 30, 3), ("初回", 20, 3), ("初回", 80, 3),
])
def test_validity_years_by_class_and_age(driver_class, age, years):
    assert validity_years(driver_class, age, DAY) == years  # law-rules §5.2


def test_validity_years_has_no_table_before_its_first_date():
    assert validity_table_from() == date(2002, 6, 1)
    with pytest.raises(RulesError) as caught:
        validity_years("優良", 40, date(2002, 5, 31))
    assert caught.value.code == "no_table_in_force"
    with pytest.raises(RulesError):
        validity_years("ゴールド", 40, DAY)


def test_mynumber_licence_from_2025_03_24():
    assert mynumber_licence_from() == date(2025, 3, 24)  # law-rules §5.7
    assert holding_forms(date(2025, 3, 23)) == ("card",)
    assert holding_forms(date(2025, 3, 24)) == ("card", "mynumber", "both")
