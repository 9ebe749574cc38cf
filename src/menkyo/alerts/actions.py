"""Audit action names of the alerts app (``alerts.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    ALERT_LIST = "alerts.alert.list"  # the ids listed (a list names persons)
    ALERT_READ = "alerts.alert.read"
    ALERT_REQUEST = "alerts.alert.request"
    ALERT_APPROVE = "alerts.alert.approve"
    ALERT_REJECT = "alerts.alert.reject"
    ALERT_RELEASE = "alerts.alert.release"
    ALERT_EXPIRE = "alerts.alert.expire"
    ALERT_REGISTER = "alerts.alert.register"  # 処分手配 registered by the system (規程第46条第1項)
    ALERT_RELEASE_EXECUTED = "alerts.alert.release_executed"  # 処分手配 released by the execution (第47条)
    NOTIFICATION_LIST = "alerts.notification.list"  # the ids listed
    NOTIFICATION_READ = "alerts.notification.read"


describe_actions({
    Action.ALERT_LIST: "手配一覧", Action.ALERT_READ: "手配の閲覧", Action.ALERT_REQUEST: "手配登録の要請",
    Action.ALERT_APPROVE: "手配登録の承認", Action.ALERT_REJECT: "手配登録要請の却下",
    Action.ALERT_RELEASE: "手配の解除", Action.ALERT_EXPIRE: "手配の期限切れ",
    Action.ALERT_REGISTER: "処分手配の登録（執行不能による自動登録）", Action.ALERT_RELEASE_EXECUTED: "処分手配の解除（処分の執行）",
    Action.NOTIFICATION_LIST: "手配該当通知の一覧", Action.NOTIFICATION_READ: "手配該当通知の既読",
})
