"""Audit action names of the exams app (``exams.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    EXAMINEE_REGISTER = "exams.examinee.register"
    EXAMINEE_READ = "exams.examinee.read"
    EXAMINEE_LIST = "exams.examinee.list"
    EXAMINEE_PASS = "exams.examinee.pass"
    EXAMINEE_FAIL = "exams.examinee.fail"
    EXAMINEE_ABSENT = "exams.examinee.absent"
    EXAMINEE_STOP = "exams.examinee.stop"
    EXAMINEE_CANCEL_PASS = "exams.examinee.cancel_pass"
    FRAUD_REPORT = "exams.fraud.report"
    APTITUDE_RECORD = "exams.aptitude.record"
    SKILL_RECORD = "exams.skill.record"
    SHEET_UPLOAD = "exams.sheet.upload"
    SHEET_RESOLVE = "exams.sheet.resolve"
    QUESTION_CREATE = "exams.question.create"
    QUESTION_RETIRE = "exams.question.retire"
    FORM_ASSEMBLE = "exams.form.assemble"
    BAR_DECIDE = "exams.bar.decide"
    PASS_BOARD_READ = "exams.pass_board.read"
    COURSE_CERTIFICATE_CHECK = "exams.course_certificate.check"


describe_actions({
    Action.EXAMINEE_REGISTER: "受験登録", Action.EXAMINEE_READ: "受験者の閲覧", Action.EXAMINEE_LIST: "受験者の一覧",
    Action.EXAMINEE_PASS: "合格の登録", Action.EXAMINEE_FAIL: "不合格の登録", Action.EXAMINEE_ABSENT: "欠席",
    Action.EXAMINEE_STOP: "試験の停止", Action.EXAMINEE_CANCEL_PASS: "合格決定の取消し",
    Action.FRAUD_REPORT: "合格後に判明した不正の通報",
    Action.APTITUDE_RECORD: "適性試験の結果の記録", Action.SKILL_RECORD: "技能試験の結果の記録",
    Action.SHEET_UPLOAD: "学科試験答案の登録・採点", Action.SHEET_RESOLVE: "読取不能答案の確認",
    Action.QUESTION_CREATE: "試験問題の登録", Action.QUESTION_RETIRE: "試験問題の使用停止",
    Action.FORM_ASSEMBLE: "試験問題の版の作成", Action.BAR_DECIDE: "受験停止の決定",
    Action.PASS_BOARD_READ: "合格者発表", Action.COURSE_CERTIFICATE_CHECK: "取得時講習の確認",
})
