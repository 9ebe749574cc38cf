"""違反等登録 pages: register, the 仮登録 queue, a person's violations and points, an assessment."""

from django.urls import path

from menkyo.violations import course_views, jsdc_views, list_views, views

app_name = "violations"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("provisional/", views.provisional, name="provisional"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
]
urlpatterns += course_views.urlpatterns  # 講習・再試験の通知
urlpatterns += list_views.urlpatterns  # 行政処分警告対象者, 確認待ちが長い仮登録
urlpatterns += jsdc_views.urlpatterns  # 規程第33条
