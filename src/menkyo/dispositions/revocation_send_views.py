"""The page's form for the 取消処分書の送付書 (規程第41条の2第3項, 第41条の2の2第3項; ``revocation_send_papers``),
on a decided 再試験・若年 case's page: the station named, the PDF (audited) or the refusal in Japanese."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_POST

from menkyo.core.http import domain_view
from menkyo.dispositions import revocation_send_papers as papers
from menkyo.dispositions.more_paper_views import refused
from menkyo.dispositions.services import load_case
from menkyo.documents.http import pdf_page


class SendForm(forms.Form):
    station = forms.CharField(label="送付先の署（被処分者の住所地を管轄する警察署）", max_length=papers.STATION_MAX,
                              error_messages={"required": "送付先の署を入力してください。",
                                              "max_length": "送付先の署は60文字以内で入力してください。"})


@require_POST
@login_required
@domain_view
def revocation_send(request, pk: int):
    """運転免許取消処分書の送付書 / 特例取得免許取消処分書の送付書 (PDF, audited)."""
    case = load_case(pk)
    form = SendForm(request.POST)
    if not form.is_valid():
        return refused(request, form, "送付書を作成できません")
    return pdf_page(request, lambda: papers.revocation_send_paper(request.user, case, **form.cleaned_data))
