"""The dashboard: greeting and one card per area the operator's roles open."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from menkyo.accounts.views import confirmed_device
from menkyo.web.navigation import nav_items_for


@login_required
def dashboard(request):
    """Greeting and one card per area the operator's roles open."""
    context = {
        "cards": nav_items_for(request.user),
        "totp_enrolled": confirmed_device(request.user) is not None,
    }
    return render(request, "web/dashboard.html", context)
