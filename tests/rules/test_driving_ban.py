"""運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5): up to 5 years (第1項), 3 to 10 years for the
serious cases (第2項), by the 公安委員会 after 意見の聴取 (第4項); the 仮禁止 (第10項) on the 仮停止's dates — all
UNCONFIRMED where the sources stop (the 第2項 list is NOT FOUND)."""

from datetime import date, timedelta

import pytest

from menkyo.rules import driving_ban as law
from menkyo.rules.authority import authority_json
from menkyo.rules.errors import RulesError

START = date(2026, 11, 27)


def test_a_ban_under_paragraph_1_may_last_up_to_the_day_before_five_years_later():
    assert law.period_bounds("general", START) == (None, date(2031, 11, 26))
    law.check_period("general", START, START)
    with pytest.raises(RulesError) as refused:
        law.check_period("general", START, date(2031, 11, 27))
    assert refused.value.path == "ends_on" and "第107条の5第1項" in refused.value.message


def test_a_ban_under_paragraph_2_lasts_between_three_and_ten_years():
    assert law.period_bounds("serious", START) == (date(2029, 11, 26), date(2036, 11, 26))
    with pytest.raises(RulesError):
        law.check_period("serious", START, date(2029, 11, 25))
    law.check_period("serious", START, date(2036, 11, 26))


def test_an_unknown_paragraph_is_refused():
    with pytest.raises(RulesError) as refused:
        law.period_bounds("third", START)
    assert refused.value.path == "paragraph"


def test_the_commission_decides_a_ban_after_an_opinion_hearing_whatever_its_length():
    result = authority_json({"as_of": "2026-11-27", "kind": "driving_ban", "days": 1000, "points_based": False})
    assert (result["authority"], result["hearing"], result["notice_days"]) == ("commission", "opinion_hearing", 7)


def test_the_provisional_ban_follows_the_provisional_suspensions_dates():
    assert law.provisional_last_day(START) == date(2026, 12, 26)
    assert law.provisional_explanation_due(START) == date(2026, 12, 1)


def test_the_rule_is_marked_as_an_assumption_with_its_references():
    entry = law.rule(START)
    assert entry.assumption and "第107条の5" in entry.reference


def test_the_provisional_ban_may_be_made_only_within_the_provisional_suspensions_window():
    assert law.provisional_may_impose(START, START + timedelta(days=4))
    assert not law.provisional_may_impose(START, START + timedelta(days=5))
    assert not law.provisional_may_impose(START, START - timedelta(days=1))
