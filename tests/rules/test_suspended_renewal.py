"""The law engine's answers for a suspended licence's renewal and for the card's return with a 経由地更新
(``rules.suspended_renewal``): both read their dated parameter file and say they are assumptions."""

from datetime import date

from menkyo.rules import params
from menkyo.rules.suspended_renewal import suspended_renewal, via_card_return


def test_a_suspended_licence_may_be_renewed_and_its_new_card_is_kept_as_a_derived_rule():
    answer = suspended_renewal(date(2026, 11, 28))
    assert (answer.renewable, answer.card_kept, answer.old_card_invalidated) == (True, True, True)
    assert answer.assumption and "menkyo-land.jp" in answer.reference
    assert answer.trace["step"] == "suspended_renewal" and answer.trace["assumption"] is True


def test_the_card_is_not_returned_through_a_via_renewal_and_the_reading_is_marked_derived():
    answer = via_card_return(date(2026, 11, 28))
    assert answer.allowed is False and answer.assumption and "第101条の2の2" in answer.reference


def test_both_rules_are_listed_among_the_assumptions():
    names = {name for name, _ in params.assumptions()}
    assert {"suspended_renewal", "via_card_return"} <= names
