"""Pages between renewals: the 免許情報記録の書換え waiting at the counter (規程第15条の2・第16条第8項) —
the list, one rewrite with its form (the card reader's 有効期限 and the signature on the 受領書) and the
受領書 as PDF — and the 裏書 (追記) of the prefecture (規程第14条), which the 追記装置 writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from menkyo.cards import endorsement, onestop, rewrite
from menkyo.cards.models import EndorsementState, RewriteState
from menkyo.cards.mynumber_forms import RewriteForm
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.documents.http import pdf_page


def _state(request, choices) -> str:
    state = request.GET.get("state") or choices.values[0]
    return state if state in choices.values else choices.values[0]


@login_required
@domain_view
@implements(rewrite.list_rewrites)
def rewrite_list(request):
    state = _state(request, RewriteState)
    return render(request, "cards/rewrites.html", {
        "rewrites": rewrite.list_rewrites(request.user, state), "state": state, "states": RewriteState.choices})


def _rewrite_page(request, pk: int, form=None, status=200):
    found = rewrite.get_rewrite(request.user, pk)
    return render(request, "cards/rewrite.html", {"rewrite": found, "form": form or RewriteForm()}, status=status)


@login_required
@domain_view
@implements(rewrite.rewrite_mynumber_record)
def rewrite_detail(request, pk: int):
    if request.method != "POST":
        return _rewrite_page(request, pk)
    form = RewriteForm(request.POST)
    done = submit(request, form, lambda data: rewrite.rewrite_mynumber_record(request.user, pk, **form.service_data()))
    if done is None:
        return _rewrite_page(request, pk, form, status=422)
    finished = "（更新の申請は交付済になりました）" if done.application_id else ""
    messages.success(request, f"免許情報記録を書き換えました{finished}。")
    return redirect("cards:rewrite", pk=pk)


@login_required
@domain_view
@implements(rewrite.rewrite_receipt)
def rewrite_receipt_pdf(request, pk: int):
    return pdf_page(request, lambda: rewrite.rewrite_receipt(request.user, pk))


@login_required
@domain_view
@implements(endorsement.list_endorsements)
def endorsement_list(request):
    state = _state(request, EndorsementState)
    return render(request, "cards/endorsements.html", {
        "endorsements": endorsement.list_endorsements(request.user, state), "state": state,
        "states": EndorsementState.choices, "layout_note": endorsement.LAYOUT_NOTE})


@login_required
@domain_view
@implements(onestop.list_onestop_batches)
def onestop_list(request):
    return render(request, "cards/onestop_batches.html", {"batches": onestop.list_onestop_batches(request.user),
                                                          "limit": onestop.MAX_BATCH_ITEMS})


@login_required
@domain_view
@implements(onestop.get_onestop_batch)
def onestop_detail(request, pk: int):
    return render(request, "cards/onestop_batch.html", {"batch": onestop.get_onestop_batch(request.user, pk)})
