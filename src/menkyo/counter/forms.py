"""Forms of the counter pages: the application (申請書 + 質問票), a fee, a reason.

and the 申請用写真. The service checks everything the law asks (one Japanese message per field, the same in the API);
the forms carry the text, read 和暦 dates and offer the choices.
"""

from django import forms
from django.utils import timezone

from menkyo.core.forms import WarekiDateField
from menkyo.counter.models import (
    ApplicationType,
    DocumentCode,
    PaymentMethod,
    QuestionnaireItem,
    Route,
)
from menkyo.registry.models import LicenceKind, Sex
from menkyo.rules import exam_standards, fees
from menkyo.rules.kinds import condition_text

YES_NO = [("yes", "はい"), ("no", "いいえ")]


def _choice(label, choices, *, required=True, **kwargs):
    return forms.ChoiceField(label=label, choices=[("", "選択してください"), *choices], required=required,
                             error_messages={"required": f"{label}を選んでください。",
                                             "invalid_choice": f"{label}を一覧から選んでください。"}, **kwargs)


class ApplicationForm(forms.Form):
    # A 再交付 (規程第15条) is received from the licence page (cards.reissue), not on this form.
    application_type = _choice("申請の種別", [c for c in ApplicationType.choices if c[0] != ApplicationType.REISSUE])
    route = _choice("受験の経路", [c for c in Route.choices if c[0] != Route.COUNTER])
    licence_kind = _choice("申請する免許の種類", [])
    review_condition = _choice("審査の対象の条件（条件解除審査・申請による条件の付与）", [], required=False)
    remaining_condition = _choice("一部解除（限定解除審査で限定の一部のみ解除するとき）", [], required=False)
    vehicle_limit = _choice("試験の車の限定（AT車・小型二輪で受験するとき）", [], required=False)
    licence_number = forms.CharField(label="免許証番号（免許を受けている方）", required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}))
    provisional_number = forms.CharField(label="仮免許証番号（仮免許を受けている方）", required=False,
                                         widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20}))
    name = forms.CharField(label="氏名（新規の方）", required=False, max_length=60)
    name_kana = forms.CharField(label="フリガナ", required=False, max_length=120)
    birth_date = WarekiDateField(label="生年月日", required=False)
    sex = _choice("性別", Sex.choices, required=False)
    postal_code = forms.CharField(label="郵便番号", required=False, max_length=8)
    address = forms.CharField(label="住所", required=False, max_length=200)
    honseki = forms.CharField(label="本籍（日本国籍の方）", required=False, max_length=60)
    nationality = forms.CharField(label="国籍等（外国籍の方）", required=False, max_length=40)
    documents = forms.MultipleChoiceField(label="提出・提示された書類", choices=DocumentCode.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    certificate_school = forms.CharField(label="卒業証明書：教習所番号", required=False, max_length=8)
    certificate_number = forms.CharField(label="卒業証明書：証明書番号", required=False, max_length=20)
    special_course = forms.BooleanField(label="受験資格特例教習を修了している", required=False)
    note = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    disadvantage_explained = forms.BooleanField(
        label="受理できない理由と不利益を申請者に説明した（規程第57条）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence_kind"].choices = [("", "選択してください"),
                                               *((k.code, k.name) for k in LicenceKind.objects.all())]
        self.fields["review_condition"].choices = [("", "（限定解除審査・試験の申請では選ばない）"),
                                                   *exam_standards.review_conditions(timezone.localdate())]
        self.fields["remaining_condition"].choices = [("", "（限定の全部を解除・一部解除でない）"),
                                                      *_partial_choices(timezone.localdate())]
        self.fields["vehicle_limit"].choices = [("", "（限定なし。AT限定の仮免許を受けている方はAT）"),
                                                *_vehicle_limit_choices(timezone.localdate()),
                                                ("mt", "MT車で受験（限定なし）")]
        for number, item in enumerate(QuestionnaireItem, start=1):
            self.fields[f"q_{item.value}"] = forms.ChoiceField(
                label=f"質問票 {number}. {item.label}", choices=YES_NO, widget=forms.RadioSelect,
                error_messages={"required": f"質問票の第{number}項に「はい」か「いいえ」で回答してください。"})

    def service_data(self) -> dict:
        """The form as the service's ``data``."""
        data = {k: v for k, v in self.cleaned_data.items()
                if not k.startswith(("q_", "certificate_")) and v not in ("", None)}
        data["questionnaire"] = {item.value: self.cleaned_data[f"q_{item.value}"] == "yes"
                                 for item in QuestionnaireItem}
        data["graduation_certificate"] = {"school": self.cleaned_data["certificate_school"],
                                          "number": self.cleaned_data["certificate_number"]}
        return data


def _partial_choices(day) -> list[tuple[str, str]]:
    """The partial 限定解除 of the law engine's table: the 限定 that remains, named by the part lifted."""
    return [(remaining, f"{part}のみ解除し「{condition_text(remaining)}」とする（「{condition_text(condition)}」の一部解除）")
            for condition, remaining, part in exam_standards.partial_lifts(day)]


def _vehicle_limit_choices(day) -> list[tuple[str, str]]:
    """Every 限定 a test may be taken for (普通 AT, 普通二輪 AT・小型・小型AT, 大型二輪 AT), by its printed text."""
    choices = [(code, f"{text}（{kind}免許）" if kind.endswith("仮") else text)
               for kind in LicenceKind.objects.values_list("code", flat=True)
               for code, text in exam_standards.test_vehicle_limits(kind, day)]
    return list(dict.fromkeys(choices))


class PaymentForm(forms.Form):
    procedure_code = _choice("手数料の区分", [])
    method = _choice("納付方法", PaymentMethod.choices)
    slip_number = forms.CharField(label="手数料事務処理票番号", max_length=20,
                                  error_messages={"required": "手数料事務処理票番号を入力してください。"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure_code"].choices = [("", "選択してください"), *fees.procedures().items()]


class ReasonForm(forms.Form):
    reason = forms.CharField(label="理由（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhotoForm(forms.Form):
    """The 申請用写真: a file from the counter's camera or scanner (the service checks the image)."""

    photo = forms.FileField(label="写真の画像ファイル（JPEG・PNG）", allow_empty_file=True,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
                            error_messages={"required": "写真の画像ファイルを選んでください。"})
    taken_on = WarekiDateField(label="撮影日（空欄は今日）", required=False)
    reason = forms.CharField(label="差替えの理由（登録済みの写真を差し替えるとき）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "photo_%s")  # the page's withdrawal form has a 理由 too: ids stay unique
        super().__init__(*args, **kwargs)


class LedgerForm(forms.Form):
    day = WarekiDateField(label="日付", required=False)
