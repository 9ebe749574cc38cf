"""再試験に係る免許の取消し pages (規程第41条の2): the failed 再試験 to be revoked at once and the 取消 decided after
the 意見の聴取 (再試験 not taken) to be executed, one case with the form (取消処分書の交付, the card, the 交付予定日 of a
card of the kinds kept) and the 取消処分書 PDF. The form posts to the case's page while it is 審査中 (failed) and to
its ``decided/`` route once decided."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from menkyo.core.forms import WarekiDateField
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import execution, retest_fled
from menkyo.dispositions import retests as services
from menkyo.dispositions import revocation_send_papers as send_papers
from menkyo.dispositions.actions import RetestAction
from menkyo.dispositions.models import CaseState, RetestRevocation, RevocationAlert
from menkyo.dispositions.permissions import (
    REGISTER_REVOCATION_ALERT,
    REVOKE_AFTER_RETEST,
    VIEW_EXECUTION,
)
from menkyo.dispositions.retest_papers import retest_paper
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


class RevokeForm(forms.Form):
    card_presented = forms.BooleanField(label="免許証の返納を受けた（マイナ免許証は記録を抹消・書換え）", required=False,
                                        initial=True)
    reason = forms.CharField(label="免許証の提出がない理由", max_length=200, required=False)
    handover_date = WarekiDateField(label="引き続き受ける種類の免許証の交付予定日（警察署のみ）", required=False)


class FledForm(forms.Form):
    reason = forms.CharField(label="即時に執行できなかった理由（逃走等）", max_length=200)


@login_required
@domain_view
def queue(request):
    return render(request, "dispositions/retests.html", {"cases": services.failed_retests(request.user),
                                                        "decided": services.decided_retests(request.user)})


@login_required
@domain_view
@implements(services.revoke_after_failed_retest)
def detail(request, pk: int):
    return _revoke(request, pk, services.revoke_after_failed_retest)


@login_required
@domain_view
@implements(services.revoke_decided_retest)
def decided(request, pk: int):
    """The form's target for a case decided 取消 after the 意見の聴取 (a GET shows the case's page)."""
    return _revoke(request, pk, services.revoke_decided_retest)


@login_required
@domain_view
@implements(retest_fled.register_fled_retest_alert)
def fled(request, pk: int):
    """初心運転者取消手配 of one who fled after failing (規程第41条の2第2項前段); a refusal is shown on the form."""
    case = load_case(pk)
    authorize(request.user, VIEW_EXECUTION.name, case, action=RetestAction.LIST, person_id=case.person_id)
    form = FledForm(request.POST or None)
    if request.method == "POST":
        done = submit(request, form, lambda data: retest_fled.register_fled_retest_alert(request.user, case, **data))
        if done is not None:
            messages.success(request, f"初心運転者取消手配を登録しました（手配番号 {done.alert_id}）。")
            return redirect("dispositions:retest", pk=pk)
    return _page(request, case, RevokeForm(), form)


def _revoke(request, pk: int, service):
    case = load_case(pk)
    authorize(request.user, VIEW_EXECUTION.name, case, action=RetestAction.LIST, person_id=case.person_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        done = submit(request, form, lambda data: service(request.user, case, **data))
        if done is not None:
            messages.success(request, "運転免許取消処分書を交付し、初心運転者取消登録をしました。")
            return redirect("dispositions:retest", pk=pk)
    return _page(request, case, form, FledForm())


def _page(request, case, form, fled_form):
    done = RetestRevocation.objects.filter(case=case).select_related("card_job", "licence").first()
    pending = case.state in execution.PENDING
    may = (case.state == CaseState.REVIEW or pending) and allowed(request.user, REVOKE_AFTER_RETEST.name, case)
    alert = RevocationAlert.objects.filter(case=case).select_related("alert").first()
    may_flee = (case.state == CaseState.REVIEW and alert is None
                and allowed(request.user, REGISTER_REVOCATION_ALERT.name, case))
    return render(request, "dispositions/retest.html", {"case": case, "done": done, "form": form, "may": may,
                                                         "decided": pending, "alert": alert, "may_flee": may_flee,
                                                         "fled_form": fled_form,
                                                         "send_paper": send_papers.offered(request.user, case)},
                  status=422 if request.method == "POST" else 200)


@login_required
@domain_view
def paper(request, pk: int):
    """運転免許取消処分書 (PDF, audited)."""
    case = load_case(pk)
    return pdf_page(request, lambda: retest_paper(request.user, case))
