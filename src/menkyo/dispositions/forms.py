"""The 処分事案 forms: the proposal (審査), the hearing notice and its change, the hearing's record,
the decision, 猶予 and 抹消. Dates in 和暦 or 西暦; the services check every value and name the field."""

from django import forms

from menkyo.core.forms import WarekiDateField
from menkyo.dispositions.models import Attendance, DispositionKind
from menkyo.rules.suspension_course import GRADES


def _reason(label: str, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": f"{label}を入力してください。"})


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(label="処分案", choices=[("", "選択してください"), *DispositionKind.choices],
                             error_messages={"required": "処分案を選んでください。",
                                             "invalid_choice": "処分案を一覧から選んでください。"})
    days = forms.CharField(label="日数（停止・保留・運転禁止）", required=False, max_length=4,
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    years = forms.CharField(label="欠格期間（年）（取消・拒否）", required=False, max_length=2,
                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    points_based = forms.BooleanField(label="点数制度による処分", required=False, initial=True)
    reason = _reason("審査の所見（400文字以内）")


class ScheduleForm(forms.Form):
    notice_served = WarekiDateField(label="通知の日", error_messages={"required": "通知の日を入力してください。"})
    hearing_date = WarekiDateField(label="期日", error_messages={"required": "期日を入力してください。"})
    place = forms.CharField(label="場所", max_length=100, error_messages={"required": "場所を入力してください。"})
    public_service = forms.BooleanField(label="公示送達による通知（期日の14日前まで）", required=False)


class RescheduleForm(forms.Form):
    notice_served = WarekiDateField(label="変更通知の日", error_messages={"required": "変更通知の日を入力してください。"})
    hearing_date = WarekiDateField(label="変更後の期日", error_messages={"required": "変更後の期日を入力してください。"})
    place = forms.CharField(label="場所（変えるときのみ）", max_length=100, required=False)
    reason = _reason("変更の理由", required=True)


class RecordForm(forms.Form):
    attendance = forms.ChoiceField(label="出頭", choices=[("", "選択してください"),
                                                          *[c for c in Attendance.choices if c[0]]],
                                   error_messages={"required": "出頭の状況を選んでください。"})
    statement = _reason("意見・弁明の要旨")
    agent_name = forms.CharField(label="代理人の氏名", max_length=60, required=False)
    agent_certificate = forms.BooleanField(label="代理人資格証明書の提出あり", required=False)
    absence_reason = forms.CharField(label="不出頭の理由・状況", max_length=200, required=False)


class ReasonForm(forms.Form):
    reason = _reason("理由・所見（400文字以内）")


class RequiredReasonForm(forms.Form):
    reason = _reason("理由（400文字以内）", required=True)


# --- execution (規程第34条–第37条, 第43条) ---------------------------------------------------------


class SummonForm(forms.Form):
    appear_on = WarekiDateField(label="出頭日", error_messages={"required": "出頭日を入力してください。"})
    place = forms.CharField(label="出頭場所", max_length=100, error_messages={"required": "出頭場所を入力してください。"})


class ExecuteForm(forms.Form):
    card_presented = forms.BooleanField(label="免許証の提出を受けた（マイナ免許証のみの方は不要）", required=False,
                                        initial=True)
    at_hearing = forms.BooleanField(label="本日の意見の聴取の場で処分書を交付した", required=False)
    reason = forms.CharField(label="備考（免許証の提出がないときはその理由）", max_length=200, required=False)


class CourseForm(forms.Form):
    grade = forms.ChoiceField(label="講習の成績", choices=[("", "選択してください"), *[(g, g) for g in GRADES]],
                              error_messages={"required": "講習の成績を選んでください。"})
    course_ended_on = WarekiDateField(label="講習の終了日", error_messages={"required": "講習の終了日を入力してください。"})


class ReleaseForm(forms.Form):
    """Nothing to enter: the service checks the 停止's last day."""
