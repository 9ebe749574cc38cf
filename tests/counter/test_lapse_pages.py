"""失効後の再取得 pages and API (law-rules §5.6): the intake form and its refusals on the field, the application
page with the route and the lapsed licence, the API operation with structured Japanese errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.counter.test_lapse import data, lapsed
from tests.renewals import renewal_holder

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation
from menkyo.counter.models import Application, QuestionnaireItem

pytestmark = pytest.mark.django_db

NO = {f"q_{item.value}": "no" for item in QuestionnaireItem}


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def holder(holder_data):
    return lapsed(renewal_holder(holder_data, age=45), 60)


def test_the_intake_page_receives_a_lapsed_licence_and_the_application_page_shows_the_route(
        client, login_as, centre_clerk, holder, django_assert_max_num_queries):
    login_as(client, centre_clerk)
    assert 'id="lapse-help"' in client.get("/counter/lapsed/new/").content.decode()
    response = client.post("/counter/lapsed/new/", {"licence_number": holder.number, **NO, "documents": ["licence"]},
                           follow=True)
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/counter/applications/{application.pk}/"
    with django_assert_max_num_queries(40):
        body = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert 'id="lapse-route"' in body and "うっかり失効（6月以内・適性試験のみ）" in body
    assert holder.number in body and 'id="register-examinee"' in body


def test_a_lapse_over_a_year_and_a_reason_without_its_end_are_refused_on_the_form(client, login_as, centre_clerk,
                                                                                   holder_data):
    old = lapsed(renewal_holder(holder_data, age=45), 400)
    login_as(client, centre_clerk)
    form = {"licence_number": old.number, **NO}
    too_old = client.post("/counter/lapsed/new/", form)
    assert too_old.status_code == 422 and "1年を超えている" in too_old.content.decode()
    no_end = client.post("/counter/lapsed/new/", {**form, "unavoidable_reason": "abroad",
                                                  "unavoidable_evidence": "旅券"})
    assert no_end.status_code == 422 and "やむを得ない理由がやんだ日を入力してください" in no_end.content.decode()
    assert not Application.objects.exists()


def test_the_api_receives_it_and_refuses_bad_input_on_its_field(client, holder):
    token = register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                            roles=["counter"]).token
    ended = (timezone.localdate() + timedelta(days=3)).isoformat()
    future = post(client, "/api/v1/lapsed-applications", {**data(holder), "unavoidable_reason": "abroad",
                                                          "unavoidable_evidence": "旅券", "reason_ended_on": ended},
                  token)
    assert future.status_code == 422 and future.json()["error"]["field"] == "reason_ended_on"
    response = post(client, "/api/v1/lapsed-applications", data(holder), token)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["application"]["state"] == "received" and body["judgement"]["route"] == "aptitude_only"
    again = post(client, "/api/v1/lapsed-applications", data(holder), token)
    assert again.status_code == 409 and again.json()["error"]["code"] == "lapsed_open"


def test_another_prefectures_terminal_is_refused(client, holder):
    Affiliation.objects.filter(code="27-002").update(kind="licence_centre")
    token = register_device(SystemActor("test"), name="大阪 受付端末", kind="terminal", affiliation="27-002",
                            roles=["counter"]).token
    assert post(client, "/api/v1/lapsed-applications", data(holder), token).status_code == 403
