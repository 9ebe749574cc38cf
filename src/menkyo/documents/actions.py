"""Audit action names of the documents app (``documents.<form>.render``): one per 様式."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    EXAM_TICKET_RENDER = "documents.exam_ticket.render"
    APPLICATION_FORM_RENDER = "documents.application_form.render"
    REFUSAL_NOTICE_RENDER = "documents.refusal_notice.render"
    PROCESSING_SLIP_RENDER = "documents.processing_slip.render"
    RECEIPT_RENDER = "documents.receipt.render"
    CARD_RECEIPT_RENDER = "documents.card_receipt.render"
    REWRITE_RECEIPT_RENDER = "documents.rewrite_receipt.render"
    RENEWAL_NOTICES_RENDER = "documents.renewal_notices.render"
    REISSUE_APPLICATION_RENDER = "documents.reissue_application.render"
    CANCELLATION_NOTICE_RENDER = "documents.cancellation_notice.render"
    RENEWAL_FORM_RENDER = "documents.renewal_form.render"
    DRIVING_HISTORY_CERTIFICATE_RENDER = "documents.driving_history_certificate.render"
    VIA_RENEWAL_FORM_RENDER = "documents.via_renewal_form.render"
    LECTURE_COMPLETION_NOTICE_RENDER = "documents.lecture_completion_notice.render"
    VIA_RETURN_NOTICE_RENDER = "documents.via_return_notice.render"
    MYNUMBER_APPLICATION_RENDER = "documents.mynumber_application.render"
    MYNUMBER_RECEIPT_RENDER = "documents.mynumber_receipt.render"
    VIOLATOR_COURSE_NOTICE_RENDER = "documents.violator_course_notice.render"
    PROBATIONARY_COURSE_NOTICE_RENDER = "documents.probationary_course_notice.render"
    YOUNG_DRIVER_COURSE_NOTICE_RENDER = "documents.young_driver_course_notice.render"
    RETEST_NOTICE_RENDER = "documents.retest_notice.render"
    JSDC_POINTS_ANSWER_RENDER = "documents.jsdc_points_answer.render"


describe_actions({
    Action.EXAM_TICKET_RENDER: "受験（登録）票の作成",
    Action.APPLICATION_FORM_RENDER: "運転免許申請書の作成",
    Action.REFUSAL_NOTICE_RENDER: "運転免許申請に対する通知書の作成",
    Action.PROCESSING_SLIP_RENDER: "運転免許手数料事務処理票の作成",
    Action.RECEIPT_RENDER: "領収書・受領書の作成",
    Action.CARD_RECEIPT_RENDER: "免許証の受領書の作成",
    Action.REWRITE_RECEIPT_RENDER: "免許情報記録の書換えの受領書の作成",
    Action.RENEWAL_NOTICES_RENDER: "更新連絡書（分冊）の作成",
    Action.REISSUE_APPLICATION_RENDER: "運転免許証再交付申請書の作成",
    Action.CANCELLATION_NOTICE_RENDER: "申請による運転免許の取消通知書の作成",
    Action.RENEWAL_FORM_RENDER: "運転免許証等更新申請書の作成",
    Action.DRIVING_HISTORY_CERTIFICATE_RENDER: "運転経歴証明書の作成",
    Action.VIA_RENEWAL_FORM_RENDER: "経由申請書の作成",
    Action.LECTURE_COMPLETION_NOTICE_RENDER: "更新時講習受講済通知書の作成",
    Action.VIA_RETURN_NOTICE_RENDER: "経由申請返戻通知書の作成",
    Action.MYNUMBER_APPLICATION_RENDER: "マイナ免許証の申請書・届・申出書の作成",
    Action.MYNUMBER_RECEIPT_RENDER: "特定免許情報の記録の受領書の作成",
    Action.VIOLATOR_COURSE_NOTICE_RENDER: "違反者講習通知書の作成",
    Action.PROBATIONARY_COURSE_NOTICE_RENDER: "初心運転者講習通知書の作成",
    Action.YOUNG_DRIVER_COURSE_NOTICE_RENDER: "若年運転者講習通知書の作成",
    Action.RETEST_NOTICE_RENDER: "再試験通知書の作成",
    Action.JSDC_POINTS_ANSWER_RENDER: "累積点数等通知書（自動車安全運転センターへの回答）の作成",
})
