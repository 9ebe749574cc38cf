"""和暦 (Japanese era) rendering. Dates are ``date`` objects everywhere; eras appear only here."""

import re
import unicodedata
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


def wareki_month(day: date | None) -> str:
    """The month of ``day``: ``2027-01-15`` → ``令和9年1月`` (for monthly batches)."""
    return wareki(day.replace(day=1)).removesuffix("1日") if day else ""


# --- reading a date typed at a counter: 和暦 or 西暦 -------------------------------------------

_ERA_NAMES = {"明治": "明治", "大正": "大正", "昭和": "昭和", "平成": "平成", "令和": "令和",
              "M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和",
              "明": "明治", "大": "大正", "昭": "昭和", "平": "平成", "令": "令和"}
_ERA_START = {name: start for start, name in ERAS}
_ERA_END = {name: ERAS[i - 1][0] for i, (_, name) in enumerate(ERAS) if i > 0}  # first day of the next era
_ERA_DATE = re.compile(
    r"^(明治|大正|昭和|平成|令和|[MTSHR明大昭平令])\s*(元|\d{1,2})\s*(?:年|[./\-])\s*(\d{1,2})\s*(?:月|[./\-])"
    r"\s*(\d{1,2})\s*日?$")
_WESTERN_DATE = re.compile(r"^(\d{4})\s*(?:年|[./\-])\s*(\d{1,2})\s*(?:月|[./\-])\s*(\d{1,2})\s*日?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_EXAMPLES = "昭和56年3月4日、S56.3.4、1981-03-04"


class DateParseError(ValueError):
    """A date that cannot be read; ``message`` says why, in Japanese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_date(text: str) -> date:
    """A date typed in 和暦 or 西暦: ``昭和56年3月4日``, ``S56.3.4``, ``s56/3/4``, ``平成元年1月8日``,
    ``1981-03-04``, ``1981/3/4``, ``1981年3月4日``, ``19810304`` (full-width digits too).

    A 和暦 date must lie in its era (昭和64年1月8日 is 平成元年: refused, not moved).
    Raises :class:`DateParseError` with a Japanese message.
    """
    value = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not value:
        raise DateParseError(f"日付を入力してください（例：{DATE_EXAMPLES}）。")
    if match := _ERA_DATE.match(value):
        era = _ERA_NAMES[match[1]]
        year = 1 if match[2] == "元" else int(match[2])
        if year < 1:
            raise DateParseError(f"{era}0年はありません。")
        day = _day(_ERA_START[era].year + year - 1, int(match[3]), int(match[4]), value)
        if day < _ERA_START[era] or (era in _ERA_END and day >= _ERA_END[era]):
            raise DateParseError(f"「{text.strip()}」は{era}の期間にありません。")
        return day
    match = _WESTERN_DATE.match(value) or _COMPACT_DATE.match(value)
    if match:
        return _day(int(match[1]), int(match[2]), int(match[3]), value)
    raise DateParseError(f"日付「{(text or '').strip()[:20]}」を読み取れません（例：{DATE_EXAMPLES}）。")


def _day(year: int, month: int, day: int, value: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateParseError(f"「{value}」という日付はありません。") from None
