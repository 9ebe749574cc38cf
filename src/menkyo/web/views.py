"""Login, logout, lock-out page, TOTP second factor (verify and set-up), dashboard.

Every login, logout, failed login, lock-out and second-factor step is an
audit event. Failed logins are recorded against a :class:`LoginAttempt`
identity (never the password; the user name only when it names a real
operator, since a mistyped password often ends up in the user-name field).
"""

import base64
from dataclasses import dataclass
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.core import audit
from menkyo.core.models import Affiliation, Operator, Outcome
from menkyo.web.context import nav_items_for
from menkyo.web.forms import LoginForm, OtpCodeForm

BAD_CREDENTIALS = "ユーザー名またはパスワードが正しくありません。"
BAD_CODE = "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。"
THROTTLED = "確認コードの誤りが続いたため、しばらく入力できません。少し待ってから再度入力してください。"


@dataclass(frozen=True)
class LoginAttempt:
    """Who tried to log in, for the audit trail: not (yet) an authenticated operator."""

    username: str = ""
    affiliation: Affiliation | None = None
    actor_kind = "anonymous"
    roles = ()

    @property
    def actor_name(self) -> str:
        return f"login:{self.username or '(unknown)'}"

    @property
    def prefecture_id(self) -> str:
        return self.affiliation.prefecture_id if self.affiliation else ""


# --- helpers -----------------------------------------------------------------


def _safe_next(request) -> str:
    """The ``next`` parameter when it points into this site, else the dashboard."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) and not url.startswith(("/login", "/logout")):
        return url
    return reverse("dashboard")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _wants_second_factor(user) -> bool:
    """Roles 決定/監査/管理 must; anyone who enrolled a device is asked too."""
    return user.requires_second_factor or _confirmed_device(user) is not None


def _audit_failed_login(request, username: str) -> None:
    operator = Operator.objects.select_related("affiliation").filter(username=username).first()
    attempt = LoginAttempt(operator.username, operator.affiliation) if operator else LoginAttempt()
    locked = bool(getattr(request, "axes_locked_out", False))
    audit.record(
        attempt,
        "auth.locked_out" if locked else "auth.login_failed",
        object_type="operator" if operator else "",
        object_id=operator.pk if operator else "",
        outcome=Outcome.DENIED,
        detail={"known_user": operator is not None},
    )


# --- login / logout ----------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request):
    """Password login through Django auth, so django-axes counts failures."""
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = authenticate(request=request, username=data["username"], password=data["password"])
        if user is not None:
            auth_login(request, user)
            detail = {"second_factor": _wants_second_factor(user)}
            audit.record(user, "auth.login", object_type="operator", object_id=user.pk, detail=detail)
            return redirect(_with_next("otp_verify", next_url) if detail["second_factor"] else next_url)
        _audit_failed_login(request, data["username"])
        form.add_error(None, BAD_CREDENTIALS)
    context = {"form": form, "next": next_url, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "web/login.html", context)


@require_POST
def logout_view(request):
    """Log out (POST only, so a link or image cannot log anyone out)."""
    user = request.user
    if user.is_authenticated:
        audit.record(user, "auth.logout", object_type="operator", object_id=user.pk)
    auth_logout(request)
    messages.info(request, "ログアウトしました。")
    return redirect("login")


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """Shown by django-axes once the failure limit is reached (AXES_LOCKOUT_CALLABLE)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
    }
    return render(request, "web/locked_out.html", context, status=403)


# --- second factor -----------------------------------------------------------


def _check_code(request, device: TOTPDevice, code: str) -> str | None:
    """Verify ``code`` on ``device``; None when right, else the error to show (audited)."""
    permitted, _ = device.verify_is_allowed()
    if permitted and django_otp.verify_token(request.user, device.persistent_id, code):
        return None
    audit.record(
        request.user, "auth.otp_failed", object_type="operator", object_id=request.user.pk,
        outcome=Outcome.DENIED, detail={"throttled": not permitted, "enrolment": not device.confirmed},
    )
    return BAD_CODE if permitted else THROTTLED


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """Ask for the 6-digit TOTP code; on success the session counts as verified."""
    next_url = _safe_next(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("otp_setup", next_url))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(request, device, form.cleaned_data["code"])
        if error is None:
            django_otp.login(request, device)
            audit.record(request.user, "auth.otp_verified", object_type="operator", object_id=request.user.pk)
            return redirect(next_url)
        form.add_error("code", error)
    return render(request, "web/otp_verify.html", {"form": form, "next": next_url})


def _pending_device(user) -> TOTPDevice:
    """The operator's unconfirmed TOTP device, created on first visit."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="menkyo", confirmed=False)


def _enrolment_context(device: TOTPDevice) -> dict:
    return {
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, title="QRコード"),
        "secret": base64.b32encode(device.bin_key).decode(),
    }


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_setup(request):
    """Enrol a TOTP authenticator: QR code and secret, confirmed by one valid code."""
    user, next_url = request.user, _safe_next(request)
    if _confirmed_device(user) is not None:
        if not user.is_verified():
            return redirect(_with_next("otp_verify", next_url))
        return render(request, "web/otp_setup.html", {"enrolled": True, "next": next_url})
    device = _pending_device(user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(request, device, form.cleaned_data["code"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            audit.record(user, "auth.otp_enrolled", object_type="operator", object_id=user.pk)
            messages.success(request, "二要素認証を設定しました。次回のログインから確認コードの入力が必要です。")
            return redirect(next_url)
        form.add_error("code", error)
    context = {"form": form, "next": next_url, **_enrolment_context(device)}
    return render(request, "web/otp_setup.html", context)


# --- dashboard ---------------------------------------------------------------


@login_required
def dashboard(request):
    """Greeting and one card per area the operator's roles open."""
    context = {
        "cards": nav_items_for(request.user),
        "totp_enrolled": _confirmed_device(request.user) is not None,
    }
    return render(request, "web/dashboard.html", context)
