"""Searching the audit trail for the 監査 role (照会履歴確認): filters, scope, CSV rows.

Shared by the audit viewer (:mod:`menkyo.core.audit_views`) and the API
(:mod:`menkyo.core.audit_api`) so both validate the same way, see the same
rows and audit their reads the same way.
"""

import json
from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from menkyo.core import audit
from menkyo.core.errors import InvalidInput
from menkyo.core.models import AuditChainHead, AuditEvent, Outcome
from menkyo.core.permissions import authorize

PAGE_SIZE = 50
FILTER_FIELDS = ("actor", "person_id", "action", "date_from", "date_to", "outcome")
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
    action = forms.CharField(label="操作", max_length=60, required=False)
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


def _start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def scoped_events(actor):
    """Events an auditor may see: those of their prefecture, by operator or by subject."""
    prefecture = actor.prefecture_id
    if not prefecture:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        Q(prefecture_code=prefecture) | Q(subject_prefecture_code=prefecture)
    )


def search(actor, form: AuditFilterForm):
    """The scoped events matching a valid ``form``, newest first."""
    data = form.cleaned_data
    qs = scoped_events(actor)
    if data.get("actor"):
        qs = qs.filter(actor=data["actor"])
    if data.get("person_id"):
        qs = qs.filter(person_id=data["person_id"])
    if data.get("action"):
        qs = qs.filter(action=data["action"])
    if data.get("outcome"):
        qs = qs.filter(outcome=data["outcome"])
    if data.get("date_from"):
        qs = qs.filter(occurred_at__gte=_start_of_day(data["date_from"]))
    if data.get("date_to"):
        qs = qs.filter(occurred_at__lt=_start_of_day(data["date_to"] + timedelta(days=1)))
    return qs.order_by("-seq")


def authorize_view(actor, action: str) -> None:
    """Only the 監査 role may read the trail; a refusal is itself audited."""
    authorize(actor, "core.view_audit", action=action)


def record_view(actor, form: AuditFilterForm, *, page: int, shown: int, channel: str) -> None:
    """Audit that ``actor`` read the trail (``audit.view``) with these filters."""
    audit.record(
        actor, "audit.view",
        detail={"filters": form.used_filters(), "page": page, "rows": shown, "channel": channel},
    )


def export_rows(actor, form: AuditFilterForm):
    """Audit an export (``audit.export``) and return (header, row iterator) for the CSV.

    The rows are fixed to the chain as it was when the export started (events
    up to the head), so the recorded row count is exact.
    """
    head_seq = AuditChainHead.objects.values_list("seq", flat=True).get(pk=1)
    qs = search(actor, form).filter(seq__lte=head_seq)
    count = qs.count()
    audit.record(
        actor, "audit.export",
        detail={"filters": form.used_filters(), "rows": count, "format": "csv"},
    )
    return CSV_HEADER, (csv_row(e) for e in qs.iterator(chunk_size=2000))


CSV_HEADER = [
    "連番", "日時", "操作者種別", "操作者", "所属", "都道府県", "操作", "対象種別", "対象ID",
    "運転者ID", "対象者の都道府県", "目的", "リクエストID", "結果", "詳細", "ハッシュ",
]


def csv_row(e: AuditEvent) -> list:
    """One CSV line: every field, time in Japan time, outcome in Japanese."""
    return [
        e.seq, timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_kind,
        e.actor, e.affiliation_code, e.prefecture_code, e.action, e.object_type, e.object_id,
        e.person_id if e.person_id is not None else "", e.subject_prefecture_code, e.purpose,
        e.request_id, e.get_outcome_display(), json.dumps(e.detail, ensure_ascii=False), e.hash,
    ]
