"""The 格下げ asked for on the renewal page (規程第16条第5項ただし書): the kinds kept, chosen among those
whose standard the failed 適性検査 meets (the page lists them); then the renewal continues."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from menkyo.cards import downgrade, renewal
from menkyo.cards.forms import ReviewIssueForm
from menkyo.core.http import domain_view, submit
from menkyo.core.legal import implements
from menkyo.counter import services as counter


class DowngradeForm(forms.Form):
    kinds = forms.MultipleChoiceField(label="引き続き受ける（更新する）免許の種類", widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": "引き続き受ける（更新する）免許の種類を選んでください。",
                                                      "invalid_choice": "合格基準に適合する種類から選んでください。"})
    reason = forms.CharField(label="申出の内容", max_length=200, required=False)

    def __init__(self, *args, option: downgrade.DowngradeOption | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(j.kind, j.label) for j in (option.judgements if option else [])]


@require_POST
@login_required
@domain_view
@implements(downgrade.request_downgrade)
def request_downgrade(request, pk: int):
    application = counter.read_application(request.user, pk)
    page = renewal.renewal_page(application)
    form = DowngradeForm(request.POST, option=page.downgrade)
    done = submit(request, form, lambda data: downgrade.request_downgrade(
        request.user, pk, kinds=data["kinds"], reason=data["reason"] or "免許の格下げの申出"))
    if done is None:
        return render(request, "cards/renewal.html", {"application": application, "page": page,
                                                      "form": ReviewIssueForm(at_station=page.at_station),
                                                      "downgrade_form": form}, status=422)
    messages.success(request, f"格下げの申出を受け付けました（{'・'.join(done.downgrade['kept'])}を更新します）。"
                              "更新時講習・手数料の後、免許を更新してください。")
    return redirect("cards:renew", pk=pk)
