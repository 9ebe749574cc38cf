"""Forms of the alert pages: the request (手配登録の要請) and a reason (却下・解除).

Lengths and dates are checked by the service (one Japanese message per field, the same in the API);
the form only carries the text.
"""

from django import forms

from menkyo.alerts.models import CASE_NUMBER_MAX_LENGTH, TEXT_MAX_LENGTH, AlertKind
from menkyo.core.models import Affiliation


class AlertRequestForm(forms.Form):
    kind = forms.ChoiceField(label="手配の区分", choices=[("", "選択してください"), *AlertKind.choices],
                             error_messages={"required": "手配の区分を選んでください。",
                                             "invalid_choice": "手配の区分を一覧から選んでください。"})
    licence_number = forms.CharField(
        label="免許証番号（被手配者の免許、盗品等免許証手配では盗まれた免許証の番号）", required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}))
    reason = forms.CharField(label=f"手配の理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    requesting_affiliation = forms.ChoiceField(
        label="要請所属（所属長が要請した所属）", required=False,
        error_messages={"invalid_choice": "要請所属は自県の所属から選んでください（他の都道府県の所属は指定できません）。"})
    case_owner = forms.CharField(label="事案担当者のユーザー名（空欄なら自分）", required=False)
    case_number = forms.CharField(label=f"事案番号（{CASE_NUMBER_MAX_LENGTH}文字以内）", required=False)
    expiry_date = forms.CharField(label="有効期限（例：令和9年3月31日、2027-03-31）", required=False)
    review_date = forms.CharField(label="見直し期日（空欄なら180日後か有効期限の早いほう）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        offices = Affiliation.objects.filter(prefecture_id=user.prefecture_id, active=True)
        self.fields["requesting_affiliation"].choices = [(a.code, f"{a.code} {a.name}") for a in offices]
        self.fields["requesting_affiliation"].initial = user.affiliation_id


class ReasonForm(forms.Form):
    reason = forms.CharField(label=f"理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
