"""Forms of the review of inquiries: the period and office of a report, a verdict, a watch-list entry."""

from django import forms

from menkyo.core.models import Affiliation

DATE_FORMATS = ["%Y-%m-%d"]


class PeriodForm(forms.Form):
    start = forms.DateField(label="期間（開始日）", required=False, input_formats=DATE_FORMATS,
                            error_messages={"invalid": "日付は YYYY-MM-DD の形式で入力してください。"},
                            widget=forms.DateInput(attrs={"placeholder": "2026-11-01"}))
    end = forms.DateField(label="期間（終了日）", required=False, input_formats=DATE_FORMATS,
                          error_messages={"invalid": "日付は YYYY-MM-DD の形式で入力してください。"},
                          widget=forms.DateInput(attrs={"placeholder": "2026-11-30"}))
    affiliation = forms.ChoiceField(label="所属", required=False,
                                    error_messages={"invalid_choice": "自県の所属から選択してください。"})

    def __init__(self, data=None, *, actor):
        super().__init__(data)
        offices = Affiliation.objects.filter(prefecture_id=actor.prefecture_id).order_by("code")
        self.fields["affiliation"].choices = [("", "県内の全所属")] + [(a.code, a.name) for a in offices]


class VerdictForm(forms.Form):
    verdict = forms.ChoiceField(label="判定", choices=[("justified", "正当"), ("improper", "不適正")],
                                widget=forms.RadioSelect,
                                error_messages={"required": "判定（正当・不適正）を選択してください。"})
    note = forms.CharField(label="所見（不適正のときは必須）", required=False, max_length=400,
                           widget=forms.Textarea(attrs={"rows": 3}))


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label="所属長の措置（指導・報告の内容）", max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": "措置の内容を入力してください。"})


class WatchForm(forms.Form):
    licence_number = forms.CharField(label="免許証番号", max_length=20,
                                     error_messages={"required": "免許証番号を入力してください。"})
    reason = forms.CharField(label="登録理由", max_length=200,
                             error_messages={"required": "登録理由を入力してください。"})
