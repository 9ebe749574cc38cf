"""Pages of the review of inquiries (照会履歴確認), mounted at /oversight/."""

from django.urls import path

from menkyo.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("reports/<slug:pattern>/", views.report, name="report"),
    path("inquiries/<int:inquiry_id>/", views.inquiry, name="inquiry"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("operators/<str:username>/", views.operator, name="operator"),
    path("offices/", views.offices, name="offices"),
    path("outcomes/", views.outcomes, name="outcomes"),
    path("watch/", views.watch, name="watch"),
]
