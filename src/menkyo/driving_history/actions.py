"""Audit action names of the driving_history app (``driving_history.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    CERTIFICATE_RECEIVE = "driving_history.certificate.receive"  # 規程第42条第1項: the application
    CERTIFICATE_HAND_OVER = "driving_history.certificate.hand_over"  # 署名等を徴した上交付
    CERTIFICATE_CHANGE = "driving_history.certificate.change"  # 第42条の2
    CERTIFICATE_REISSUE = "driving_history.certificate.reissue"  # 第42条の3 (the new certificate)
    CERTIFICATE_REPLACE = "driving_history.certificate.replace"  # 第42条の3 (the old one is void)
    CERTIFICATE_RETURN = "driving_history.certificate.return"  # 第42条の4
    CERTIFICATE_READ = "driving_history.certificate.read"
    ELIGIBILITY_READ = "driving_history.eligibility.read"


describe_actions({
    Action.CERTIFICATE_RECEIVE: "運転経歴証明書の交付申請の受理",
    Action.CERTIFICATE_HAND_OVER: "運転経歴証明書の交付",
    Action.CERTIFICATE_CHANGE: "運転経歴証明書の記載事項の変更",
    Action.CERTIFICATE_REISSUE: "運転経歴証明書の再交付申請の受理",
    Action.CERTIFICATE_REPLACE: "再交付による運転経歴証明書の失効",
    Action.CERTIFICATE_RETURN: "運転経歴証明書の返納の受理",
    Action.CERTIFICATE_READ: "運転経歴証明書の閲覧",
    Action.ELIGIBILITY_READ: "運転経歴証明書の交付の可否の確認",
})
