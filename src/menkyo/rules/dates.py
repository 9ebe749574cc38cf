"""Expiry dates (有効期間の末日), law-rules §5.1 — the part the register needs now.

The expiry printed on the card is the day one month after a birthday (same
day-of-month in the next month). When it falls on a Sunday, Saturday,
national holiday or 12/29–1/3, the licence stays valid through the next day
that is none of these (法 §92の2④, 令 §33の8; chained; law-rules §13
example 17): :func:`valid_through`. A 29 February birthday is taken as
28 February in common years (法 §92の2 備考五).
The rules engine (issue 3) extends this with classes and validity by age.
"""

import calendar
from datetime import date, timedelta
from functools import cache

import jpholiday

REFERENCE = "law-rules §5.1 (有効期間の末日・休日の取扱い)"


def birthday_in(year: int, birth_date: date) -> date:
    """The birthday in ``year``; 29 Feb becomes 28 Feb in common years."""
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return birth_date.replace(year=year)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_after(day: date, months: int) -> date:
    """The corresponding day ``months`` later, or that month's last day when there is none.

    ``months`` may be negative (the corresponding day ``-months`` months earlier).
    """
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    dom = day.day
    if dom > 28:
        last = 29 if month0 == 1 and calendar.isleap(year) else _MONTH_DAYS[month0]
        if dom > last:
            dom = last
    return date(year, month0 + 1, dom)


def add_years(day: date, years: int) -> date:
    """The corresponding day ``years`` later (earlier if negative); 29 Feb → 28 Feb (民法 §143②)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return date(day.year + years, 2, 28)


def one_month_after(day: date) -> date:
    """The same day-of-month in the next month (clamped to that month's last day)."""
    return months_after(day, 1)


def provisional_expiry(issue_date: date) -> date:
    """Last day of a provisional licence (仮免許): six months counted from the issue day.

    DERIVED (law-rules §6.1 "valid 6 months"; 民法 §143): the period ends the
    day before the corresponding day six months later, or on the last day of
    that month when it has no corresponding day. No holiday roll-over applies.
    """
    end = months_after(issue_date, 6)
    return end if end.day != issue_date.day else end - timedelta(days=1)


# National holidays already looked up (jpholiday takes ~0.2 ms per question).
_HOLIDAYS: dict[date, bool] = {}


def is_holiday(day: date) -> bool:
    """A national holiday (国民の祝日・振替休日・国民の休日), per jpholiday, cached."""
    known = _HOLIDAYS.get(day)
    if known is None:
        known = _HOLIDAYS[day] = jpholiday.is_holiday(day)
    return known


def prewarm_holidays(first_year: int, last_year: int) -> None:
    """Look up whole years of holidays at once (before bulk work or forking workers)."""
    start, end = date(first_year, 1, 1), date(last_year, 12, 31)
    holidays = {day for day, _ in jpholiday.between(start, end)}
    day = start
    while day <= end:
        _HOLIDAYS[day] = day in holidays
        day += timedelta(days=1)


def is_closed_day(day: date) -> bool:
    """A day on which a period does not end: Sat, Sun, national holiday, 12/29–1/3."""
    if day.weekday() >= 5 or (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3):
        return True
    return is_holiday(day)


@cache
def roll_forward(day: date) -> date:
    """The first day from ``day`` on that is not a closed day (the shift chains)."""
    while is_closed_day(day):
        day += timedelta(days=1)
    return day


def age_on(birth_date: date, day: date) -> int:
    """Age in full years on ``day`` (a 29 February birthday counts as 28 February)."""
    return day.year - birth_date.year - (day < birthday_in(day.year, birth_date))


def valid_through(printed_expiry: date) -> date:
    """The last day a licence is valid: the printed expiry rolled past closed days."""
    return roll_forward(printed_expiry)


def expiry_after_birthdays(birth_date: date, issued_on: date, birthdays: int) -> date:
    """Printed expiry: one month after the ``birthdays``-th birthday after ``issued_on``.

    A first licence runs to the 3rd birthday + 1 month (law-rules §5.1).
    """
    year = issued_on.year
    if birthday_in(year, birth_date) <= issued_on:
        year += 1
    return one_month_after(birthday_in(year + birthdays - 1, birth_date))


@cache
def roll_back(day: date) -> date:
    """The last day up to ``day`` that is not a closed day (経由 period of card holders, law-rules §17)."""
    while is_closed_day(day):
        day -= timedelta(days=1)
    return day
