from django.urls import path

from menkyo.driving_history import views

app_name = "driving_history"

urlpatterns = [
    path("persons/<int:person_id>/", views.person_certificates, name="person"),
    path("persons/<int:person_id>/apply/", views.apply, name="apply"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("certificates/<int:pk>/change/", views.change, name="change"),
    path("certificates/<int:pk>/reissue/", views.reissue, name="reissue"),
    path("certificates/<int:pk>/return/", views.return_view, name="return"),
    path("certificates/<int:pk>/certificate.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
]
