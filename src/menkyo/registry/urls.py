"""Register pages: look up a licence, the person/licence page, change of particulars."""

from django.urls import path

from menkyo.registry import views

app_name = "registry"

urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("licences/<str:number>/", views.licence_detail, name="licence_detail"),
    path("persons/<int:person_id>/particulars/", views.change_particulars, name="change_particulars"),
]
