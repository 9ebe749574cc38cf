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


def test_a_holder_of_both_may_give_the_card_back_with_a_via_renewal_as_the_source_says_marked_derived():
    answer = via_card_return(date(2026, 11, 28))
    assert answer.allowed is True and answer.assumption and "P-MPD-KEIYU25" in answer.reference


def test_both_rules_are_listed_among_the_assumptions():
    names = {name for name, _ in params.assumptions()}
    assert {"suspended_renewal", "via_card_return"} <= names
