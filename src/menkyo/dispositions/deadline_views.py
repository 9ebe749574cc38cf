"""The deadlines-at-risk page (ADR 0016 part 7): the staff's first screen for the dispositions work — every
dated obligation of the prefecture soonest first, the office's unread deadline notices, the CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from menkyo.core.http import csv_response, domain_view
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.dispositions import deadlines as services

TARGETS = {"provisional": "dispositions:provisional_detail", "case": "dispositions:case",
           "execution": "dispositions:execution", "applicant": "dispositions:applicant",
           "course": "violations:course_notice", "medical": "dispositions:medical_detail",
           "interim": "dispositions:interim_detail", "young_revocation": "dispositions:young_revocation",
           "provisional_ban": "dispositions:provisional_ban"}


def link(item: services.Item) -> str:
    """The page where the item's step is taken."""
    if item.target == "handoffs":
        return reverse("dispositions:handoffs")
    return reverse(TARGETS[item.target], args=[item.target_id])


def _filters(request) -> dict:
    within = request.GET.get("within", "")
    return {"mine": request.GET.get("mine") == "1", "within": int(within) if within.isdigit() else None}


@login_required
@domain_view
def deadlines(request):
    """The list, soonest first, with the days left and the article; the unread notices above it."""
    filters = _filters(request)
    items = services.deadlines_for(request.user, **filters)
    return render(request, "dispositions/deadlines.html", {
        "rows": [(item, link(item)) for item in items], "notices": services.notices_for(request.user),
        "this_week": services.THIS_WEEK, "notice_days": services.notice_days(), **filters})


@login_required
@domain_view
def deadlines_csv(request):
    items = services.deadlines_for(request.user, **_filters(request))
    name = f"disposition-deadlines-{timezone.localdate().isoformat()}.csv"
    return csv_response(name, services.CSV_HEADER, services.csv_rows(items))


@require_POST
@login_required
@domain_view
@implements(services.mark_deadline_notice_read)
def notice_read(request, pk: int):
    services.mark_deadline_notice_read(request.user, pk)
    messages.success(request, "期限の通知を既読にしました。")
    return redirect("dispositions:deadlines")


def inbox_section(actor) -> dict | None:
    """The unread deadline notices of the actor's office and prefecture, for the alerts inbox (通知)."""
    if not allowed(actor, services.LIST_DEADLINES.name):
        return None
    notices = services.notices_for(actor)
    if not notices:
        return None
    return {"title": f"期限の通知（行政処分、未読{len(notices)}件）", "link": reverse("dispositions:deadlines"),
            "link_label": "期限管理の画面で既読にする",
            "rows": [(n.due, n.label, n.person.name, reverse("dispositions:deadlines")) for n in notices]}
