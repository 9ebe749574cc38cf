"""Forms of the register pages (Japanese labels; services do the real validation)."""

from django import forms

PURPOSES = [
    ("窓口事務", "窓口事務（申請・届出の受付）"),
    ("審査事務", "審査事務"),
    ("処分事務", "行政処分事務"),
    ("本人からの照会対応", "本人からの照会対応"),
]


class LookupForm(forms.Form):
    number = forms.CharField(label="免許証番号（12桁）", max_length=20)
    purpose = forms.ChoiceField(label="利用目的", choices=PURPOSES)


class ParticularsForm(forms.Form):
    name = forms.CharField(label="氏名", max_length=60)
    name_kana = forms.CharField(label="呼び名（カナ）", max_length=120)
    alias = forms.CharField(label="通称名", max_length=60, required=False)
    postal_code = forms.CharField(label="郵便番号", max_length=8)
    address = forms.CharField(label="住所", max_length=200)
    reason = forms.CharField(label="変更の理由（届出の内容）", max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
