"""失効後の再取得 (law-rules §5.6): the route from the lapse date, the application date, the kinds, an
unavoidable reason and the age — うっかり失効 within 6 months aptitude only, 6 months–1 year the 仮免許
tests waived for 大型・中型・準中型・普通, over 1 year the full test, やむを得ず失効 within 3 years and 1 month
after the reason ended aptitude only; every step traced with its (UNCONFIRMED) reference."""

from datetime import date

import pytest

from menkyo.rules.errors import RulesError
from menkyo.rules.lapse import lapse_json, lapse_reasons

BASE = {"birth_date": "1980-05-17", "current_expiry": "2026-06-17",
        "licences": [{"kind": "普通", "acquired": "2000-01-01"}, {"kind": "普自二", "acquired": "1998-01-01"}]}


def answer(day, **extra):
    return lapse_json({**BASE, "application_date": day, **extra})


@pytest.mark.parametrize(("day", "route", "last_day", "kinds", "fee"), [
    ("2026-06-18", "aptitude_only", "2026-12-17", ["普通", "普自二"], "lapsed"),
    ("2026-12-17", "aptitude_only", "2026-12-17", ["普通", "普自二"], "lapsed"),
    ("2026-12-18", "provisional_waived", "2027-06-17", ["普通"], "direct"),
    ("2027-06-17", "provisional_waived", "2027-06-17", ["普通"], "direct"),
    ("2027-06-18", "full_test", None, [], None),
])
def test_the_route_follows_the_time_since_the_licence_lapsed(day, route, last_day, kinds, fee):
    result = answer(day)
    assert (result["route"], result["last_day"], result["kinds"], result["fee_route"]) == (route, last_day, kinds, fee)
    assert result["lapsed_on"] == "2026-06-18" and all(step["reference"] for step in result["trace"])
    assert any(step.get("assumption") for step in result["trace"])


def test_aptitude_only_sits_the_aptitude_test_and_the_provisional_route_the_whole_test():
    assert answer("2026-07-01")["tests"] == ["aptitude"]
    assert answer("2027-01-01")["tests"] == ["aptitude", "written", "skill"]


def test_a_licence_expiring_on_a_closed_day_lapses_after_the_deemed_last_day():
    result = lapse_json({**BASE, "current_expiry": "2026-11-29", "application_date": "2026-12-01"})  # a Sunday
    assert (result["valid_through"], result["lapsed_on"]) == ("2026-11-30", "2026-12-01")
    with pytest.raises(RulesError) as not_lapsed:
        lapse_json({**BASE, "current_expiry": "2026-11-29", "application_date": "2026-11-30"})
    assert (not_lapsed.value.code, not_lapsed.value.path) == ("not_lapsed", "application_date")


def test_an_unavoidable_reason_within_3_years_and_1_month_after_it_ended_waives_the_tests():
    result = answer("2028-01-20", unavoidable={"reason": "abroad", "ended": "2028-01-01"})
    assert (result["route"], result["unavoidable"], result["fee_route"], result["last_day"]) == (
        "aptitude_only", True, "lapsed_unavoidable", "2028-01-31")


@pytest.mark.parametrize(("day", "ended", "why"), [
    ("2028-03-10", "2028-01-01", "やむを得ない理由がやんだ日（2028-01-01）から1月を経過しています"),
    ("2029-06-20", "2029-06-10", "失効した日（2026-06-18）から3年を経過しています"),
    ("2026-07-10", "2026-05-01", "失効の前"),
])
def test_an_unavoidable_reason_that_does_not_hold_is_named_and_the_ordinary_route_applies(day, ended, why):
    result = answer(day, unavoidable={"reason": "illness", "ended": ended})
    assert why in result["unavoidable_refused"] and result["unavoidable"] is False
    assert result["route"] == ("aptitude_only" if day == "2026-07-10" else "full_test")


def test_the_commissions_own_reason_counts_only_from_2019_12_01():
    assert "commission" in lapse_reasons(date(2019, 12, 1)).value
    assert "commission" not in lapse_reasons(date(2019, 11, 30)).value
    with pytest.raises(RulesError) as unknown:
        lapse_json({**BASE, "current_expiry": "2018-06-17", "application_date": "2018-07-01",
                    "unavoidable": {"reason": "commission", "ended": "2018-06-30"}})
    assert unknown.value.path == "unavoidable.reason"


def test_an_applicant_of_70_or_more_needs_the_elderly_course():
    assert answer("2026-07-01")["requires"] == {"elderly_course": False}
    assert lapse_json({**BASE, "birth_date": "1956-01-01", "application_date": "2026-07-01"})["requires"] == {
        "elderly_course": True}


@pytest.mark.parametrize(("data", "path"), [
    ({"licences": []}, "licences"),
    ({"licences": [{"kind": "飛行機"}]}, "licences[0].kind"),
    ({"application_date": "2026-13-01"}, "application_date"),
    ({"unavoidable": {"reason": "abroad", "ended": "2026-08-01"}, "application_date": "2026-07-01"},
     "unavoidable.ended"),
])
def test_bad_input_names_its_path(data, path):
    with pytest.raises(RulesError) as refused:
        lapse_json({**BASE, "application_date": "2026-07-01", **data})
    assert refused.value.path == path
