"""The intake page of 失効後の再取得 (law-rules §5.6): the lapsed licence's number, a やむを得ない理由 with its
evidence, the 質問票; the application page then shows the route the law engine gave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.counter import lapse
from menkyo.counter.lapse_forms import LapsedApplicationForm
from menkyo.counter.renewal_views import _or_on_field


@login_required
@domain_view
@implements(lapse.receive_lapsed_application)
def lapsed_new(request):
    form = LapsedApplicationForm(request.POST or None)
    application = submit(request, form, lambda _: _or_on_field(
        form, "licence_number", lambda: lapse.receive_lapsed_application(request.user, form.service_data())))
    if application is None:
        return render(request, "counter/lapsed_new.html", {"form": form},
                      status=422 if request.method == "POST" else 200)
    messages.success(request, f"失効後の再取得の申請を受理しました（申請（届出）簿 {application.ledger_number}、"
                              f"{application.get_route_display()}）。")
    return redirect("counter:detail", pk=application.pk)
