"""Audit viewer URLs (監査, 照会履歴確認), mounted at /audit/."""

from django.urls import path

from menkyo.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("export.csv", views.export, name="export"),
]
