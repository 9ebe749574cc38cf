"""Accounts people can run (issue 7, B): one's own password, a forced change after an admin set it,
and an admin resetting another operator's password or second factor, or lifting a lock-out."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts import services
from menkyo.accounts.models import Operator
from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the conftest default
NEW = "a-much-better-passphrase-77"


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


def login(client, username, password=PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


# --- one's own password -------------------------------------------------------------------


def test_an_operator_changes_their_password_with_the_current_one(hyogo_counter):
    services.change_password(hyogo_counter, current_password=PASSWORD, new_password=NEW)
    assert Operator.objects.get(pk=hyogo_counter.pk).check_password(NEW)
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.operator.change_password", "ok", "hyogo_counter")
    assert NEW not in str(event.detail) and PASSWORD not in str(event.detail)


def test_a_wrong_current_password_is_refused_and_audited(hyogo_counter):
    with pytest.raises(InvalidInput, match="現在のパスワードが正しくありません") as info:
        services.change_password(hyogo_counter, current_password="wrong-one-123", new_password=NEW)
    assert info.value.field == "current_password"
    assert (last_event().action, last_event().outcome) == ("accounts.operator.change_password", "denied")
    assert Operator.objects.get(pk=hyogo_counter.pk).check_password(PASSWORD)


@pytest.mark.parametrize("new", ["short", "123456789012345", PASSWORD, "hyogo_counter1"])
def test_a_weak_or_unchanged_new_password_is_refused_in_japanese(hyogo_counter, new):
    with pytest.raises(InvalidInput) as info:
        services.change_password(hyogo_counter, current_password=PASSWORD, new_password=new)
    assert info.value.field == "new_password" and "パスワード" in info.value.message


def test_the_password_page_changes_it_and_keeps_the_session(client, hyogo_counter):
    client.force_login(hyogo_counter)
    url = reverse("accounts:password_change")
    response = client.post(url, {"current_password": PASSWORD, "new_password": NEW, "new_password_again": "x"})
    assert response.status_code == 200 and "一致しません" in response.content.decode()
    response = client.post(url, {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW})
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200


# --- the forced change at first login ---------------------------------------------------------


def test_an_operator_created_by_an_admin_must_change_the_password_before_anything_else(client, hyogo_admin):
    created = services.create_operator(hyogo_admin, username="first_login", display_name="初回 太郎",
                                       affiliation="28-001", roles=["counter"])
    assert created.operator.must_change_password
    response = login(client, "first_login", created.password)
    response = client.get(response.url)
    assert response.status_code == 302 and response.url == reverse("accounts:password_change")
    assert client.get(reverse("accounts:operator_list")).url == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "管理者が設定したパスワードのままです" in page
    api = client.get("/api/v1/operators")
    assert api.status_code == 403 and api.json()["error"]["code"] == "password_change_required"
    assert "パスワードを変更" in api.json()["error"]["message"]
    client.post(reverse("accounts:password_change"),
                {"current_password": created.password, "new_password": NEW, "new_password_again": NEW})
    assert not Operator.objects.get(username="first_login").must_change_password
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert last_event("accounts.operator.change_password").detail["forced"] is True


def test_the_api_changes_a_forced_password(client, hyogo_admin):
    created = services.create_operator(hyogo_admin, username="api_first", display_name="初回 API",
                                       affiliation="28-001", roles=["inquiry"])
    client.force_login(created.operator)
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/me/password", {"current_password": created.password, "new_password": NEW},
                           content_type="application/json")
    assert response.status_code == 204, response.content
    assert client.get("/api/v1/me").status_code == 200
    response = client.post("/api/v1/me/password", {"current_password": "wrong", "new_password": NEW + "x"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["field"] == "current_password"


def test_operators_made_directly_are_not_forced(client, hyogo_counter):
    """Like tests/conftest.py's BROWSER_SETUP: created without the service, so not forced."""
    assert not hyogo_counter.must_change_password
    client.force_login(hyogo_counter)
    assert client.get(reverse("web:dashboard")).status_code == 200


# --- an admin resets a password or second factor, or unlocks ------------------------------------------


def test_an_admin_resets_another_operators_password_once_and_forces_a_change(client, login_as, hyogo_admin,
                                                                            hyogo_counter):
    login_as(client, hyogo_admin, verified=True)
    url = reverse("accounts:operator_password_reset", args=[hyogo_counter.pk])
    assert "キャンセル" in client.get(url).content.decode()
    response = client.post(url)
    password = response.context["password"]
    assert password in response.content.decode() and "no-store" in response["Cache-Control"]
    hyogo_counter.refresh_from_db()
    assert hyogo_counter.check_password(password) and hyogo_counter.must_change_password
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.operator.reset_password", "ok", "hyogo_admin")
    assert password not in str(event.detail)


def test_an_admin_resets_another_operators_second_factor(hyogo_admin, make_operator):
    decider = make_operator("hyogo_decider", ["decision"], decision_level="hq")
    TOTPDevice.objects.create(user=decider, name="phone", confirmed=True)
    services.reset_second_factor(hyogo_admin, decider)
    assert not TOTPDevice.objects.filter(user=decider).exists()
    event = last_event()
    assert (event.action, event.detail["devices"]) == ("accounts.operator.reset_second_factor", 1)
    with pytest.raises(Conflict):
        services.reset_second_factor(hyogo_admin, decider)


def test_an_admin_unlocks_a_locked_out_operator(client, hyogo_admin, hyogo_counter, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "hyogo_counter", "wrong-password-123")
    assert login(client, "hyogo_counter").status_code == 403  # locked, even with the right password
    assert services.is_locked(hyogo_counter)
    services.unlock_operator(hyogo_admin, hyogo_counter)
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.operator.unlock", "ok", "hyogo_admin")
    assert login(client, "hyogo_counter").status_code == 302
    with pytest.raises(Conflict, match="ロックされていません"):
        services.unlock_operator(hyogo_admin, hyogo_counter)


def test_the_operator_list_shows_a_lock_and_unlocks_it(client, login_as, hyogo_admin, hyogo_counter, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "hyogo_counter", "wrong-password-123")
    login_as(client, hyogo_admin, verified=True)
    page = client.get(reverse("accounts:operator_list")).content.decode()
    assert "ロック中" in page and reverse("accounts:operator_unlock", args=[hyogo_counter.pk]) in page
    assert client.post(reverse("accounts:operator_unlock", args=[hyogo_counter.pk])).status_code == 302
    assert not services.is_locked(hyogo_counter)


@pytest.mark.parametrize(("service", "action"), [
    (lambda a, o: services.reset_password(a, o), "accounts.operator.reset_password"),
    (lambda a, o: services.reset_second_factor(a, o), "accounts.operator.reset_second_factor"),
    (lambda a, o: services.unlock_operator(a, o), "accounts.operator.unlock"),
])
def test_an_admin_never_resets_or_unlocks_themselves(hyogo_admin, service, action):
    TOTPDevice.objects.create(user=hyogo_admin, name="phone", confirmed=True)
    with pytest.raises(NotPermitted, match="自分自身") as info:
        service(hyogo_admin, hyogo_admin)
    assert info.value.code == "self_change"
    event = last_event()
    assert (event.action, event.outcome) == (action, "denied")
    assert TOTPDevice.objects.filter(user=hyogo_admin).exists()


@pytest.mark.parametrize(("service", "action"), [
    (lambda a, o: services.reset_password(a, o), "accounts.operator.reset_password"),
    (lambda a, o: services.reset_second_factor(a, o), "accounts.operator.reset_second_factor"),
    (lambda a, o: services.unlock_operator(a, o), "accounts.operator.unlock"),
])
def test_resets_and_unlocks_are_refused_for_another_prefecture_and_audited(hyogo_admin, osaka_counter, service,
                                                                          action):
    with pytest.raises(NotPermitted, match="他の都道府県"):
        service(hyogo_admin, osaka_counter)
    event = last_event()
    assert (event.action, event.outcome, event.detail) == (action, "denied", {"rule": "accounts.manage_operator"})


def test_the_api_resets_a_password_and_a_second_factor_and_unlocks(client, login_as, hyogo_admin, hyogo_counter):
    TOTPDevice.objects.create(user=hyogo_counter, name="phone", confirmed=True)
    login_as(client, hyogo_admin, verified=True)
    body = client.post(f"/api/v1/operators/{hyogo_counter.pk}/password-reset").json()
    assert body["operator"]["must_change_password"] is True
    assert Operator.objects.get(pk=hyogo_counter.pk).check_password(body["password"])
    assert client.post(f"/api/v1/operators/{hyogo_counter.pk}/second-factor-reset").status_code == 200
    response = client.post(f"/api/v1/operators/{hyogo_counter.pk}/unlock")
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_locked"
    response = client.post(f"/api/v1/operators/{hyogo_admin.pk}/password-reset")
    assert response.status_code == 403 and response.json()["error"]["code"] == "self_change"
