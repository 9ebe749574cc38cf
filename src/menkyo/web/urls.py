from django.urls import path

from menkyo.web import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
