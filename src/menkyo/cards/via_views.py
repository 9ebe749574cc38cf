"""The 住所地's renewal of a 経由申請 (規程第17条の2第3項) from the 経由申請 page, and the 経由地's documents
(経由申請書, 更新時講習受講済通知書) as PDF. A refusal is shown on the 経由申請 page with its message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from menkyo.cards import via
from menkyo.cards.forms import ReviewIssueForm
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.http import domain_view
from menkyo.core.legal import implements
from menkyo.counter.via_views import via_detail
from menkyo.documents.http import pdf_page


@require_POST
@login_required
@domain_view
@implements(via.renew_via_licence)
def via_renew(request, pk: int):
    form = ReviewIssueForm(request.POST, at_station=True)
    if not form.is_valid():
        return via_detail(request, pk, status=422, error="交付予定日を正しい日付（和暦）で入力してください。")
    try:
        job = via.renew_via_licence(request.user, pk, **form.service_data())
    except (InvalidInput, Conflict) as exc:
        return via_detail(request, pk, status=422 if isinstance(exc, InvalidInput) else 409, error=exc.message)
    if job is None:  # a マイナ免許証-only holder: no card
        messages.success(request, "経由申請により免許を更新しました。マイナ免許証の免許情報の書換えが必要です。")
        return redirect("counter:via_detail", pk=pk)
    messages.success(request, f"経由申請により免許を更新し、免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。")
    return redirect("cards:job", pk=job.pk)


@login_required
@domain_view
@implements(via.via_renewal_form)
def via_form_pdf(request, pk: int):
    return pdf_page(request, lambda: via.via_renewal_form(request.user, pk))


@login_required
@domain_view
@implements(via.lecture_completion_notice)
def lecture_notice_pdf(request, pk: int):
    return pdf_page(request, lambda: via.lecture_completion_notice(request.user, pk))


@login_required
@domain_view
@implements(via.via_return_notice)
def via_return_notice_pdf(request, pk: int):
    return pdf_page(request, lambda: via.via_return_notice(request.user, pk))
