"""Audit action names of the dispositions app (``dispositions.<object>.<verb>``)."""

from enum import StrEnum

from menkyo.core.recording import describe_actions


class Action(StrEnum):
    OPEN = "dispositions.case.open"  # a case opened by an assessment (規程第30条)
    UPDATE = "dispositions.case.update"  # a later assessment updates the open case
    PROPOSE = "dispositions.case.propose"  # 審査 and the proposed disposition (第30条)
    SUBMIT = "dispositions.case.submit"  # sent to the deciding authority (決定待ち)
    DECIDE = "dispositions.case.decide"  # 処分の決定 (第31条)
    SEND_BACK = "dispositions.case.send_back"  # 差戻し: the deciding authority returns it to review
    DEFER = "dispositions.case.defer"  # 処分猶予 (第32条)
    STRIKE_OUT = "dispositions.case.strike_out"  # 抹消 (第32条)
    READ = "dispositions.case.read"
    LIST = "dispositions.case.list"
    SCHEDULE = "dispositions.hearing.schedule"  # 意見の聴取・聴聞・弁明の期日の通知
    RESCHEDULE = "dispositions.hearing.reschedule"  # 変更通知書
    RECORD = "dispositions.hearing.record"  # 出席・代理人・不出頭
    NOTICE = "dispositions.notice.render"  # 通知書・公示・変更通知書 PDF
    SUMMON = "dispositions.case.summon"  # 出頭通知 (執行待ち, 規程第34条)
    EXECUTE = "dispositions.case.execute"  # 処分書の交付・執行 (第34条)
    UNEXECUTABLE = "dispositions.case.unexecutable"  # 執行不能 (第37条)
    COURSE = "dispositions.execution.course"  # 停止処分者講習の結果 (第43条)
    RELEASE_CARD = "dispositions.execution.release_card"  # 保管した免許証の返還 (第43条)
    SUSPENSION_ENDED = "dispositions.execution.suspension_ended"  # the 停止's period over (daily job)
    EXECUTION_LIST = "dispositions.execution.list"
    EXECUTION_READ = "dispositions.execution.read"
    PAPER = "dispositions.paper.render"  # 出頭通知書・処分書 PDF


describe_actions({
    Action.OPEN: "処分事案の開始", Action.UPDATE: "処分事案の判定の更新", Action.PROPOSE: "処分事案の審査・処分案",
    Action.SUBMIT: "処分事案の決定への送付", Action.DECIDE: "処分の決定", Action.SEND_BACK: "処分事案の差戻し", Action.DEFER: "処分猶予",
    Action.STRIKE_OUT: "処分事案の抹消", Action.READ: "処分事案の閲覧", Action.LIST: "処分事案の一覧",
    Action.SCHEDULE: "聴取等の期日の通知", Action.RESCHEDULE: "聴取等の期日の変更",
    Action.RECORD: "聴取等の結果の記録", Action.NOTICE: "聴取等の通知書の作成",
    Action.SUMMON: "出頭通知", Action.EXECUTE: "処分の執行", Action.UNEXECUTABLE: "執行不能",
    Action.COURSE: "停止処分者講習の結果の記録", Action.RELEASE_CARD: "保管した免許証の返還",
    Action.SUSPENSION_ENDED: "停止の期間の満了（登録の有効への復帰）",
    Action.EXECUTION_LIST: "執行待ちの一覧", Action.EXECUTION_READ: "処分の執行の閲覧",
    Action.PAPER: "出頭通知書・処分書の作成",
})


class ApplicantAction(StrEnum):
    """拒否・保留 of applicants (規程第21条–第25条) and cases opened by course results (第41条の2)."""

    HOLD = "dispositions.applicant.hold"  # 交付停止の通報 for the case (第21条第1号)
    NOTIFY = "dispositions.case.notify_refusal"  # 運転免許拒否・保留処分通知書 handed over (第24条)
    DEFERRAL_ENDED = "dispositions.applicant.deferral_ended"  # the station's report (第25条第1項)
    LIST = "dispositions.applicant.list"
    READ = "dispositions.applicant.read"
    PAPER = "dispositions.applicant.paper"  # 運転免許拒否・保留処分通知書 PDF
    COURSE_CASE = "dispositions.case.open_from_course"  # a case opened by a course notice's result


describe_actions({
    ApplicantAction.HOLD: "拒否・保留事案の交付停止の通報", ApplicantAction.NOTIFY: "拒否・保留の通知（通知書の交付）",
    ApplicantAction.DEFERRAL_ENDED: "保留期間満了の通報", ApplicantAction.LIST: "拒否・保留の一覧", ApplicantAction.READ: "拒否・保留の閲覧",
    ApplicantAction.PAPER: "運転免許拒否・保留処分通知書の作成", ApplicantAction.COURSE_CASE: "講習・再試験の結果による処分事案の開始",
})


class HandoffAction(StrEnum):
    """Hand-offs between prefectures (移送 規程第38条, 執行依頼 第38条の2; ``dispositions.handoffs``)."""

    SEND = "dispositions.handoff.send"  # 送付書による送付・執行依頼書による依頼
    ACCEPT = "dispositions.handoff.accept"  # the receiving prefecture takes the case / the execution
    RETURN = "dispositions.handoff.return"  # the receiving prefecture sends it back with a reason
    EXECUTED = "dispositions.handoff.executed"  # the requested execution done (執行依頼処分通知)
    LIST = "dispositions.handoff.list"
    READ = "dispositions.handoff.read"
    LETTER = "dispositions.handoff.letter"  # 送付書・処分執行依頼書 PDF


describe_actions({
    HandoffAction.SEND: "事案の移送・執行依頼の送付", HandoffAction.ACCEPT: "移送・執行依頼の受理",
    HandoffAction.RETURN: "移送・執行依頼の返戻", HandoffAction.EXECUTED: "執行依頼の処分の執行（通知）",
    HandoffAction.LIST: "移送・執行依頼の一覧", HandoffAction.READ: "移送・執行依頼の閲覧",
    HandoffAction.LETTER: "送付書・処分執行依頼書の作成",
})


class MedicalAction(StrEnum):
    """一定の病気等 (規程第26条–第27条の3; ``dispositions.medical``)."""

    RECEIVE = "dispositions.medical.receive"  # 医師の届出受理票・報告・通報 (第26条の2, 第26条, 第26条の3第1項)
    CLOSE = "dispositions.medical.close"  # 審査の結果、措置不要 (第26条)
    ORDER = "dispositions.medical.order"  # 臨適通知・診断書提出命令・受検等命令 (第26条の3)
    RESULT = "dispositions.medical.result"  # 検査・診断書の結果の登録 (第27条の2)
    OPEN_CASE = "dispositions.medical.open_case"  # 不適・不受検による処分事案 (第27条, 第27条の3)
    HAND_OVER = "dispositions.medical.hand_over"  # 住所変更による引継ぎ (第26条の3第4項)
    READ = "dispositions.medical.read"
    LIST = "dispositions.medical.list"
    PAPER = "dispositions.medical.paper"  # 受理票・臨時適性検査通知書・命令書 PDF


describe_actions({
    MedicalAction.RECEIVE: "医師の届出等の受理", MedicalAction.CLOSE: "一定の病気等の事案の終結",
    MedicalAction.ORDER: "臨適通知・診断書提出命令", MedicalAction.RESULT: "臨時適性検査等の結果の登録",
    MedicalAction.OPEN_CASE: "臨時適性検査等の結果による処分事案の開始",
    MedicalAction.HAND_OVER: "一定の病気等の事案の住所地への引継ぎ", MedicalAction.READ: "一定の病気等の事案の閲覧",
    MedicalAction.LIST: "一定の病気等の事案の一覧", MedicalAction.PAPER: "受理票・臨時適性検査通知書・命令書の作成",
})


class RevocationAction(StrEnum):
    """仮免許の取消し (規程第41条) and the 再試験's 取消 (第41条の2) — ADR 0016 part 6."""

    REPORT = "dispositions.provisional_revocation.report"  # 仮運転免許取消事案発生通報書 (第41条第1項)
    DECIDE = "dispositions.provisional_revocation.decide"  # 免許課長の決定 (第2項)
    DISMISS = "dispositions.provisional_revocation.dismiss"  # 取り消さない (第2項)
    SERVE = "dispositions.provisional_revocation.serve"  # 処分通知書の交付・弁明調書・返納 (第3項)
    READ = "dispositions.provisional_revocation.read"
    LIST = "dispositions.provisional_revocation.list"
    PAPER = "dispositions.provisional_revocation.paper"  # 仮運転免許取消し処分通知書 PDF
    PROVISIONAL_REVOKED = "cards.provisional.revoke"  # the 仮免許 in the register: 有効 → 取消


describe_actions({
    RevocationAction.REPORT: "仮免許の取消事案の通報", RevocationAction.DECIDE: "仮免許の取消しの決定",
    RevocationAction.DISMISS: "仮免許を取り消さない決定", RevocationAction.SERVE: "仮運転免許取消し処分通知書の交付",
    RevocationAction.READ: "仮免許の取消事案の閲覧", RevocationAction.LIST: "仮免許の取消事案の一覧",
    RevocationAction.PAPER: "仮運転免許取消し処分通知書の作成", RevocationAction.PROVISIONAL_REVOKED: "仮免許の取消し",
})


class RetestAction(StrEnum):
    """再試験に係る免許の取消し (規程第41条の2) — ADR 0016 part 6."""

    REVOKE = "dispositions.retest.revoke"  # 取消処分書の交付・初心運転者取消登録 (第41条の2第1項)
    LIST = "dispositions.retest.list"
    PAPER = "dispositions.retest.paper"  # 運転免許取消処分書 (様式第19の3の4) PDF


describe_actions({
    RetestAction.REVOKE: "再試験に係る取消処分の執行（取消処分書の交付・初心運転者取消登録）",
    RetestAction.LIST: "再試験不合格の取消処分待ちの一覧", RetestAction.PAPER: "運転免許取消処分書（再試験）の作成",
})


class YoungRevocationAction(StrEnum):
    """若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 初心・若年運転者取消手配 — ADR 0016 part 9."""

    REVOKE = "dispositions.young_revocation.revoke"  # 若年運転者取消処分書の交付・若年運転者取消登録 (第1項)
    LIST = "dispositions.young_revocation.list"
    PAPER = "dispositions.young_revocation.paper"  # 若年運転者取消処分書 (様式第19の3の4の2) PDF
    ALERT = "dispositions.revocation_alert.register"  # 初心・若年運転者取消手配登録 (第41条の2第2項, 第41条の2の2第2項)
    ALERT_LIST = "dispositions.revocation_alert.list"


describe_actions({
    YoungRevocationAction.REVOKE: "若年運転者期間に係る取消処分の執行（若年運転者取消処分書の交付・若年運転者取消登録）",
    YoungRevocationAction.LIST: "若年運転者期間に係る取消処分の執行待ちの一覧",
    YoungRevocationAction.PAPER: "若年運転者取消処分書の作成",
    YoungRevocationAction.ALERT: "初心運転者取消手配・若年運転者取消手配の登録",
    YoungRevocationAction.ALERT_LIST: "取消手配の登録を待つ処分事案の一覧",
})


class PriorRecordAction(StrEnum):
    """前歴通知書 (規程第21条第2号, 第22条第2号) — ADR 0016 "Part 10 as built"."""

    ENTER = "dispositions.case.enter_prior_record"  # 拒否等処分ができない者の通報・処理票への登載 (the transition)
    CARD_ISSUED = "dispositions.prior_record.card_issued"  # the licence was handed over (cards listener)
    HAND = "dispositions.prior_record.hand"  # 前歴通知書の交付
    LIST = "dispositions.prior_record.list"
    READ = "dispositions.prior_record.read"
    PAPER = "dispositions.prior_record.paper"  # 前歴通知書 PDF


describe_actions({
    PriorRecordAction.ENTER: "拒否等処分ができない者の通報（前歴通知書の交付予定の登載）",
    PriorRecordAction.CARD_ISSUED: "前歴通知書の交付予定者への免許証の交付",
    PriorRecordAction.HAND: "前歴通知書の交付", PriorRecordAction.LIST: "前歴通知書の交付予定の一覧",
    PriorRecordAction.READ: "前歴通知書の交付予定の閲覧", PriorRecordAction.PAPER: "前歴通知書の作成",
})


class PostIssueAction(StrEnum):
    """事後取消し・事後停止 (規程第41条の4; 道路交通法第90条第5項・第6項) — ADR 0016 part 10."""

    OPEN = "dispositions.post_issue.open"  # the case opened (免許を受ける前の基準該当が判明)
    LIST = "dispositions.post_issue.list"


describe_actions({
    PostIssueAction.OPEN: "事後取消し・事後停止の処分事案の開始", PostIssueAction.LIST: "事後取消し・事後停止の一覧",
})
