"""経由申請 pages and API (規程第17条の2): the 経由地's intake form and 管理表, the 住所地's list of what was sent to
it with the acceptance and the renewal; the same through /api/v1/via-renewals with structured errors."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from tests.cards.test_via import KADOMA, pass_aptitude, pay
from tests.photos import stored_photo
from tests.renewals import NO_TO_ALL, renewal_holder

from menkyo.accounts.services import register_device
from menkyo.cards.models import CardJob
from menkyo.core.actors import SystemActor
from menkyo.counter import renewal as counter_renewal
from menkyo.counter import via
from menkyo.counter.models import Application, QuestionnaireItem, ViaRenewal

pytestmark = pytest.mark.django_db

NO = {f"q_{item.value}": "no" for item in QuestionnaireItem}


@pytest.fixture
def osaka_clerk(make_operator):
    return make_operator("kadoma_counter", ["counter"], KADOMA)


@pytest.fixture
def osaka_examiner(make_operator):
    return make_operator("kadoma_examiner", ["examiner"], KADOMA)


@pytest.fixture
def holder(holder_data):
    return renewal_holder(holder_data, age=45, name="経由 一郎", holding_form="both")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def complete_via_side(received, clerk, examiner):
    Application.objects.filter(pk=received.application_id).update(photo=stored_photo(received.person))
    pass_aptitude(examiner, received.application)
    counter_renewal.record_lecture(clerk, received.application_id, mode="in_person")
    pay(clerk, received.application, "renewal", "renewal_lecture_excellent", "via_renewal")


def test_the_via_prefecture_receives_sends_and_the_home_prefecture_accepts_and_renews_through_the_pages(
        client, login_as, osaka_clerk, osaka_examiner, centre_clerk, holder, django_assert_max_num_queries):
    login_as(client, osaka_clerk)
    assert "経由申請（住所地以外での更新）の受理" in page(client, "/counter/via-renewals/new/")
    response = client.post("/counter/via-renewals/new/", {"licence_number": holder.number, **NO,
                                                          "documents": ["licence"]}, follow=True)
    received = ViaRenewal.objects.get()
    assert response.redirect_chain[-1][0] == f"/counter/via-renewals/{received.pk}/"
    body = response.content.decode()
    assert "経由地で受理" in body and "送付するには次のことが必要です" in body and "経由手数料" in body
    assert "via_renewal" not in body and "優良運転者" in body
    complete_via_side(received, osaka_clerk, osaka_examiner)
    assert 'id="via-send"' in page(client, f"/counter/via-renewals/{received.pk}/")
    client.post(f"/counter/via-renewals/{received.pk}/send/")
    with django_assert_max_num_queries(20):
        listing = page(client, "/counter/via-renewals/?side=sent")
    assert received.via_number in listing and "住所地へ送付済" in listing and "兵庫県" in listing

    home = login_as(Client(), centre_clerk)
    with django_assert_max_num_queries(20):
        listing = page(home, "/counter/via-renewals/?side=received")
    assert "経由 一郎" in listing and "大阪府" in listing and "（未受理）" in listing
    detail = page(home, f"/counter/via-renewals/{received.pk}/")
    assert 'id="via-accept"' in detail and 'id="via-send"' not in detail and "経由申請書" not in detail
    home.post(f"/counter/via-renewals/{received.pk}/accept/")
    assert 'id="via-renew"' in page(home, f"/counter/via-renewals/{received.pk}/")
    response = home.post(f"/cards/via-renewals/{received.pk}/renew/", follow=True)
    job = CardJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/cards/jobs/{job.pk}/"
    assert "経由申請により免許を更新し" in response.content.decode()
    assert 'id="via-renew"' not in page(client, f"/counter/via-renewals/{received.pk}/")


def test_a_refusal_is_shown_on_the_intake_form_with_the_period_in_wareki(client, login_as, osaka_clerk, holder_data):
    login_as(client, osaka_clerk)
    licence = renewal_holder(holder_data, age=45, conditions=["義足"])
    response = client.post("/counter/via-renewals/new/", {"licence_number": licence.number, **NO})
    assert response.status_code == 422 and "身体の状態に応じた条件（義足）" in response.content.decode()
    assert not ViaRenewal.objects.exists()


def test_the_home_prefecture_may_not_open_a_via_application_before_it_is_sent(client, login_as, osaka_clerk,
                                                                              centre_clerk, holder):
    login_as(client, osaka_clerk)
    client.post("/counter/via-renewals/new/", {"licence_number": holder.number, **NO})
    received = ViaRenewal.objects.get()
    home = login_as(Client(), centre_clerk)
    page(home, f"/counter/via-renewals/{received.pk}/", status=404)
    assert home.post(f"/counter/via-renewals/{received.pk}/accept/").status_code == 404


def test_sending_too_early_shows_what_is_missing(client, login_as, osaka_clerk, holder):
    login_as(client, osaka_clerk)
    client.post("/counter/via-renewals/new/", {"licence_number": holder.number, **NO})
    received = ViaRenewal.objects.get()
    response = client.post(f"/counter/via-renewals/{received.pk}/send/")
    assert response.status_code == 409 and "送付できません" in response.content.decode()


def test_the_application_page_of_a_via_renewal_links_to_the_via_page_not_to_the_renewal(
        client, login_as, osaka_clerk, holder):
    login_as(client, osaka_clerk)
    client.post("/counter/via-renewals/new/", {"licence_number": holder.number, **NO})
    received = ViaRenewal.objects.get()
    body = page(client, f"/counter/applications/{received.application_id}/")
    assert 'id="via-link"' in body and 'id="renew-link"' not in body


def test_the_via_form_pdf_is_served_to_the_via_prefecture(client, login_as, osaka_clerk, holder):
    login_as(client, osaka_clerk)
    client.post("/counter/via-renewals/new/", {"licence_number": holder.number, **NO})
    received = ViaRenewal.objects.get()
    response = client.get(f"/cards/via-renewals/{received.pk}/form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(f"/cards/via-renewals/{received.pk}/lecture-notice.pdf").status_code == 409


# --- API --------------------------------------------------------------------------------------------


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def get(client, url, token):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def osaka_terminal(db):
    return register_device(SystemActor("test"), name="門真 受付端末", kind="terminal", affiliation=KADOMA,
                           roles=["counter"]).token


@pytest.fixture
def hyogo_terminal(db):
    return register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                           roles=["counter"]).token


def test_the_api_receives_sends_accepts_and_renews_a_via_application(client, osaka_terminal, hyogo_terminal, holder,
                                                                     osaka_clerk, osaka_examiner,
                                                                     django_assert_max_num_queries):
    body = {"licence_number": holder.number, "questionnaire": NO_TO_ALL, "documents": ["licence"]}
    response = post(client, "/api/v1/via-renewals", body, osaka_terminal)
    assert response.status_code == 201, response.json()
    item = response.json()
    assert (item["state"], item["residence_prefecture"], item["driver_class"]) == ("received", "28", "優良")
    assert any("経由手数料" in m for m in item["missing"])
    received = ViaRenewal.objects.get()
    assert post(client, f"/api/v1/via-renewals/{received.pk}/send", {}, osaka_terminal).status_code == 409
    complete_via_side(received, osaka_clerk, osaka_examiner)
    assert post(client, f"/api/v1/via-renewals/{received.pk}/send", {}, osaka_terminal).json()["state"] == "sent"
    assert post(client, f"/api/v1/via-renewals/{received.pk}/accept", {}, osaka_terminal).status_code == 403
    with django_assert_max_num_queries(20):
        listed = get(client, "/api/v1/via-renewals?side=received", hyogo_terminal).json()
    assert [row["id"] for row in listed] == [received.pk]
    accepted = post(client, f"/api/v1/via-renewals/{received.pk}/accept", {}, hyogo_terminal).json()
    assert accepted["state"] == "accepted" and accepted["home_number"].startswith("28-")
    renewed = post(client, f"/api/v1/via-renewals/{received.pk}/renew", {}, hyogo_terminal).json()
    assert renewed["via_renewal"]["state"] == "renewed" and renewed["card_job"]["state"] == "requested"


def test_the_api_refuses_a_violators_via_application_with_a_structured_error(client, osaka_terminal, holder):
    body = {"licence_number": holder.number, "questionnaire": NO_TO_ALL,
            "violations": [{"date": (timezone.localdate() - timedelta(days=200)).isoformat(), "code": "signal_red"},
                           {"date": (timezone.localdate() - timedelta(days=100)).isoformat(), "code": "signal_red"}]}
    response = post(client, "/api/v1/via-renewals", body, osaka_terminal)
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("via_not_allowed", "licence_number") and "違反運転者" in error["message"]


def test_the_api_refuses_a_holder_of_the_receiving_prefecture(client, hyogo_terminal, holder):
    body = {"licence_number": holder.number, "questionnaire": NO_TO_ALL}
    error = post(client, "/api/v1/via-renewals", body, hyogo_terminal).json()["error"]
    assert error["code"] == "own_prefecture_holder"


def test_an_unknown_side_is_a_422_on_the_field(client, osaka_terminal):
    error = get(client, "/api/v1/via-renewals?side=all", osaka_terminal).json()["error"]
    assert error["field"] == "side"


def test_the_home_application_page_says_the_steps_were_done_at_the_via_prefecture(client, login_as, osaka_clerk,
                                                                                  osaka_examiner, centre_clerk, holder):
    received = via.receive_via_renewal(osaka_clerk, {"licence_number": holder.number, "questionnaire": NO_TO_ALL})
    complete_via_side(received, osaka_clerk, osaka_examiner)
    via.send_via_renewal(osaka_clerk, received.pk)
    accepted = via.accept_via_renewal(centre_clerk, received.pk)
    login_as(client, centre_clerk)
    body = page(client, f"/counter/applications/{accepted.home_application_id}/")
    assert 'id="via-home-note"' in body and "更新を完了するには" not in body and 'id="lecture-submit"' not in body
