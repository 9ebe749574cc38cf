"""Alert pages (手配, 規程第46条・第47条): list, request, detail with approve/reject/release, the inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from menkyo.alerts import services
from menkyo.alerts.actions import Action
from menkyo.alerts.forms import AlertRequestForm, ReasonForm
from menkyo.alerts.models import AlertState
from menkyo.alerts.permissions import LIST_ALERTS, REQUEST_ALERT, VIEW_NOTIFICATIONS
from menkyo.core.http import act, domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize


@login_required
@domain_view
def alert_list(request):
    state = request.GET.get("state", "")
    state = state if state in AlertState.values else ""
    return render(request, "alerts/list.html", {
        "alerts": services.alerts_for(request.user, state=state), "due": services.review_due(request.user),
        "states": AlertState.choices, "state": state,
        "may_request": allowed(request.user, REQUEST_ALERT.name, request.user.affiliation),
    })


@login_required
@domain_view
@implements(services.request_alert)
def alert_request(request):
    authorize(request.user, REQUEST_ALERT.name, request.user.affiliation, action=Action.ALERT_REQUEST)
    form = AlertRequestForm(request.POST or None, user=request.user)
    alert = submit(request, form, lambda data: services.request_alert(request.user, **data))
    if alert is not None:
        messages.success(request, f"手配登録を要請しました（手配番号 {alert.pk}）。別の担当者の承認で登録されます。")
        return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/request.html", {"form": form})


def _detail(request, alert, form=None, status=200):
    available = {t.name for t in services.ALERTS.available(request.user, alert)}
    own = alert.requested_by == request.user.actor_name
    return render(request, "alerts/detail.html", {
        "alert": alert, "hits": services.hits_of(alert), "form": form or ReasonForm(),
        "may_approve": "approve" in available and not own, "own_request": own,
        "may_reject": "reject" in available, "may_release": "release" in available,
    }, status=status)


@login_required
@domain_view
def alert_detail(request, pk: int):
    return _detail(request, services.get_alert(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(services.approve_alert)
def alert_approve(request, pk: int):
    alert = services.load_alert(pk)
    return act(request, lambda: services.approve_alert(request.user, alert),
               done=f"手配番号 {alert.pk} を登録しました（照会で該当が表示されます）。",
               then=reverse("alerts:detail", args=[alert.pk]))


def _with_reason(request, pk: int, service, done: str):
    alert = services.load_alert(pk)
    form = ReasonForm(request.POST)
    if submit(request, form, lambda data: service(request.user, alert, reason=data["reason"])) is None:
        return _detail(request, alert, form, status=422)
    messages.success(request, done.format(pk=alert.pk))
    return redirect("alerts:detail", pk=alert.pk)


@require_POST
@login_required
@domain_view
@implements(services.reject_alert)
def alert_reject(request, pk: int):
    return _with_reason(request, pk, services.reject_alert, "手配番号 {pk} の要請を却下しました。")


@require_POST
@login_required
@domain_view
@implements(services.release_alert)
def alert_release(request, pk: int):
    return _with_reason(request, pk, services.release_alert, "手配番号 {pk} を解除しました（以後の照会では該当しません）。")


@login_required
@domain_view
def inbox(request):
    authorize(request.user, VIEW_NOTIFICATIONS.name, action=Action.NOTIFICATION_LIST)
    unread = request.GET.get("unread") == "1"
    return render(request, "alerts/inbox.html", {
        "notifications": services.notifications_for(request.user, unread_only=unread), "unread": unread,
        "may_list": allowed(request.user, LIST_ALERTS.name),
        "sections": [s for s in (provider(request.user) for provider in services.INBOX_SECTIONS) if s],
    })


@require_POST
@login_required
@domain_view
@implements(services.mark_notification_read)
def notification_read(request, pk: int):
    services.mark_notification_read(request.user, pk)
    messages.success(request, "通知を既読にしました。")
    return redirect("alerts:inbox")
