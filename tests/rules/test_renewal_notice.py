"""What the 更新連絡書 says (法第101条第3項): the renewal as applied for on the first day of the window,
and when the monthly batch sends it (renewal_notice_schedule, UNCONFIRMED practice)."""

from datetime import date

import pytest

from menkyo import rules
from menkyo.rules.errors import RulesError
from menkyo.rules.notices import notice_schedule

HOLDER = {"birth_date": "1950-02-10", "current_expiry": "2027-03-10",
          "licences": [{"kind": "普通", "acquired": "2000-05-01"}], "events": []}


def test_the_notice_is_the_renewal_applied_for_on_the_first_day_of_the_window():
    notice = rules.renewal_notice(HOLDER)
    assert notice["renewal_window"] == {"start": "2027-01-10", "end": "2027-03-10"}
    assert notice == rules.renewal({**HOLDER, "application_date": "2027-01-10"})
    assert notice["requires"] == {"elderly_course": True, "cognitive_test": True, "driving_skill_test": False}


def test_an_expiry_that_is_not_a_month_after_a_birthday_is_refused():
    with pytest.raises(RulesError) as refused:
        rules.renewal_notice({**HOLDER, "current_expiry": "2027-03-11"})
    assert (refused.value.code, refused.value.path) == ("invalid_value", "current_expiry")


def test_the_schedule_sends_the_notice_when_the_window_opens_and_the_elderly_six_months_ahead():
    schedule = notice_schedule(date(2026, 12, 1))
    assert (schedule.renewal_expiry_months_ahead, schedule.elderly_expiry_months_ahead) == (2, 6)
    assert schedule.assumption and "第101条第3項" in schedule.reference
