"""Pages of the receiving side of an 執行依頼 and of the sender's 取下げ (規程第38条, 第38条の2第2項): the
list of the 執行依頼 this prefecture accepted (to execute on the ordinary execution page, to report, reported),
the 執行依頼処分通知書 form (the card sent back or given back here) and its PDF, and the 取下げ button of a
hand-off not yet accepted (on 「移送・執行依頼」's 送付したもの)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view
from menkyo.core.legal import implements
from menkyo.dispositions import handoff_receiving as services
from menkyo.dispositions import handoff_receiving_papers as papers
from menkyo.dispositions.handoff_views import _act
from menkyo.dispositions.handoffs import load_handoff
from menkyo.documents.http import pdf_page


class ReportForm(forms.Form):
    keep_card = forms.BooleanField(label="停止処分の免許証を本県で保管し、被処分者に返還する（処分期間の短縮の見込み等）",
                                   required=False)
    reason = forms.CharField(label="本県で返還する理由・連絡事項（返還するときは必須、400文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="取下げの理由", required=False, widget=forms.TextInput(attrs={"size": 24}))


@login_required
@domain_view
def requests(request):
    """The 執行依頼 this prefecture accepted."""
    return render(request, "dispositions/execution_requests.html",
                  {**services.requested_executions(request.user), "report_form": ReportForm()})


@require_POST
@login_required
@domain_view
@implements(services.report_requested_execution)
def report(request, pk: int):
    handoff = load_handoff(request.user, pk)
    form = ReportForm(request.POST)
    form.is_valid()  # two optional fields: always valid
    return _act(request, lambda: services.report_requested_execution(request.user, handoff, **form.cleaned_data),
                "執行依頼処分通知書の送付を記録しました（通知書を印刷し、免許証があれば同封してください）。",
                redirect("dispositions:execution_requests"))


@require_POST
@login_required
@domain_view
@implements(services.withdraw_handoff)
def withdraw(request, pk: int):
    handoff = load_handoff(request.user, pk)
    reason = request.POST.get("reason", "")
    return _act(request, lambda: services.withdraw_handoff(request.user, handoff, reason=reason),
                "取り下げました（事案は当県で引き続き処理できます）。", redirect("dispositions:handoffs"))


@login_required
@domain_view
def notice(request, pk: int):
    """執行依頼処分通知書 (PDF, audited)."""
    return pdf_page(request, lambda: papers.execution_report_notice(request.user, pk))
