"""経由申請 pages (規程第17条の2): at the 経由地 the intake of a renewal from a holder of another prefecture and the
経由申請管理表 of what it received and sent; at the 住所地 the list of what was sent to it, with the acceptance
or the return. One page shows a 経由申請 to both sides, with the step each side may take (送付, 受理, 返戻, 更新)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed
from menkyo.counter import renewal, via
from menkyo.counter.models import VIA_RENEWAL
from menkyo.counter.renewal_forms import ViaRenewalForm
from menkyo.counter.renewal_views import _or_on_field


@login_required
@domain_view
@implements(via.receive_via_renewal)
def via_new(request):
    form = ViaRenewalForm(request.POST or None)
    received = submit(request, form, lambda _: _or_on_field(
        form, "licence_number", lambda: via.receive_via_renewal(request.user, form.service_data())))
    if received is None:
        return render(request, "counter/via_new.html", {"form": form},
                      status=422 if request.method == "POST" else 200)
    messages.success(request, f"経由申請を受理しました（経由申請管理表 {received.via_number}、"
                              f"住所地 {received.residence_prefecture.name}）。")
    return redirect("counter:via_detail", pk=received.pk)


@login_required
@domain_view
@implements(via.via_register)
def via_list(request):
    side = request.GET.get("side") or "sent"
    rows = via.via_register(request.user, side if side in via.SIDES else "sent")
    return render(request, "counter/via_list.html", {"rows": rows, "side": side, "sides": via.SIDES})


@login_required
@domain_view
@implements(via.read_via_renewal)
def via_detail(request, pk: int, *, status: int = 200, error: str = ""):
    item = via.read_via_renewal(request.user, pk)
    here = request.user.prefecture_id == item.via_prefecture_id
    steps = {t.name for t in VIA_RENEWAL.available(request.user, item)}
    return render(request, "counter/via_detail.html", {
        "via": item, "here": here, "steps": steps, "error": error, "answer": item.application.eligibility,
        "new_expiry": date.fromisoformat(item.application.eligibility["new_expiry"]),
        "status": renewal.renewal_status(item.application) if here else None,
        "may_renew": "renew" in steps and allowed(request.user, "cards.renew_via_licence", item),
    }, status=status)


def _step(request, pk: int, action, done: str, **kwargs):
    try:
        action(request.user, pk, **kwargs)
    except (Conflict, InvalidInput) as exc:
        return via_detail(request, pk, status=409, error=exc.message)
    messages.success(request, done)
    return redirect("counter:via_detail", pk=pk)


@require_POST
@login_required
@domain_view
@implements(via.send_via_renewal)
def via_send(request, pk: int):
    return _step(request, pk, via.send_via_renewal, "更新申請書等を住所地の公安委員会へ送付しました。")


@require_POST
@login_required
@domain_view
@implements(via.accept_via_renewal)
def via_accept(request, pk: int):
    return _step(request, pk, via.accept_via_renewal,
                 "送付された経由申請を受理し、経由申請管理表と申請（届出）簿に登載しました。")


@require_POST
@login_required
@domain_view
@implements(via.withdraw_via_renewal)
def via_withdraw(request, pk: int):
    return _step(request, pk, via.withdraw_via_renewal, "経由申請の取下げを登録しました。",
                 reason=request.POST.get("reason", ""))


@require_POST
@login_required
@domain_view
@implements(via.resend_via_renewal)
def via_resend(request, pk: int):
    return _step(request, pk, via.resend_via_renewal, "補正した経由申請を住所地の公安委員会へ再送付しました。",
                 reason=request.POST.get("reason", ""))


@require_POST
@login_required
@domain_view
@implements(via.return_via_renewal)
def via_return(request, pk: int):
    return _step(request, pk, via.return_via_renewal, "経由申請を理由を付して経由地へ返戻しました。",
                 reason=request.POST.get("reason", ""))
