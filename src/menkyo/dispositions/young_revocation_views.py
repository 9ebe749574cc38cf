"""若年運転者期間に係る免許の取消し pages (規程第41条の2の2): the decided cases to execute and the 取消手配 due
(第41条の2第2項, 第41条の2の2第2項); one case with the form (若年運転者取消処分書の交付, the card, the 交付予定日 of a
card of the kinds kept), the 手配 button and the 若年運転者取消処分書 PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.core.errors import Conflict
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import allowed, authorize
from menkyo.dispositions import revocation_alerts, young_revocations
from menkyo.dispositions import revocation_send_papers as send_papers
from menkyo.dispositions.actions import YoungRevocationAction
from menkyo.dispositions.execution import PENDING
from menkyo.dispositions.models import CaseType, RevocationAlert, YoungRevocation
from menkyo.dispositions.permissions import REGISTER_REVOCATION_ALERT, REVOKE_YOUNG, VIEW_EXECUTION
from menkyo.dispositions.retest_views import RevokeForm
from menkyo.dispositions.services import load_case
from menkyo.dispositions.young_revocation_papers import young_paper
from menkyo.documents.http import pdf_page


@login_required
@domain_view
def queue(request):
    return render(request, "dispositions/young_revocations.html", {
        "cases": young_revocations.young_cases(request.user),
        "alerts_due": revocation_alerts.alerts_due(request.user)})


@login_required
@domain_view
@implements(young_revocations.revoke_young_driver_licence)
def detail(request, pk: int):
    case = load_case(pk)
    authorize(request.user, VIEW_EXECUTION.name, case, action=YoungRevocationAction.LIST, person_id=case.person_id)
    form = RevokeForm(request.POST or None)
    if request.method == "POST":
        done = submit(request, form,
                      lambda data: young_revocations.revoke_young_driver_licence(request.user, case, **data))
        if done is not None:
            messages.success(request, "若年運転者取消処分書を交付し、若年運転者取消登録をしました。")
            return redirect("dispositions:young_revocation", pk=pk)
    done = YoungRevocation.objects.filter(case=case).select_related("card_job", "licence", "office").first()
    pending = case.case_type == CaseType.YOUNG_DRIVER and case.state in PENDING
    return render(request, "dispositions/young_revocation.html", {
        "case": case, "done": done, "form": form,
        "alert": RevocationAlert.objects.filter(case=case).select_related("alert").first(),
        "may": pending and allowed(request.user, REVOKE_YOUNG.name, case),
        "may_alert": pending and allowed(request.user, REGISTER_REVOCATION_ALERT.name, case),
        "send_paper": send_papers.offered(request.user, case)},
        status=422 if request.method == "POST" else 200)


@login_required
@require_POST
@domain_view
@implements(revocation_alerts.register_revocation_alert)
def register_alert(request, pk: int):
    """初心運転者取消手配・若年運転者取消手配の登録 (a refusal is shown on the case's page as a message)."""
    case = load_case(pk)
    try:
        done = revocation_alerts.register_revocation_alert(request.user, case)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{done.alert.get_kind_display()}を登録しました（手配番号 {done.alert_id}）。")
    return redirect("dispositions:young_revocation", pk=pk)


@login_required
@domain_view
def paper(request, pk: int):
    """若年運転者取消処分書 (PDF, audited)."""
    case = load_case(pk)
    return pdf_page(request, lambda: young_paper(request.user, case))
