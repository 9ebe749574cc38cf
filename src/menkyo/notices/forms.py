"""The form that starts a month's 更新連絡書 and the 死亡者通報連絡票 (the services check the values)."""

from django import forms

from menkyo.core.forms import WarekiDateField
from menkyo.notices.models import DeathSource


class BatchForm(forms.Form):
    month = forms.CharField(label="対象月（更新期間が始まる月）", max_length=7,
                            widget=forms.TextInput(attrs={"type": "month"}),
                            error_messages={"required": "対象月を入力してください。"})


class DeathReportForm(forms.Form):
    """死亡者通報連絡票 (規程第56条第1項): the service checks every value and names the field."""

    inquiry_id = forms.CharField(label="照会番号（照会事由「死亡等」で行った照会）", max_length=12,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    licence_number = forms.CharField(label="免許証番号", max_length=20,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    source = forms.ChoiceField(label="死亡を知った端緒", choices=[("", "選択してください"), *DeathSource.choices],
                               error_messages={"required": "死亡を知った端緒を選んでください。",
                                               "invalid_choice": "死亡を知った端緒を一覧から選んでください。"})
    died_on = WarekiDateField(label="死亡日", required=False)
    note = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    reason = forms.CharField(label="理由（差戻しには必須、200文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
