"""Audit viewer URLs (監査)."""

urlpatterns: list = []
