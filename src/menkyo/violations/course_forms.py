"""The forms of the 講習・再試験の通知 pages: the sending (dates in 和暦 or 西暦) and the result."""

from django import forms

from menkyo.core.forms import WarekiDateField
from menkyo.violations.courses import RESULTS

RESULT_CHOICES = [("", "選択してください"), ("attend", "受講済"), ("expire", "期限経過"), ("pass", "合格（再試験）"),
                  ("fail", "不合格（再試験）"), ("absent", "未受験（再試験）"), ("withdraw", "通知の取消し")]


class SendForm(forms.Form):
    sent_on = WarekiDateField(label="発送日", error_messages={"required": "発送日を入力してください。"})
    received_on = WarekiDateField(label="受領日（配達の記録があるとき）", required=False)
    reason = forms.CharField(label="備考（200文字以内）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="結果", choices=RESULT_CHOICES,
                               error_messages={"required": "結果を選んでください。",
                                               "invalid_choice": "結果を一覧から選んでください。"})
    on = WarekiDateField(label="結果の日（受講日・受験日・期限経過を確認した日）",
                         error_messages={"required": "結果の日を入力してください。"})
    reason = forms.CharField(label="備考（取消しのときは理由、200文字以内）", required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, kind=None, **kwargs):
        kwargs.setdefault("auto_id", "result_%s")  # shown beside the sending form on one page
        super().__init__(*args, **kwargs)
        if kind is not None:  # only the results this kind may have
            allowed = RESULTS[kind]
            self.fields["result"].choices = [c for c in RESULT_CHOICES if c[0] in ("", *allowed)]
