"""Request id for every request; second factor enforcement for privileged roles."""

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from menkyo.core.context import new_request_id, reset_request_id, set_request_id


class RequestIdMiddleware:
    """Give each request an id (or take the caller's ``X-Request-ID``) for audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if incoming.isalnum() and len(incoming) <= 64 else new_request_id()
        request.request_id = request_id
        token = set_request_id(request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request_id
        return response


# Paths a logged-in operator may reach before completing the second factor.
_SECOND_FACTOR_EXEMPT = ("/login", "/logout", "/otp/", "/static/", "/api/")


class SecondFactorMiddleware:
    """Operators holding 決定, 監査 or 管理 — and anyone who enrolled a TOTP device —
    must verify the second factor before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(_SECOND_FACTOR_EXEMPT)
            and (getattr(user, "requires_second_factor", False) or user_has_device(user, confirmed=True))
        ):
            return redirect(reverse("otp_verify") + f"?next={request.path}")
        return self.get_response(request)
