"""The pages between renewals: the 免許情報記録の書換え list and page (errors next to the field, nothing
written; the 受領書 as PDF) and the 裏書 list of the prefecture with the UNCONFIRMED layout note."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.payments import paid

from menkyo.cards import mynumber
from menkyo.cards.models import MynumberRewrite
from menkyo.registry import services as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))


def card_until():
    return (timezone.localdate() + timedelta(days=700)).isoformat()


def move(actor, licence):
    person = licence.person
    person.refresh_from_db()
    registry.change_particulars(actor, person.pk, {"address": "兵庫県神戸市中央区加納町6丁目5番2号"},
                                reason="記載事項変更届", expected_version=person.version)


@pytest.fixture
def pending(centre_clerk, licence):
    mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=True,
                                     card_valid_until=timezone.localdate() + timedelta(days=900))
    move(centre_clerk, licence)
    return MynumberRewrite.objects.get()


def test_the_counter_finds_the_rewrite_in_the_list_and_rewrites_the_record(client, login_as, centre_clerk, pending,
                                                                          django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(25):
        listed = client.get("/cards/mynumber-rewrites/").content.decode()
    assert "山田 太郎" in listed and "記録事項の変更の届出" in listed and f"/cards/mynumber-rewrites/{pending.pk}/" in listed
    page = client.get(f"/cards/mynumber-rewrites/{pending.pk}/").content.decode()
    assert "書換え待ち" in page and "個人番号（マイナンバー）は入力せず" in page and "受領書（PDF）" in page
    refused = client.post(f"/cards/mynumber-rewrites/{pending.pk}/", {"card_valid_until": card_until()})
    assert refused.status_code == 422 and "受領書への署名等を確認してください" in refused.content.decode()
    assert MynumberRewrite.objects.get().state == "pending"
    done = client.post(f"/cards/mynumber-rewrites/{pending.pk}/", {"card_valid_until": card_until(),
                                                                  "signature_confirmed": "on"}, follow=True)
    assert "免許情報記録を書き換えました" in done.content.decode() and MynumberRewrite.objects.get().state == "done"
    pdf = client.get(f"/cards/mynumber-rewrites/{pending.pk}/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_wrong_date_is_shown_next_to_its_field(client, login_as, centre_clerk, pending):
    login_as(client, centre_clerk)
    answer = client.post(f"/cards/mynumber-rewrites/{pending.pk}/", {"card_valid_until": "令和九十九年",
                                                                    "signature_confirmed": "on"})
    assert answer.status_code == 422 and MynumberRewrite.objects.get().state == "pending"


def test_another_prefecture_gets_a_refusal_page(client, login_as, make_operator, pending):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert client.get(f"/cards/mynumber-rewrites/{pending.pk}/").status_code == 403
    assert "該当する書換えはありません" in client.get("/cards/mynumber-rewrites/").content.decode()


def test_the_endorsement_list_shows_the_lines_and_the_unconfirmed_layout(client, login_as, centre_clerk, licence):
    move(centre_clerk, licence)
    login_as(client, centre_clerk)
    body = client.get("/cards/endorsements/").content.decode()
    assert "住所：兵庫県神戸市中央区加納町6丁目5番2号" in body and "追記待ち" in body and "未確認" in body
    assert "該当する裏書はありません" in client.get("/cards/endorsements/?state=done").content.decode()
