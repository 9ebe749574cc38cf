"""Expiry dates of the register (law-rules §5.1) and of provisional licences (§6.1)."""

from datetime import date

import pytest

from menkyo.rules.dates import (
    birthday_in,
    expiry_after_birthdays,
    provisional_expiry,
    roll_forward,
    valid_through,
)


@pytest.mark.parametrize(
    "issued, expected",
    [
        (date(2024, 4, 1), date(2024, 9, 30)),
        (date(2024, 8, 31), date(2025, 2, 28)),  # no 31 February: the month's last day
        (date(2023, 8, 29), date(2024, 2, 28)),
        (date(2024, 12, 15), date(2025, 6, 14)),
    ],
)
def test_provisional_licence_runs_six_months_from_issue(issued, expected):
    assert provisional_expiry(issued) == expected


def test_first_licence_expires_one_month_after_the_third_birthday():
    # Born 3/1, licensed 2023-06-10: birthdays 2024, 2025, 2026 → 2026-04-01 (a Wednesday).
    assert expiry_after_birthdays(date(1990, 3, 1), date(2023, 6, 10), 3) == date(2026, 4, 1)


def test_expiry_on_a_closed_day_rolls_forward_and_chains():
    # 2027-01-01 (holiday, year-end) → 1/2 Sat, 1/3 Sun+year-end → 1/4 Monday.
    assert roll_forward(date(2027, 1, 1)) == date(2027, 1, 4)
    # 2025-05-03..06 are holidays (憲法記念日 … 振替休日): 5/3 → 5/7.
    assert roll_forward(date(2025, 5, 3)) == date(2025, 5, 7)


def test_29_february_birthday_is_28_february_in_common_years():
    assert birthday_in(2027, date(2000, 2, 29)) == date(2027, 2, 28)
    assert birthday_in(2028, date(2000, 2, 29)) == date(2028, 2, 29)


def test_printed_expiry_on_a_sunday_stays_valid_until_the_next_open_day():
    # law-rules §13 example 17: printed 2025-12-28 (Sunday) → 12/29–1/3 → 1/4 Sunday → 2026-01-05.
    assert valid_through(date(2025, 12, 28)) == date(2026, 1, 5)


def test_printed_expiry_is_not_rolled():
    # rules-contract §2: birthday 11/20, renewal for 5 years → printed 2031-12-20 (a Saturday).
    assert expiry_after_birthdays(date(1960, 11, 20), date(2028, 12, 1), 3) == date(2031, 12, 20)
    assert valid_through(date(2031, 12, 20)) == date(2031, 12, 22)  # Saturday → Monday
