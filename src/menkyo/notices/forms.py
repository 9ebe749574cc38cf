"""The form that starts a month's 更新連絡書 (the service checks the month)."""

from django import forms


class BatchForm(forms.Form):
    month = forms.CharField(label="対象月（更新期間が始まる月）", max_length=7,
                            widget=forms.TextInput(attrs={"type": "month"}),
                            error_messages={"required": "対象月を入力してください。"})
