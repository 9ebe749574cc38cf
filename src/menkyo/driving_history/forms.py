"""The 運転経歴申請（届出）書 (細則様式第41号の3) as the counter enters it: application, hand-over,
change of particulars, reissue, return. The services check every value; these forms only collect."""

from django import forms

from menkyo.counter.models import PaymentMethod
from menkyo.driving_history.models import ReissueGround

REASON_HELP = "履歴に残す理由（申請・届出の内容）"


def _reason(initial: str) -> forms.CharField:
    return forms.CharField(label="理由", required=False, initial=initial, help_text=REASON_HELP,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    """The fee paid when the application is received (規程第42条: the 経歴証明事務処理票)."""

    payment_method = forms.ChoiceField(label="手数料の納付方法", required=False,
                                       choices=[("", "（選択してください）"), *PaymentMethod.choices])
    slip_number = forms.CharField(label="経歴証明事務処理票番号", max_length=20, required=False)


class ApplicationForm(PaymentForm):
    identity_document = forms.CharField(label="確認書類（住所・氏名・生年月日）", required=False, max_length=80,
                                        initial="住民票の写し")
    identity_confirmed = forms.BooleanField(label="申請書の記載を確認書類と照合した（規程第42条第1項）", required=False)
    mynumber_record = forms.BooleanField(label="運転経歴情報の個人番号カードへの記録も希望する（申請の記録のみ）",
                                         required=False)
    reason = _reason("運転経歴証明書の交付申請")
    field_order = ["identity_document", "identity_confirmed", "mynumber_record", "payment_method", "slip_number",
                   "reason"]


class HandOverForm(forms.Form):
    signature_confirmed = forms.BooleanField(label="経歴証明事務処理票に署名等を受けた", required=False)


class ChangeForm(forms.Form):
    name = forms.CharField(label="変更後の氏名（変わらなければ空欄）", required=False, max_length=80)
    address = forms.CharField(label="変更後の住所（変わらなければ空欄）", required=False, max_length=220)
    document_confirmed = forms.BooleanField(label="住民票の写し等の添付書類で確認した（規程第42条の2）", required=False)
    reason = _reason("運転経歴証明書の記載事項変更")


class ReissueForm(PaymentForm):
    ground = forms.ChoiceField(label="再交付の事由", choices=[("", "選択してください"), *ReissueGround.choices],
                               required=False)
    old_certificate_collected = forms.BooleanField(label="汚損・破損：現に有する証明書を回収した", required=False)
    identity_document = forms.CharField(label="亡失・滅失：確認した添付書類", required=False, max_length=80)
    reason = _reason("運転経歴証明書の再交付申請")
    field_order = ["ground", "old_certificate_collected", "identity_document", "payment_method", "slip_number",
                   "reason"]


class ReturnForm(forms.Form):
    reason = _reason("運転経歴証明書の返納")
