"""Forms of the examiner's pages: 受験登録, the 適性試験 measurements, the 技能試験 deductions, a reason,
the decision on a fraud. Values are checked by the services (one Japanese message per field, the
same in the API); the forms only carry them."""

from django import forms

from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.exams.models import TEXT_MAX_LENGTH
from menkyo.exams.services import ITEM_MAX_LENGTH, TEST_OFFICES

RESULT = [("", "―（測定なし・免除）"), ("1", "適"), ("0", "否")]
DEDUCTION_ROWS = 10


def offices_of(user) -> list[tuple[str, str]]:
    """The 試験場 and 警察署 of the operator's prefecture, the operator's own office first."""
    offices = Affiliation.objects.filter(prefecture_id=user.prefecture_id, kind__in=TEST_OFFICES, active=True)
    rows = sorted(offices, key=lambda a: (a.code != user.affiliation_id, a.kind != AffiliationKind.LICENCE_CENTRE, a.code))
    return [(a.code, f"{a.code} {a.name}") for a in rows]


class DayForm(forms.Form):
    centre = forms.ChoiceField(label="試験場", required=False)
    date = forms.CharField(label="試験日（例：令和8年11月27日、2026-11-27）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = offices_of(user)


class RegisterForm(forms.Form):
    application_id = forms.IntegerField(label="申請番号", min_value=1,
                                        error_messages={"required": "申請番号を入力してください。",
                                                        "invalid": "申請番号は数字で入力してください。",
                                                        "min_value": "申請番号は1以上の数字です。"})
    centre = forms.ChoiceField(label="試験場・警察署",
                               error_messages={"required": "試験場を選んでください。",
                                               "invalid_choice": "試験場を一覧から選んでください。"})
    exam_date = forms.CharField(label="試験日（例：令和8年11月27日、2026-11-27）", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].choices = offices_of(user)


class AptitudeForm(forms.Form):
    acuity_both = forms.CharField(label="視力（両眼）", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))
    acuity_left = forms.CharField(label="視力（左）", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))
    acuity_right = forms.CharField(label="視力（右）", required=False, widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))
    corrective_lenses = forms.BooleanField(label="眼鏡等を使用した", required=False)
    visual_field_degrees = forms.CharField(label="他眼の視野（左右、度）：一眼の視力が弱い・見えない方", required=False,
                                           widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    depth_error_cm = forms.CharField(label="深視力（平均誤差cm）：大型・中型・準中型・けん引・二種など", required=False,
                                     widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 4}))
    colour_ok = forms.ChoiceField(label="色彩識別（赤・青・黄）：免許を受けている方は免除", choices=RESULT, required=False)
    hearing_ok = forms.ChoiceField(label="聴力（10m・90デシベル）：二輪・原付・小特にはありません", choices=RESULT, required=False)
    hearing_aid = forms.BooleanField(label="補聴器を使用した", required=False)
    motor_ok = forms.ChoiceField(label="運動能力", choices=RESULT, required=False)

    def measurements(self) -> dict:
        """The cleaned values as the service takes them (適・否 as true / false, blanks as not measured)."""
        data = dict(self.cleaned_data)
        for key in ("colour_ok", "hearing_ok", "motor_ok"):
            data[key] = {"1": True, "0": False}.get(data[key])
        return data


class SkillTestForm(forms.Form):
    """Up to :data:`DEDUCTION_ROWS` deductions (項目・減点) and the item that stopped the test."""

    stopped_item = forms.CharField(label=f"試験中止の事由（あれば不合格、{ITEM_MAX_LENGTH}文字以内）", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, DEDUCTION_ROWS + 1):
            self.fields[f"item_{n}"] = forms.CharField(label=f"減点{n}の項目", required=False)
            self.fields[f"points_{n}"] = forms.IntegerField(
                label=f"減点{n}の点数", required=False, min_value=1, max_value=100,
                error_messages={"invalid": f"減点{n}の点数は数字で入力してください。",
                                "min_value": f"減点{n}の点数は1〜100です。", "max_value": f"減点{n}の点数は1〜100です。"})

    def rows(self):
        return [(self[f"item_{n}"], self[f"points_{n}"]) for n in range(1, DEDUCTION_ROWS + 1)]

    def deductions(self) -> list[dict]:
        """The rows filled in; a row with only one of item and points goes to the service to be refused."""
        found = []
        for n in range(1, DEDUCTION_ROWS + 1):
            item, points = self.cleaned_data.get(f"item_{n}") or "", self.cleaned_data.get(f"points_{n}")
            if item or points is not None:
                found.append({"item": item, "points": points})
        return found


class ReasonForm(forms.Form):
    reason = forms.CharField(label=f"理由・不正の内容（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class CancelPassForm(forms.Form):
    reason = forms.CharField(label=f"合格の取消し・受験停止の理由（{TEXT_MAX_LENGTH}文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    bar_until = forms.CharField(label="受験停止の終了日（1年以内。空欄なら受験停止なし）", required=False)
