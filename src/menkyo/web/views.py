"""Login, second factor, dashboard."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request):
    return render(request, "web/dashboard.html", {})


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown by django-axes after too many failed logins."""
    return HttpResponse("ログイン失敗が続いたため、このアカウントは一時的にロックされています。", status=403)
