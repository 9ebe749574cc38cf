"""前歴通知書 pages (規程第21条第2号, 第22条第2号): the list (交付すべきもの・免許証の交付前・交付済), the
通報 from a 拒否・保留 case's page (「審査」: the 拒否等処分 cannot be made), one entry with the handing of the
前歴通知書 (「窓口」「審査」), and the 前歴通知書 PDF."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import applicant_views, prior_record_papers, prior_records
from menkyo.dispositions.actions import PriorRecordAction
from menkyo.dispositions.forms import ReleaseForm
from menkyo.dispositions.permissions import ENTER_PRIOR_RECORD, HAND_PRIOR_RECORD, VIEW
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


class EnterForm(forms.Form):
    reason = forms.CharField(label="拒否等処分ができない理由", max_length=prior_records.REASON_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "拒否等処分ができない理由を入力してください。"})


@login_required
@domain_view
def prior_record_list(request):
    return render(request, "dispositions/prior_records.html", prior_records.prior_records_due(request.user))


@login_required
@domain_view
def prior_record(request, pk: int):
    return _page(request, prior_records.get_prior_record(request.user, pk))


def _page(request, notice, status: int = 200, form=None):
    job = prior_records.issuing_job(notice) if notice.handed_on is None else notice.card_job
    may = {"hand": notice.handed_on is None and job is not None and allowed(request.user, HAND_PRIOR_RECORD.name, notice),
           "view_case": allowed(request.user, VIEW.name, notice.case)}
    return render(request, "dispositions/prior_record.html",
                  {"notice": notice, "case": notice.case, "job": job, "may": may, "form": form}, status=status)


@require_POST
@login_required
@domain_view
@implements(prior_records.enter_prior_record)
def enter(request, pk: int):
    """The 通報 of 第21条第2号 from the 拒否・保留 case's page; a refusal shows on that page."""
    case = load_case(pk)
    authorize(request.user, ENTER_PRIOR_RECORD.name, case, action=PriorRecordAction.ENTER, person_id=case.person_id)
    form = EnterForm(request.POST)
    notice = submit(request, form, lambda data: prior_records.enter_prior_record(request.user, case, **data))
    if notice is None:
        return applicant_views._page(request, load_case(pk), 422, prior_form=form)
    messages.success(request, "拒否等処分ができない者として通報しました（免許証を交付するときに前歴通知書を交付します）。")
    return redirect("dispositions:prior_record", pk=notice.pk)


@require_POST
@login_required
@domain_view
@implements(prior_records.hand_prior_record)
def hand(request, pk: int):
    notice = prior_records.load_prior_record(pk)
    form = ReleaseForm(request.POST)
    if submit(request, form, lambda data: prior_records.hand_prior_record(request.user, notice)) is None:
        return _page(request, prior_records.load_prior_record(pk), 422, form)
    messages.success(request, "前歴通知書を交付しました。")
    return redirect("dispositions:prior_record", pk=pk)


@login_required
@domain_view
def paper(request, pk: int):
    """前歴通知書 (PDF, audited)."""
    notice = prior_records.load_prior_record(pk)
    return pdf_page(request, lambda: prior_record_papers.prior_record_paper(request.user, notice))
