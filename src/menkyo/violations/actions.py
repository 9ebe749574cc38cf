"""Audit action names of the violations app (``violations.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    REGISTER = "violations.record.register"  # 違反等登録 (規程第28条第2項)
    PROVISIONAL = "violations.record.provisional"  # 仮登録 (第28条の2)
    CONFIRM = "violations.record.confirm"  # 仮登録 → 登録 (違反等登録票の到着)
    DELETE = "violations.record.delete"  # 抹消登録 (第28条第3項)
    STRIKE_OUT = "violations.record.strike_out"  # 不適格抹消 (第28条第4項)
    READ = "violations.record.read"  # a person's violations and points
    LIST = "violations.record.list"  # the 仮登録 queue
    ASSESS = "violations.assessment.create"  # the driver re-assessed after a change
    BATCH_RECEIVE = "violations.batch.receive"  # a batch from another police system
    BATCH_ITEM = "violations.batch.item"  # one item of the batch, with its result


describe_actions({
    Action.REGISTER: "違反等登録", Action.PROVISIONAL: "違反等仮登録", Action.CONFIRM: "仮登録の確認（登録）",
    Action.DELETE: "違反等登録の抹消", Action.STRIKE_OUT: "違反等登録の不適格抹消",
    Action.READ: "違反・点数の閲覧", Action.LIST: "仮登録の一覧", Action.ASSESS: "点数・処分基準の判定",
    Action.BATCH_RECEIVE: "他システムからの違反等の一括受信", Action.BATCH_ITEM: "一括受信の項目の処理",
})


class CourseAction(StrEnum):
    """講習・再試験の通知 (violations/courses.py)."""

    CREATE = "violations.course_notice.create"  # called for by an assessment
    SEND = "violations.course_notice.send"  # 通知済 (with the deadline)
    ATTEND = "violations.course_notice.attend"  # 受講済
    EXPIRE = "violations.course_notice.expire"  # 期限経過
    PASS = "violations.course_notice.pass"  # 再試験 合格
    FAIL = "violations.course_notice.fail"  # 再試験 不合格
    ABSENT = "violations.course_notice.absent"  # 再試験 未受験
    WITHDRAW = "violations.course_notice.withdraw"  # 取消し
    READ = "violations.course_notice.read"
    LIST = "violations.course_notice.list"


describe_actions({
    CourseAction.CREATE: "講習・再試験の通知の作成", CourseAction.SEND: "講習・再試験の通知の発送",
    CourseAction.ATTEND: "講習の受講の記録", CourseAction.EXPIRE: "講習の期限経過の記録",
    CourseAction.PASS: "再試験の合格の記録", CourseAction.FAIL: "再試験の不合格の記録",
    CourseAction.ABSENT: "再試験の未受験の記録", CourseAction.WITHDRAW: "講習・再試験の通知の取消し",
    CourseAction.READ: "講習・再試験の通知の閲覧", CourseAction.LIST: "講習・再試験の通知の一覧",
})


class ListAction(StrEnum):
    """The lists of violations/lists.py."""

    WARNINGS = "violations.warning_list.read"  # 行政処分警告対象者 (page, API)
    WARNINGS_CSV = "violations.warning_list.export"  # … as CSV
    OVERDUE_PROVISIONAL = "violations.record.list_overdue"  # 仮登録 past the confirmation age


describe_actions({
    ListAction.WARNINGS: "行政処分警告対象者の名簿の閲覧", ListAction.WARNINGS_CSV: "行政処分警告対象者の名簿のCSV出力",
    ListAction.OVERDUE_PROVISIONAL: "確認待ちが長い仮登録の一覧",
})


class JsdcAction(StrEnum):
    ANSWER = "violations.jsdc_answer.create"  # 規程第33条: points and licence history to the JSDC office


describe_actions({JsdcAction.ANSWER: "自動車安全運転センターへの累積点数等の通知"})


class FeedAction(StrEnum):
    PARKING = "violations.feed.read"  # the 放置駐車 system pulled driver-ticketed events


describe_actions({FeedAction.PARKING: "放置駐車の運転者検挙の通知の取得"})
