"""The 違反等登録 and 仮登録 forms (規程第28条–第28条の2): violations by name, dates in 和暦 or 西暦;
the services check every value and name the field."""

from django import forms

from menkyo.core.forms import WarekiDateField
from menkyo.core.models import Affiliation
from menkyo.rules.vehicles import choices as vehicle_choices
from menkyo.violations.models import Alcohol, HitAndRun, Severity, ViolationKind
from menkyo.violations.services import violation_choices

SOLE_FAULT = [("", "（交通事故のとき選択）"), ("yes", "専ら違反者の不注意"), ("no", "専ら以外")]
SOLE_FAULT_VALUES = {"": None, "yes": True, "no": False}


def _choice(label, choices, *, required=True, blank="選択してください"):
    return forms.ChoiceField(label=label, required=required, choices=[("", blank), *choices],
                             error_messages={"required": f"{label}を選んでください。",
                                             "invalid_choice": f"{label}を一覧から選んでください。"})


class ViolationForm(forms.Form):
    """One 違反等登録票: the driver, the case, the reporting office."""

    licence_number = forms.CharField(label="免許証番号", max_length=20, required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    person_id = forms.CharField(label="運転者番号（無免許のとき）", max_length=12, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    kind = _choice("事案の態様", ViolationKind.choices)
    code = _choice("違反行為", [], required=False, blank="（道路外致死傷は選択不要）")
    violation_date = WarekiDateField(label="違反日", error_messages={"required": "違反日を入力してください。"})
    alcohol = _choice("酒気帯び", Alcohol.choices, blank="なし", required=False)
    accident_severity = _choice("交通事故の結果", Severity.choices, required=False, blank="（交通事故のとき選択）")
    sole_fault = forms.ChoiceField(label="事故の責任", choices=SOLE_FAULT, required=False)
    hit_and_run = _choice("あて逃げ・ひき逃げ", HitAndRun.choices, blank="なし", required=False)
    vehicle = _choice("車両", [], required=False, blank="（記載なし）")
    office_code = _choice("報告した所属（署長等）", [], required=False, blank="（自所属）")
    reporter_reference = forms.CharField(label="違反等登録票の番号", max_length=40, required=False)
    reason = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "（道路外致死傷は選択不要）"), *violation_choices()]
        self.fields["vehicle"].choices = [("", "（記載なし）"), *((v, v) for v in vehicle_choices())]
        offices = Affiliation.objects.filter(prefecture_id=getattr(actor, "prefecture_id", None)).order_by("code")
        self.fields["office_code"].choices = [("", "（自所属）"), *((o.code, o.name) for o in offices)]

    def report(self) -> dict:
        """The cleaned values as the service takes them."""
        data = dict(self.cleaned_data)
        data["sole_fault"] = SOLE_FAULT_VALUES[data["sole_fault"]]
        data["person_id"] = data["person_id"] or None
        return data


class ProvisionalForm(ViolationForm):
    """A 仮登録 taken by phone (第28条の2): who called."""

    caller = forms.CharField(label="電話で上申した者（所属・氏名）", max_length=60,
                             error_messages={"required": "電話で上申した者（所属・氏名）を入力してください。"})

    field_order = ["caller"]


class ConfirmForm(forms.Form):
    reporter_reference = forms.CharField(label="到着した違反等登録票の番号", max_length=40, required=False)


class DeleteForm(forms.Form):
    reason = forms.CharField(label="抹消の理由（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    not_registrable = forms.BooleanField(label="登録対象外と判明した（不適格抹消、規程第28条第4項）", required=False)
