"""Forms of the renewal pages (更新, 規程第16条; 第17条の3・第17条の4): the intake (更新申請書 + 質問票, the
holder's violations from the inquiry), an older driver's result, the lecture attended. The services
check what the law asks; the forms carry the text, read 和暦 dates and offer the choices."""

from django import forms
from django.utils import timezone

from menkyo.core.forms import WarekiDateField
from menkyo.counter.forms import YES_NO, _choice
from menkyo.counter.models import (
    DocumentCode,
    ElderlyCheckKind,
    ElderlyCheckResult,
    LectureMode,
    QuestionnaireItem,
)
from menkyo.rules import params
from menkyo.rules.renewal import early_renewal_reasons

#: Rows of the violation table on the intake page (more through the API).
VIOLATION_ROWS = 3


def violation_choices() -> list[tuple[str, str]]:
    """The engine's violation codes by their Japanese names (no code shown to staff)."""
    return [(code, str(row["name"])) for code, row in params.table("violations").rows.items()]


class RenewalForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=20,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}),
                                     error_messages={"required": "免許証番号を入力してください。"})
    documents = forms.MultipleChoiceField(label="提出・提示された書類", choices=DocumentCode.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    after_hours_on = WarekiDateField(
        label="執務時間外の申請：有効期間の末日の執務時間外に出された申請のとき、その日（規程第16条第10項。その日に受理したものとします）",
        required=False)
    early_evidence = forms.CharField(label="特例更新：理由を確認した書類（旅券・診断書など、60文字以内）", required=False,
                                     max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reasons = early_renewal_reasons(timezone.localdate()).value
        self.fields["early_reason"] = forms.ChoiceField(
            label="特例更新の理由（更新期間前に申請するときのみ。規程第17条）", required=False,
            choices=[("", "なし（更新期間内の通常の更新）"), *reasons.items()],
            error_messages={"invalid_choice": "特例更新の理由を一覧から選んでください。"})
        self.order_fields(["licence_number", "after_hours_on", "early_reason", "early_evidence"])
        for number, item in enumerate(QuestionnaireItem, start=1):
            self.fields[f"q_{item.value}"] = forms.ChoiceField(
                label=f"質問票 {number}. {item.label}", choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"質問票の第{number}項に「はい」か「いいえ」で回答してください。"})
        for row in range(1, VIOLATION_ROWS + 1):
            self.fields[f"violation_{row}_date"] = WarekiDateField(label=f"未登録の違反{row}：違反日", required=False)
            self.fields[f"violation_{row}_code"] = _choice(f"未登録の違反{row}：違反の種別", violation_choices(),
                                                           required=False)

    def service_data(self) -> dict:
        data = {"licence_number": self.cleaned_data["licence_number"], "documents": self.cleaned_data["documents"],
                "note": self.cleaned_data["note"], "early_reason": self.cleaned_data.get("early_reason", ""),
                "early_evidence": self.cleaned_data.get("early_evidence", ""),
                "after_hours_on": self.cleaned_data.get("after_hours_on")}
        data["questionnaire"] = {item.value: self.cleaned_data[f"q_{item.value}"] == "yes"
                                 for item in QuestionnaireItem}
        rows = ((self.cleaned_data[f"violation_{n}_date"], self.cleaned_data[f"violation_{n}_code"])
                for n in range(1, VIOLATION_ROWS + 1))
        data["violations"] = [{"date": day, "code": code} for day, code in rows if day or code]
        return data


class ElderlyCheckForm(forms.Form):
    kind = _choice("区分", ElderlyCheckKind.choices)
    result = _choice("結果", ElderlyCheckResult.choices)
    taken_on = WarekiDateField(label="受講・受検日", error_messages={"required": "受講・受検日を入力してください。"})
    certificate_number = forms.CharField(label="証明書番号（高齢者講習は必須）", required=False, max_length=20)
    school = forms.CharField(label="実施した指定自動車教習所の番号（教習所で受けたとき）", required=False, max_length=8)


class LectureForm(forms.Form):
    mode = _choice("受講の方法", LectureMode.choices)


class ViaRenewalForm(RenewalForm):
    """The 経由申請 intake (規程第17条の2第1項): the 更新申請書 and 質問票 of a holder of another prefecture, with
    the violations from the inquiry; no 特例更新 (a 経由申請 is made in the window only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["early_reason"], self.fields["early_evidence"]
        # A 2枚持ち holder asking to give the card back with the 経由申請: asked so that the refusal is explicit
        # (counter.via: the card's return is not received through a 経由申請).
        self.fields["return_card"] = forms.BooleanField(
            label="免許証の返納（マイナ免許証のみへの変更）の申出がある", required=False)

    def service_data(self) -> dict:
        self.cleaned_data.update(early_reason="", early_evidence="")
        data = super().service_data()
        del data["early_reason"], data["early_evidence"]
        data["return_card"] = self.cleaned_data.get("return_card", False)
        return data
