"""移送・執行依頼 pages (規程第38条, 第38条の2): the prefecture's two lists (sent to it — to accept or
return, and 執行依頼 to execute; what it sent, with the answers), the send form on the case page
(``{% handoff_panel case %}``), and the 送付書 PDF."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.http import domain_view
from menkyo.core.legal import implements
from menkyo.dispositions import handoff_papers, handoffs
from menkyo.dispositions.models import HandoffKind
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


class SendForm(forms.Form):
    kind = forms.ChoiceField(label="種別", choices=[(k.value, k.label) for k in (HandoffKind.TRANSFER, HandoffKind.EXECUTION)],
                             error_messages={"required": "種別を選んでください。",
                                             "invalid_choice": "種別を一覧から選んでください。"})
    note = forms.CharField(label="送付の理由・連絡事項（400文字以内）", required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    reason = forms.CharField(label="理由・連絡事項（返戻のときは必須）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


@login_required
@domain_view
def queues(request):
    """The actor's prefecture's hand-offs: sent to it, and sent by it."""
    return render(request, "dispositions/handoffs.html", {**handoffs.handoff_queues(request.user),
                                                          "answer_form": AnswerForm()})


def _act(request, action, done: str, back):
    """Run ``action``; bad input or a state that does not allow it → the Japanese message, nothing changed."""
    try:
        action()
    except (InvalidInput, Conflict) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return back


@require_POST
@login_required
@domain_view
@implements(handoffs.send_handoff)
def send(request, pk: int):
    case = load_case(pk)
    form = SendForm(request.POST)
    back = redirect("dispositions:case", pk=pk)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return back
    return _act(request, lambda: handoffs.send_handoff(request.user, case, **form.cleaned_data),
                "送付しました（送付書を印刷して関係書類を添付してください）。", back)


@require_POST
@login_required
@domain_view
@implements(handoffs.accept_handoff)
def accept(request, pk: int):
    handoff = handoffs.load_handoff(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act(request, lambda: handoffs.accept_handoff(request.user, handoff, reason=reason),
                "受理しました。", redirect("dispositions:handoffs"))


@require_POST
@login_required
@domain_view
@implements(handoffs.return_handoff)
def send_back(request, pk: int):
    handoff = handoffs.load_handoff(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act(request, lambda: handoffs.return_handoff(request.user, handoff, reason=reason),
                "返戻しました。", redirect("dispositions:handoffs"))


@login_required
@domain_view
def letter(request, pk: int):
    """送付書・処分決定通知書・処分執行依頼書 (PDF, audited)."""
    return pdf_page(request, lambda: handoff_papers.handoff_letter(request.user, pk))
