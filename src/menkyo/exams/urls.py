"""The examiner's pages (免許試験) and the 合格者発表."""

from django.urls import path

from menkyo.exams import views

app_name = "exams"

urlpatterns = [
    path("", views.day, name="day"),
    path("register/", views.register, name="register"),
    path("pass-board/", views.pass_board, name="pass_board"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/ticket.pdf", views.ticket_pdf, name="ticket_pdf"),
    path("<int:pk>/aptitude/", views.aptitude, name="aptitude"),
    path("<int:pk>/skill-test/", views.skill_test, name="skill_test"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/stop/", views.stop, name="stop"),
    path("<int:pk>/fraud-report/", views.report, name="report"),
    path("<int:pk>/cancel-pass/", views.cancel_pass, name="cancel_pass"),
]
