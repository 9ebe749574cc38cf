"""The dashboard (the page after login)."""

from django.urls import path

from menkyo.web import views

app_name = "web"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
