"""仮免許 pages for counter staff: find a 仮免許 by its number, see its status on the day (失効 after
the expiry date), reissue its card (規程第15条第2項) and receive its return (規程第20条第2項)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from menkyo.cards import provisional as services
from menkyo.cards.forms import ProvisionalLookupForm, ProvisionalReissueForm, ReasonForm
from menkyo.core.errors import DomainError, NotPermitted
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements


@login_required
@domain_view
def lookup(request):
    """Enter a 仮免許証番号; a wrong check digit or an unknown number is told next to the field."""
    form = ProvisionalLookupForm(request.GET or None)
    if form.is_valid():
        try:
            provisional = services.find_provisional_licence(request.user, form.cleaned_data["number"])
        except NotPermitted:
            raise
        except DomainError as exc:
            form.add_error("number", exc.message)
        else:
            return redirect("cards:provisional", pk=provisional.pk)
    return render(request, "cards/provisional_lookup.html", {"form": form}, status=200 if not form.errors else 422)


def _page(request, provisional, *, reissue_form=None, return_form=None, status=200):
    return render(request, "cards/provisional.html", {
        "provisional": provisional, "jobs": services.card_jobs(provisional),
        "actions": services.actions_for(request.user, provisional),
        "fee": services.reissue_fee(timezone.localdate(), provisional.home_prefecture_id),
        "reissue_form": reissue_form or ProvisionalReissueForm(), "return_form": return_form or ReasonForm(prefix="return"),
    }, status=status)


@login_required
@domain_view
def detail(request, pk: int):
    return _page(request, services.get_provisional_licence(request.user, pk))


@require_POST
@login_required
@domain_view
@implements(services.reissue_provisional_licence)
def reissue(request, pk: int):
    form = ProvisionalReissueForm(request.POST)
    job = submit(request, form, lambda data: services.reissue_provisional_licence(
        request.user, pk, ground=data["ground"], reason=data["reason"]))
    if job is None:
        return _page(request, services.get_provisional_licence(request.user, pk), reissue_form=form, status=422)
    messages.success(request, f"仮免許証の再交付を受け付け、作成を依頼しました（事務処理票番号 {job.slip_number}）。"
                              "作成後、本日交付してください。")
    return redirect("cards:job", pk=job.pk)


@require_POST
@login_required
@domain_view
@implements(services.return_provisional_licence)
def return_(request, pk: int):
    form = ReasonForm(request.POST, prefix="return")
    done = submit(request, form, lambda data: services.return_provisional_licence(request.user, pk,
                                                                                 reason=data["reason"]))
    if done is None:
        return _page(request, services.get_provisional_licence(request.user, pk), return_form=form, status=422)
    messages.success(request, "仮免許証の返納を受理しました。仮免許証は裁断して廃棄してください（規程第20条第2項）。")
    return redirect("cards:provisional", pk=pk)
