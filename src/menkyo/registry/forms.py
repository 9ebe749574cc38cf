"""Forms of the register pages (Japanese labels; services do the real validation).

Lengths come from the model fields and the 照会事由 from :mod:`menkyo.registry.purposes`,
so a page offers exactly what the services accept.
"""

from django import forms

from menkyo.core.errors import InvalidInput
from menkyo.registry.models import HistoryEvent, Person
from menkyo.registry.purposes import CASE_NUMBER_MAX_LENGTH, CHOICES, TEXT_MAX_LENGTH, clean_purpose
from menkyo.registry.text import max_length


def purpose_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """The 照会事由 fields of every page that reads a holder's record: the purpose, the case
    number and the free text (:func:`menkyo.registry.purposes.clean_purpose` checks them)."""
    return (
        forms.ChoiceField(label="照会事由", choices=[("", "選択してください"), *CHOICES],
                          error_messages={"required": "照会事由を選択してください。",
                                          "invalid_choice": "照会事由を一覧から選んでください。"}),
        forms.CharField(label="事件番号等（捜査・行政処分）", max_length=CASE_NUMBER_MAX_LENGTH, required=False),
        forms.CharField(label="照会事由の内容（その他は必須）", max_length=TEXT_MAX_LENGTH, required=False),
    )


class LookupForm(forms.Form):
    number = forms.CharField(label="免許証番号（12桁）", max_length=20)
    purpose, case_number, purpose_text = purpose_fields()

    def clean(self):
        data = super().clean()
        if data.get("purpose"):
            try:
                clean_purpose(data["purpose"], data.get("purpose_text", ""), data.get("case_number", ""))
            except InvalidInput as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data


def _char(field: str, label: str | None = None, **extra) -> forms.CharField:
    """A text field of a person, with the model's label and length."""
    return forms.CharField(label=label or Person._meta.get_field(field).verbose_name,
                           max_length=max_length(Person, field), **extra)


class ParticularsForm(forms.Form):
    name = _char("name")
    name_kana = _char("name_kana", "フリガナ（カタカナ）")
    alias = _char("alias", required=False)
    postal_code = forms.CharField(label="郵便番号", max_length=8)  # 650-0001: the service keeps 7 digits
    address = _char("address")
    reason = forms.CharField(label="変更の理由（届出の内容）", max_length=max_length(HistoryEvent, "reason"))
    version = forms.IntegerField(widget=forms.HiddenInput)
