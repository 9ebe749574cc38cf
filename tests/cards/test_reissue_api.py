"""The reissue (規程第15条) and 申請による取消し (規程第41条の3) API: the whole path of a lost card over the
API (application, photo, fee, card), the cancellation with its notice PDF, and the structured errors."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.photos import camera_photo

from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1), kinds={
        "普通": date(2000, 8, 1), "大型": date(2010, 3, 1)}))


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_lost_card_goes_from_the_application_to_the_card_job_over_the_api(client, login_as, centre_clerk,
                                                                           licence):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/licences/{licence.pk}/reissue-applications", {"ground": "lost", "reason": "亡失"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["ground"], body["state"], body["previous_number"]) == ("lost", "received", licence.number)
    assert body["licence_number"] == licence.number[:11] + "1" == Licence.objects.get().number
    assert (body["fee_procedure"], body["fee_amount"], body["fee_paid"], body["photo_attached"]) == (
        "reissue", 2600, False, False)
    application = body["application_id"]
    paid = post(client, f"/api/v1/applications/{application}/payments",
                {"procedure_code": "reissue", "method": "cash", "slip_number": "RE-0001"})
    assert paid.status_code == 201 and paid.json()["amount"] == 2600
    photo = client.post(f"/api/v1/applications/{application}/photo",
                        {"image": SimpleUploadedFile("photo.jpg", camera_photo(), content_type="image/jpeg")})
    assert photo.status_code == 201, photo.content
    job = post(client, f"/api/v1/reissue-applications/{application}/card", {})
    assert job.status_code == 201, job.content
    assert (job.json()["reissue_ground"], job.json()["application_id"], job.json()["licence_number"]) == (
        "lost", application, licence.number[:11] + "1")
    pdf = client.get(f"/api/v1/reissue-applications/{application}/form.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_bad_ground_is_422_naming_the_field(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/licences/{licence.pk}/reissue-applications", {"ground": "", "reason": "x"})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "ground"


def test_another_prefecture_is_403(client, login_as, make_operator, licence):
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    answer = post(client, f"/api/v1/licences/{licence.pk}/cancellations",
                  {"scope": "whole", "disadvantage_explained": True})
    assert answer.status_code == 403 and "他の都道府県" in answer.json()["error"]["message"]


def test_higher_kinds_are_cancelled_over_the_api_and_the_notice_read_as_pdf(client, login_as, centre_clerk, licence,
                                                                           django_assert_max_num_queries):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/licences/{licence.pk}/cancellations",
                  {"scope": "higher", "kinds": ["大型"], "disadvantage_explained": True, "reason": "大型は不要"})
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["kinds_cancelled"], body["kinds_kept"], body["history_certificate_eligible"]) == (
        ["大型"], ["普通"], False)
    assert body["card_job_id"] is not None
    with django_assert_max_num_queries(11):
        read = client.get(f"/api/v1/cancellations/{body['id']}")
    assert read.status_code == 200 and read.json()["book_number"] == body["book_number"]
    pdf = client.get(f"/api/v1/cancellations/{body['id']}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_an_agent_for_higher_kinds_is_422_on_the_applicant(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/licences/{licence.pk}/cancellations",
                  {"scope": "higher", "kinds": ["大型"], "applicant": "agent", "agent_name": "山田 一郎",
                   "disadvantage_explained": True})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "applicant"


def test_a_second_cancellation_is_409(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = {"scope": "whole", "disadvantage_explained": True}
    assert post(client, f"/api/v1/licences/{licence.pk}/cancellations", body).status_code == 201
    again = post(client, f"/api/v1/licences/{licence.pk}/cancellations", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "not_valid"
