"""The intake form of 失効後の再取得 (law-rules §5.6): the lapsed licence's number, the kind tested without a
仮免許 (6 months–1 year after the lapse), a やむを得ない理由 with its evidence and end, the 質問票. The
service checks what the law asks; the form carries the text, reads 和暦 dates and offers the choices."""

from django import forms
from django.utils import timezone

from menkyo.core.forms import WarekiDateField
from menkyo.counter.forms import YES_NO, _choice
from menkyo.counter.models import DocumentCode, QuestionnaireItem
from menkyo.rules.lapse import lapse_reasons, provisional_kinds


class LapsedApplicationForm(forms.Form):
    licence_number = forms.CharField(label="失効した免許の免許証番号", max_length=20,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}),
                                     error_messages={"required": "失効した免許の免許証番号を入力してください。"})
    unavoidable_evidence = forms.CharField(label="やむを得ない理由を確認した書類（旅券・診断書など、60文字以内）",
                                           required=False, max_length=60)
    reason_ended_on = WarekiDateField(label="やむを得ない理由がやんだ日", required=False)
    documents = forms.MultipleChoiceField(label="提出・提示された書類", choices=DocumentCode.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = lapse_reasons(timezone.localdate()).value
        self.fields["unavoidable_reason"] = forms.ChoiceField(
            label="やむを得ない理由（やむを得ず失効したときのみ）", required=False,
            choices=[("", "なし（うっかり失効）"), *reasons.items()],
            error_messages={"invalid_choice": "やむを得ない理由を一覧から選んでください。"})
        self.fields["licence_kind"] = _choice(
            "受験する免許の種類（失効から6月を超え1年以内のときのみ）",
            [(code, code) for code in provisional_kinds(timezone.localdate())], required=False)
        self.order_fields(["licence_number", "unavoidable_reason", "unavoidable_evidence", "reason_ended_on",
                           "licence_kind"])
        for number, item in enumerate(QuestionnaireItem, start=1):
            self.fields[f"q_{item.value}"] = forms.ChoiceField(
                label=f"質問票 {number}. {item.label}", choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"質問票の第{number}項に「はい」か「いいえ」で回答してください。"})

    def service_data(self) -> dict:
        data = {key: self.cleaned_data[key] for key in ("licence_number", "unavoidable_reason", "unavoidable_evidence",
                                                         "reason_ended_on", "licence_kind", "documents", "note")}
        data["questionnaire"] = {item.value: self.cleaned_data[f"q_{item.value}"] == "yes"
                                 for item in QuestionnaireItem}
        return data
