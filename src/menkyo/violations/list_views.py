"""The pages of violations/lists.py: the 行政処分警告対象者 名簿 (and its CSV) and the 仮登録 past their
confirmation age."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from menkyo.core.http import csv_response, domain_view
from menkyo.violations import lists


@login_required
@domain_view
def warnings(request):
    rows = lists.warning_list(request.user)
    return render(request, "violations/warnings.html", {"rows": rows, "band": lists.band_without_prior()})


@login_required
@domain_view
def warnings_csv(request):
    key = timezone.localdate().isoformat()
    return csv_response(f"warning-list-{key}.csv", lists.CSV_HEADER, lists.warning_csv_rows(request.user))


@login_required
@domain_view
def overdue_provisional(request):
    found, age = lists.overdue_provisional(request.user)
    return render(request, "violations/provisional_overdue.html", {"queue": found, "age": age})


urlpatterns = [
    path("warnings/", warnings, name="warnings"),
    path("warnings.csv", warnings_csv, name="warnings_csv"),
    path("provisional/overdue/", overdue_provisional, name="provisional_overdue"),
]
