"""The card carries the application's 申請用写真 (規程第13条; ADR 0013): at issue the licence (or 仮免許)
names the photo, and the 免許証作成機 receives it inline with the job (base64 JPEG with its SHA-256)."""

import base64
import hashlib

import pytest
from tests.photos import camera_photo

from menkyo.audit.models import AuditEvent
from menkyo.cards import services
from menkyo.cards.models import CardJob
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.counter import services as counter
from menkyo.registry.models import Licence, ProvisionalLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def unphotographed(applicant, make_application):
    """A passed application whose 申請用写真 is not registered yet."""
    return make_application(applicant, photo=False)


def test_the_licence_carries_the_applications_photo_and_the_printer_receives_it(
        centre_clerk, unphotographed, course, printer):
    photo = counter.attach_photo(centre_clerk, unphotographed.pk, camera_photo())
    job = services.issue_licence(centre_clerk, unphotographed.pk, course_certificates=course)
    assert Licence.objects.get(pk=job.licence_id).photo_id == photo.pk
    [card] = services.fetch_card_jobs(printer)
    image = base64.b64decode(card.photo.base64)
    assert image == bytes(photo.image) and hashlib.sha256(image).hexdigest() == card.photo.sha256 == photo.sha256
    assert (card.photo.media_type, card.photo_ref) == ("image/jpeg", f"sha256:{photo.sha256}")


def test_a_provisional_licence_carries_the_photo_too(centre_clerk, make_application, applicant, printer):
    application = make_application(applicant, kind="普通仮", application_type="provisional", photo=False)
    photo = counter.attach_photo(centre_clerk, application.pk, camera_photo())
    services.issue_licence(centre_clerk, application.pk)
    assert ProvisionalLicence.objects.get().photo_id == photo.pk
    [card] = services.fetch_card_jobs(printer)
    assert card.card_kind == "provisional" and card.photo.sha256 == photo.sha256


@pytest.mark.parametrize("kind, application_type", [("普通", "new"), ("普通仮", "provisional")])
def test_without_a_photo_nothing_is_issued_and_the_message_names_the_photo(
        centre_clerk, applicant, make_application, course, kind, application_type):
    application = make_application(applicant, kind=kind, application_type=application_type, photo=False)
    with pytest.raises(InvalidInput) as refused:
        services.issue_licence(centre_clerk, application.pk, course_certificates=course)
    assert (refused.value.field, refused.value.code) == ("photo", "photo_missing")
    assert refused.value.message.startswith("申請用写真が登録されていません。")
    application.refresh_from_db()
    assert application.state == "passed"
    assert not (CardJob.objects.exists() or Licence.objects.exists() or ProvisionalLicence.objects.exists())
    assert not AuditEvent.objects.filter(action="cards.licence.issue").exists()


def test_a_kind_added_without_a_photo_leaves_the_current_licence_as_it_was(
        centre_clerk, applicant, make_application, course):
    first = services.issue_licence(centre_clerk, make_application(applicant).pk, course_certificates=course)
    added = make_application(applicant, kind="大自二", application_type="additional", photo=False)
    with pytest.raises(InvalidInput, match="申請用写真"):
        services.issue_licence(centre_clerk, added.pk)
    licence = Licence.objects.get(pk=first.licence_id)
    assert [k.kind_id for k in licence.kinds.all()] == ["普通"] and CardJob.objects.count() == 1


def test_the_api_refuses_an_issue_without_a_photo_with_422_on_the_photo_field(
        client, login_as, centre_clerk, unphotographed, course):
    login_as(client, centre_clerk)
    response = client.post(f"/api/v1/applications/{unphotographed.pk}/issue", {
        "course_certificates": [dict(course[0], completed_on=course[0]["completed_on"].isoformat())]},
        content_type="application/json")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("photo_missing", "photo") and "申請用写真" in error["message"]
    assert not CardJob.objects.exists()


def test_the_issue_page_shows_the_missing_photo_and_issues_nothing(client, login_as, centre_clerk, unphotographed):
    login_as(client, centre_clerk)
    response = client.post(f"/cards/applications/{unphotographed.pk}/issue/", {
        "course": "普通車講習", "certificate_number": "KS-1", "completed_on": "令和8年11月20日", "holding_form": "card"})
    assert response.status_code == 422
    assert "申請用写真が登録されていません。申請の画面で写真を登録してから交付してください" in response.content.decode()
    assert not CardJob.objects.exists()


def test_once_the_card_is_being_made_the_photo_can_no_longer_be_replaced(centre_clerk, centre_job):
    with pytest.raises(Conflict) as refused:
        counter.attach_photo(centre_clerk, centre_job.application_id, camera_photo())
    assert refused.value.code == "photo_closed"


def test_the_printers_api_answer_carries_the_photo_in_few_queries(client, centre_clerk, unphotographed, course,
                                                                   printer, django_assert_max_num_queries):
    photo = counter.attach_photo(centre_clerk, unphotographed.pk, camera_photo())
    services.issue_licence(centre_clerk, unphotographed.pk, course_certificates=course)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/card-jobs/pending", HTTP_AUTHORIZATION=f"Bearer {printer.token}")
    assert response.status_code == 200, response.content
    [card] = response.json()
    assert card["photo"]["sha256"] == photo.sha256
    assert base64.b64decode(card["photo"]["base64"]) == bytes(photo.image)
