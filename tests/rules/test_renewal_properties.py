"""Properties of the renewal engine over generated valid inputs (law-rules §5.1)."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from menkyo.rules import renewal
from menkyo.rules.dates import birthday_in, is_closed_day, one_month_after

CODES = ["seatbelt", "speeding_under_20", "signal_red", "stop_sign", "speeding_30_50", "phone_holding"]


@st.composite
def renewal_inputs(draw: Any) -> dict[str, Any]:
    birth = draw(st.dates(date(1930, 1, 1), date(2004, 12, 31)))
    year = draw(st.integers(max(2012, birth.year + 19), 2040))
    birthday = birthday_in(year, birth)
    expiry = one_month_after(birthday)
    early = draw(st.booleans())
    if early:
        application = birthday - timedelta(days=draw(st.integers(32, 300)))
    else:
        application = birthday + timedelta(days=draw(st.integers(-27, 27)))
    first = draw(st.dates(date(birth.year + 16, 1, 1), application - timedelta(days=400)).filter(lambda d: d > birth))
    events = [
        {"type": "violation", "date": draw(st.dates(max(first, date(2010, 1, 1)), application)).isoformat(),
         "code": draw(st.sampled_from(CODES)),
         **({"accident": {"severity": "injury_under_15d"}} if draw(st.booleans()) and draw(st.booleans()) else {})}
        for _ in range(draw(st.integers(0, 3)))
    ]
    kinds = draw(st.sampled_from([["普通"], ["原付"], ["普通", "普自二"], ["大型"]]))
    return {
        "application_date": application.isoformat(),
        "birth_date": birth.isoformat(),
        "first_licensed": first.isoformat(),
        "current_expiry": expiry.isoformat(),
        "licences": [{"kind": k, "acquired": first.isoformat()} for k in kinds],
        "events": events,
        "early_renewal": early,
    }


@settings(max_examples=300, deadline=None)
@given(renewal_inputs())
def test_renewal_properties(data: dict[str, Any]) -> None:
    before = copy.deepcopy(data)
    result = renewal(data)
    assert data == before  # the input is not modified
    assert renewal(data) == result  # deterministic
    birth = date.fromisoformat(data["birth_date"])
    new_expiry = date.fromisoformat(result["new_expiry"])
    # The printed expiry is always one month after a birthday.
    assert any(one_month_after(birthday_in(y, birth)) == new_expiry for y in (new_expiry.year - 1, new_expiry.year))
    valid_through = date.fromisoformat(result["valid_through"])
    assert valid_through >= new_expiry and not is_closed_day(valid_through)
    assert (valid_through - new_expiry).days <= 10  # 2019: ten closed days from 27 April
    window_end = date.fromisoformat(result["renewal_window"]["end"])
    assert not is_closed_day(window_end) and window_end >= date.fromisoformat(data["current_expiry"])
    assert new_expiry > date.fromisoformat(data["current_expiry"])
    assert result["driver_class"] in ("優良", "一般", "違反", "初回")
    assert result["colour"] == ("gold" if result["driver_class"] == "優良" else "blue")
    assert result["validity_years"] in (3, 4, 5)
    if result["driver_class"] in ("違反", "初回"):
        assert result["validity_years"] == 3
    assert result["requires"]["cognitive_test"] <= result["requires"]["elderly_course"]
    assert all(step["reference"] for step in result["trace"])
