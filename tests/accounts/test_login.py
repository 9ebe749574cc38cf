"""Login, lock-out, logout, session expiry, TOTP second factor and the dashboard."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the conftest default


def login(client, username, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def last_event(action: str | None = None) -> AuditEvent:
    events = AuditEvent.objects.order_by("-seq")
    return (events.filter(action=action) if action else events).first()


@pytest.fixture
def admin_device(hyogo_admin):
    return TOTPDevice.objects.create(user=hyogo_admin, name="phone", confirmed=True)


# --- password login ----------------------------------------------------------


def test_login_page_is_japanese(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "ログイン" in page and "ユーザー名" in page and "パスワード" in page


def test_login_success_goes_to_dashboard(client, hyogo_counter):
    response = login(client, "hyogo_counter")
    assert response.status_code == 302 and response.url == reverse("web:dashboard")
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "ようこそ、hyogo_counter さん" in page and "運転免許課" in page
    event = last_event()
    assert (event.action, event.actor, event.outcome) == ("accounts.session.login", "hyogo_counter", "ok")


def test_login_keeps_safe_next_only(client, hyogo_counter):
    assert login(client, "hyogo_counter", next="/devices/").url == "/devices/"
    client.logout()
    assert login(client, "hyogo_counter", next="https://evil.example/").url == reverse("web:dashboard")


def test_wrong_password_shows_error_and_is_audited(client, hyogo_counter):
    response = login(client, "hyogo_counter", "wrong-password")
    assert response.status_code == 200
    assert "ユーザー名またはパスワードが正しくありません。" in response.content.decode()
    assert "_auth_user_id" not in client.session
    event = last_event()
    assert (event.action, event.outcome, event.actor_kind) == ("accounts.session.login_failed", "denied", "anonymous")
    assert event.actor == "login:hyogo_counter" and event.prefecture_code == "28"
    assert "wrong-password" not in str(event.detail)


def test_unknown_user_is_audited_without_the_name(client):
    login(client, "my-secret-password-typed-here", "x")
    event = last_event()
    assert event.action == "accounts.session.login_failed" and event.actor == "login:(unknown)"
    assert "my-secret" not in event.canonical().decode()


def test_five_failures_lock_out_even_the_right_password(client, hyogo_counter, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "hyogo_counter", "wrong-password").status_code == 200
    response = login(client, "hyogo_counter", "wrong-password")
    assert response.status_code == 403
    assert "ログインが制限されています" in response.content.decode()
    response = login(client, "hyogo_counter")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert last_event().action == "accounts.session.locked_out" and last_event().outcome == "denied"
    assert client.get(reverse("web:dashboard")).status_code == 302


def test_logout_is_post_only_and_audited(client, hyogo_counter):
    login(client, "hyogo_counter")
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert last_event().action == "accounts.session.logout"
    assert client.get(reverse("web:dashboard")).status_code == 302


# --- sessions ------------------------------------------------------------------


def test_session_lasts_session_cookie_age_after_each_request(client, hyogo_counter, settings):
    settings.SESSION_COOKIE_AGE = 600
    login(client, "hyogo_counter")
    client.get(reverse("web:dashboard"))
    expires = Session.objects.get(session_key=client.session.session_key).expire_date
    assert abs((expires - timezone.now()) - timedelta(seconds=600)) < timedelta(seconds=30)


def test_expired_session_requires_login_again(client, hyogo_counter):
    login(client, "hyogo_counter")
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# --- second factor ---------------------------------------------------------------


def test_admin_without_totp_is_sent_to_setup(client, hyogo_admin):
    login(client, "hyogo_admin")
    response = client.get(reverse("accounts:operator_list"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))
    response = client.get(response.url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_setup"))
    assert client.get(reverse("accounts:device_list")).status_code == 302
    page = client.get(response.url).content.decode()
    assert "<svg" in page and "二要素認証の設定" in page
    device = TOTPDevice.objects.get(user=hyogo_admin)
    assert not device.confirmed and device.config_url.startswith("otpauth://totp/")


def test_totp_enrolment_confirms_device_and_grants_access(client, hyogo_admin):
    login(client, "hyogo_admin")
    setup = reverse("accounts:otp_setup") + "?next=/operators/"
    client.get(setup)
    device = TOTPDevice.objects.get(user=hyogo_admin)
    response = client.post(setup, {"code": code_for(device), "next": "/operators/"})
    assert response.status_code == 302 and response.url == "/operators/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("accounts:operator_list")).status_code == 200
    assert last_event("accounts.otp.enrol").actor == "hyogo_admin"


def test_valid_code_verifies_session(client, hyogo_admin, admin_device):
    response = login(client, "hyogo_admin")
    assert response.url.startswith(reverse("accounts:otp_verify"))
    response = client.post(reverse("accounts:otp_verify"), {"code": code_for(admin_device)})
    assert response.status_code == 302 and response.url == reverse("web:dashboard")
    assert client.get(reverse("accounts:operator_list")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.otp.verify", actor="hyogo_admin").exists()


def test_wrong_code_is_refused_and_audited(client, hyogo_admin, admin_device):
    login(client, "hyogo_admin")
    wrong = f"{(int(code_for(admin_device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:otp_verify"), {"code": wrong})
    assert response.status_code == 200
    assert "確認コードが正しくありません" in response.content.decode()
    event = last_event()
    assert (event.action, event.outcome, event.actor) == ("accounts.otp.fail", "denied", "hyogo_admin")
    assert client.get(reverse("accounts:operator_list")).status_code == 302
    admin_device.refresh_from_db()
    admin_device.throttle_reset()  # django-otp delays the next try after a failure
    response = client.post(reverse("accounts:otp_verify"), {"code": code_for(admin_device)})
    assert response.status_code == 302


def test_a_correct_code_during_the_back_off_is_refused_with_the_seconds_left(client, hyogo_admin, admin_device):
    login(client, "hyogo_admin")
    admin_device.throttling_failure_count = 4  # django-otp waits 1, 2, 4, 8 … seconds
    admin_device.throttling_failure_timestamp = timezone.now() - timedelta(seconds=3)
    admin_device.save()
    response = client.post(reverse("accounts:otp_verify"), {"code": code_for(admin_device)})
    assert response.status_code == 200
    error = response.context["form"].errors["code"][0]
    assert "あと 5 秒待ってから入力してください。" in error or "あと 6 秒待ってから入力してください。" in error
    assert last_event().detail["throttled"] is True


def test_malformed_code_is_a_form_error(client, hyogo_admin, admin_device):
    login(client, "hyogo_admin")
    response = client.post(reverse("accounts:otp_verify"), {"code": "12ab"})
    assert "6桁の数字" in response.content.decode()


def test_optional_totp_for_counter(client, hyogo_counter):
    login(client, "hyogo_counter")
    assert client.get(reverse("web:dashboard")).status_code == 200
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=hyogo_counter)
    client.post(reverse("accounts:otp_setup"), {"code": code_for(device)})
    client.post(reverse("accounts:logout"))
    response = login(client, "hyogo_counter")
    assert response.url.startswith(reverse("accounts:otp_verify"))
    # Once enrolled, the second factor cannot be skipped by browsing away.
    response = client.get(reverse("registry:lookup"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:otp_verify"))


# --- dashboard -----------------------------------------------------------------


def test_dashboard_cards_follow_roles(client, hyogo_counter, hyogo_admin, admin_device):
    login(client, "hyogo_counter")
    cards = {c["url_name"] for c in client.get(reverse("web:dashboard")).context["cards"]}
    assert "registry:lookup" in cards
    assert "accounts:operator_list" not in cards and "audit:event_list" not in cards
    client.post(reverse("accounts:logout"))
    login(client, "hyogo_admin")
    client.post(reverse("accounts:otp_verify"), {"code": code_for(admin_device)})
    response = client.get(reverse("web:dashboard"))
    cards = {c["url_name"] for c in response.context["cards"]}
    assert {"accounts:operator_list", "accounts:device_list"} <= cards and "registry:lookup" not in cards
    assert "操作者管理" in response.content.decode()


def test_dashboard_requires_login(client):
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
