"""``GET /api/v1/audit/events``: the viewer's filters, scope and self-auditing over the API."""

import pytest

from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def test_api_lists_scoped_events_and_is_audited(auditor_client, events):
    response = auditor_client.get("/api/v1/audit/events", {"person_id": "1"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == 2 and [e["seq"] for e in body["items"]] == [4, 1]
    assert body["items"][0]["action"] == "inquiry.read"
    view = last_event()
    assert view.action == "audit.event.view" and view.detail["channel"] == "api"


def test_api_bad_date_is_a_clear_error(auditor_client, events):
    response = auditor_client.get("/api/v1/audit/events", {"date_from": "2025-02-30"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "date_from" and "YYYY-MM-DD" in error["message"]


def test_api_refuses_non_auditor_and_audits_it(login_as, client, hyogo_counter, events):
    login_as(client, hyogo_counter)
    response = client.get("/api/v1/audit/events")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    assert (last_event().action, last_event().outcome) == ("audit.event.view", "denied")
