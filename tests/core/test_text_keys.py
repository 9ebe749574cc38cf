"""Search keys of an inquiry: the looser kana key, the kanji key, and dates typed in 和暦 or 西暦."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from menkyo.core.kana import inquiry_kana_key, normalise_kana
from menkyo.core.kanji import kanji_key
from menkyo.core.wareki import DateParseError, parse_date, wareki


@pytest.mark.parametrize("variants", [
    ("オオノ", "オーノ", "オウノ", "おおの", "ｵｰﾉ", "オ－ノ"),  # long vowels, ウ/オ, width, hiragana
    ("キョウコ", "キヨウコ", "きょうこ", "キョーコ"),  # small kana lost by legacy 直音-only data
    ("ヴァイオリン", "バイオリン"),  # ヴ/ブ
    ("ヤマザキ", "ヤマサキ", "やまさき"),  # voiced marks
    ("サトウ タロウ", "サトウ・タロウ", "サトウ　タロウ", "サトー･タロー"),  # spaces, 中黒
    ("ガッコウ", "カ゛ッコウ"),  # a separate voiced mark
    ("セイコ", "セーコ"),  # エイ/エー
])
def test_the_inquiry_kana_key_forgives_what_a_counter_mishears(variants):
    assert len({inquiry_kana_key(v) for v in variants}) == 1, [inquiry_kana_key(v) for v in variants]


def test_the_inquiry_kana_key_still_tells_different_names_apart():
    assert inquiry_kana_key("ヤマダ") != inquiry_kana_key("ヤマモト")
    assert inquiry_kana_key("オノ") != inquiry_kana_key("アノ")


def test_the_stored_key_stays_strict():
    assert normalise_kana("オーノ") != normalise_kana("オオノ")


@given(st.text(alphabet="アイウエオカキクケコガギャュョッーヴ ・ぁあいう", max_size=12))
def test_the_inquiry_kana_key_is_idempotent(text):
    assert inquiry_kana_key(inquiry_kana_key(text)) == inquiry_kana_key(text)


@pytest.mark.parametrize(("variant", "key"), [
    ("髙橋", "高橋"), ("山﨑", "山崎"), ("渡邊", "渡辺"), ("渡邉", "渡辺"), ("渡辺", "渡辺"),
    ("齊藤", "斉藤"), ("𠮷田", "吉田"), ("濱田 廣", "浜田広"), ("葛\U000e0100飾", "葛飾"),
])
def test_the_kanji_key_folds_old_and_variant_forms_by_the_mj_map(variant, key):
    assert kanji_key(variant) == key


def test_the_kanji_key_is_a_fixed_point_and_holds_unified_ideographs():
    for name in ("塚本", "\ufa10本", "﨑", "渡邉", "齋藤", "櫻井", "德永", "徳永", "髙橋"):
        key = kanji_key(name)
        assert kanji_key(key) == key and not any("\uf900" <= c <= "\ufaff" and c != "﨑" for c in key)
    assert kanji_key("\ufa10本") == kanji_key("塚本") == "塚本"
    assert kanji_key("德永") == kanji_key("徳永") == "徳永"  # the map goes both ways: one key


def test_the_kanji_key_keeps_a_gaiji_and_folds_kana_in_a_name():
    assert kanji_key("山田\ue000子") == "山田\ue000子"
    assert kanji_key("山田 はな") == "山田ハナ"


@pytest.mark.parametrize("text", [
    "昭和56年3月4日", "S56.3.4", "s56/3/4", "S56-03-04", "昭56.3.4", "昭和５６年３月４日",
    "1981-03-04", "1981/3/4", "1981年3月4日", "19810304", " 1981.3.4 ",
])
def test_a_date_of_birth_is_read_in_wareki_or_seireki(text):
    assert parse_date(text) == date(1981, 3, 4)


def test_the_first_year_of_an_era_is_gannen():
    assert parse_date("平成元年1月8日") == date(1989, 1, 8)
    assert parse_date("R1.5.1") == date(2019, 5, 1)
    assert parse_date(wareki(date(1926, 12, 25))) == date(1926, 12, 25)


@pytest.mark.parametrize(("text", "says"), [
    ("", "入力"), ("昭和64年1月8日", "昭和の期間"), ("平成1年1月7日", "平成の期間"),
    ("1981-02-30", "日付はありません"), ("あした", "読み取れません"), ("S0.1.1", "昭和0年"),
])
def test_a_date_that_cannot_be_read_is_refused_in_japanese(text, says):
    with pytest.raises(DateParseError) as refused:
        parse_date(text)
    assert says in refused.value.message
