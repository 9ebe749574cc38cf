from django.urls import path

from menkyo.registry import views

urlpatterns = [
    path("lookup/", views.lookup, name="licence_lookup"),
    path("licences/<str:number>/", views.licence_detail, name="licence_detail"),
    path("persons/<int:person_id>/particulars/", views.change_particulars, name="person_change"),
]
