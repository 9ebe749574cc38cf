"""Audit action names of the review of inquiries (``oversight.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    INQUIRIES_VIEW = "oversight.inquiries.view"  # a reviewer's page or API read of the inquiry log
    INQUIRIES_EXPORT = "oversight.inquiries.export"  # a CSV of it
    REPORT_VIEW = "oversight.report.view"  # an anomaly report
    REVIEW_JUSTIFY = "oversight.review.justify"
    REVIEW_FIND_IMPROPER = "oversight.review.find_improper"
    REVIEW_ACKNOWLEDGE = "oversight.review.acknowledge"
    OUTCOMES_VIEW = "oversight.outcomes.view"
    WATCH_ADD = "oversight.watch.add"
    WATCH_REMOVE = "oversight.watch.remove"


describe_actions({
    Action.INQUIRIES_VIEW: "照会履歴の閲覧", Action.INQUIRIES_EXPORT: "照会履歴のCSV出力",
    Action.REPORT_VIEW: "不審照会レポートの閲覧", Action.REVIEW_JUSTIFY: "照会の審査（正当）",
    Action.REVIEW_FIND_IMPROPER: "照会の審査（不適正）", Action.REVIEW_ACKNOWLEDGE: "審査結果の確認（所属長）",
    Action.OUTCOMES_VIEW: "照会審査結果の閲覧", Action.WATCH_ADD: "注意リストへの登録",
    Action.WATCH_REMOVE: "注意リストからの削除",
})
