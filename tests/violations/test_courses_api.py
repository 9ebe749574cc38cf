"""The 講習・再試験の通知 API: the queues, record the sending (the engine's deadline) and the result, the 通知書
PDF; bad input is 422 with its field and changes nothing, a wrong state 409, another prefecture 403."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.violations.test_courses import six_points

from menkyo.rules.dates import months_after
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_officer_sends_a_notice_from_the_queue_records_attendance_and_gets_the_pdf(client, login_as, officer,
                                                                                      licence):
    notice = six_points(officer, licence)
    login_as(client, officer)
    queue = client.get("/api/v1/course-notices?queue=to_send").json()
    assert [(n["id"], n["kind_label"], n["state_label"]) for n in queue["items"]] == [(notice.pk, "違反者講習", "未通知")]
    today = timezone.localdate()
    sent = post(client, f"/api/v1/course-notices/{notice.pk}/send", {"sent_on": today.isoformat()})
    assert sent.status_code == 200, sent.content
    assert (sent.json()["state"], sent.json()["deadline"]) == ("sent", months_after(today, 1).isoformat())
    pdf = client.get(f"/api/v1/course-notices/{notice.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    done = post(client, f"/api/v1/course-notices/{notice.pk}/result", {"result": "attend", "on": today.isoformat()})
    assert done.json()["state_label"] == "受講済"
    assert client.get(f"/api/v1/course-notices/{notice.pk}").json()["result_on"] == today.isoformat()


def test_a_future_sending_date_is_422_with_its_field_and_nothing_changes(client, login_as, officer, licence):
    notice = six_points(officer, licence)
    login_as(client, officer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = post(client, f"/api/v1/course-notices/{notice.pk}/send", {"sent_on": tomorrow})
    assert response.status_code == 422 and response.json()["error"]["field"] == "sent_on"
    assert CourseNotice.objects.get(pk=notice.pk).state == "pending"


def test_the_pdf_of_an_unsent_notice_is_409_and_a_second_sending_is_409(client, login_as, officer, licence):
    notice = six_points(officer, licence)
    login_as(client, officer)
    assert client.get(f"/api/v1/course-notices/{notice.pk}/notice.pdf").status_code == 409
    today = timezone.localdate().isoformat()
    assert post(client, f"/api/v1/course-notices/{notice.pk}/send", {"sent_on": today}).status_code == 200
    again = post(client, f"/api/v1/course-notices/{notice.pk}/send", {"sent_on": today})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"


def test_another_prefectures_officer_gets_403_and_an_empty_queue(client, login_as, officer, osaka_officer, licence):
    notice = six_points(officer, licence)
    login_as(client, osaka_officer)
    assert client.get(f"/api/v1/course-notices/{notice.pk}").status_code == 403
    assert client.get("/api/v1/course-notices?queue=to_send").json()["items"] == []
    assert client.get("/api/v1/course-notices?queue=everything").status_code == 422
    assert client.get("/api/v1/course-notices/999999").status_code == 404
