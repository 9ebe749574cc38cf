"""The renewal page (更新, 規程第16条): the law engine's answer, the 適性検査 sittings and their results, what
is still missing, the card jobs, and — once nothing is — the form that renews the licence and requests
its card (a station names the 交付予定日)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from menkyo.cards import renewal
from menkyo.cards.actions import Action
from menkyo.cards.forms import ReviewIssueForm
from menkyo.cards.permissions import RENEW_LICENCE
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.core.permissions import authorize
from menkyo.counter import services as counter
from menkyo.counter.models import ApplicationType
from menkyo.documents.http import pdf_page


@login_required
@domain_view
@implements(renewal.renew_licence)
def renew(request, pk: int):
    application = counter.read_application(request.user, pk)
    authorize(request.user, RENEW_LICENCE.name, application, action=Action.LICENCE_RENEW,
              person_id=application.person_id)
    if application.application_type != ApplicationType.RENEWAL:
        raise Http404("この申請は更新の申請ではありません。")
    page = renewal.renewal_page(application)
    form = ReviewIssueForm(request.POST if request.method == "POST" else None, at_station=page.at_station)
    done = submit(request, form, lambda _: (renewal.renew_licence(request.user, pk, **form.service_data()),))
    if done is None:
        return render(request, "cards/renewal.html", {"application": application, "page": page, "form": form},
                      status=422 if request.method == "POST" else 200)
    job = done[0]
    if job is None:  # a マイナ免許証-only holder: no card
        messages.success(request, "免許を更新しました。マイナ免許証の免許情報の書換えが必要です。")
        return redirect("counter:detail", pk=pk)
    messages.success(request, f"免許を更新し、免許証の作成を依頼しました（事務処理票番号 {job.slip_number}）。")
    return redirect("cards:job", pk=job.pk)


@login_required
@domain_view
@implements(renewal.renewal_form)
def renewal_form_pdf(request, pk: int):
    return pdf_page(request, lambda: renewal.renewal_form(request.user, pk))
