"""What the register accepts: every text within its column (issue 7: over-long text was a 500 on
PostgreSQL and stored past the limit on SQLite), and names only with what a licence can print."""

import pytest

from menkyo.core.errors import InvalidInput
from menkyo.registry import services
from menkyo.registry.models import HistoryEvent, Licence, Person

pytestmark = pytest.mark.django_db


def limit(model, field):
    return model._meta.get_field(field).max_length


def too_long(field: str) -> str:
    """A value one character past the column: for names a valid name, for the address a valid address."""
    n = limit(HistoryEvent if field == "reason" else Person, field) + 1
    if field == "address":
        return "兵庫県神戸市中央区加納町" + "一" * (n - len("兵庫県神戸市中央区加納町"))
    if field == "name_kana":
        return "ア" * n
    return "山" * n


# --- lengths (item 3) -------------------------------------------------------------------


@pytest.mark.parametrize("field, label", [
    ("name", "氏名"), ("name_kana", "フリガナ"), ("alias", "通称名"), ("honseki", "本籍"),
    ("nationality", "国籍等"), ("address", "住所"),
])
def test_registering_a_holder_refuses_text_longer_than_its_column_naming_the_field_and_the_limit(
        registrar, holder_data, field, label):
    with pytest.raises(InvalidInput) as err:
        services.register_holder(registrar, dict(holder_data, **{field: too_long(field)}))
    n = limit(Person, field)
    assert err.value.field == field and err.value.code == "too_long"
    assert err.value.message == f"{label}は{n}文字以内で入力してください（{n + 1}文字あります）。"
    assert not Person.objects.exists() and not Licence.objects.exists()


@pytest.mark.parametrize("field", ["name", "name_kana", "alias", "honseki", "nationality", "address", "reason"])
def test_a_change_of_particulars_refuses_text_longer_than_its_column_and_changes_nothing(
        make_operator, hyogo_licence, field):
    officer = make_operator("officer", ["case_officer"])
    changes = {} if field == "reason" else {field: too_long(field)}
    if field == "address":
        changes["postal_code"] = "6500001"
    reason = too_long("reason") if field == "reason" else "届出"
    before = list(Person.objects.values())
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(officer, hyogo_licence.person_id, changes or {"alias": "ヤマ"}, reason=reason,
                                    expected_version=1)
    assert err.value.field == field and f"{limit(HistoryEvent if field == 'reason' else Person, field)}文字以内" \
        in err.value.message
    assert list(Person.objects.values()) == before


def test_text_exactly_at_the_limit_is_kept(make_operator, hyogo_licence):
    officer = make_operator("officer", ["case_officer"])
    honseki = "京" * limit(Person, "honseki")
    person = services.change_particulars(officer, hyogo_licence.person_id, {"honseki": honseki},
                                         reason="理" * limit(HistoryEvent, "reason"), expected_version=1)
    assert Person.objects.get(pk=person.pk).honseki == honseki


def test_an_over_long_change_over_the_api_is_a_400_in_japanese_not_a_500(client, login_as, make_operator,
                                                                        hyogo_licence):
    login_as(client, make_operator("officer", ["case_officer"]))
    response = client.patch(f"/api/v1/persons/{hyogo_licence.person_id}",
                            {"nationality": "国" * 500, "reason": "届出", "expected_version": 1},
                            content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "nationality" and "国籍等は40文字以内" in error["message"]


def test_control_characters_are_refused_in_free_text(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"alias": "ヤマ"},
                                    reason="届出\x00", expected_version=1)
    assert err.value.field == "reason"


# --- names (item 5) ---------------------------------------------------------------------


@pytest.mark.parametrize("name, shown", [
    ("<script>alert(1)</script>", "<"),
    ("山田'; DROP TABLE registry_person; --", ";"),
    ("山田 太郎1", "1"),
    ("山田\u200b太郎", "U+200B"),  # a zero-width space
    ("ﾔﾏﾀﾞ", "ﾔ"),  # half-width katakana is not what a licence prints
    ("髙橋", "髙"),  # outside JIS X 0213: a 外字, to be registered as one
    ("\U00020bb7野家", "\U00020bb7"),  # 𠮷 likewise
    ("山田☆", "☆"),
])
@pytest.mark.parametrize("field, label", [("name", "氏名"), ("alias", "通称名")])
def test_a_name_with_a_character_a_licence_cannot_print_is_refused_naming_the_character(
        hyogo_counter, hyogo_licence, name, shown, field, label):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {field: name}, reason="届出",
                                    expected_version=1)
    assert err.value.field == field and err.value.code == "invalid_character"
    assert err.value.message.startswith(f"{label}に使えない文字「{shown}」が含まれています。")
    assert Person.objects.get().name == "山田 太郎" and Person.objects.get().alias == ""


def test_the_name_refusal_reads_as_the_issue_asks(registrar, holder_data):
    with pytest.raises(InvalidInput) as err:
        services.register_holder(registrar, dict(holder_data, name="<script>"))
    assert err.value.message == "氏名に使えない文字「<」が含まれています。"


@pytest.mark.parametrize("name", [
    "山田 花子", "山田　太郎", "佐々木 〆子", "やまだ はなこ", "ヤマダ・ハナコ", "SMITH JOHN", "O'BRIEN MARY",
    "Smith-Jones Anne", "ＳＭＩＴＨ ＪＯＨＮ", "JOSÉ", "O’Neil", "\ufa11\ufa10 太郎",  # 﨑 and compatibility 塚
    "葛\U000e0100城 一郎",  # an ideographic variation sequence (IVS)
    "\ue001田 次郎",  # a 外字 (Private Use Area)
])
def test_names_a_licence_can_print_are_accepted_and_kept_exactly(hyogo_counter, hyogo_licence, name):
    services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"name": name}, reason="届出",
                                expected_version=1)
    assert Person.objects.get().name == name  # never normalised


def test_a_variation_selector_alone_is_refused(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"name": "山田 \U000e0100"},
                                    reason="届出", expected_version=1)
    assert "U+E0100" in err.value.message


def test_the_change_page_shows_the_refused_character_next_to_the_name(client, login_as, hyogo_counter,
                                                                      hyogo_licence):
    login_as(client, hyogo_counter)
    form = {"name": "山田<b>", "name_kana": "ヤマダ タロウ", "alias": "", "postal_code": "650-0001",
            "address": "兵庫県神戸市中央区加納町6丁目5番1号", "reason": "届出", "version": 1}
    html = client.post(f"/registry/persons/{hyogo_licence.person_id}/particulars/", form).content.decode()
    assert "氏名に使えない文字「&lt;」が含まれています。" in html
    assert Person.objects.get().name == "山田 太郎"


def test_a_reading_that_is_not_katakana_is_refused_as_furigana(hyogo_counter, hyogo_licence):
    with pytest.raises(InvalidInput) as err:
        services.change_particulars(hyogo_counter, hyogo_licence.person_id, {"name_kana": "yamada"},
                                    reason="届出", expected_version=1)
    assert err.value.message == "フリガナはカタカナで入力してください。"


def test_an_address_keeps_its_compatibility_ideographs_and_folds_only_widths():
    postal = services.clean_postal_code("650-0001")
    typed = f"{postal.prefix}\ufa10１丁目ｶﾞｰﾃﾞﾝ\ue001"
    assert services.clean_address(typed, postal) == f"{postal.prefix}\ufa101丁目ガーデン\ue001"
