"""The page of 規程第33条: staff answer the 自動車安全運転センター office's 照会 with the 累積点数等通知書 (PDF)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from menkyo.core.errors import InvalidInput
from menkyo.core.forms import WarekiDateField
from menkyo.core.http import add_domain_error, domain_view
from menkyo.core.legal import implements
from menkyo.core.permissions import authorize
from menkyo.documents.http import pdf_response
from menkyo.violations import jsdc
from menkyo.violations.actions import JsdcAction
from menkyo.violations.permissions import ANSWER_JSDC


class JsdcForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=20,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}),
                                     error_messages={"required": "免許証番号を入力してください。"})
    inquiry_reference = forms.CharField(label="照会の番号（照会書の番号）", max_length=40,
                                        error_messages={"required": "照会の番号を入力してください。"})
    inquiry_date = WarekiDateField(label="照会の日付", error_messages={"required": "照会の日付を入力してください。"})


@login_required
@domain_view
@implements(jsdc.answer_jsdc_inquiry)
def answer(request):
    """The form (for whom the rule admits in their own prefecture); a valid POST answers with the
    累積点数等通知書 itself."""
    authorize(request.user, ANSWER_JSDC.name, request.user.affiliation, action=JsdcAction.ANSWER)
    form = JsdcForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return pdf_response(jsdc.answer_jsdc_inquiry(request.user, **form.cleaned_data))
        except InvalidInput as exc:
            add_domain_error(form, exc)
    return render(request, "violations/jsdc.html", {"form": form}, status=422 if form.errors else 200)


urlpatterns = [path("jsdc/", answer, name="jsdc")]
