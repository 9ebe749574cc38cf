"""Forms of the accounts app: login, second factor, operators and devices.

They only shape input: services validate.
"""

import re
import unicodedata

from django import forms

from menkyo.accounts import services
from menkyo.accounts.models import Device
from menkyo.core.models import DecisionLevel, Role

DECISION_LEVEL_CHOICES = [("", "（なし）"), *DecisionLevel.choices]


class AffiliationChoiceMixin:
    """Offers only the affiliations of the acting operator's prefecture."""

    def limit_affiliations(self, actor) -> None:
        self.fields["affiliation"].queryset = services.affiliations_for(actor)


class OperatorCreateForm(AffiliationChoiceMixin, forms.Form):
    username = forms.CharField(label="ユーザー名", max_length=32, help_text=services.USERNAME_MESSAGE)
    display_name = forms.CharField(label="氏名", max_length=40)
    affiliation = forms.ModelChoiceField(label="所属", queryset=None, empty_label="選択してください")
    roles = forms.MultipleChoiceField(
        label="役割", choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    decision_level = forms.ChoiceField(
        label="決定権限", choices=DECISION_LEVEL_CHOICES, required=False,
        help_text="役割「決定」の場合のみ指定します。",
    )
    password = forms.CharField(
        label="初期パスワード", required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="空欄の場合は自動で生成し、登録後に一度だけ表示します。本人は初回ログイン時に変更します。",
    )
    reason = forms.CharField(
        label="申請理由", max_length=200, required=False,
        help_text="「決定」「監査」「管理」は登録後、別の管理者の承認を経て付与されます（その申請理由）。",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_affiliations(actor)


class OperatorRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="役割", choices=Role.choices, widget=forms.CheckboxSelectMultiple,
        help_text="「決定」「監査」「管理」を付与する場合は、別の管理者の承認後に反映されます。"
                  "「監査」は「管理」「窓口」「審査」「決定」と同時に付与できません。",
    )
    decision_level = forms.ChoiceField(
        label="決定権限", choices=DECISION_LEVEL_CHOICES, required=False,
        help_text="役割「決定」の場合のみ指定します。",
    )
    reason = forms.CharField(
        label="申請理由", max_length=200, required=False,
        help_text="「決定」「監査」「管理」を付与する（承認が必要な）場合に入力します。",
    )


class OperatorParticularsForm(forms.Form):
    """What the inquiry review (照会履歴確認) compares lookups with; every field optional."""

    family_name_kana = forms.CharField(label="氏（カナ）", max_length=40, required=False,
                                       help_text="同僚・同姓の者の照会の確認に使います（例：ヤマダ）。")
    birth_date = forms.DateField(label="生年月日", required=False, input_formats=["%Y-%m-%d"],
                                 error_messages={"invalid": "日付は YYYY-MM-DD の形式で入力してください。"})
    address_prefecture = forms.CharField(label="住所（都道府県コード）", max_length=2, required=False,
                                         help_text="例：28")
    home_municipality = forms.CharField(label="住所（市区町村）", max_length=40, required=False,
                                        help_text="例：明石市")


class RoleGrantRejectForm(forms.Form):
    reason = forms.CharField(label="却下の理由", max_length=200)


class PasswordChangeForm(forms.Form):
    current_password = forms.CharField(
        label="現在のパスワード", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password = forms.CharField(
        label="新しいパスワード", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12文字以上。氏名やユーザー名に似たもの、よく使われるもの、数字だけのものは使えません。",
    )
    new_password_again = forms.CharField(
        label="新しいパスワード（確認）", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", "確認用のパスワードが一致しません。")
        return data


class OperatorDisableForm(forms.Form):
    reason = forms.CharField(label="無効にする理由", max_length=200)


class DeviceCreateForm(AffiliationChoiceMixin, forms.Form):
    name = forms.CharField(label="端末名", max_length=60)
    kind = forms.ChoiceField(label="種別", choices=Device.Kind.choices)
    affiliation = forms.ModelChoiceField(label="設置所属", queryset=None, empty_label="選択してください")
    roles = forms.MultipleChoiceField(
        label="役割",
        choices=[(role.value, role.label) for role in services.DEVICE_ROLES],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_affiliations(actor)


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
