"""学科試験 pages (under /exams/written/): answer sheets, the 要確認 queue, OMR file upload, questions, forms."""

from django.urls import path

from menkyo.exams import written_views as views

app_name = "written"

urlpatterns = [
    path("", views.sheets, name="sheets"),
    path("review/", views.review, name="review"),
    path("upload/", views.upload, name="upload"),
    path("sheets/<int:pk>/", views.sheet, name="sheet"),
    path("questions/", views.questions, name="questions"),
    path("questions/new/", views.question_new, name="question_new"),
    path("questions/<str:code>/retire/", views.question_retire, name="question_retire"),
    path("forms/", views.exam_forms, name="forms"),
    path("forms/new/", views.form_new, name="form_new"),
    path("forms/<str:code>/", views.exam_form, name="form"),
]
