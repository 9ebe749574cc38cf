"""The counter's inquiry form: one box for a number or a name, the date of birth, the 照会事由."""

import unicodedata

from django import forms

from menkyo.registry.forms import purpose_fields


class InquiryForm(forms.Form):
    query = forms.CharField(label="免許証番号・免許情報記録番号・氏名（カナまたは漢字）", max_length=60,
                            error_messages={"required": "番号または氏名を入力してください。"})
    number_kind = forms.ChoiceField(
        label="番号の種類", required=False, initial="licence", widget=forms.RadioSelect,
        choices=[("licence", "免許証番号"), ("record", "免許情報記録番号（マイナ免許証）")],
        error_messages={"invalid_choice": "番号の種類を選んでください。"},
    )
    birth_date = forms.CharField(label="生年月日（氏名で照会するとき；例：昭和56年3月4日、S56.3.4、1981-03-04）",
                                 max_length=20, required=False)
    purpose, case_number, purpose_note = purpose_fields()


def is_number(query: str) -> bool:
    digits = unicodedata.normalize("NFKC", query).replace("-", "").replace(" ", "")
    return digits.isascii() and digits.isdigit()


def has_kanji(query: str) -> bool:
    """A name with any character that is not kana, a space or a long-vowel mark is searched as 氏名."""
    return any(unicodedata.name(c, "").startswith("CJK") or "\ue000" <= c <= "\uf8ff" for c in query)
