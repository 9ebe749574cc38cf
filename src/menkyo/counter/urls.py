"""Counter pages (申請の受理)."""

from django.urls import path

from menkyo.counter import lapse_views, renewal_views, via_views, views

app_name = "counter"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("ledger.csv", views.ledger_csv, name="ledger_csv"),
    path("new/", views.application_new, name="new"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/payments/", views.payment_new, name="payment"),
    path("applications/<int:pk>/photo/", views.photo_new, name="photo"),
    path("applications/<int:pk>/photo.jpg", views.photo_image, name="photo_image"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
    path("applications/<int:pk>/refusal-notice.pdf", views.refusal_notice_pdf, name="refusal_notice_pdf"),
    path("applications/<int:pk>/application-form.pdf", views.application_form_pdf, name="application_form_pdf"),
    path("payments/<int:pk>/receipt.pdf", views.fee_receipt_pdf, name="fee_receipt_pdf"),
    path("renewals/new/", renewal_views.renewal_new, name="renewal_new"),
    path("renewals/early/", renewal_views.early_renewal_new, name="early_renewal_new"),
    path("lapsed/new/", lapse_views.lapsed_new, name="lapsed_new"),
    path("renewals/after-hours/", renewal_views.after_hours_renewal_new, name="after_hours_renewal_new"),
    path("applications/<int:pk>/lecture/", renewal_views.lecture_new, name="lecture"),
    path("elderly-checks/", renewal_views.elderly_checks, name="elderly_checks"),
    path("via-renewals/", via_views.via_list, name="via_list"),
    path("via-renewals/new/", via_views.via_new, name="via_new"),
    path("via-renewals/<int:pk>/", via_views.via_detail, name="via_detail"),
    path("via-renewals/<int:pk>/send/", via_views.via_send, name="via_send"),
    path("via-renewals/<int:pk>/accept/", via_views.via_accept, name="via_accept"),
    path("via-renewals/<int:pk>/withdraw/", via_views.via_withdraw, name="via_withdraw"),
    path("via-renewals/<int:pk>/return/", via_views.via_return, name="via_return"),
    path("via-renewals/<int:pk>/resend/", via_views.via_resend, name="via_resend"),
]
