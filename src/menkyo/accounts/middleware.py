"""Second-factor enforcement for privileged roles."""

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

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
            return redirect(reverse("accounts:otp_verify") + f"?next={request.path}")
        return self.get_response(request)
