"""The マイナ免許証 page: reached from the licence page, the forms the holding form allows, errors next to the
field with nothing written, and the holding form and record number shown after each procedure."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.cards.models import CardJob, MynumberProcedure
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return licence


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def card_until():
    return (timezone.localdate() + timedelta(days=700)).isoformat()


def test_the_licence_page_links_to_the_mynumber_page(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = page(client, f"/registry/licences/{licence.number}/?purpose=窓口事務")
    assert f'href="/cards/licences/{licence.pk}/mynumber/"' in body


def pay(step: str) -> dict:
    """The fee paid on the step's form (method and a fresh 手数料事務処理票 number)."""
    return {f"{step}-{key}": value for key, value in paid().items()}


def test_a_card_holder_sees_the_record_form_only_and_records_the_licence(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    url = f"/cards/licences/{licence.pk}/mynumber/"
    body = page(client, url)
    assert 'id="mynumber-record-form"' in body and 'id="mynumber-erase-form"' not in body
    assert "個人番号（マイナンバー）は入力せず" in body
    answer = client.post(f"{url}record/", {**pay("record"), "record-keep_card": "no", "record-card_valid_until": card_until(),
                                           "record-signature_confirmed": "on", "record-reason": "記録申請"})
    assert answer.status_code == 302
    number = Licence.objects.get().mynumber_record_number
    body = page(client, url)
    assert f'<dd id="mynumber-record-number">{number}</dd>' in body
    assert '<dd id="mynumber-holding-form">マイナ免許証</dd>' in body
    assert 'id="mynumber-card-form"' in body and 'id="mynumber-record-form"' not in body
    assert "1,500" in body


def test_a_missing_signature_is_shown_next_to_the_field_and_nothing_is_written(client, login_as, centre_clerk,
                                                                               licence):
    login_as(client, centre_clerk)
    answer = client.post(f"/cards/licences/{licence.pk}/mynumber/record/",
                         {"record-keep_card": "yes", "record-card_valid_until": card_until(), "record-reason": "記録"})
    assert answer.status_code == 422
    assert "受領書への署名等を確認してください" in answer.content.decode()
    assert not MynumberProcedure.objects.exists() and Licence.objects.get().holding_form == "card"


def test_a_bad_date_is_refused_by_the_form(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    answer = client.post(f"/cards/licences/{licence.pk}/mynumber/record/",
                         {"record-card_valid_until": "令和九十九年", "record-signature_confirmed": "on"})
    assert answer.status_code == 422 and not MynumberProcedure.objects.exists()


def test_a_holding_form_that_does_not_allow_the_step_is_refused_above_the_form(client, login_as, centre_clerk,
                                                                               licence):
    login_as(client, centre_clerk)
    answer = client.post(f"/cards/licences/{licence.pk}/mynumber/erase/", {"erase-reason": "抹消"})
    assert answer.status_code == 422 and "保有形態が「免許証」のため" in answer.content.decode()
    assert client.post(f"/cards/licences/{licence.pk}/mynumber/nothing/", {}).status_code == 404


def test_a_mynumber_only_holder_asks_for_a_card_and_reports_the_my_number_card_lost(client, login_as,
                                                                                   centre_clerk, licence):
    login_as(client, centre_clerk)
    url = f"/cards/licences/{licence.pk}/mynumber/"
    client.post(f"{url}record/", {**pay("record"), "record-card_valid_until": card_until(), "record-signature_confirmed": "on",
                                  "record-reason": "記録"})
    assert client.post(f"{url}loss/", {"loss-reason": "紛失"}).status_code == 302
    body = page(client, url)
    assert 'id="mynumber-lost"' in body and 'id="mynumber-found-form"' in body and 'id="mynumber-loss-form"' not in body
    assert client.post(f"{url}card/", {**pay("card"), "card-reason": "交付申請"}).status_code == 302
    job = CardJob.objects.get()
    body = page(client, url)
    assert job.slip_number in body and "免許証及びマイナ免許証" in body


def test_another_prefecture_gets_the_denial_page(client, login_as, make_operator, licence):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert client.get(f"/cards/licences/{licence.pk}/mynumber/").status_code == 403


def test_the_page_keeps_its_query_count(client, login_as, centre_clerk, licence, django_assert_max_num_queries):
    login_as(client, centre_clerk)
    url = f"/cards/licences/{licence.pk}/mynumber/"
    client.post(f"{url}record/", {**pay("record"), "record-keep_card": "yes", "record-card_valid_until": card_until(),
                                  "record-signature_confirmed": "on", "record-reason": "記録"})
    client.post(f"{url}loss/", {"loss-reason": "紛失"})
    with django_assert_max_num_queries(20):
        page(client, url)
