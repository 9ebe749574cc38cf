"""Login, second factor, and the operator and device management screens (管理)."""

from django.urls import path

from menkyo.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("otp/verify/", views.otp_verify, name="otp_verify"),
    path("otp/setup/", views.otp_setup, name="otp_setup"),
    path("operators/", views.operator_list, name="operator_list"),
    path("operators/new/", views.operator_create, name="operator_create"),
    path("operators/<int:pk>/roles/", views.operator_roles, name="operator_roles"),
    path("operators/<int:pk>/particulars/", views.operator_particulars, name="operator_particulars"),
    path("operators/<int:pk>/disable/", views.operator_disable, name="operator_disable"),
    path("operators/<int:pk>/enable/", views.operator_enable, name="operator_enable"),
    path("operators/<int:pk>/password-reset/", views.operator_password_reset, name="operator_password_reset"),
    path("operators/<int:pk>/second-factor-reset/", views.operator_second_factor_reset,
         name="operator_second_factor_reset"),
    path("operators/<int:pk>/unlock/", views.operator_unlock, name="operator_unlock"),
    path("operators/grants/", views.grant_list, name="grant_list"),
    path("operators/grants/<int:pk>/approve/", views.grant_approve, name="grant_approve"),
    path("operators/grants/<int:pk>/reject/", views.grant_reject, name="grant_reject"),
    path("password/", views.password_change, name="password_change"),
    path("devices/", views.device_list, name="device_list"),
    path("devices/new/", views.device_create, name="device_create"),
    path("devices/<int:pk>/revoke/", views.device_revoke, name="device_revoke"),
]
