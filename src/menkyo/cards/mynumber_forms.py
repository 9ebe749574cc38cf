"""Forms of the マイナ免許証 page (規程第15条の2–第15条の4). The My Number is never asked for (規程第2条の3):
the clerk enters what the card reader shows — the card's 有効期限 — and confirms the signature."""

from django import forms

from menkyo.cards.models import TEXT_MAX_LENGTH
from menkyo.core.forms import WarekiDateField
from menkyo.counter.models import PaymentMethod

REASON_LABEL = f"届出・申請の内容（{TEXT_MAX_LENGTH}文字以内）"


def _reason(initial: str) -> forms.CharField:
    return forms.CharField(label=REASON_LABEL, required=False, initial=initial,
                           widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    """The fee paid before the procedure (規程第15条の2第2項: the 手数料事務処理票 signed first)."""

    payment_method = forms.ChoiceField(label="手数料の納付方法", required=False,
                                       choices=[("", "（選択してください）"), *PaymentMethod.choices])
    slip_number = forms.CharField(label="手数料事務処理票番号", max_length=20, required=False)

    def payment_data(self) -> dict:
        return {"payment_method": self.cleaned_data.get("payment_method", ""),
                "slip_number": self.cleaned_data.get("slip_number", "")}


class ReaderForm(forms.Form):
    card_valid_until = WarekiDateField(label="個人番号カードの有効期限（カードリーダーの読取り結果）", required=False)
    signature_confirmed = forms.BooleanField(label="受領書への署名等を確認した（規程第15条の2）", required=False)


class RecordForm(ReaderForm, PaymentForm):
    """特定免許情報記録申請書 (規則別記様式第17の2)."""

    keep_card = forms.ChoiceField(label="記録後の保有形態", widget=forms.RadioSelect, initial="no", required=False,
                                  choices=[("no", "マイナ免許証のみ（免許証は返納を受け、裁断する）"),
                                           ("yes", "免許証とマイナ免許証（2枚持ち）")])
    reason = _reason("特定免許情報の記録の申請")
    field_order = ["keep_card", "payment_method", "slip_number", "card_valid_until", "signature_confirmed", "reason"]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"keep_card": data.get("keep_card") == "yes", "card_valid_until": data.get("card_valid_until"),
                "signature_confirmed": data.get("signature_confirmed", False), "reason": data.get("reason", ""),
                **self.payment_data()}


class MoveForm(ReaderForm, PaymentForm):
    reason = _reason("新しい個人番号カードへの記録")

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"card_valid_until": data.get("card_valid_until"),
                "signature_confirmed": data.get("signature_confirmed", False), "reason": data.get("reason", ""),
                **self.payment_data()}


class CardForm(PaymentForm):
    """運転免許証交付申請書 (規則別記様式第17の5): a station names the 交付予定日."""

    handover_date = WarekiDateField(label="交付予定日（警察署：明日以降の開庁日）", required=False)
    reason = _reason("免許証の交付の申請")

    def __init__(self, *args, at_station: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not at_station:
            del self.fields["handover_date"]

    def service_data(self) -> dict:
        return {"handover_date": self.cleaned_data.get("handover_date"), "reason": self.cleaned_data.get("reason", ""),
                **self.payment_data()}


def reason_form(initial: str):
    """A form with the reason alone (返納届・抹消届・紛失等／発見の申出書)."""
    class ReasonOnly(forms.Form):
        reason = _reason(initial)

        def service_data(self) -> dict:
            return {"reason": self.cleaned_data.get("reason", "")}
    return ReasonOnly


class RewriteForm(ReaderForm):
    """The 免許情報記録の書換え at the counter: what the reader shows and the signature on the 受領書."""

    reason = _reason("免許情報記録の書換え")

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {"card_valid_until": data.get("card_valid_until"),
                "signature_confirmed": data.get("signature_confirmed", False),
                "reason": data.get("reason") or "免許情報記録の書換え"}
