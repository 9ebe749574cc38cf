"""The pages' links to the papers of ``more_papers`` (ADR 0016 part 7): the 処分猶予通知書・請書 on a deferred
case's page, the 出頭命令書 (and 免許証保管証) from a 執行不能 case's execution page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from menkyo.core.forms import WarekiDateField
from menkyo.core.http import domain_view
from menkyo.dispositions import more_papers
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


class AppearanceOrderForm(forms.Form):
    appear_on = WarekiDateField(label="出頭すべき日", error_messages={"required": "出頭すべき日を入力してください。"})
    place = forms.CharField(label="出頭すべき場所", max_length=100,
                            error_messages={"required": "出頭すべき場所を入力してください。"})
    card_held = forms.BooleanField(label="免許証を保管する（免許証保管証を作成）", required=False)


@login_required
@domain_view
def deferral_notice(request, pk: int):
    """処分猶予通知書・請書 (PDF, audited)."""
    case = load_case(pk)
    return pdf_page(request, lambda: more_papers.deferral_notice(request.user, case))


@require_POST
@login_required
@domain_view
def appearance_order(request, pk: int):
    """出頭命令書 (and 免許証保管証) for the day and place the officer gives (PDF, audited)."""
    case = load_case(pk)
    form = AppearanceOrderForm(request.POST)
    if not form.is_valid():
        return refused(request, form)
    return pdf_page(request, lambda: more_papers.appearance_order(request.user, case, **form.cleaned_data))


def refused(request, form, title: str = "出頭命令書を作成できません"):
    """A paper's form refused: its Japanese errors on the error page (422), nothing made."""
    message = "　".join(str(error) for errors in form.errors.values() for error in errors)
    return render(request, "web/error.html", {"title": title, "message": message}, status=422)
