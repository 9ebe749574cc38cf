"""Screens of the accounts app: login, logout, the second factor, operator and device management.

Thin: services decide. Every login, logout, failed login, lock-out and
second-factor step is an audit event. Failed logins are recorded against a
:class:`LoginAttempt` identity (never the password; the user name only when
it names a real operator, since a mistyped password often ends up in the
user-name field).
"""

import base64
import math
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from menkyo.accounts import services
from menkyo.accounts.actions import Action
from menkyo.accounts.forms import (
    DeviceCreateForm,
    LoginForm,
    OperatorCreateForm,
    OperatorDisableForm,
    OperatorParticularsForm,
    OperatorRolesForm,
    OtpCodeForm,
    PasswordChangeForm,
    RoleGrantRejectForm,
)
from menkyo.accounts.models import Operator, RoleGrant
from menkyo.accounts.permissions import APPROVE_ROLE_GRANT, MANAGE_OPERATOR, MANAGE_OPERATORS
from menkyo.audit.recorder import record
from menkyo.core.http import act, domain_view, submit
from menkyo.core.models import Affiliation, Role
from menkyo.core.permissions import authorize
from menkyo.core.recording import Outcome

BAD_CREDENTIALS = "ユーザー名またはパスワードが正しくありません。"
BAD_CODE = "確認コードが正しくありません。認証アプリに表示されている最新のコードを入力してください。"
THROTTLED = "確認コードの誤りが続いたため、しばらく入力できません。あと {seconds} 秒待ってから入力してください。"


def admin_view(action: str):
    """Logged-in 管理 operators only: anyone else gets the 403 page, and the denial is
    audited under ``action`` (the audit name of what the screen does)."""

    def decorate(view):
        @wraps(view)
        @login_required
        @domain_view
        def wrapper(request, *args, **kwargs):
            authorize(request.user, MANAGE_OPERATORS.name, action=action)
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def with_role_labels(objects) -> list:
    """Attach ``role_labels`` (Japanese role names) for display in lists."""
    objects = list(objects)
    for obj in objects:
        obj.role_labels = [Role(code).label for code in obj.roles if code in Role.values]
    return objects


def _target_operator(request, pk: int, action: str):
    operator = services.get_operator(pk)
    authorize(request.user, MANAGE_OPERATOR.name, operator, action=action)
    return operator


# --- operators ---------------------------------------------------------------


@admin_view(Action.OPERATOR_LIST)
def operator_list(request):
    operators = with_role_labels(services.operators_for(request.user))
    locked = services.locked_usernames(op.username for op in operators)
    for operator in operators:
        operator.locked = operator.username in locked
        operator.is_self = operator.pk == request.user.pk
    return render(request, "accounts/operator_list.html", {"operators": operators})


@never_cache  # the page after a successful POST shows the initial password once
@require_http_methods(["GET", "POST"])
@admin_view(Action.OPERATOR_CREATE)
def operator_create(request):
    form = OperatorCreateForm(request.POST or None, actor=request.user)
    created = submit(request, form, lambda data: services.create_operator(request.user, **data))
    if created:
        grant = created.grant
        context = {"operator": created.operator, "password": created.password, "grant": grant,
                   "grant_labels": [Role(c).label for c in grant.roles if c not in created.operator.roles] if grant else []}
        return render(request, "accounts/operator_created.html", context)
    return render(request, "accounts/operator_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@admin_view(Action.OPERATOR_ROLES_CHANGE)
def operator_roles(request, pk: int):
    operator = _target_operator(request, pk, Action.OPERATOR_ROLES_CHANGE)
    initial = {"roles": operator.roles, "decision_level": operator.decision_level}
    form = OperatorRolesForm(request.POST or None, initial=initial)

    def change(data):
        """Removing roles or adding 窓口・審査・照会 at once; 決定・監査・管理 as a grant to approve."""
        roles, level, reason = data["roles"], data["decision_level"], data["reason"]
        if services.needs_approval(request.user, operator, roles, level):
            return services.request_role_grant(request.user, operator, roles, level, reason=reason)
        return services.set_operator_roles(request.user, operator, roles, level)

    done = submit(request, form, change)
    if isinstance(done, RoleGrant):
        messages.success(request, f"{operator.username} の役割付与を申請しました。別の管理者が承認すると反映されます。")
        return redirect("accounts:grant_list")
    if done:
        messages.success(request, f"{operator.username} の役割を変更しました。")
        return redirect("accounts:operator_list")
    return render(request, "accounts/operator_roles.html", {"form": form, "operator": operator})


@require_http_methods(["GET", "POST"])
@admin_view(Action.OPERATOR_PARTICULARS)
def operator_particulars(request, pk: int):
    """The operator's kana surname, birth date and home municipality, for the inquiry review."""
    operator = _target_operator(request, pk, Action.OPERATOR_PARTICULARS)
    initial = {"family_name_kana": operator.family_name_kana, "birth_date": operator.birth_date,
               "address_prefecture": operator.address_prefecture_id or "",
               "home_municipality": operator.home_municipality}
    form = OperatorParticularsForm(request.POST or None, initial=initial)
    if submit(request, form, lambda data: services.set_operator_particulars(request.user, operator, **data)):
        messages.success(request, f"{operator.username} の照会審査用情報を登録しました。")
        return redirect("accounts:operator_list")
    return render(request, "accounts/operator_particulars.html", {"form": form, "operator": operator})


@never_cache  # the page after a successful POST shows the new password once
@require_http_methods(["GET", "POST"])
@admin_view(Action.PASSWORD_RESET)
def operator_password_reset(request, pk: int):
    operator = _target_operator(request, pk, Action.PASSWORD_RESET)
    if request.method == "POST":
        reset = services.reset_password(request.user, operator)
        return render(request, "accounts/operator_password_reset.html", {"operator": operator, "password": reset.password})
    return render(request, "accounts/operator_confirm.html", {
        "operator": operator, "title": "パスワードの再設定", "button": "再設定する",
        "explanation": "新しいパスワードを生成し、この画面に一度だけ表示します。本人は次回ログイン時に変更が必要です。"
                       "現在のパスワードは使えなくなり、ログイン中の画面もログアウトされます。",
    })


@require_http_methods(["GET", "POST"])
@admin_view(Action.SECOND_FACTOR_RESET)
def operator_second_factor_reset(request, pk: int):
    operator = _target_operator(request, pk, Action.SECOND_FACTOR_RESET)
    if request.method == "POST":
        return act(request, lambda: services.reset_second_factor(request.user, operator),
                   done=f"{operator.username} の二要素認証を再設定しました。次回ログイン時に登録し直します。", then="accounts:operator_list")
    return render(request, "accounts/operator_confirm.html", {
        "operator": operator, "title": "二要素認証の再設定", "button": "再設定する",
        "explanation": "登録されている認証アプリ（TOTP）を削除します。本人は次回ログイン時に認証アプリを登録し直します。"
                       "端末の紛失・機種変更のときに使います。",
    })


@require_POST
@admin_view(Action.OPERATOR_UNLOCK)
def operator_unlock(request, pk: int):
    operator = services.get_operator(pk)
    return act(request, lambda: services.unlock_operator(request.user, operator),
               done=f"{operator.username} のロックを解除しました。", then="accounts:operator_list")


# --- role grants -----------------------------------------------------------------


@admin_view(Action.ROLE_GRANT_LIST)
def grant_list(request):
    grants = list(services.pending_grants_for(request.user))
    for grant in grants:
        grant.role_labels = [Role(code).label for code in grant.roles if code in Role.values]
        grant.before_labels = [Role(code).label for code in grant.before_roles if code in Role.values]
        grant.own_request = grant.requested_by_id == request.user.pk
    return render(request, "accounts/grant_list.html", {"grants": grants})


@require_POST
@admin_view(Action.ROLE_GRANT_APPROVE)
def grant_approve(request, pk: int):
    grant = services.get_grant(pk)
    return act(request, lambda: services.approve_role_grant(request.user, grant),
               done=f"{grant.operator.username} への役割付与を承認しました。", then="accounts:grant_list")


@require_http_methods(["GET", "POST"])
@admin_view(Action.ROLE_GRANT_REJECT)
def grant_reject(request, pk: int):
    grant = services.get_grant(pk)
    authorize(request.user, APPROVE_ROLE_GRANT.name, grant, action=Action.ROLE_GRANT_REJECT)
    form = RoleGrantRejectForm(request.POST or None)
    if submit(request, form, lambda data: services.reject_role_grant(request.user, grant, reason=data["reason"])):
        messages.success(request, f"{grant.operator.username} への役割付与申請を却下しました。")
        return redirect("accounts:grant_list")
    return render(request, "accounts/grant_reject.html", {"form": form, "grant": grant})


# --- one's own password ------------------------------------------------------------


@sensitive_post_parameters("current_password", "new_password", "new_password_again")
@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def password_change(request):
    """The operator changes their own password (forced after an administrator set it)."""
    form = PasswordChangeForm(request.POST or None)
    forced = request.user.must_change_password

    def change(data):
        return services.change_password(request.user, current_password=data["current_password"],
                                        new_password=data["new_password"])

    if submit(request, form, change):
        update_session_auth_hash(request, request.user)  # stay logged in with the new password
        messages.success(request, "パスワードを変更しました。")
        return redirect("web:dashboard")
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced})


@require_http_methods(["GET", "POST"])
@admin_view(Action.OPERATOR_DISABLE)
def operator_disable(request, pk: int):
    operator = _target_operator(request, pk, Action.OPERATOR_DISABLE)
    form = OperatorDisableForm(request.POST or None)
    if submit(request, form, lambda data: services.disable_operator(request.user, operator, data["reason"])):
        messages.success(request, f"{operator.username} を無効にしました。")
        return redirect("accounts:operator_list")
    return render(request, "accounts/operator_disable.html", {"form": form, "operator": operator})


@require_POST
@admin_view(Action.OPERATOR_ENABLE)
def operator_enable(request, pk: int):
    operator = services.get_operator(pk)
    return act(request, lambda: services.enable_operator(request.user, operator),
               done=f"{operator.username} を有効にしました。", then="accounts:operator_list")


# --- devices -----------------------------------------------------------------


@admin_view(Action.DEVICE_LIST)
def device_list(request):
    devices = with_role_labels(services.devices_for(request.user))
    return render(request, "accounts/device_list.html", {"devices": devices})


@never_cache  # the page after a successful POST shows the token once
@require_http_methods(["GET", "POST"])
@admin_view(Action.DEVICE_REGISTER)
def device_create(request):
    form = DeviceCreateForm(request.POST or None, actor=request.user)
    created = submit(request, form, lambda data: services.register_device(request.user, **data))
    if created:
        context = {"device": created.device, "token": created.token}
        return render(request, "accounts/device_created.html", context)
    return render(request, "accounts/device_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@admin_view(Action.DEVICE_REVOKE)
def device_revoke(request, pk: int):
    device = services.get_device(pk)
    authorize(request.user, MANAGE_OPERATOR.name, device, action=Action.DEVICE_REVOKE)
    if request.method == "POST":
        return act(request, lambda: services.revoke_device(request.user, device),
                   done=f"端末「{device.name}」のトークンを失効させました。", then="accounts:device_list")
    return render(request, "accounts/device_revoke.html", {"device": device})


# --- login, logout, second factor ---------------------------------------------


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
    return reverse("web:dashboard")


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def _wants_second_factor(user) -> bool:
    """Roles 決定/監査/管理 must; anyone who enrolled a device is asked too."""
    return user.requires_second_factor or confirmed_device(user) is not None


def _audit_failed_login(request, username: str) -> None:
    operator = Operator.objects.select_related("affiliation").filter(username=username).first()
    attempt = LoginAttempt(operator.username, operator.affiliation) if operator else LoginAttempt()
    locked = bool(getattr(request, "axes_locked_out", False))
    record(
        attempt,
        Action.LOCKED_OUT if locked else Action.LOGIN_FAILED,
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
            record(user, Action.LOGIN, object_type="operator", object_id=user.pk, detail=detail)
            return redirect(_with_next("accounts:otp_verify", next_url) if detail["second_factor"] else next_url)
        _audit_failed_login(request, data["username"])
        form.add_error(None, BAD_CREDENTIALS)
    context = {"form": form, "next": next_url, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "accounts/login.html", context)


@require_POST
def logout_view(request):
    """Log out (POST only, so a link or image cannot log anyone out)."""
    user = request.user
    if user.is_authenticated:
        record(user, Action.LOGOUT, object_type="operator", object_id=user.pk)
    auth_logout(request)
    messages.info(request, "ログアウトしました。")
    return redirect("accounts:login")


def locked_out(request, original_response=None, credentials=None, *args, **kwargs):
    """Shown by django-axes once the failure limit is reached (AXES_LOCKOUT_CALLABLE)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": round(float(settings.AXES_COOLOFF_TIME) * 60),
    }
    return render(request, "accounts/locked_out.html", context, status=403)


# --- second factor -----------------------------------------------------------


def _check_code(request, device: TOTPDevice, code: str) -> str | None:
    """Verify ``code`` on ``device``; None when right, else the error to show (audited)."""
    permitted, refusal = device.verify_is_allowed()
    if permitted and django_otp.verify_token(request.user, device.persistent_id, code):
        return None
    record(
        request.user, Action.OTP_FAILED, object_type="operator", object_id=request.user.pk,
        outcome=Outcome.DENIED, detail={"throttled": not permitted, "enrolment": not device.confirmed},
    )
    return BAD_CODE if permitted else THROTTLED.format(seconds=_seconds_left(refusal))


def _seconds_left(refusal: dict | None) -> int:
    """Whole seconds until django-otp's back-off ends (at least 1)."""
    locked_until = (refusal or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def otp_verify(request):
    """Ask for the 6-digit TOTP code; on success the session counts as verified."""
    next_url = _safe_next(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:otp_setup", next_url))
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(request, device, form.cleaned_data["code"])
        if error is None:
            django_otp.login(request, device)
            record(request.user, Action.OTP_VERIFIED, object_type="operator", object_id=request.user.pk)
            return redirect(next_url)
        form.add_error("code", error)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url})


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
    if confirmed_device(user) is not None:
        if not user.is_verified():
            return redirect(_with_next("accounts:otp_verify", next_url))
        return render(request, "accounts/otp_setup.html", {"enrolled": True, "next": next_url})
    device = _pending_device(user)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        error = _check_code(request, device, form.cleaned_data["code"])
        if error is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            django_otp.login(request, device)
            record(user, Action.OTP_ENROLLED, object_type="operator", object_id=user.pk)
            messages.success(request, "二要素認証を設定しました。次回のログインから確認コードの入力が必要です。")
            return redirect(next_url)
        form.add_error("code", error)
    context = {"form": form, "next": next_url, **_enrolment_context(device)}
    return render(request, "accounts/otp_setup.html", context)

