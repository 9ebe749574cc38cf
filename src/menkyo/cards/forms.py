"""Forms of the card pages: the issue (取得時講習の確認, 交付予定日), the hand-over (受領の署名) and a reason.

The service checks what the law asks (one Japanese message per field, the same in the API); the
forms carry the text, read 和暦 dates and offer the choices.
"""

from django import forms

from menkyo.cards.models import TEXT_MAX_LENGTH, Applicant, CancellationScope, ReissueGround
from menkyo.core.forms import WarekiDateField
from menkyo.registry.models import HoldingForm

ISSUED_FORMS = [(HoldingForm.CARD.value, HoldingForm.CARD.label), (HoldingForm.BOTH.value, HoldingForm.BOTH.label)]


class IssueForm(forms.Form):
    course = forms.ChoiceField(label="取得時講習の種類", required=False)
    certificate_number = forms.CharField(label="講習終了証明書の番号", required=False, max_length=40)
    completed_on = WarekiDateField(label="講習の終了日", required=False)
    handover_date = WarekiDateField(label="交付予定日（明日以降の開庁日）", required=False)
    holding_form = forms.ChoiceField(label="保有形態", choices=ISSUED_FORMS, initial=HoldingForm.CARD,
                                     error_messages={"invalid_choice": "保有形態を一覧から選んでください。"})

    def __init__(self, *args, requirements, **kwargs):
        super().__init__(*args, **kwargs)
        if requirements.courses:
            self.fields["course"].choices = [("", "選択してください"), *((c, c) for c in requirements.courses)]
        else:
            for name in ("course", "certificate_number", "completed_on"):
                del self.fields[name]
        if not requirements.at_station:
            del self.fields["handover_date"]
        if not requirements.new_licence:
            del self.fields["holding_form"]

    def service_data(self) -> dict:
        data = self.cleaned_data
        shown = any(data.get(name) for name in ("course", "certificate_number", "completed_on"))
        return {
            "course_certificates": [{"course": data.get("course", ""), "number": data.get("certificate_number", ""),
                                     "completed_on": data.get("completed_on")}] if shown else [],
            "handover_date": data.get("handover_date"),
            "holding_form": data.get("holding_form") or HoldingForm.CARD,
        }


class ReviewIssueForm(forms.Form):
    """A passed 審査 (規程第9条第3項): a station names the 交付予定日 of the new card."""

    handover_date = WarekiDateField(label="交付予定日（明日以降の開庁日）", required=False)

    def __init__(self, *args, at_station: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not at_station:
            del self.fields["handover_date"]

    def service_data(self) -> dict:
        return {"handover_date": self.cleaned_data.get("handover_date")}


class HandOverForm(forms.Form):
    signature_confirmed = forms.BooleanField(label="受領の署名を確認した", required=False)
    # Shown for a card handed over in exchange for the old one (規程第15条第5項, 第41条の3).
    old_card_collected = forms.BooleanField(label="旧免許証を回収した", required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=f"理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ProvisionalReissueForm(forms.Form):
    """仮免許証の再交付申請書 (規程第15条第2項): the ground and what the application says."""

    ground = forms.ChoiceField(label="再交付の事由", choices=[("", "選択してください"), *ReissueGround.choices],
                               required=False)
    reason = forms.CharField(label=f"申請の内容（てん末など、{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ProvisionalLookupForm(forms.Form):
    number = forms.CharField(label="仮免許証番号（12桁）", max_length=20)


class ReissueApplicationForm(forms.Form):
    """運転免許証再交付申請書 (規程第15条): the ground and, on a theft, the offered 盗品等免許証手配."""

    ground = forms.ChoiceField(label="再交付の事由", choices=[("", "選択してください"), *ReissueGround.choices],
                               required=False)
    theft_alert = forms.BooleanField(label="盗難の場合：旧番号の盗品等免許証手配の要請を併せて入力する（任意）",
                                     required=False)
    reason = forms.CharField(label=f"申請の内容（てん末など、{TEXT_MAX_LENGTH}文字以内）", required=False,
                             initial="免許証の再交付の申請", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, may_request_alert: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_request_alert:
            del self.fields["theft_alert"]


class CancellationForm(forms.Form):
    """運転免許取消申請書 (規則別記様式第19の3の7; 規程第41条の3)."""

    scope = forms.ChoiceField(label="取消しの範囲", choices=CancellationScope.choices, widget=forms.RadioSelect,
                              required=False)
    kinds = forms.MultipleChoiceField(label="取り消す免許の種類（一部の取消し：上位の種類のみ）", required=False,
                                      widget=forms.CheckboxSelectMultiple)
    applicant = forms.ChoiceField(label="申請者", choices=Applicant.choices, initial=Applicant.HOLDER, required=False)
    agent_name = forms.CharField(label="代理人の氏名（代理人による申請は全部の取消しのみ）", required=False, max_length=80)
    agent_relation = forms.CharField(label="代理人の続柄等", required=False, max_length=60)
    handover_date = WarekiDateField(label="一部の取消しで警察署の場合：引き続き受ける種類の免許証の交付予定日", required=False)
    disadvantage_explained = forms.BooleanField(label="取消しによる不利益を説明した（規程第57条）", required=False)
    reason = forms.CharField(label=f"理由（{TEXT_MAX_LENGTH}文字以内）", required=False, initial="申請による免許の取消し",
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = [(k, k) for k in kinds]


class KeepCardForm(forms.Form):
    """停止期間中のため保管 (cards.suspended_renewal): the holder's signature and the held old card invalidated."""

    signature_confirmed = forms.BooleanField(label="受領の署名を確認した", required=False)
    old_card_invalidated = forms.BooleanField(label="保管中の旧免許証を無効にした（更新後の免許証と引換え）",
                                              required=False)
