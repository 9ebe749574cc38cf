"""The マイナ免許証 API (規程第15条の2–第15条の4): a counter terminal's card reader records the licence on a
My Number card and changes the holding form; errors are structured and name the field."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.payments import paid
from tests.photos import stored_photo

from menkyo.cards.models import MynumberProcedure
from menkyo.core.models import Affiliation
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    licence = registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))
    Licence.objects.filter(pk=licence.pk).update(photo=stored_photo(licence.person))
    return licence


@pytest.fixture
def terminal(make_device):
    """A 業務端末 at the 明石 試験場 with the counter's card reader (a device holding the 窓口 role)."""
    device = make_device("terminal")
    device.affiliation = Affiliation.objects.get(code="28-002")
    device.save(update_fields=["affiliation"])
    return device


def post(client, url, body, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post(url, body, content_type="application/json", **extra)


def reader(**extra):
    return {"card_valid_until": (timezone.localdate() + timedelta(days=800)).isoformat(),
            "signature_confirmed": True, **paid(), **extra}


def test_a_terminal_records_the_licence_and_the_holder_goes_back_to_both_over_the_api(client, terminal, licence):
    answer = post(client, f"/api/v1/licences/{licence.pk}/mynumber/record", reader(), terminal.token)
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["kind"], body["holding_before"], body["holding_after"], body["fee_amount"]) == (
        "record", "card", "mynumber", 1500)
    assert body["record_number"] == Licence.objects.get().mynumber_record_number
    card = post(client, f"/api/v1/licences/{licence.pk}/mynumber/card", paid(), terminal.token)
    assert card.status_code == 201 and card.json()["card_job_id"] and card.json()["holding_after"] == "both"
    status = client.get(f"/api/v1/licences/{licence.pk}/mynumber", HTTP_AUTHORIZATION=f"Bearer {terminal.token}")
    assert status.status_code == 200
    assert (status.json()["holding_form"], status.json()["lost"], len(status.json()["procedures"])) == (
        "both", False, 2)


def test_loss_found_and_a_new_card_over_the_api(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    post(client, f"/api/v1/licences/{licence.pk}/mynumber/record", reader(keep_card=True))
    assert post(client, f"/api/v1/licences/{licence.pk}/mynumber/loss", {"reason": "紛失"}).status_code == 201
    assert client.get(f"/api/v1/licences/{licence.pk}/mynumber").json()["lost"] is True
    refused = post(client, f"/api/v1/licences/{licence.pk}/mynumber/card-return", {"reason": "返納"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "record_lost"
    moved = post(client, f"/api/v1/licences/{licence.pk}/mynumber/move", reader())
    assert moved.status_code == 201 and moved.json()["kind"] == "move"
    assert post(client, f"/api/v1/licences/{licence.pk}/mynumber/erase", {"reason": "抹消"}).json()[
        "holding_after"] == "card"


def test_an_expired_card_is_422_naming_the_field_and_nothing_is_written(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/licences/{licence.pk}/mynumber/record",
                  reader(card_valid_until=(timezone.localdate() - timedelta(days=1)).isoformat()))
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "card_valid_until"
    assert not MynumberProcedure.objects.exists()


def test_another_prefecture_is_403(client, login_as, make_operator, licence):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert post(client, f"/api/v1/licences/{licence.pk}/mynumber/record", reader()).status_code == 403
    assert client.get(f"/api/v1/licences/{licence.pk}/mynumber").status_code == 403


def test_the_status_read_keeps_its_query_count(client, login_as, centre_clerk, licence,
                                                django_assert_max_num_queries):
    login_as(client, centre_clerk)
    post(client, f"/api/v1/licences/{licence.pk}/mynumber/record", reader(keep_card=True))
    post(client, f"/api/v1/licences/{licence.pk}/mynumber/loss", {"reason": "紛失"})
    with django_assert_max_num_queries(12):
        assert client.get(f"/api/v1/licences/{licence.pk}/mynumber").status_code == 200
