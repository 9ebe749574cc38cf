"""Login and second-factor forms."""

import re
import unicodedata

from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(
        label="ユーザー名", max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label="パスワード", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class OtpCodeForm(forms.Form):
    code = forms.CharField(
        label="確認コード（6桁）",
        max_length=12,
        widget=forms.TextInput(attrs={
            "autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric",
        }),
    )

    def clean_code(self) -> str:
        """Accept "123 456" and full-width digits as authenticator apps show them."""
        code = unicodedata.normalize("NFKC", self.cleaned_data["code"]).replace(" ", "")
        if not re.fullmatch(r"[0-9]{6}", code):
            raise forms.ValidationError("確認コードは6桁の数字で入力してください。")
        return code
