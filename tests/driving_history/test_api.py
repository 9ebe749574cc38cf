"""The 運転経歴証明書 API: eligibility, application, hand-over, change, reissue, return, PDF; structured
errors naming the field, nothing written on bad input."""

import pytest
from tests.payments import paid

from menkyo.driving_history.models import Certificate

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_clerk_walks_a_certificate_from_application_to_return(client, login_as, centre_clerk, cancelled,
                                                                 django_assert_max_num_queries):
    login_as(client, centre_clerk)
    person = cancelled.person_id
    answer = client.get(f"/api/v1/persons/{person}/driving-history-eligibility").json()
    assert (answer["eligible"], answer["ground"]) == (True, "application_cancellation")
    made = post(client, f"/api/v1/persons/{person}/driving-history-certificates",
                {"identity_document": "住民票の写し", "identity_confirmed": True, **paid("DH")})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert (made.json()["state"], made.json()["fee"]) == ("made", 1100)
    handed = post(client, f"/api/v1/driving-history-certificates/{pk}/hand-over", {"signature_confirmed": True})
    assert handed.json()["state"] == "issued"
    changed = post(client, f"/api/v1/driving-history-certificates/{pk}/particulars",
                   {"address": "兵庫県明石市大久保町1番", "document_confirmed": True})
    assert changed.json()["address"] == "兵庫県明石市大久保町1番"
    new = post(client, f"/api/v1/driving-history-certificates/{pk}/reissue",
               {"ground": "lost", "identity_document": "住民票の写し", **paid("DH")})
    assert new.status_code == 201 and new.json()["replaces_id"] == pk
    with django_assert_max_num_queries(12):
        read = client.get(f"/api/v1/driving-history-certificates/{pk}").json()
    assert read["state"] == "replaced"
    pdf = client.get(f"/api/v1/driving-history-certificates/{new.json()['id']}/certificate.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    post(client, f"/api/v1/driving-history-certificates/{new.json()['id']}/hand-over", {"signature_confirmed": True})
    returned = post(client, f"/api/v1/driving-history-certificates/{new.json()['id']}/return", {})
    assert returned.json()["state"] == "returned"


def test_an_unchecked_identity_is_422_naming_the_field_and_nothing_is_written(client, login_as, centre_clerk,
                                                                              cancelled):
    login_as(client, centre_clerk)
    response = post(client, f"/api/v1/persons/{cancelled.person_id}/driving-history-certificates",
                    {"identity_document": "住民票の写し"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "identity_confirmed" and not Certificate.objects.exists()


def test_a_person_who_holds_a_licence_is_409_with_the_reason(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    response = post(client, f"/api/v1/persons/{licence.person_id}/driving-history-certificates",
                    {"identity_document": "住民票の写し", "identity_confirmed": True})
    assert response.status_code == 409 and "免許を現に受けている" in response.json()["error"]["message"]


def test_another_prefecture_is_403(client, login_as, make_operator, made):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert client.get(f"/api/v1/driving-history-certificates/{made.pk}").status_code == 403


def test_an_unknown_person_is_404_naming_the_field(client, login_as, centre_clerk):
    login_as(client, centre_clerk)
    response = client.get("/api/v1/persons/999999/driving-history-eligibility")
    assert response.status_code == 404 and response.json()["error"]["field"] == "person_id"
