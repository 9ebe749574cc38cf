"""更新連絡書 pages: the batches, one batch with its parts, the downloads."""

from django.urls import path

from menkyo.notices import views

app_name = "notices"

urlpatterns = [
    path("", views.batch_list, name="batches"),
    path("<int:pk>/", views.batch_detail, name="detail"),
    path("<int:pk>/mail.csv", views.mail_csv, name="mail_csv"),
    path("<int:pk>/parts/<int:number>.pdf", views.part, name="part"),
    path("deaths/", views.death_list, name="deaths"),
    path("deaths/<int:pk>/", views.death_detail, name="death"),
    path("deaths/<int:pk>/register/", views.death_register, name="death_register"),
    path("deaths/<int:pk>/return/", views.death_return, name="death_return"),
]
