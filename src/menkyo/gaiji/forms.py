"""Forms of the 外字 pages: register (登録), correct (訂正, a new version) and look up (照会).

The service checks every value (one Japanese message per field, the same in the API); the forms
carry the text and the uploaded picture.
"""

from django import forms

from menkyo.gaiji.bitmaps import PNG_MAX_BYTES
from menkyo.gaiji.models import TEXT_MAX_LENGTH


class ShapeForm(forms.Form):
    png = forms.FileField(label="字形の画像（白地に黒で書いたPNG。32×32ドットに変換します）", required=False,
                          widget=forms.ClearableFileInput(attrs={"accept": "image/png"}))
    reading = forms.CharField(label="読み（例：たつさき）", required=False)
    composition = forms.CharField(label="構成（例：立＋奇）", required=False)
    outline = forms.CharField(label="輪郭（任意：SVGパス、1024×1024の枠）", required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=f"理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def shape(self) -> dict:
        """The cleaned data as the service takes it (the picture's bytes: one more than the service
        accepts at most, so that a larger file is refused without being read whole)."""
        data = dict(self.cleaned_data)
        upload = data.pop("png")
        return {**data, "png": upload.read(PNG_MAX_BYTES + 1) if upload else None}


class RegisterForm(ShapeForm):
    code_point = forms.CharField(label="符号位置（氏名に格納する私用領域の文字、例：U+E001）", required=False)
    mj_name = forms.CharField(label="MJ文字図形名（例：MJ012345。文字情報基盤にない文字は空欄）", required=False)
    field_order = ["code_point", "mj_name", "png", "reading", "composition", "outline", "reason"]


class LookUpForm(forms.Form):
    q = forms.CharField(label="符号位置・MJ文字図形名・外字番号（例：U+E001、MJ012345、GJ000001）", required=False)
