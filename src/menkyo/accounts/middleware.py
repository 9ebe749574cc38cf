"""What a logged-in operator must do before anything else: the second factor, then a new password."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from menkyo.core.http import error_body

# Paths a logged-in operator may reach before completing the second factor.
_SECOND_FACTOR_EXEMPT = ("/login", "/logout", "/otp/", "/static/", "/api/")
# Paths an operator who must change their password may reach (the second factor comes first).
_PASSWORD_CHANGE_EXEMPT = ("/login", "/logout", "/otp/", "/static/", "/password/")
_PASSWORD_CHANGE_API_EXEMPT = ("/api/v1/me", "/api/v1/me/password")
PASSWORD_CHANGE_REQUIRED = (
    "管理者が設定したパスワードのままです。パスワードを変更するまで他の操作はできません"
    "（画面の「パスワード変更」、または POST /api/v1/me/password）。"
)


class SecondFactorMiddleware:
    """Operators holding 決定, 監査 or 管理 — and anyone who enrolled a TOTP device —
    must verify the second factor before anything else; then an operator whose
    password an administrator set (``must_change_password``: a new operator, a
    reset) must change it: pages redirect to the change page, the API answers
    403 ``password_change_required``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        path = request.path
        if (
            not user.is_verified()
            and not path.startswith(_SECOND_FACTOR_EXEMPT)
            and (getattr(user, "requires_second_factor", False) or user_has_device(user, confirmed=True))
        ):
            return redirect(reverse("accounts:otp_verify") + f"?next={path}")
        if getattr(user, "must_change_password", False):
            if path.startswith("/api/"):
                if path.rstrip("/") not in _PASSWORD_CHANGE_API_EXEMPT:
                    body = error_body("password_change_required", PASSWORD_CHANGE_REQUIRED)
                    return JsonResponse(body, status=403, json_dumps_params={"ensure_ascii": False},
                                        content_type="application/json; charset=utf-8")
            elif not path.startswith(_PASSWORD_CHANGE_EXEMPT):
                return redirect(reverse("accounts:password_change"))
        return self.get_response(request)
