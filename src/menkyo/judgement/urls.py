"""The 判定シミュレーター."""

from django.urls import path

from menkyo.judgement import views

app_name = "judgement"

urlpatterns = [
    path("rules/simulator/", views.simulator, name="simulator"),
    path("rules/simulator/row/", views.simulator_row, name="simulator_row"),
]
