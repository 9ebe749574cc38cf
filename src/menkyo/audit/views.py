"""The audit viewer (照会履歴確認) for the 監査 role: filtered list and CSV export.

Every read is itself audited (``audit.event.view``, ``audit.event.export``);
a refusal is audited by :func:`menkyo.core.permissions.authorize` and
answered with 403.
"""


from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from menkyo.audit import services
from menkyo.audit.actions import Action
from menkyo.audit.forms import AuditFilterForm
from menkyo.core.http import csv_response, domain_view


@never_cache
@login_required
@domain_view
def event_list(request):
    """List the events of the auditor's prefecture, newest first, 50 per page."""
    services.authorize_view(request.user, Action.EVENTS_VIEW)
    form = AuditFilterForm(request.GET)
    context = {"form": form, "page": None}
    if form.is_valid():  # invalid filters: show the errors, query nothing
        paginator = Paginator(services.search(request.user, form), services.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        services.record_view(
            request.user, form, page=page.number, shown=len(page.object_list), channel="web"
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(page=page, query=query.urlencode())
    template = "audit/event_panel.html" if request.htmx else "audit/event_list.html"
    return render(request, template, context)


@never_cache
@login_required
@domain_view
def export(request):
    """Stream the filtered events as CSV (UTF-8 with BOM for Excel); audited as ``audit.event.export``."""
    services.authorize_view(request.user, Action.EVENTS_EXPORT)
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/event_list.html", {"form": form, "page": None}, status=400)
    header, rows = services.export_rows(request.user, form)
    return csv_response(f"audit-{timezone.localdate():%Y%m%d}.csv", header, rows)
