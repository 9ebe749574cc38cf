from django.apps import AppConfig

from menkyo.core.http import MenuEntry


class DispositionsConfig(AppConfig):
    """処分事案 (規程第30条–第32条, 第44条): cases opened by an assessment, their review, hearings, the
    decision by the authority 第31条 names, 猶予 and 抹消."""

    name = "menkyo.dispositions"
    label = "dispositions"
    verbose_name = "行政処分"
    menu = (
        MenuEntry("dispositions:review", "処分事案の審査", "審査待ちの処分事案と今週の聴取等（規程第30条・第44条）。",
                  "dispositions.list_cases"),
        MenuEntry("dispositions:decisions", "処分の決定", "自分の決定権限で決定を待つ処分事案（規程第31条）。",
                  "dispositions.list_cases"),
        MenuEntry("dispositions:executions", "処分の執行", "執行待ち・執行不能の処分事案と保管中の免許証（規程第34条–第37条・第43条）。",
                  "dispositions.list_executions"),
        MenuEntry("dispositions:applicants", "免許の拒否・保留", "通知待ちの拒否・保留と保留期間が満了した者（規程第24条・第25条）。",
                  "dispositions.list_applicants", group="免許の申請者等"),
        MenuEntry("dispositions:provisional", "仮停止", "仮停止の報告と、仮停止中の事案の弁明・関係書類の期限（規程第39条）。",
                  "dispositions.list_cases", group="特別な処分"),
        MenuEntry("dispositions:handoffs", "移送・執行依頼", "他の都道府県との事案の移送・処分の執行依頼（規程第38条・第38条の2）。",
                  "dispositions.list_handoffs"),
        MenuEntry("dispositions:deadlines", "期限管理（行政処分）", "期限が迫る仮停止・聴取等・所在調査・保留・講習・移送の一覧と期限の通知。",
                  "dispositions.list_deadlines"),
        MenuEntry("dispositions:revocations", "仮免許の取消し", "仮運転免許取消事案の通報・決定・処分通知書の交付（規程第41条）。",
                  "dispositions.list_provisional_revocations", group="特別な処分"),
        MenuEntry("dispositions:retests", "再試験不合格の取消し", "再試験に不合格となった者への取消処分書の交付（規程第41条の2）。",
                  "dispositions.list_executions", group="特別な処分"),
        MenuEntry("dispositions:medical", "一定の病気等",
                  "医師の届出の受理、臨適通知・診断書提出命令とその結果（規程第26条–第27条の3）。", "dispositions.list_medical", group="特別な処分"),
        MenuEntry("dispositions:interim", "暫定停止",
                  "交通事故後の一定の病気等の疑いによる暫定停止、弁明と解除（道路交通法第104条の2の3）。", "dispositions.list_cases", group="特別な処分"),
        MenuEntry("dispositions:driving_bans", "運転禁止（国際運転免許証等）",
                  "国際運転免許証・外国運転免許証の登録、運転禁止の審査・執行と免許証の保管・返還（道路交通法第107条の5）。",
                  "dispositions.list_driving_bans", group="特別な処分"),
        MenuEntry("dispositions:young_revocations", "若年運転者期間に係る取消し",
                  "若年運転者取消処分書の交付と、意見の聴取に出頭しない者の取消手配（規程第41条の2の2・第41条の2第2項）。",
                  "dispositions.list_executions", group="特別な処分"),
        MenuEntry("dispositions:prior_records", "前歴通知書",
                  "拒否等処分ができない者の前歴通知書の交付予定と、免許証の交付の際の交付（規程第21条第2号・第22条第2号）。",
                  "dispositions.list_prior_records", group="免許の申請者等"),
        MenuEntry("dispositions:post_issue", "事後取消し・事後停止",
                  "免許を受ける前の拒否・保留の基準該当が判明した者の処分事案の開始と一覧（規程第41条の4）。",
                  "dispositions.list_post_issue", group="免許の申請者等"),
    )

    def ready(self) -> None:
        # Imported once the apps are ready (the services import models): every assessment of the
        # violations app calls it inside its transaction, so a case opens with the registration.
        # Executed dispositions are engine events of every later assessment (前歴; the points before end).
        from menkyo.dispositions import services
        from menkyo.dispositions.execution import executed_dispositions
        from menkyo.violations.services import ASSESSED, ENGINE_EVENTS

        if services.on_assessed not in ASSESSED:
            ASSESSED.append(services.on_assessed)
        if executed_dispositions not in ENGINE_EVENTS:
            ENGINE_EVENTS.append(executed_dispositions)
        # An inquiry's answer shows the open cases, a running 停止 and the 欠格期間 (規程第45条).
        from menkyo.dispositions import execution
        from menkyo.inquiry.disclosure import RECORDS, RecordSource, Section

        cases = execution.open_case_any_sql
        RECORDS.setdefault(Section.OPEN_DISPOSITIONS, RecordSource(execution.open_disposition_lines, cases))
        RECORDS.setdefault(Section.DISQUALIFICATION, RecordSource(execution.disqualification_lines, cases))
        # A course notice's 期限経過・不合格・未受験 opens the case it leads to (ADR 0016 part 4c).
        from menkyo.dispositions.course_cases import on_course_result
        from menkyo.violations.courses import COURSE_RESULT_RECORDED

        if on_course_result not in COURSE_RESULT_RECORDED:
            COURSE_RESULT_RECORDED.append(on_course_result)
        # A notified 拒否・保留 is an engine event too (前歴; the points before it end).
        from menkyo.dispositions.applicants import notified_refusals

        if notified_refusals not in ENGINE_EVENTS:
            ENGINE_EVENTS.append(notified_refusals)
        from menkyo.dispositions import provisional  # noqa: F401  (the 仮停止 workflow and batch, part 4b)

        # An executed 執行依頼 (規程第38条の2第2項) marks its hand-off 執行済.
        from menkyo.dispositions.execution import EXECUTED
        from menkyo.dispositions.handoffs import on_executed

        if on_executed not in EXECUTED:
            EXECUTED.append(on_executed)
        # The deadline notices of the daily job show in the alerts inbox (通知) too (ADR 0016 part 7).
        from menkyo.alerts.services import INBOX_SECTIONS
        from menkyo.dispositions.deadline_views import inbox_section

        if inbox_section not in INBOX_SECTIONS:
            INBOX_SECTIONS.append(inbox_section)

        # 仮免許の取消し (規程第41条, ADR 0016 part 6): its workflow and the 仮免許's ``revoke`` transition.
        # 若年運転者期間に係る取消し (規程第41条の2の2, ADR 0016 part 9): its transition and the execution's refusal.
        from menkyo.dispositions import (  # noqa: F401  (再試験: 規程第41条の2)
            retests,
            revocation_alerts,
            revocations,
            young_revocations,
        )
        # The engine's 令第39条の2の2 finding after the 若年運転者講習 opens a 若年 case (ADR 0016 part 9).
        if young_revocations.on_assessed not in ASSESSED:
            ASSESSED.append(young_revocations.on_assessed)
        # A licence handed over to a person entered for a 前歴通知書 makes it due (規程第22条第2号; part 10).
        from menkyo.cards.services import HANDED_OVER
        from menkyo.dispositions.prior_records import on_card_handed_over

        if on_card_handed_over not in HANDED_OVER:
            HANDED_OVER.append(on_card_handed_over)
        # A 停止中 licence renewed: the card pages ask the 停止's dates (cards.suspended_renewal, issue 10 §1).
        from menkyo.cards.suspended_renewal import SUSPENSION_OF
        from menkyo.dispositions.execution import running_suspension

        if running_suspension not in SUSPENSION_OF:
            SUSPENSION_OF.append(running_suspension)
