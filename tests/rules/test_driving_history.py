"""Who may apply for a 運転経歴証明書 (法第104条の4第5項・第105条の2; counter-facts §3.8): the ground and the
period in force on the application day, the latest licence deciding."""

from datetime import date

import pytest

from menkyo.rules.driving_history import LicenceEnd, certificate_eligibility
from menkyo.rules.errors import RulesError


def cancelled(on, issued=date(2000, 1, 1)):
    return LicenceEnd("application_cancellation", issued, on)


def test_a_whole_cancellation_within_five_years_is_a_ground_to_the_corresponding_day():
    answer = certificate_eligibility([cancelled(date(2021, 3, 10))], date(2026, 3, 10))
    assert (answer.eligible, answer.ground, answer.last_day) == (True, "application_cancellation", date(2026, 3, 10))
    assert not certificate_eligibility([cancelled(date(2021, 3, 10))], date(2026, 3, 11)).eligible


def test_before_2012_the_application_had_to_come_within_a_month():
    answer = certificate_eligibility([cancelled(date(2010, 1, 5))], date(2010, 3, 1))
    assert not answer.eligible and "1月" in answer.reason


def test_the_five_years_of_2012_reach_back_to_earlier_cancellations():
    assert certificate_eligibility([cancelled(date(2010, 1, 5))], date(2012, 4, 1)).eligible


def test_a_lapse_is_a_ground_only_from_2019_12_01():
    lapse = [LicenceEnd("lapse", date(2010, 1, 1), date(2019, 6, 1))]
    assert not certificate_eligibility(lapse, date(2019, 11, 30)).eligible
    answer = certificate_eligibility(lapse, date(2019, 12, 1))
    assert answer.eligible and answer.assumption


@pytest.mark.parametrize("end", ["revocation", "deceased", "other"])
def test_a_licence_that_ended_otherwise_gives_no_certificate(end):
    answer = certificate_eligibility([LicenceEnd(end, date(2015, 1, 1))], date(2026, 1, 1))
    assert not answer.eligible and answer.ground == end


def test_a_person_who_holds_a_licence_or_never_held_one_gets_none():
    assert "現に受けている" in certificate_eligibility(
        [cancelled(date(2024, 1, 1)), LicenceEnd("held", date(2025, 1, 1))], date(2026, 1, 1)).reason
    assert not certificate_eligibility([], date(2026, 1, 1)).eligible


def test_the_latest_licence_decides_a_revocation_after_an_earlier_cancellation_gives_none():
    ends = [cancelled(date(2022, 1, 1), issued=date(2000, 1, 1)), LicenceEnd("revocation", date(2023, 1, 1))]
    assert not certificate_eligibility(ends, date(2026, 1, 1)).eligible


def test_every_answer_carries_its_trace_and_reference():
    answer = certificate_eligibility([cancelled(date(2025, 1, 1))], date(2026, 1, 1))
    assert [s["step"] for s in answer.trace] == ["last_end", "period", "eligibility"]
    assert "第104条の4" in answer.reference


def test_a_day_before_the_certificate_existed_is_a_clear_error():
    with pytest.raises(RulesError):
        certificate_eligibility([cancelled(date(2001, 1, 1))], date(2001, 2, 1))
