"""The 講習・再試験の通知 pages: the queue, one notice with its sending (和暦 dates) and result, the 通知書; errors
shown next to their field in Japanese, no internal codes on the page."""

import pytest
from django.utils import timezone
from tests.violations.conftest import SYSTEM
from tests.violations.test_courses import six_points

from menkyo.core.wareki import wareki
from menkyo.registry import services as registry
from menkyo.violations.models import CourseNotice

pytestmark = pytest.mark.django_db


def test_the_queue_lists_the_notice_to_send_and_the_notice_page_records_the_sending(client, login_as, officer, licence):
    notice = six_points(officer, licence)
    login_as(client, officer)
    page = client.get("/violations/courses/").content.decode()
    assert "違反者講習" in page and licence.person.name in page and "violator_course" not in page
    detail = client.get(f"/violations/courses/{notice.pk}/").content.decode()
    assert "発送を記録する" in detail and "信号無視（赤色等）" in detail
    bad = client.post(f"/violations/courses/{notice.pk}/send/", {"sent_on": "令和99年1月1日"})
    assert bad.status_code == 422 and "未来の日付" in bad.content.decode()
    assert CourseNotice.objects.get(pk=notice.pk).state == "pending"
    done = client.post(f"/violations/courses/{notice.pk}/send/", {"sent_on": wareki(timezone.localdate())}, follow=True)
    notice.refresh_from_db()
    assert notice.state == "sent" and "発送を記録しました" in done.content.decode()
    pdf = client.get(f"/violations/courses/{notice.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_counter_clerk_is_refused_the_queue_in_japanese(client, login_as, clerk):
    login_as(client, clerk)
    response = client.get("/violations/courses/")
    assert response.status_code == 403 and "「審査」「決定」" in response.content.decode()


def test_the_queue_and_a_notice_take_a_fixed_number_of_queries(client, login_as, officer, holder_data,
                                                                 django_assert_max_num_queries):
    notices = []
    for given, kana in (("一郎", "イチロウ"), ("二郎", "ジロウ"), ("三郎", "サブロウ")):
        licence = registry.register_holder(SYSTEM, dict(holder_data, name=f"講習 {given}", name_kana=f"コウシュウ {kana}"))
        notices.append(six_points(officer, licence))
    login_as(client, officer)
    with django_assert_max_num_queries(QUEUE_QUERIES):
        assert client.get("/violations/courses/").status_code == 200
    with django_assert_max_num_queries(NOTICE_QUERIES):
        assert client.get(f"/violations/courses/{notices[0].pk}/").status_code == 200
    with django_assert_max_num_queries(NOTICE_QUERIES):
        assert client.get(f"/api/v1/course-notices/{notices[0].pk}").status_code == 200


QUEUE_QUERIES, NOTICE_QUERIES = 18, 14  # 3 notices in the queue; a notice with 3 violations
