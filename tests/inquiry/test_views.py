"""The counter's inquiry page: one box for a number or a name, the date of birth in 和暦 or 西暦."""

import pytest

from menkyo.inquiry.models import Inquiry
from menkyo.inquiry.views import criteria

pytestmark = pytest.mark.django_db


def test_the_page_is_in_the_menu_and_shows_the_form(client, login_as, hyogo_counter):
    login_as(client, hyogo_counter)
    html = client.get("/inquiry/").content.decode()
    assert "照会事由" in html and "生年月日" in html
    assert 'href="/inquiry/"' in client.get("/").content.decode()


def test_an_inquiry_operator_finds_an_osaka_holder_by_kana_and_a_wareki_birth_date(client, login_as,
                                                                                   hyogo_inquirer, osaka_licence):
    login_as(client, hyogo_inquirer)
    response = client.post("/inquiry/", {"query": "おおの はなこ", "birth_date": "昭和55年5月17日",
                                         "purpose": "交通取締り"})
    html = response.content.decode()
    assert response.status_code == 200 and "大野 花子" in html and osaka_licence.number in html
    assert Inquiry.objects.get().criteria == "name_kana"


def test_a_number_in_the_box_is_a_licence_number(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    html = client.post("/inquiry/", {"query": hyogo_licence.number, "purpose": "窓口事務"}).content.decode()
    assert "山田 太郎" in html and Inquiry.objects.get().criteria == "licence_number"


def test_without_a_purpose_the_form_says_so_and_nothing_is_recorded(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    html = client.post("/inquiry/", {"query": hyogo_licence.number}).content.decode()
    assert "照会事由を選択してください" in html and not Inquiry.objects.exists()


def test_a_date_that_cannot_be_read_is_shown_next_to_the_field(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    html = client.post("/inquiry/", {"query": "ヤマダ", "birth_date": "昭和64年2月1日",
                                     "purpose": "窓口事務"}).content.decode()
    assert "昭和の期間にありません" in html


def test_an_auditor_gets_403(client, login_as, make_operator):
    login_as(client, make_operator("auditor", ["audit"]))
    assert client.get("/inquiry/").status_code == 403


def test_the_one_box_tells_numbers_kana_and_kanji_apart():
    assert set(criteria("ヤマダ タロウ", "S55.5.17")) == {"name_kana", "birth_date"}
    assert set(criteria("山田", "")) == {"name", "birth_date"}
    assert set(criteria("１２３４５６７８９０１２", "")) == {"licence_number"}
    assert set(criteria("１２３４５６７８９０１２", "", "record")) == {"record_number"}


def test_a_mistyped_licence_number_is_reported_not_searched_as_a_record_number(
        client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    number = hyogo_licence.number
    wrong = number[:10] + str((int(number[10]) + 1) % 10) + number[11]
    html = client.post("/inquiry/", {"query": wrong, "purpose": "窓口事務"}).content.decode()
    assert "チェックデジット" in html and not Inquiry.objects.exists()
