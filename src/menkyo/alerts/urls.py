"""Alert pages (手配) and the hit notifications inbox."""

from django.urls import path

from menkyo.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("new/", views.alert_request, name="request"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("<int:pk>/", views.alert_detail, name="detail"),
    path("<int:pk>/approve/", views.alert_approve, name="approve"),
    path("<int:pk>/reject/", views.alert_reject, name="reject"),
    path("<int:pk>/release/", views.alert_release, name="release"),
]
