"""Register pages: lookup with a check-digit error, the licence page, change of particulars."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.registry.models import HistoryEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter_client(client, hyogo_counter):
    client.force_login(hyogo_counter)
    return client


def test_lookup_with_wrong_check_digit_shows_japanese_error(counter_client, hyogo_licence):
    n = hyogo_licence.number
    response = counter_client.get("/registry/lookup/", {"number": f"{n[:10]}{(int(n[10]) + 1) % 10}{n[11]}",
                                                        "purpose": "窓口事務"})
    assert response.status_code == 200
    assert "チェックデジット（11桁目）が正しくありません" in response.content.decode()
    assert not AuditEvent.objects.filter(action="registry.licence.read").exists()


def test_lookup_redirects_to_the_licence_page(counter_client, hyogo_licence):
    response = counter_client.get("/registry/lookup/", {"number": hyogo_licence.number, "purpose": "窓口事務"})
    assert response.status_code == 302 and hyogo_licence.number in response.url


def test_licence_page_shows_kinds_in_wareki_and_seireki_and_history(counter_client, hyogo_licence):
    page = counter_client.get(f"/registry/licences/{hyogo_licence.number}/?purpose=窓口事務").content.decode()
    assert "中型（8t限定）" in page and "中型自動車免許" in page  # 普通 of 2000, as on the card (law-rules §6.3)
    assert "平成12年8月1日（2000-08-01）" in page  # acquisition date in 和暦 and 西暦
    assert "昭和55年5月17日" in page  # birth date
    assert "規程第13条" in page  # history timeline
    assert "本籍" not in page  # not for 窓口
    assert AuditEvent.objects.get(action="registry.licence.read").purpose == "窓口事務"


def test_other_prefecture_page_is_refused(client, osaka_counter, hyogo_licence):
    client.force_login(osaka_counter)
    response = client.get(f"/registry/licences/{hyogo_licence.number}/?purpose=窓口事務")
    assert response.status_code == 403
    assert "照会" in response.content.decode()


def test_change_particulars_form(counter_client, hyogo_licence):
    url = f"/registry/persons/{hyogo_licence.person_id}/particulars/"
    form = {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "alias": "", "postal_code": "9999999",
            "address": "兵庫県神戸市中央区加納町6丁目5番1号", "reason": "住所変更", "version": 1}
    response = counter_client.post(url, form)
    assert "郵便番号 999-9999 は存在しません" in response.content.decode()
    assert not HistoryEvent.objects.filter(event_type="person.particulars_changed").exists()
    form.update(postal_code="650-0011", address="兵庫県神戸市中央区下山手通5丁目4番1号")
    response = counter_client.post(url, form)
    assert response.status_code == 302
    page = counter_client.get(response.url).content.decode()
    assert "下山手通" in page and "規程第14条" in page


def test_the_reading_is_labelled_furigana_on_the_page_the_form_and_in_the_history(counter_client, hyogo_licence):
    url = f"/registry/persons/{hyogo_licence.person_id}/particulars/"
    form_page = counter_client.get(url).content.decode()
    assert "フリガナ" in form_page and "呼び名" not in form_page
    form = {"name": "山田 太郎", "name_kana": "ヤマダ タロ", "alias": "", "postal_code": "650-0001",
            "address": "兵庫県神戸市中央区加納町6丁目5番1号", "reason": "フリガナの訂正", "version": 1}
    response = counter_client.post(url, form)
    page = counter_client.get(response.url).content.decode()
    assert "<th>フリガナ</th>" in page and "フリガナ：ヤマダ タロウ → ヤマダ タロ" in page and "呼び名" not in page
