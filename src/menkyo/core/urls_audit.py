"""Audit viewer URLs (監査, 照会履歴確認), mounted at /audit/."""

from django.urls import path

from menkyo.core import audit_views

urlpatterns = [
    path("", audit_views.audit_list, name="audit_list"),
    path("export.csv", audit_views.audit_export, name="audit_export"),
]
