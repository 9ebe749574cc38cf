"""The 申請用写真 (規程第3条; 道路交通法施行規則第17条第2項第9号; ADR 0013): what is refused and why, the
cleaning (no EXIF, GPS or comment kept; turned upright), what is recorded, the audit of attaching
and of reading it, and the refusals of permission."""

import hashlib
import io
from datetime import date

import pytest
from django.db import DatabaseError, transaction
from PIL import Image
from tests.photos import GPS_IFD, camera_photo, gif_photo

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.counter import services
from menkyo.counter.models import Application
from menkyo.registry.models import Photo
from menkyo.rules.application_photo import photo_standard

from .conftest import APPLICATION_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(centre_clerk, new_applicant):
    return services.receive_application(centre_clerk, new_applicant, received_on=APPLICATION_DAY)


def attach(actor, application, data=None, **kwargs):
    return services.attach_photo(actor, application.pk, camera_photo() if data is None else data, **kwargs)


def test_the_photo_standard_is_3_by_2_4_cm_taken_within_six_months_with_its_reference():
    standard = photo_standard(APPLICATION_DAY)
    assert (standard.height_mm, standard.width_mm, standard.taken_within_months) == (30, 24, 6)
    assert standard.aspect == 1.25 and "無帽" in standard.requirements[0] and "無背景" in standard.requirements
    assert "施行規則第17条第2項第9号" in standard.reference and standard.assumption
    assert standard.law == "道路交通法施行規則第17条第2項第9号"
    assert standard.earliest_taken_on(date(2026, 11, 30)) == date(2026, 5, 30)


@pytest.mark.parametrize(("data", "code", "message"), [
    (b"", "photo_missing", "写真の画像ファイルを選んでください"),
    (b"this is not a picture", "photo_not_an_image", "JPEG又はPNG"),
    (gif_photo(), "photo_not_an_image", "JPEG又はPNG"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 32, "photo_not_an_image", "壊れたファイル"),
    (b"\xff\xd8\xff" + b"\x00" * (5 * 1024 * 1024), "photo_too_large", "5MBまで"),
    (camera_photo(120, 150), "photo_too_small", "画素数が足りません（120×150画素"),
    (camera_photo(600, 480), "photo_wrong_shape", "縦3.0cm×横2.4cmの縦長にしてください（横長画像です"),
    (camera_photo(480, 900), "photo_wrong_shape", "縦横の比率が合わない画像です"),
])
def test_a_photo_that_is_not_a_portrait_jpeg_or_png_of_the_right_size_is_refused_and_nothing_is_stored(
        centre_clerk, application, data, code, message):
    with pytest.raises(InvalidInput) as refused:
        attach(centre_clerk, application, data)
    assert (refused.value.field, refused.value.code) == ("photo", code)
    assert message in refused.value.message
    assert not Photo.objects.exists() and Application.objects.get().photo_id is None
    assert not AuditEvent.objects.filter(action="counter.photo.attach").exists()


def test_a_photo_taken_more_than_six_months_before_the_application_is_refused(centre_clerk, application):
    with pytest.raises(InvalidInput) as refused:
        attach(centre_clerk, application, taken_on=date(2026, 5, 26))
    assert (refused.value.field, refused.value.code) == ("taken_on", "photo_too_old")
    assert "申請前6月以内" in refused.value.message and "2026-05-27 以降" in refused.value.message
    assert attach(centre_clerk, application, taken_on=date(2026, 5, 27)).taken_on == date(2026, 5, 27)


def test_a_photo_dated_after_today_is_refused(centre_clerk, application):
    with pytest.raises(InvalidInput) as refused:
        attach(centre_clerk, application, taken_on=date(2999, 1, 1))
    assert refused.value.field == "taken_on"


def test_the_stored_photo_is_a_jpeg_without_exif_gps_or_comment_and_its_sha256_size_and_pixels_are_recorded(
        centre_clerk, application):
    photo = attach(centre_clerk, application, camera_photo(fmt="PNG"), taken_on=date(2026, 11, 20))
    stored = bytes(Photo.objects.get().image)
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == "JPEG" and picture.size == (480, 600)
    assert not picture.getexif() and not picture.getexif().get_ifd(GPS_IFD)
    assert "exif" not in picture.info and "comment" not in picture.info and b"MenkyoCam" not in stored
    assert photo.sha256 == hashlib.sha256(stored).hexdigest() and photo.size == len(stored)
    assert (photo.width, photo.height, photo.media_type, photo.source_format) == (480, 600, "image/jpeg", "PNG")
    assert (photo.taken_on, photo.received_by, photo.person_id) == (date(2026, 11, 20), "akashi_counter",
                                                                    application.person_id)
    assert Application.objects.get().photo_id == photo.pk


def test_a_jpeg_comment_and_gps_position_are_dropped(centre_clerk, application):
    stored = bytes(Photo.objects.get(pk=attach(centre_clerk, application).pk).image)
    picture = Image.open(io.BytesIO(stored))
    assert "comment" not in picture.info and not picture.getexif() and b"Akashi" not in stored


def test_a_photo_the_camera_marked_as_turned_is_stored_upright(centre_clerk, application):
    turned = camera_photo(600, 480, orientation=6)  # landscape pixels, EXIF: rotate 90° to view
    photo = attach(centre_clerk, application, turned)
    assert (photo.width, photo.height) == (480, 600)


def test_a_large_photo_is_stored_at_most_1200_pixels_high(centre_clerk, application):
    photo = attach(centre_clerk, application, camera_photo(1920, 2400))
    assert (photo.width, photo.height) == (960, 1200)


def test_attaching_is_audited_with_the_sha256_and_never_the_image(centre_clerk, application):
    photo = attach(centre_clerk, application)
    event = AuditEvent.objects.filter(action="counter.photo.attach").get()
    assert (event.object_type, event.object_id, event.person_id) == ("application", str(application.pk),
                                                                     application.person_id)
    assert event.detail["sha256"] == photo.sha256 and event.detail["replaced"] is None
    assert event.detail["legal_basis"] == "規程第3条" and event.detail["size"] == photo.size
    assert len(str(event.detail)) < 600  # the sha256 and the facts, no bytes, no base64


def test_replacing_a_photo_needs_a_reason_and_keeps_the_earlier_one(centre_clerk, application):
    first = attach(centre_clerk, application)
    with pytest.raises(InvalidInput) as refused:
        attach(centre_clerk, application, camera_photo(colour=(20, 20, 220)))
    assert refused.value.field == "reason" and "差し替える理由" in refused.value.message
    second = attach(centre_clerk, application, camera_photo(colour=(20, 20, 220)), reason="目を閉じていたため撮り直し")
    assert Application.objects.get().photo_id == second.pk and Photo.objects.count() == 2
    event = AuditEvent.objects.filter(action="counter.photo.attach").order_by("-seq").first()
    assert event.detail["replaced"] == first.sha256 and event.detail["reason"] == "目を閉じていたため撮り直し"


def test_a_stored_photo_is_never_changed_or_deleted(centre_clerk, application):
    photo = attach(centre_clerk, application)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).update(image=b"other")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Photo.objects.filter(pk=photo.pk)._raw_delete(Photo.objects.db)  # past PROTECT, to the trigger


def test_a_withdrawn_application_takes_no_photo(centre_clerk, application):
    services.withdraw_application(centre_clerk, application.pk, reason="本人の申出")
    with pytest.raises(Conflict) as refused:
        attach(centre_clerk, application)
    assert refused.value.code == "photo_closed" and not Photo.objects.exists()


def test_a_clerk_of_another_prefecture_cannot_attach_a_photo(make_operator, application, expect_one_denial):
    osaka = make_operator("osaka_counter", ["counter"], "27-001")
    with expect_one_denial("counter.attach_photo", "counter.photo.attach"), pytest.raises(NotPermitted):
        attach(osaka, application)
    assert not Photo.objects.exists()


def test_an_examiner_reads_applications_but_attaches_no_photo(make_operator, application, expect_one_denial):
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    with expect_one_denial("counter.attach_photo", "counter.photo.attach"), pytest.raises(NotPermitted):
        attach(examiner, application)


def test_reading_the_photo_is_audited_with_its_sha256(centre_clerk, make_operator, application):
    photo = attach(centre_clerk, application)
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    assert services.application_photo(examiner, application.pk).sha256 == photo.sha256
    event = AuditEvent.objects.filter(action="counter.photo.read").get()
    assert event.actor == "akashi_examiner" and event.detail == {"sha256": photo.sha256}


def test_an_application_without_a_photo_has_none_to_read(centre_clerk, application):
    with pytest.raises(NotFound):
        services.application_photo(centre_clerk, application.pk)


def test_an_inquiry_officer_cannot_see_the_photo(make_operator, centre_clerk, application, expect_one_denial):
    attach(centre_clerk, application)
    inquirer = make_operator("akashi_inquiry", ["inquiry"], "28-002")
    with expect_one_denial("counter.view_applications", "counter.photo.read"), pytest.raises(NotPermitted):
        services.application_photo(inquirer, application.pk)
