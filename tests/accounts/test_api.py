"""API of operator and device management: /api/v1/me, /operators, /devices; device tokens."""

import pytest

from menkyo.accounts import services
from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def new_device(actor, **overrides):
    data = {"name": "明石 受付機1", "kind": "kiosk", "affiliation": "28-002", "roles": ["counter"]}
    return services.register_device(actor, **{**data, **overrides})


# --- device tokens -------------------------------------------------------------


def test_device_token_authenticates_me(client, hyogo_admin):
    created = new_device(hyogo_admin)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {created.token}")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "device", "name": "明石 受付機1", "roles": ["counter"],
        "affiliation": "28-002", "prefecture": "28",
    }


@pytest.mark.parametrize("forge", ["revoked", "wrong_secret", "malformed"])
def test_revoked_or_forged_token_gets_401(client, hyogo_admin, forge):
    created = new_device(hyogo_admin)
    token = created.token
    if forge == "revoked":
        services.revoke_device(hyogo_admin, created.device)
        assert last_event().action == "accounts.device.revoke"
    elif forge == "wrong_secret":
        token = f"mkd_{created.device.key_id}_not-the-secret"
    else:
        token = "not-a-menkyo-token"
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


# --- operators and devices --------------------------------------------------------


@pytest.fixture
def admin_api(login_as, client, hyogo_admin):
    return login_as(client, hyogo_admin, verified=True)


def test_api_me_for_operator(admin_api):
    body = admin_api.get("/api/v1/me").json()
    assert body == {
        "kind": "operator", "name": "hyogo_admin", "roles": ["admin"],
        "affiliation": "28-001", "prefecture": "28",
    }


def test_api_admin_without_second_factor_is_refused(client, hyogo_admin):
    client.force_login(hyogo_admin)
    assert client.get("/api/v1/operators").status_code == 401


def test_api_lists_own_prefecture_operators(admin_api, hyogo_counter, osaka_counter):
    response = admin_api.get("/api/v1/operators")
    assert response.status_code == 200
    assert {op["username"] for op in response.json()} == {"hyogo_admin", "hyogo_counter"}


def test_api_create_change_disable(admin_api):
    payload = {"username": "api_user", "display_name": "API 太郎", "affiliation": "28-101",
               "roles": ["inquiry"]}
    response = admin_api.post("/api/v1/operators", payload, content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["operator"]["roles"] == ["inquiry"] and len(body["initial_password"]) >= 12
    pk = body["operator"]["id"]
    response = admin_api.patch(
        f"/api/v1/operators/{pk}/roles", {"roles": ["case_officer", "inquiry"]},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["roles"] == ["case_officer", "inquiry"]
    response = admin_api.post(f"/api/v1/operators/{pk}/disable", {"reason": "異動"},
                              content_type="application/json")
    assert response.status_code == 200 and response.json()["is_active"] is False


def test_api_errors_are_structured(admin_api, osaka_counter):
    payload = {"username": "api_user", "display_name": "API 太郎", "affiliation": "28-001",
               "roles": ["boss"]}
    response = admin_api.post("/api/v1/operators", payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid_input", "message": "役割コード「boss」は存在しません。", "field": "roles",
    }
    response = admin_api.patch(f"/api/v1/operators/{osaka_counter.pk}/roles", {"roles": ["inquiry"]},
                               content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"
    assert (last_event().action, last_event().outcome) == ("accounts.operator.change_roles", "denied")
    assert admin_api.patch("/api/v1/operators/999999/roles", {"roles": ["inquiry"]},
                           content_type="application/json").status_code == 404


def test_api_devices(admin_api):
    payload = {"name": "生田 端末", "kind": "terminal", "affiliation": "28-101", "roles": ["inquiry"]}
    response = admin_api.post("/api/v1/devices", payload, content_type="application/json")
    assert response.status_code == 201
    token, device_id = response.json()["token"], response.json()["device"]["id"]
    assert [d["name"] for d in admin_api.get("/api/v1/devices").json()] == ["生田 端末"]
    assert admin_api.post(f"/api/v1/devices/{device_id}/revoke").json()["is_active"] is False
    admin_api.logout()
    assert admin_api.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_device_cannot_manage_operators(client, hyogo_admin):
    token = new_device(hyogo_admin).token
    response = client.get("/api/v1/operators", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 403
    event = last_event()
    assert (event.actor_kind, event.actor, event.outcome) == ("device", "明石 受付機1", "denied")
