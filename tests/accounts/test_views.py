"""Screens of operator and device management (管理) and what a disabled operator's session sees."""

import pytest
from django.urls import reverse

from menkyo.accounts import services
from menkyo.accounts.models import Device, Operator
from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def test_disabled_operator_session_ends(client, hyogo_admin, hyogo_counter):
    client.force_login(hyogo_counter)
    assert client.get(reverse("web:dashboard")).status_code == 200
    services.disable_operator(hyogo_admin, hyogo_counter, "退職")
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


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


def test_an_admin_changing_their_own_roles_on_the_roles_page_is_refused(login_as, client, hyogo_admin):
    login_as(client, hyogo_admin, verified=True)
    response = client.post(reverse("accounts:operator_roles", args=[hyogo_admin.pk]), {"roles": ["counter"]})
    assert response.status_code == 403 and "自分自身の役割は変更できません" in response.content.decode()
    hyogo_admin.refresh_from_db()
    assert hyogo_admin.roles == ["admin"]


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


# --- the cancel link says キャンセル (取消 means revocation here) ---------------------


def test_no_accounts_form_labels_its_cancel_link_torikeshi(login_as, client, hyogo_admin, hyogo_counter):
    login_as(client, hyogo_admin, verified=True)
    device = services.register_device(hyogo_admin, name="明石 受付9", kind="kiosk", affiliation="28-002",
                                      roles=["counter"]).device
    urls = [reverse("accounts:operator_create"), reverse("accounts:operator_roles", args=[hyogo_counter.pk]),
            reverse("accounts:operator_disable", args=[hyogo_counter.pk]), reverse("accounts:device_create"),
            reverse("accounts:device_revoke", args=[device.pk])]
    for url in urls:
        page = client.get(url).content.decode()
        assert ">取消<" not in page and ">キャンセル</a>" in page, url


@pytest.mark.parametrize(
    ("url_name", "action"),
    [("accounts:operator_list", "accounts.operator.list"), ("accounts:operator_create", "accounts.operator.create"),
     ("accounts:device_list", "accounts.device.list"), ("accounts:device_create", "accounts.device.register")],
)
def test_a_non_admin_opening_a_management_screen_writes_a_denied_event_naming_that_screen(
        client, hyogo_counter, url_name, action):
    client.force_login(hyogo_counter)
    before = AuditEvent.objects.count()
    assert client.get(reverse(url_name)).status_code == 403
    assert AuditEvent.objects.count() == before + 1
    event = last_event()
    assert (event.action, event.outcome, event.actor) == (action, "denied", "hyogo_counter")
    assert event.detail == {"rule": "accounts.manage_operators"}
