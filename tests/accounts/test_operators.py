"""Operator and device management: permission matrix, validation, audit, API, shell commands."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from menkyo.accounts import services
from menkyo.accounts.models import Device, Operator
from menkyo.accounts.tokens import hash_secret
from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def new_operator(actor, **overrides):
    data = {
        "username": "hyogo_new",
        "display_name": "兵庫 花子",
        "affiliation": "28-002",
        "roles": ["counter"],
    }
    return services.create_operator(actor, **{**data, **overrides})


def new_device(actor, **overrides):
    data = {"name": "明石 作成機1", "kind": "card_printer", "affiliation": "28-002", "roles": ["counter"]}
    return services.register_device(actor, **{**data, **overrides})


# --- permission matrix -------------------------------------------------------


def test_admin_creates_operator_in_own_prefecture(hyogo_admin):
    created = new_operator(hyogo_admin, roles=["decision", "counter"], decision_level="section_head")
    operator = Operator.objects.get(username="hyogo_new")
    assert operator.roles == ["counter", "decision"]  # canonical order
    assert operator.check_password(created.password) and operator.password != created.password
    event = last_event()
    assert (event.action, event.actor, event.outcome) == ("accounts.operator.create", "hyogo_admin", "ok")
    assert event.object_id == str(operator.pk) and event.subject_prefecture_code == "28"
    assert created.password not in str(event.detail)


def test_admin_cannot_create_operator_in_other_prefecture(hyogo_admin):
    with pytest.raises(NotPermitted):
        new_operator(hyogo_admin, affiliation="27-001")
    assert not Operator.objects.filter(username="hyogo_new").exists()
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.operator.create", "denied", "hyogo_admin")
    assert event.detail == {"rule": "accounts.manage_operator"}


@pytest.mark.parametrize("role", ["counter", "case_officer", "decision", "inquiry", "audit"])
def test_non_admins_cannot_manage_operators(make_operator, hyogo_counter, role):
    actor = make_operator(f"hyogo_{role}_x", [role], decision_level="hq" if role == "decision" else "")
    calls = [
        lambda: new_operator(actor),
        lambda: services.set_operator_roles(actor, hyogo_counter, ["inquiry"]),
        lambda: services.disable_operator(actor, hyogo_counter, "退職"),
        lambda: new_device(actor),
        lambda: services.operators_for(actor),
    ]
    for call in calls:
        before = AuditEvent.objects.count()
        with pytest.raises(NotPermitted):
            call()
        assert AuditEvent.objects.count() == before + 1
        assert last_event().outcome == "denied"
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["counter"] and hyogo_counter.is_active


@pytest.mark.parametrize(
    ("target_fixture", "permitted"), [("hyogo_counter", True), ("osaka_counter", False)]
)
@pytest.mark.parametrize("change", ["roles", "disable"])
def test_admin_changes_only_own_prefecture(request, hyogo_admin, target_fixture, permitted, change):
    target = request.getfixturevalue(target_fixture)
    action = {"roles": "accounts.operator.change_roles", "disable": "accounts.operator.disable"}[change]

    def run():
        if change == "roles":
            services.set_operator_roles(hyogo_admin, target, ["inquiry"])
        else:
            services.disable_operator(hyogo_admin, target, "異動")

    if permitted:
        run()
        assert (last_event().action, last_event().outcome) == (action, "ok")
    else:
        with pytest.raises(NotPermitted, match="他の都道府県"):
            run()
        event = last_event()
        assert (event.action, event.outcome, event.subject_prefecture_code) == (action, "denied", "27")
    target.refresh_from_db()
    changed = target.roles == ["inquiry"] or not target.is_active
    assert changed is permitted


def test_operator_list_is_scoped_to_prefecture(hyogo_admin, hyogo_counter, osaka_counter):
    usernames = {op.username for op in services.operators_for(hyogo_admin)}
    assert usernames == {"hyogo_admin", "hyogo_counter"}


# --- validation --------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"username": "Bad Name"}, "username"),
        ({"username": "hyogo_admin"}, "username"),
        ({"display_name": " "}, "display_name"),
        ({"roles": ["counter", "boss"]}, "roles"),
        ({"roles": []}, "roles"),
        ({"roles": ["decision"]}, "decision_level"),
        ({"roles": ["counter"], "decision_level": "hq"}, "decision_level"),
        ({"roles": ["decision"], "decision_level": "king"}, "decision_level"),
        ({"affiliation": "99-999"}, "affiliation"),
        ({"password": "short"}, "password"),
        ({"password": "1234567890123"}, "password"),
    ],
)
def test_invalid_input_names_the_field(hyogo_admin, overrides, field):
    with pytest.raises(InvalidInput) as info:
        new_operator(hyogo_admin, **overrides)
    assert info.value.field == field
    assert not Operator.objects.filter(display_name="兵庫 花子").exists()


def test_unknown_role_message_is_japanese(hyogo_admin):
    with pytest.raises(InvalidInput, match="役割コード「boss」は存在しません"):
        new_operator(hyogo_admin, roles=["boss"])


def test_password_policy_messages_are_japanese(hyogo_admin):
    with pytest.raises(InvalidInput, match="パスワード") as info:
        new_operator(hyogo_admin, password="short")
    assert "12" in info.value.message


def test_devices_cannot_hold_second_factor_roles(hyogo_admin):
    with pytest.raises(InvalidInput, match="端末には役割「管理」") as info:
        new_device(hyogo_admin, roles=["admin"])
    assert info.value.field == "roles"


# --- self-lockout, disable / enable -----------------------------------------


def test_admin_cannot_remove_own_admin_role(hyogo_admin):
    with pytest.raises(InvalidInput, match="自分自身") as info:
        services.set_operator_roles(hyogo_admin, hyogo_admin, ["counter"])
    assert info.value.code == "self_lockout"
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.roles == ["admin"]


def test_admin_may_add_roles_to_self(hyogo_admin):
    services.set_operator_roles(hyogo_admin, hyogo_admin, ["admin", "audit"])
    assert hyogo_admin.roles == ["audit", "admin"]


def test_admin_cannot_disable_self(hyogo_admin):
    with pytest.raises(InvalidInput, match="自分自身を無効"):
        services.disable_operator(hyogo_admin, hyogo_admin, "テスト")
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.is_active


def test_roles_change_audits_before_and_after(hyogo_admin, hyogo_counter):
    services.set_operator_roles(hyogo_admin, hyogo_counter, ["decision"], "section_head")
    detail = last_event("accounts.operator.change_roles").detail
    assert detail["before"] == {"roles": ["counter"], "decision_level": ""}
    assert detail["after"] == {"roles": ["decision"], "decision_level": "section_head"}


def test_disable_requires_reason_and_enable_restores(hyogo_admin, hyogo_counter):
    with pytest.raises(InvalidInput) as info:
        services.disable_operator(hyogo_admin, hyogo_counter, "  ")
    assert info.value.field == "reason"
    services.disable_operator(hyogo_admin, hyogo_counter, "長期休暇")
    assert not Operator.objects.get(pk=hyogo_counter.pk).is_active
    assert last_event().detail["reason"] == "長期休暇"
    with pytest.raises(Conflict):
        services.disable_operator(hyogo_admin, hyogo_counter, "長期休暇")
    services.enable_operator(hyogo_admin, hyogo_counter)
    assert Operator.objects.get(pk=hyogo_counter.pk).is_active
    assert last_event().action == "accounts.operator.enable"


def test_disabled_operator_session_ends(client, hyogo_admin, hyogo_counter):
    client.force_login(hyogo_counter)
    assert client.get(reverse("web:dashboard")).status_code == 200
    services.disable_operator(hyogo_admin, hyogo_counter, "退職")
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# --- devices -----------------------------------------------------------------


def test_register_device_returns_token_once_and_stores_hash(hyogo_admin):
    created = new_device(hyogo_admin)
    prefix, key_id, secret = created.token.split("_", 2)
    device = Device.objects.get(name="明石 作成機1")
    assert prefix == "mkd" and key_id == device.key_id
    assert device.token_hash == hash_secret(secret) and secret not in device.token_hash
    event = last_event()
    assert event.action == "accounts.device.register" and secret not in str(event.detail)


def test_admin_cannot_register_or_revoke_devices_of_other_prefecture(hyogo_admin, make_operator):
    with pytest.raises(NotPermitted):
        new_device(hyogo_admin, affiliation="27-002")
    assert last_event().action == "accounts.device.register" and last_event().outcome == "denied"
    osaka_device = new_device(SystemActor("test"), name="門真 作成機", affiliation="27-002").device
    with pytest.raises(NotPermitted):
        services.revoke_device(hyogo_admin, osaka_device)
    assert (last_event().action, last_event().outcome) == ("accounts.device.revoke", "denied")
    assert Device.objects.get(pk=osaka_device.pk).is_active


def test_device_token_authenticates_me(client, hyogo_admin):
    created = new_device(hyogo_admin)
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {created.token}")
    assert response.status_code == 200
    assert response.json() == {
        "kind": "device", "name": "明石 作成機1", "roles": ["counter"],
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


# --- API -----------------------------------------------------------------------


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
        f"/api/v1/operators/{pk}/roles", {"roles": ["decision"], "decision_level": "hq"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["decision_level"] == "hq"
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
    assert (event.actor_kind, event.actor, event.outcome) == ("device", "明石 作成機1", "denied")


# --- screens -------------------------------------------------------------------


def test_operator_list_page_shows_own_prefecture(login_as, client, hyogo_admin, hyogo_counter, osaka_counter):
    login_as(client, hyogo_admin, verified=True)
    response = client.get(reverse("accounts:operator_list"))
    page = response.content.decode()
    assert response.status_code == 200 and "hyogo_counter" in page and "osaka_counter" not in page
    assert "窓口" in page


def test_operator_pages_refuse_non_admins(client, hyogo_counter):
    client.force_login(hyogo_counter)
    for name in ("accounts:operator_list", "accounts:operator_create", "accounts:device_list", "accounts:device_create"):
        response = client.get(reverse(name))
        assert response.status_code == 403 and "権限" in response.content.decode()


def test_create_operator_page_shows_password_once(login_as, client, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    assert client.get(reverse("accounts:operator_create")).status_code == 200
    form = {"username": "page_user", "display_name": "画面 次郎", "affiliation": "28-001",
            "roles": ["counter", "inquiry"], "decision_level": "", "password": ""}
    response = client.post(reverse("accounts:operator_create"), form)
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode() and "no-store" in response["Cache-Control"]
    assert Operator.objects.get(username="page_user").check_password(password)


def test_create_operator_page_shows_field_errors(login_as, client, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    form = {"username": "page_user", "display_name": "画面 次郎", "affiliation": "28-001",
            "roles": ["decision"], "decision_level": ""}
    response = client.post(reverse("accounts:operator_create"), form)
    assert response.status_code == 200
    assert response.context["form"].errors["decision_level"] == ["決定の役割には決定権限の指定が必要です。"]


def test_roles_page_for_other_prefecture_is_forbidden(login_as, client, hyogo_admin, osaka_counter):
    login_as(client, hyogo_admin, verified=True)
    response = client.get(reverse("accounts:operator_roles", args=[osaka_counter.pk]))
    assert response.status_code == 403
    assert last_event().outcome == "denied"


def test_roles_disable_enable_pages(login_as, client, hyogo_admin, hyogo_counter):
    login_as(client, hyogo_admin, verified=True)
    url = reverse("accounts:operator_roles", args=[hyogo_counter.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"roles": ["case_officer"], "decision_level": ""})
    assert response.status_code == 302
    response = client.post(reverse("accounts:operator_disable", args=[hyogo_counter.pk]), {"reason": "退職"})
    assert response.status_code == 302
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.roles == ["case_officer"] and not hyogo_counter.is_active
    client.post(reverse("accounts:operator_enable", args=[hyogo_counter.pk]))
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.is_active


def test_self_lockout_shown_on_roles_page(login_as, client, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    response = client.post(reverse("accounts:operator_roles", args=[hyogo_admin.pk]), {"roles": ["counter"]})
    assert response.status_code == 200
    assert "自分自身" in response.context["form"].errors["roles"][0]


def test_device_pages(login_as, client, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    form = {"name": "明石 受付1", "kind": "kiosk", "affiliation": "28-002", "roles": ["counter"]}
    response = client.post(reverse("accounts:device_create"), form)
    assert response.status_code == 200 and response.context["token"].startswith("mkd_")
    device = Device.objects.get(name="明石 受付1")
    assert "明石 受付1" in client.get(reverse("accounts:device_list")).content.decode()
    response = client.post(reverse("accounts:device_revoke", args=[device.pk]))
    assert response.status_code == 302
    assert not Device.objects.get(pk=device.pk).is_active


# --- shell commands --------------------------------------------------------------


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_cli_operator_create_and_disable():
    output = run("operator", "create", "cli_user", "--name", "端末 三郎", "--affiliation", "28-001",
                 "--role", "decision", "--role", "counter", "--decision-level", "section_head")
    password = output.split("initial password (shown once): ")[1].strip()
    operator = Operator.objects.get(username="cli_user")
    assert operator.check_password(password) and operator.roles == ["counter", "decision"]
    event = last_event()
    assert (event.action, event.actor_kind, event.actor) == ("accounts.operator.create", "system", "system:cli")
    run("operator", "disable", "cli_user")
    assert not Operator.objects.get(username="cli_user").is_active
    assert last_event().action == "accounts.operator.disable"


def test_cli_reports_validation_errors():
    with pytest.raises(CommandError, match="decision_level"):
        run("operator", "create", "cli_user", "--name", "端末 三郎", "--affiliation", "28-001",
            "--role", "decision")
    with pytest.raises(CommandError, match="no operator"):
        run("operator", "disable", "nobody")


def test_cli_device_create_and_revoke(client):
    output = run("device", "create", "明石 作成機2", "--kind", "card_printer",
                 "--affiliation", "28-002", "--role", "counter")
    token = output.split("token (shown once): ")[1].strip()
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    run("device", "revoke", "明石 作成機2")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert last_event().actor == "system:cli"
