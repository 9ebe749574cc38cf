"""Inquiry pages."""

from django.urls import path

from menkyo.inquiry import views

app_name = "inquiry"

urlpatterns = [
    path("", views.search, name="search"),
]
