"""Card pages (免許証の作成・交付, 交付停止)."""

from django.urls import path

from menkyo.cards import (
    between_views,
    downgrade_views,
    mynumber_views,
    provisional_views,
    reissue_views,
    renewal_views,
    via_views,
    views,
)

app_name = "cards"

urlpatterns = [
    path("", views.queue_list, name="queues"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/slip.pdf", views.slip_pdf, name="slip_pdf"),
    path("jobs/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt_pdf"),
    path("jobs/<int:pk>/send/", views.job_send, name="send"),
    path("jobs/<int:pk>/receive/", views.job_receive, name="receive"),
    path("jobs/<int:pk>/hand-over/", views.job_hand_over, name="hand_over"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="retry"),
    path("jobs/<int:pk>/hold/", views.job_hold, name="hold"),
    path("applications/<int:pk>/issue/", views.issue, name="issue"),
    path("applications/<int:pk>/review/", views.review_issue, name="review"),
    path("applications/<int:pk>/renew/", renewal_views.renew, name="renew"),
    path("applications/<int:pk>/downgrade/", downgrade_views.request_downgrade, name="request_downgrade"),
    path("applications/<int:pk>/renewal-form.pdf", renewal_views.renewal_form_pdf, name="renewal_form_pdf"),
    path("via-renewals/<int:pk>/renew/", via_views.via_renew, name="via_renew"),
    path("via-renewals/<int:pk>/form.pdf", via_views.via_form_pdf, name="via_form_pdf"),
    path("via-renewals/<int:pk>/lecture-notice.pdf", via_views.lecture_notice_pdf, name="via_lecture_notice_pdf"),
    path("holds/", views.hold_list, name="holds"),
    path("holds/<int:pk>/release/", views.hold_release, name="release"),
    path("provisional/", provisional_views.lookup, name="provisional_lookup"),
    path("provisional/<int:pk>/", provisional_views.detail, name="provisional"),
    path("provisional/<int:pk>/reissue/", provisional_views.reissue, name="provisional_reissue"),
    path("provisional/<int:pk>/return/", provisional_views.return_, name="provisional_return"),
    path("licences/<int:licence_id>/reissue/", reissue_views.reissue_new, name="reissue_new"),
    path("reissue/<int:pk>/", reissue_views.reissue_detail, name="reissue"),
    path("reissue/<int:pk>/card/", reissue_views.reissue_card, name="reissue_card"),
    path("reissue/<int:pk>/form.pdf", reissue_views.reissue_form_pdf, name="reissue_form_pdf"),
    path("licences/<int:licence_id>/cancel/", reissue_views.cancel_new, name="cancel_new"),
    path("cancellations/<int:pk>/", reissue_views.cancellation_detail, name="cancellation"),
    path("cancellations/<int:pk>/notice.pdf", reissue_views.cancellation_notice_pdf, name="cancellation_notice_pdf"),
    path("licences/<int:licence_id>/mynumber/", mynumber_views.mynumber_page, name="mynumber"),
    path("mynumber-procedures/<int:procedure_id>/receipt.pdf", mynumber_views.mynumber_receipt_pdf,
         name="mynumber_receipt_pdf"),
    path("mynumber-procedures/<int:procedure_id>/form.pdf", mynumber_views.mynumber_form_pdf,
         name="mynumber_form_pdf"),
    path("mynumber-procedures/<int:procedure_id>/record-receipt.pdf", mynumber_views.mynumber_record_receipt_pdf,
         name="mynumber_record_receipt_pdf"),
    path("mynumber-rewrites/", between_views.rewrite_list, name="rewrites"),
    path("mynumber-rewrites/<int:pk>/", between_views.rewrite_detail, name="rewrite"),
    path("mynumber-rewrites/<int:pk>/receipt.pdf", between_views.rewrite_receipt_pdf, name="rewrite_receipt_pdf"),
    path("endorsements/", between_views.endorsement_list, name="endorsements"),
    path("onestop/", between_views.onestop_list, name="onestop_batches"),
    path("onestop/<int:pk>/", between_views.onestop_detail, name="onestop_batch"),
    *(path(f"licences/<int:licence_id>/mynumber/{name.replace('_', '-')}/", view, name=f"mynumber_{name}")
      for name, view in mynumber_views.STEP_VIEWS.items()),
]
