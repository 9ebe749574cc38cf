"""Login, logout, second factor, the dashboard and the 判定シミュレーター."""

from django.urls import path

from menkyo.web import simulator, views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("rules/simulator/", simulator.simulator, name="rules_simulator"),
    path("rules/simulator/row/", simulator.simulator_row, name="rules_simulator_row"),
]
