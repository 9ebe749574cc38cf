"""The API between renewals: the 追記装置 fetches and completes the 裏書 (規程第14条); a counter terminal
lists and performs the 免許情報記録の書換え (規程第15条の2) and prints its 受領書. Errors are structured."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from tests.payments import paid

from menkyo.cards import mynumber
from menkyo.cards.models import EndorsementJob, MynumberRewrite
from menkyo.core.models import Affiliation
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


def at_centre(device, roles=None):
    device.affiliation = Affiliation.objects.get(code="28-002")
    if roles is not None:
        device.roles = roles
    device.save(update_fields=["affiliation", "roles"])
    return device


@pytest.fixture
def endorser(make_device):
    return at_centre(make_device("endorsement"), roles=[])


@pytest.fixture
def terminal(make_device):
    """A 業務端末 at the 明石 試験場 with the counter's card reader (holding the 窓口 role)."""
    return at_centre(make_device("terminal"))


@pytest.fixture
def licence(system, holder_data):
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1)))


def move(actor, licence):
    person = licence.person
    person.refresh_from_db()
    registry.change_particulars(actor, person.pk, {"address": "兵庫県神戸市中央区加納町6丁目5番2号"},
                                reason="記載事項変更届", expected_version=person.version)


def bearer(device):
    return {"HTTP_AUTHORIZATION": f"Bearer {device.token}"}


def test_the_endorsement_device_fetches_and_reports_the_back_written(client, centre_clerk, licence, endorser,
                                                                     django_assert_max_num_queries):
    move(centre_clerk, licence)
    with django_assert_max_num_queries(20):
        answer = client.get("/api/v1/endorsements/pending?limit=5", **bearer(endorser))
    assert answer.status_code == 200, answer.content
    [job] = answer.json()
    assert (job["licence_number"], job["lines"][0]["item"], job["commission"]) == (licence.number, "住所", "兵庫県公安委員会")
    assert "未確認" in job["layout_note"]
    for _ in range(2):
        done = client.post(f"/api/v1/endorsements/{job['id']}/done", **bearer(endorser))
        assert done.status_code == 200 and done.json()["state"] == "done"
    assert EndorsementJob.objects.get().state == "done"


def test_the_endorsement_api_answers_errors_with_their_field(client, centre_clerk, licence, endorser, terminal):
    assert client.get("/api/v1/endorsements/pending?limit=0", **bearer(endorser)).json()["error"]["field"] == "limit"
    assert client.get("/api/v1/endorsements/pending", **bearer(terminal)).status_code == 403
    assert client.post("/api/v1/endorsements/999999/done", **bearer(endorser)).status_code == 404
    assert client.get("/api/v1/endorsements/pending").status_code == 401


def test_the_counter_lists_the_endorsements(client, login_as, centre_clerk, licence):
    move(centre_clerk, licence)
    login_as(client, centre_clerk)
    answer = client.get("/api/v1/endorsements?state=pending")
    assert answer.status_code == 200 and [j["items"] for j in answer.json()] == [["住所"]]
    assert client.get("/api/v1/endorsements?state=nope").json()["error"]["field"] == "state"


def test_a_terminal_rewrites_the_record_after_a_change_of_address(client, centre_clerk, licence, terminal,
                                                                  django_assert_max_num_queries):
    mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=True, signature_confirmed=True,
                                     card_valid_until=timezone.localdate() + timedelta(days=900))
    move(centre_clerk, licence)
    with django_assert_max_num_queries(20):
        listed = client.get("/api/v1/mynumber-rewrites", **bearer(terminal))
    [item] = listed.json()
    assert (item["cause"], item["changes"], item["state"]) == ("particulars", ["住所"], "pending")
    assert client.get(f"/api/v1/mynumber-rewrites/{item['id']}", **bearer(terminal)).json()["name"] == "山田 太郎"
    refused = client.post(f"/api/v1/mynumber-rewrites/{item['id']}/done", {"signature_confirmed": True},
                          content_type="application/json", **bearer(terminal))
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "card_valid_until"
    body = {"card_valid_until": (timezone.localdate() + timedelta(days=900)).isoformat(), "signature_confirmed": True}
    done = client.post(f"/api/v1/mynumber-rewrites/{item['id']}/done", body, content_type="application/json",
                       **bearer(terminal))
    assert done.status_code == 200 and done.json()["state"] == "done" and done.json()["done_office"] == "28-002"
    pdf = client.get(f"/api/v1/mynumber-rewrites/{item['id']}/receipt.pdf", **bearer(terminal))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert MynumberRewrite.objects.get().state == "done" and Licence.objects.get().holding_form == "both"
    # the 2枚持ち holder's card back is endorsed too
    assert EndorsementJob.objects.filter(licence=licence).count() == 1


def test_another_prefecture_may_not_rewrite_over_the_api(client, centre_clerk, licence, make_device):
    mynumber.record_on_mynumber_card(centre_clerk, licence.pk, **paid(), keep_card=False, signature_confirmed=True,
                                     card_valid_until=timezone.localdate() + timedelta(days=900))
    move(centre_clerk, licence)
    osaka = make_device("terminal", "other")
    rewrite = MynumberRewrite.objects.get()
    answer = client.post(f"/api/v1/mynumber-rewrites/{rewrite.pk}/done", {"signature_confirmed": True},
                         content_type="application/json", **bearer(osaka))
    assert answer.status_code == 403 and answer.json()["error"]["code"]
    assert client.get("/api/v1/mynumber-rewrites", **bearer(osaka)).json() == []
