"""The audit viewer's filters (shared by the screen and the API, so both validate alike)."""

from django import forms

from menkyo.core.errors import InvalidInput
from menkyo.core.recording import ACTION_LABELS, Outcome

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERROR = "日付は YYYY-MM-DD の形式（例：2025-04-01）で入力してください。"


class AuditFilterForm(forms.Form):
    """The viewer's filters; every field is optional. Dates are days in Japan time."""

    actor = forms.CharField(label="操作者", max_length=150, required=False)
    person_id = forms.IntegerField(
        label="運転者ID", required=False, min_value=1,
        error_messages={"invalid": "運転者IDは数字で入力してください。",
                        "min_value": "運転者IDは1以上の数字で入力してください。"},
    )
    # A list of the labelled actions on screen; any code (older or not yet labelled) from the API.
    action = forms.CharField(label="操作", max_length=60, required=False, widget=forms.Select)
    date_from = forms.DateField(
        label="期間（開始日）", required=False, input_formats=["%Y-%m-%d"], widget=DATE_WIDGET,
        error_messages={"invalid": "開始日：" + DATE_ERROR},
    )
    date_to = forms.DateField(
        label="期間（終了日）", required=False, input_formats=["%Y-%m-%d"], widget=DATE_WIDGET,
        error_messages={"invalid": "終了日：" + DATE_ERROR},
    )
    outcome = forms.ChoiceField(
        label="結果", required=False, choices=[("", "すべて"), *Outcome.choices],
        error_messages={"invalid_choice": "結果は「成功」「拒否」「失敗」から選んでください。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every action an app describes, by its Japanese label (codes are never shown to staff).
        labelled = sorted(ACTION_LABELS.items(), key=lambda item: (item[1], item[0]))
        self.fields["action"].widget.choices = [("", "すべて"), *labelled]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "終了日は開始日と同じか、それより後の日付にしてください。")
        return data

    def used_filters(self) -> dict:
        """The filters actually given, as strings (recorded in the audit event's detail)."""
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}

    def first_error(self) -> InvalidInput:
        """The first validation error as a domain error (for the API)."""
        field, errors = next(iter(self.errors.items()))
        return InvalidInput(errors[0], field=None if field == "__all__" else field)
