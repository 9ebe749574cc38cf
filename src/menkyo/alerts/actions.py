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
    NOTIFICATION_LIST = "alerts.notification.list"  # the ids listed
    NOTIFICATION_READ = "alerts.notification.read"


describe_actions({
    Action.ALERT_LIST: "手配一覧", Action.ALERT_READ: "手配の閲覧", Action.ALERT_REQUEST: "手配登録の要請",
    Action.ALERT_APPROVE: "手配登録の承認", Action.ALERT_REJECT: "手配登録要請の却下",
    Action.ALERT_RELEASE: "手配の解除", Action.ALERT_EXPIRE: "手配の期限切れ",
    Action.NOTIFICATION_LIST: "手配該当通知の一覧", Action.NOTIFICATION_READ: "手配該当通知の既読",
})
