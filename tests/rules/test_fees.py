"""Fees by procedure, date, holding form and prefecture (params/fees.yaml, counter-facts §1)."""

from datetime import date

import pytest

from menkyo.rules import params
from menkyo.rules.errors import RulesError
from menkyo.rules.fees import fee, lookup, procedures

RESET = date(2025, 3, 24)


def test_renewal_fee_by_holding_form_from_the_mynumber_reset():
    assert fee("renewal", RESET, "card").amount == 2850
    assert fee("renewal", RESET, "mynumber").amount == 2100
    assert fee("renewal", RESET, "both").amount == 2950
    assert fee("renewal", RESET - date.resolution).amount == 2500


def test_national_standard_amounts_are_derived_with_a_reference():
    found = fee("issue", date(2026, 1, 5), "card")
    assert (found.amount, found.status, found.source) == (2350, "derived", "国の標準額")
    assert "counter-facts §1.3" in found.reference
    assert "条例" in found.note
    assert fee("provisional_issue", RESET).amount == 1100
    assert fee("mynumber_record", RESET, "mynumber").amount == 1500
    assert fee("renewal_lecture_online", RESET, "mynumber").amount == 200


def test_lecture_fees_by_date():
    assert fee("renewal_lecture_excellent", date(2013, 1, 1)).amount == 600
    assert fee("renewal_lecture_violator", date(2020, 1, 1)).amount == 1350
    assert fee("renewal_lecture_violator", RESET).amount == 1400


def test_a_date_before_the_table_is_no_table_in_force():
    with pytest.raises(RulesError) as error:
        fee("issue", date(2025, 3, 23))
    assert error.value.code == "no_table_in_force"
    with pytest.raises(RulesError) as error:
        fee("renewal", date(2012, 3, 31))
    assert error.value.code == "no_table_in_force"


def test_bad_procedure_form_or_prefecture():
    for args, code in ((("nothing", RESET), "invalid_value"),
                       (("renewal", date(2024, 1, 1), "mynumber"), "invalid_value"),
                       (("renewal", RESET, "paper"), "invalid_value"),
                       (("renewal", RESET, "card", "48"), "unknown_commission")):
        with pytest.raises(RulesError) as error:
            fee(*args)
        assert error.value.code == code


def test_procedures_have_japanese_names():
    names = procedures()
    assert names["renewal"] == "更新手数料"
    assert names["reissue"] == "再交付"
    assert all(name and not name.isascii() for name in names.values())


def test_the_shipped_table_has_no_prefecture_override_yet():
    assert params.table("fees").meta["prefectures"] == {}
    assert fee("renewal", RESET, "card", "28").source == "国の標準額"


def _with_override(tmp_path, section: str) -> params.Table:
    text = (params.PARAMS_DIR / "fees.yaml").read_text(encoding="utf-8")
    path = tmp_path / "fees.yaml"
    path.write_text(text.replace("prefectures: {}\n", section), encoding="utf-8")
    loaded = params.load_file(path)
    assert isinstance(loaded, params.Table)
    return loaded


OVERRIDE = """prefectures:
  "28":
    renewal:
      - from: 2025-04-01
        reference: 兵庫県手数料条例（仮の例）
        status: confirmed
        value: {card: 2800, mynumber: 2000, both: 2900}
"""


def test_a_prefecture_override_wins_from_its_date(tmp_path):
    table = _with_override(tmp_path, OVERRIDE)
    hyogo = lookup(table, "renewal", date(2025, 4, 1), "mynumber", "28")
    assert (hyogo.amount, hyogo.status, hyogo.reference) == (2000, "confirmed", "兵庫県手数料条例（仮の例）")
    assert hyogo.source != "国の標準額"
    # before the override's date, and in another prefecture, the national standard applies
    assert lookup(table, "renewal", RESET, "mynumber", "28").amount == 2100
    assert lookup(table, "renewal", date(2025, 4, 1), "mynumber", "27").amount == 2100
    assert lookup(table, "renewal_lecture_general", date(2025, 4, 1), "card", "28").amount == 800


@pytest.mark.parametrize("section", [
    'prefectures:\n  "99":\n    renewal: [{from: 2025-04-01, reference: x, status: confirmed, value: 1}]\n',
    'prefectures:\n  "28":\n    nothing: [{from: 2025-04-01, reference: x, status: confirmed, value: 1}]\n',
    'prefectures:\n  "28":\n    renewal: [{from: 2025-04-01, status: confirmed, value: 1}]\n',
    'prefectures:\n  "28":\n    renewal: [{from: 2025-04-01, reference: x, status: derived, value: 1}]\n',
])
def test_a_bad_override_is_refused_at_load(tmp_path, section):
    with pytest.raises(params.ParamFileError):
        _with_override(tmp_path, section)
