"""Audit action names of the dispositions app (``dispositions.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    OPEN = "dispositions.case.open"  # a case opened by an assessment (規程第30条)
    UPDATE = "dispositions.case.update"  # a later assessment updates the open case
    PROPOSE = "dispositions.case.propose"  # 審査 and the proposed disposition (第30条)
    SUBMIT = "dispositions.case.submit"  # sent to the deciding authority (決定待ち)
    DECIDE = "dispositions.case.decide"  # 処分の決定 (第31条)
    DEFER = "dispositions.case.defer"  # 処分猶予 (第32条)
    STRIKE_OUT = "dispositions.case.strike_out"  # 抹消 (第32条)
    READ = "dispositions.case.read"
    LIST = "dispositions.case.list"
    SCHEDULE = "dispositions.hearing.schedule"  # 意見の聴取・聴聞・弁明の期日の通知
    RESCHEDULE = "dispositions.hearing.reschedule"  # 変更通知書
    RECORD = "dispositions.hearing.record"  # 出席・代理人・不出頭
    NOTICE = "dispositions.notice.render"  # 通知書・公示・変更通知書 PDF


describe_actions({
    Action.OPEN: "処分事案の開始", Action.UPDATE: "処分事案の判定の更新", Action.PROPOSE: "処分事案の審査・処分案",
    Action.SUBMIT: "処分事案の決定への送付", Action.DECIDE: "処分の決定", Action.DEFER: "処分猶予",
    Action.STRIKE_OUT: "処分事案の抹消", Action.READ: "処分事案の閲覧", Action.LIST: "処分事案の一覧",
    Action.SCHEDULE: "聴取等の期日の通知", Action.RESCHEDULE: "聴取等の期日の変更",
    Action.RECORD: "聴取等の結果の記録", Action.NOTICE: "聴取等の通知書の作成",
})
