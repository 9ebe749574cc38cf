"""The 放置駐車 feed: the 交通反則通告・放置駐車 link (kind ``other_system``) pulls, after its cursor, the
registrations of 放置駐車違反 drivers of its prefecture — no personal data, each pull audited, nothing
resent after the cursor; anyone else is refused."""

import pytest
from tests.violations.conftest import JUNE, MARCH, report

from menkyo.audit.models import AuditEvent
from menkyo.violations import services

pytestmark = pytest.mark.django_db
URL = "/api/v1/violation-feeds/abandoned-parking"


def pull(client, link, **params):
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {link.token}")


def test_the_link_pulls_the_parking_registrations_page_by_page_and_nothing_twice(client, officer, link, licence):
    first = services.register_violation(officer, **report(licence, "abandoned_parking_no_parking_zone", MARCH),
                                        reporter_reference="P-1")
    services.register_violation(officer, **report(licence, "signal_red", MARCH))
    second = services.register_violation(officer, **report(licence, "abandoned_parking_no_stopping_zone", JUNE))
    page = pull(client, link, limit=1).json()
    assert [i["id"] for i in page["items"]] == [first.pk] and page["has_more"] is True
    assert page["items"][0]["reporter_reference"] == "P-1" and "licence_number" not in page["items"][0]
    rest = pull(client, link, after=page["next_cursor"]).json()
    assert [i["id"] for i in rest["items"]] == [second.pk] and rest["has_more"] is False
    assert pull(client, link, after=rest["next_cursor"]).json()["items"] == []
    assert AuditEvent.objects.filter(action="violations.feed.read").count() == 3


def test_a_bad_cursor_or_limit_is_422_with_its_field(client, link):
    assert pull(client, link, after=-1).json()["error"]["field"] == "after"
    response = pull(client, link, limit=5000)
    assert response.status_code == 422 and response.json()["error"]["field"] == "limit"


def test_an_operator_is_refused_the_feed(client, login_as, officer):
    login_as(client, officer)
    assert client.get(URL).status_code == 403
    assert AuditEvent.objects.filter(action="violations.feed.read", outcome="denied").count() == 1
