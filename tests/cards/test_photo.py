"""The card carries the application's 申請用写真 (規程第13条; ADR 0013): at issue the licence (or 仮免許)
names the photo, and the 免許証作成機 receives it inline with the job (base64 JPEG with its SHA-256)."""

import base64
import hashlib

import pytest
from tests.photos import camera_photo

from menkyo.cards import services
from menkyo.core.errors import Conflict
from menkyo.counter import services as counter
from menkyo.registry.models import Licence, ProvisionalLicence

pytestmark = pytest.mark.django_db


def test_the_licence_carries_the_applications_photo_and_the_printer_receives_it(
        centre_clerk, centre_application, course, printer):
    photo = counter.attach_photo(centre_clerk, centre_application.pk, camera_photo())
    job = services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    assert Licence.objects.get(pk=job.licence_id).photo_id == photo.pk
    [card] = services.fetch_card_jobs(printer)
    image = base64.b64decode(card.photo.base64)
    assert image == bytes(photo.image) and hashlib.sha256(image).hexdigest() == card.photo.sha256 == photo.sha256
    assert (card.photo.media_type, card.photo_ref) == ("image/jpeg", f"sha256:{photo.sha256}")


def test_a_provisional_licence_carries_the_photo_too(centre_clerk, make_application, applicant, printer):
    application = make_application(applicant, kind="普通仮", application_type="provisional")
    photo = counter.attach_photo(centre_clerk, application.pk, camera_photo())
    services.issue_licence(centre_clerk, application.pk)
    assert ProvisionalLicence.objects.get().photo_id == photo.pk
    [card] = services.fetch_card_jobs(printer)
    assert card.card_kind == "provisional" and card.photo.sha256 == photo.sha256


def test_without_a_photo_the_job_names_the_registers_reference_and_sends_no_image(centre_job, printer):
    [card] = services.fetch_card_jobs(printer)
    assert (card.photo, card.photo_ref) == (None, "photo/2026/0001.jpg")


def test_once_the_card_is_being_made_the_photo_can_no_longer_be_replaced(centre_clerk, centre_job):
    with pytest.raises(Conflict) as refused:
        counter.attach_photo(centre_clerk, centre_job.application_id, camera_photo())
    assert refused.value.code == "photo_closed"


def test_the_printers_api_answer_carries_the_photo_in_few_queries(client, centre_clerk, centre_application, course,
                                                                   printer, django_assert_max_num_queries):
    photo = counter.attach_photo(centre_clerk, centre_application.pk, camera_photo())
    services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/card-jobs/pending", HTTP_AUTHORIZATION=f"Bearer {printer.token}")
    assert response.status_code == 200, response.content
    [card] = response.json()
    assert card["photo"]["sha256"] == photo.sha256
    assert base64.b64decode(card["photo"]["base64"]) == bytes(photo.image)
