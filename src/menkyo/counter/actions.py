"""Audit action names of the counter app (``counter.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    APPLICATION_RECEIVE = "counter.application.receive"
    APPLICATION_NOT_ACCEPT = "counter.application.not_accept"  # refused at intake; 通知書 (第58条)
    APPLICATION_READ = "counter.application.read"
    APPLICATION_LIST = "counter.application.list"
    APPLICATION_START_TESTS = "counter.application.start_tests"
    APPLICATION_PASS = "counter.application.pass"
    APPLICATION_FAIL = "counter.application.fail"
    APPLICATION_RETAKE = "counter.application.retake"
    APPLICATION_START_ISSUE = "counter.application.start_issue"
    APPLICATION_ISSUE = "counter.application.issue"
    APPLICATION_START_REISSUE = "counter.application.start_reissue"
    APPLICATION_WITHDRAW = "counter.application.withdraw"
    APPLICATION_CANCEL_PASS = "counter.application.cancel_pass"
    APPLICATION_DOWNGRADE = "counter.application.downgrade"  # 規程第16条第5項: a failed renewal, 格下げ asked
    PAYMENT_RECORD = "counter.payment.record"
    LEDGER_EXPORT = "counter.ledger.export"
    CERTIFICATE_REGISTER = "counter.certificate.register"
    PHOTO_ATTACH = "counter.photo.attach"
    PHOTO_READ = "counter.photo.read"
    RENEWAL_RECEIVE = "counter.renewal.receive"
    LAPSED_RECEIVE = "counter.lapsed.receive"  # 失効後の再取得の申請の受理 (rules.lapse)
    LICENCE_LAPSE = "counter.licence.lapse"  # the lapsed licence marked 失効 in the register at that intake
    ELDERLY_CHECK_REGISTER = "counter.elderly_check.register"
    ELDERLY_CHECK_LIST = "counter.elderly_check.list"
    LECTURE_RECORD = "counter.lecture.record"
    APPLICATION_SEND_VIA = "counter.application.send_via"  # 規程第17条の2: the 経由地's application sent home
    VIA_RECEIVE = "counter.via_renewal.receive"  # 規程第17条の2第1項: a 経由 renewal received
    VIA_SEND = "counter.via_renewal.send"  # 規程第17条の2第1項: sent to the 住所地
    VIA_ACCEPT = "counter.via_renewal.accept"  # 規程第17条の2第3項: accepted at the 住所地
    VIA_RENEW = "counter.via_renewal.renew"  # 規程第17条の2第3項: renewed at the 住所地
    VIA_WITHDRAW = "counter.via_renewal.withdraw"  # withdrawn at the 経由地 before it is sent
    VIA_RETURN = "counter.via_renewal.return"  # 規程第17条の2第3項 (点検): returned by the 住所地 to the 経由地
    VIA_RESEND = "counter.via_renewal.resend"  # a returned file corrected and sent again by the 経由地
    VIA_LIST = "counter.via_renewal.list"
    VIA_READ = "counter.via_renewal.read"


describe_actions({
    Action.APPLICATION_RECEIVE: "申請の受理", Action.APPLICATION_NOT_ACCEPT: "申請の不受理（通知書）",
    Action.APPLICATION_READ: "申請の閲覧", Action.APPLICATION_LIST: "申請の一覧",
    Action.APPLICATION_START_TESTS: "受験の開始", Action.APPLICATION_PASS: "合格",
    Action.APPLICATION_FAIL: "不合格", Action.APPLICATION_RETAKE: "再受験",
    Action.APPLICATION_START_ISSUE: "交付手続の開始", Action.APPLICATION_ISSUE: "交付",
    Action.APPLICATION_START_REISSUE: "再交付の作成依頼",
    Action.APPLICATION_WITHDRAW: "申請の取下げ", Action.APPLICATION_CANCEL_PASS: "合格の取消し",
    Action.APPLICATION_DOWNGRADE: "格下げの申出による更新の継続",
    Action.PAYMENT_RECORD: "手数料の収納", Action.LEDGER_EXPORT: "申請（届出）簿の出力",
    Action.CERTIFICATE_REGISTER: "卒業証明書の登録",
    Action.PHOTO_ATTACH: "申請用写真の登録", Action.PHOTO_READ: "申請用写真の閲覧",
    Action.RENEWAL_RECEIVE: "更新の申請の受理", Action.LAPSED_RECEIVE: "失効後の再取得の申請の受理",
    Action.LICENCE_LAPSE: "免許の失効の登録", Action.ELDERLY_CHECK_REGISTER: "高齢者講習等の結果の登録",
    Action.ELDERLY_CHECK_LIST: "高齢者講習等の結果の閲覧", Action.LECTURE_RECORD: "更新時講習の受講の記録",
    Action.APPLICATION_SEND_VIA: "経由申請の住所地への送付（申請）", Action.VIA_RECEIVE: "経由申請の受理",
    Action.VIA_SEND: "経由申請の住所地への送付", Action.VIA_ACCEPT: "経由申請の住所地での受理",
    Action.VIA_RENEW: "経由申請による更新", Action.VIA_WITHDRAW: "経由申請の取下げ",
    Action.VIA_LIST: "経由申請管理表の閲覧", Action.VIA_READ: "経由申請の閲覧",
    Action.VIA_RETURN: "経由申請の経由地への返戻", Action.VIA_RESEND: "返戻された経由申請の補正・再送付",
})
