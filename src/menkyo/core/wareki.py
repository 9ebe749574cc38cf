"""和暦 (Japanese era) rendering. Dates are ``date`` objects everywhere; eras appear only here."""

from datetime import date

# First day of each modern era (明治 from the Gregorian adoption date used in practice).
ERAS = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1873, 1, 1), "明治"),
)


def wareki(day: date | None) -> str:
    """``2019-05-01`` → ``令和元年5月1日``; dates before 1873 are shown in 西暦."""
    if day is None:
        return ""
    for start, name in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"
