"""The 申請用写真 through the API (multipart upload by a counter camera, the image read back) and on
the application page (a file input; the photo shown to the clerk)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.photos import camera_photo, gif_photo

from menkyo.accounts.services import register_device
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.counter import services
from menkyo.registry.models import Photo

from .conftest import APPLICATION_DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def camera(db):
    """The 明石 試験場's counter camera (撮影装置): a terminal holding 「窓口」."""
    return register_device(SystemActor("test"), name="明石 撮影装置", kind="terminal", affiliation="28-002",
                           roles=["counter"]).token


@pytest.fixture
def application(centre_clerk, new_applicant):
    return services.receive_application(centre_clerk, new_applicant, received_on=APPLICATION_DAY)


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_counter_camera_sends_the_photo_as_multipart_and_reads_it_back_as_jpeg(client, camera, application):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {camera}"}
    url = f"/api/v1/applications/{application.pk}/photo"
    sent = client.post(url, {"image": upload(camera_photo(fmt="PNG"), "p.png", "image/png"), "taken_on": "2026-11-20"},
                       **auth)
    assert sent.status_code == 201, sent.content
    body = sent.json()
    assert (body["width"], body["height"], body["source_format"], body["taken_on"]) == (480, 600, "PNG", "2026-11-20")
    assert body["received_by"] == "明石 撮影装置" and body["sha256"] == Photo.objects.get().sha256
    image = client.get(url, **auth)
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "no-store" and image.content == bytes(Photo.objects.get().image)
    assert client.get(f"/api/v1/applications/{application.pk}", **auth).json()["has_photo"] is True


def test_a_gif_is_422_naming_the_field_and_nothing_is_stored(client, camera, application):
    response = client.post(f"/api/v1/applications/{application.pk}/photo", {"image": upload(gif_photo(), "p.gif")},
                           HTTP_AUTHORIZATION=f"Bearer {camera}")
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["field"], error["code"]) == ("photo", "photo_not_an_image") and "JPEG又はPNG" in error["message"]
    assert not Photo.objects.exists()


def test_a_request_without_the_file_is_422(client, camera, application):
    response = client.post(f"/api/v1/applications/{application.pk}/photo", {"taken_on": "2026-11-20"},
                           HTTP_AUTHORIZATION=f"Bearer {camera}")
    assert response.status_code == 422 and "error" in response.json()


def test_an_application_without_a_photo_answers_404_and_an_unknown_one_too(client, camera, application):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {camera}"}
    assert client.get(f"/api/v1/applications/{application.pk}/photo", **auth).status_code == 404
    assert client.post("/api/v1/applications/999999/photo", {"image": upload(camera_photo())}, **auth).status_code == 404


def test_a_device_of_another_prefecture_is_403_and_audited(client, application):
    osaka = register_device(SystemActor("test"), name="大阪 撮影装置", kind="terminal", affiliation="27-001",
                            roles=["counter"]).token
    response = client.post(f"/api/v1/applications/{application.pk}/photo", {"image": upload(camera_photo())},
                           HTTP_AUTHORIZATION=f"Bearer {osaka}")
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="counter.photo.attach", outcome="denied").count() == 1


def test_a_clerk_uploads_a_photo_on_the_application_page_and_sees_it(client, login_as, centre_clerk, application):
    login_as(client, centre_clerk)
    page = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert "写真は登録されていません" in page and 'enctype="multipart/form-data"' in page
    assert "縦30mm×横24mm" in page and "無背景" in page
    assert page.count('id="id_reason"') == 1 and 'id="photo_reason"' in page  # two 理由 fields, unique ids
    response = client.post(f"/counter/applications/{application.pk}/photo/",
                           {"photo": upload(camera_photo()), "taken_on": "令和8年11月20日"}, follow=True)
    text = response.content.decode()
    assert "申請用写真を登録しました（480×600画素）" in text
    assert f'src="/counter/applications/{application.pk}/photo.jpg"' in text and "写真を差し替える" in text
    image = client.get(f"/counter/applications/{application.pk}/photo.jpg")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image.content[:3] == b"\xff\xd8\xff"


def test_a_landscape_photo_on_the_page_shows_the_japanese_error_next_to_the_file(client, login_as, centre_clerk,
                                                                                  application):
    login_as(client, centre_clerk)
    response = client.post(f"/counter/applications/{application.pk}/photo/", {"photo": upload(camera_photo(600, 480))})
    assert response.status_code == 422
    assert "縦長にしてください（横長画像です" in response.content.decode()
    assert not Photo.objects.exists()


def test_the_page_without_a_file_asks_for_one(client, login_as, centre_clerk, application):
    login_as(client, centre_clerk)
    response = client.post(f"/counter/applications/{application.pk}/photo/", {})
    assert response.status_code == 422 and "写真の画像ファイルを選んでください" in response.content.decode()


def test_a_clerk_of_another_prefecture_gets_the_forbidden_page_for_the_image(client, login_as, make_operator,
                                                                             centre_clerk, application):
    services.attach_photo(centre_clerk, application.pk, camera_photo())
    login_as(client, make_operator("osaka_counter", ["counter"], "27-001"))
    assert client.get(f"/counter/applications/{application.pk}/photo.jpg").status_code == 403


def test_an_examiner_sees_the_photo_but_no_upload_control(client, login_as, make_operator, centre_clerk, application):
    services.attach_photo(centre_clerk, application.pk, camera_photo())
    login_as(client, make_operator("akashi_examiner", ["examiner"], "28-002"))
    page = client.get(f"/counter/applications/{application.pk}/").content.decode()
    assert 'id="application-photo"' in page and 'name="photo"' not in page
