"""The alerts API (手配): request, approve, reject, release, read; notifications; structured errors."""

import pytest

from menkyo.alerts.models import Alert, AlertState, Notification
from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def call(client, method, url, body=None, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    send = getattr(client, method)
    if method == "get":
        return send(url, **extra)
    return send(url, body or {}, content_type="application/json", **extra)


@pytest.fixture
def body(request_data):
    return {**request_data, "expiry_date": request_data["expiry_date"].isoformat()}


def test_an_inquiry_device_requests_and_a_second_operator_approves_releases(client, make_actor, body, login_as,
                                                                           approver):
    device = make_actor("inquiry", "own", "device")
    response = call(client, "post", "/api/v1/alerts", body, device.token)
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["state"], created["state_label"], created["kind_label"]) == ("requested", "申請中", "その他手配")
    assert created["person_name"] == "山田 太郎" and created["case_owner"] is None
    login_as(client, approver)
    approved = call(client, "post", f"/api/v1/alerts/{created['id']}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == "active"
    assert approved.json()["transitions"] == ["release"]
    released = call(client, "post", f"/api/v1/alerts/{created['id']}/release", {"reason": "所在判明"})
    assert released.status_code == 200 and released.json()["state_label"] == "解除"


@pytest.mark.parametrize(("change", "field"), [
    ({"kind": "wanted"}, "kind"), ({"reason": ""}, "reason"), ({"reason": "長" * 201}, "reason"),
    ({"expiry_date": "2020-01-01"}, "expiry_date"), ({"expiry_date": "not-a-date"}, "expiry_date"),
    ({"requesting_affiliation": "27-001"}, "requesting_affiliation"), ({"licence_number": "12"}, "licence_number"),
])
def test_bad_input_is_422_with_the_field_in_japanese_and_nothing_changes(client, make_actor, body, change, field):
    device = make_actor("case_officer", "own", "device")
    before = AuditEvent.objects.count()
    response = call(client, "post", "/api/v1/alerts", {**body, **change}, device.token)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and error["message"] and error["code"]
    assert not Alert.objects.exists() and AuditEvent.objects.count() == before


def test_a_counter_device_is_403_with_the_rules_message(client, make_actor, body):
    device = make_actor("counter", "own", "device")
    response = call(client, "post", "/api/v1/alerts", body, device.token)
    assert response.status_code == 403 and "審査" in response.json()["error"]["message"]


def test_the_requester_approving_is_403_separation_of_duties(client, login_as, requester, requested):
    login_as(client, requester)
    response = call(client, "post", f"/api/v1/alerts/{requested.pk}/approve")
    assert response.status_code == 403
    # the 照会 role may not approve at all: the rule refuses before the separation check
    assert response.json()["error"]["code"] == "not_permitted"


def test_a_case_officer_who_requested_gets_separation_of_duties(client, login_as, approver, body):
    login_as(client, approver)
    created = call(client, "post", "/api/v1/alerts", body).json()
    response = call(client, "post", f"/api/v1/alerts/{created['id']}/approve")
    assert response.status_code == 403 and response.json()["error"]["code"] == "separation_of_duties"


def test_a_device_approving_is_403(client, make_actor, requested):
    device = make_actor("case_officer", "own", "device")
    response = call(client, "post", f"/api/v1/alerts/{requested.pk}/approve", token=device.token)
    assert response.status_code == 403 and response.json()["error"]["code"] == "device_cannot_decide"


def test_approving_twice_is_409_and_an_unknown_alert_404(client, login_as, approver, active):
    login_as(client, approver)
    again = call(client, "post", f"/api/v1/alerts/{active.pk}/approve")
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"
    assert call(client, "get", "/api/v1/alerts/999999").status_code == 404


def test_a_release_without_reason_is_422(client, login_as, requester, active):
    login_as(client, requester)
    response = call(client, "post", f"/api/v1/alerts/{active.pk}/release", {"reason": ""})
    assert response.status_code == 422 and response.json()["error"]["field"] == "reason"
    assert Alert.objects.get(pk=active.pk).state == AlertState.ACTIVE


def test_another_prefectures_alert_is_403_and_not_listed(client, make_actor, active):
    device = make_actor("inquiry", "other", "device")
    response = call(client, "get", f"/api/v1/alerts/{active.pk}", token=device.token)
    assert response.status_code == 403 and "他の都道府県" in response.json()["error"]["message"]
    assert call(client, "get", "/api/v1/alerts", token=device.token).json() == []


def test_an_unknown_state_filter_is_422(client, make_actor):
    device = make_actor("inquiry", "own", "device")
    response = call(client, "get", "/api/v1/alerts?state=wanted", token=device.token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "state"


def test_an_inquiry_answer_carries_the_hit_and_the_office_reads_its_notification(client, make_actor, active,
                                                                                 hyogo_licence):
    inquirer = make_actor("inquiry", "other", "device")  # an 大阪 照会 terminal finds the 兵庫 alert
    answer = call(client, "post", "/api/v1/inquiries",
                  {"purpose": "交通取締り", "licence_number": hyogo_licence.number}, inquirer.token).json()
    (alert,) = answer["matches"][0]["alerts"]
    assert (alert["code"], alert["alert_id"]) == ("other", active.pk) and "手配元へ連絡" in alert["action"]
    office = make_actor("inquiry", "own", "device")  # a terminal of the requesting office 28-001
    (notification,) = call(client, "get", "/api/v1/alert-notifications?unread=true", token=office.token).json()
    assert (notification["alert_id"], notification["inquiry_id"], notification["purpose"]) == (
        active.pk, answer["inquiry_id"], "交通取締り")
    read = call(client, "post", f"/api/v1/alert-notifications/{notification['id']}/read", token=office.token)
    assert read.status_code == 200 and read.json()["read_at"]
    assert call(client, "get", "/api/v1/alert-notifications?unread=true", token=office.token).json() == []
    assert call(client, "post", "/api/v1/alert-notifications/999/read", token=office.token).status_code == 404
    assert call(client, "get", "/api/v1/alert-notifications", token=inquirer.token).json() == []
    assert Notification.objects.get().read_by == office.actor_name


def test_a_counter_device_is_refused_the_inbox(client, make_actor):
    device = make_actor("counter", "own", "device")
    assert call(client, "get", "/api/v1/alert-notifications", token=device.token).status_code == 403
