"""処分事案 pages: the queues, a case and its actions, the hearing's papers."""

from django.urls import path

from menkyo.dispositions import applicant_views, execution_views, handoff_views, views

app_name = "dispositions"

urlpatterns = [
    path("", views.review, name="review"),
    path("decisions/", views.decisions, name="decisions"),
    path("cases/<int:pk>/", views.case, name="case"),
    path("cases/<int:pk>/propose/", views.propose, name="propose"),
    path("cases/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("cases/<int:pk>/reschedule/", views.reschedule, name="reschedule"),
    path("cases/<int:pk>/record/", views.record, name="record"),
    path("cases/<int:pk>/submit/", views.submit_for_decision, name="submit"),
    path("cases/<int:pk>/decide/", views.decide, name="decide"),
    path("cases/<int:pk>/send-back/", views.send_back, name="send_back"),
    path("cases/<int:pk>/defer/", views.defer, name="defer"),
    path("cases/<int:pk>/strike-out/", views.strike_out, name="strike_out"),
    path("hearings/<int:pk>/<str:paper>.pdf", views.paper, name="paper"),
    path("executions/", execution_views.executions, name="executions"),
    path("executions/<int:pk>/", execution_views.execution, name="execution"),
    path("executions/<int:pk>/summon/", execution_views.summon, name="summon"),
    path("executions/<int:pk>/execute/", execution_views.execute, name="execute"),
    path("executions/<int:pk>/course/", execution_views.course, name="course"),
    path("executions/<int:pk>/release/", execution_views.release, name="release"),
    path("executions/<int:pk>/<str:paper>.pdf", execution_views.paper, name="execution_paper"),
    path("applicants/", applicant_views.applicant_list, name="applicants"),
    path("applicants/<int:pk>/", applicant_views.applicant, name="applicant"),
    path("applicants/<int:pk>/hold/", applicant_views.hold, name="applicant_hold"),
    path("applicants/<int:pk>/notify/", applicant_views.notify, name="applicant_notify"),
    path("applicants/<int:pk>/report-ended/", applicant_views.report_ended, name="applicant_report_ended"),
    path("applicants/<int:pk>/notice.pdf", applicant_views.paper, name="applicant_paper"),
]

# 仮停止 (規程第39条) and 危険性帯有の上申 (第29条) — ADR 0016 part 4b.
from menkyo.dispositions import provisional_views  # noqa: E402

urlpatterns += [
    path("provisional/", provisional_views.queue, name="provisional"),
    path("provisional/report/", provisional_views.report, name="provisional_report"),
    path("provisional/<int:pk>/", provisional_views.detail, name="provisional_detail"),
    path("provisional/<int:pk>/explain/", provisional_views.explain, name="provisional_explain"),
    path("provisional/<int:pk>/papers/", provisional_views.papers, name="provisional_papers"),
    path("provisional/<int:pk>/notice.pdf", provisional_views.notice, name="provisional_notice"),
    path("danger/", provisional_views.danger, name="danger"),
    path("early-hearings/", provisional_views.early, name="early_hearing"),
    # 移送・執行依頼 (規程第38条, 第38条の2) — ADR 0016 part 4a.
    path("handoffs/", handoff_views.queues, name="handoffs"),
    path("cases/<int:pk>/handoff/", handoff_views.send, name="handoff_send"),
    path("handoffs/<int:pk>/accept/", handoff_views.accept, name="handoff_accept"),
    path("handoffs/<int:pk>/return/", handoff_views.send_back, name="handoff_return"),
    path("handoffs/<int:pk>/letter.pdf", handoff_views.letter, name="handoff_letter"),
]

# 期限管理 (deadlines at risk) — ADR 0016 part 7.
from menkyo.dispositions import deadline_views  # noqa: E402

urlpatterns += [
    path("deadlines/", deadline_views.deadlines, name="deadlines"),
    path("deadlines.csv", deadline_views.deadlines_csv, name="deadlines_csv"),
    path("deadlines/notices/<int:pk>/read/", deadline_views.notice_read, name="deadline_notice_read"),
]

# 処分猶予通知書 (規程第32条第2項) and 出頭命令書 (第45条第3項) — ADR 0016 part 7.
from menkyo.dispositions import more_paper_views  # noqa: E402

urlpatterns += [
    path("cases/<int:pk>/papers/deferral-notice.pdf", more_paper_views.deferral_notice, name="deferral_notice"),
    path("executions/<int:pk>/papers/appearance-order.pdf", more_paper_views.appearance_order, name="appearance_order"),
]

# 一定の病気等 (規程第26条–第27条の3) — ADR 0016 part 5.
from menkyo.dispositions import medical_views  # noqa: E402

urlpatterns += [
    path("medical/", medical_views.queue, name="medical"),
    path("medical/receive/", medical_views.receive, name="medical_receive"),
    path("medical/<int:pk>/", medical_views.detail, name="medical_detail"),
    path("medical/<int:pk>/close/", medical_views.close, name="medical_close"),
    path("medical/<int:pk>/order/", medical_views.order, name="medical_order"),
    path("medical/<int:pk>/result/", medical_views.result, name="medical_result"),
    path("medical/<int:pk>/hand-over/", medical_views.hand_over, name="medical_hand_over"),
    path("medical/<int:pk>/<str:paper>.pdf", medical_views.paper, name="medical_paper"),
]

# 仮免許の取消し (規程第41条) — ADR 0016 part 6.
from menkyo.dispositions import revocation_views  # noqa: E402

urlpatterns += [
    path("provisional-licences/", revocation_views.queue, name="revocations"),
    path("provisional-licences/report/", revocation_views.report, name="revocation_report"),
    path("provisional-licences/<int:pk>/", revocation_views.detail, name="revocation"),
    path("provisional-licences/<int:pk>/decide/", revocation_views.decide, name="revocation_decide"),
    path("provisional-licences/<int:pk>/serve/", revocation_views.serve, name="revocation_serve"),
    path("provisional-licences/<int:pk>/notice.pdf", revocation_views.notice, name="revocation_notice"),
]

# 再試験に係る免許の取消し (規程第41条の2) — ADR 0016 part 6.
from menkyo.dispositions import retest_views  # noqa: E402

urlpatterns += [
    path("retests/", retest_views.queue, name="retests"),
    path("retests/<int:pk>/", retest_views.detail, name="retest"),
    path("retests/<int:pk>/paper.pdf", retest_views.paper, name="retest_paper"),
]

# 暫定停止 (道路交通法第104条の2の3) — ADR 0016 part 8.
from menkyo.dispositions import interim_views  # noqa: E402

urlpatterns += [
    path("interim/", interim_views.queue, name="interim"),
    path("medical/<int:pk>/interim/", interim_views.impose, name="interim_impose"),
    path("interim/<int:pk>/", interim_views.detail, name="interim_detail"),
    path("interim/<int:pk>/explain/", interim_views.explain, name="interim_explain"),
    path("interim/<int:pk>/lift/", interim_views.lift, name="interim_lift"),
    path("interim/<int:pk>/<str:paper>.pdf", interim_views.paper, name="interim_paper"),
]

# The receiving side of an 執行依頼 and the 取下げ (規程第38条の2第2項) — ADR 0016 part 4a, as completed.
from menkyo.dispositions import handoff_receiving_views  # noqa: E402

urlpatterns += [
    path("handoffs/requests/", handoff_receiving_views.requests, name="execution_requests"),
    path("handoffs/<int:pk>/report/", handoff_receiving_views.report, name="execution_report"),
    path("handoffs/<int:pk>/report-notice.pdf", handoff_receiving_views.notice, name="execution_report_notice"),
    path("handoffs/<int:pk>/withdraw/", handoff_receiving_views.withdraw, name="handoff_withdraw"),
]

# 運転禁止 of 国際運転免許証・外国運転免許証 holders (道路交通法第107条の5) — ADR 0016 "運転禁止".
from menkyo.dispositions import driving_ban_views  # noqa: E402

urlpatterns += [
    path("driving-bans/", driving_ban_views.queue, name="driving_bans"),
    path("driving-bans/permits/new/", driving_ban_views.register, name="foreign_permit_register"),
    path("driving-bans/permits/<int:pk>/", driving_ban_views.permit, name="foreign_permit"),
    path("driving-bans/permits/<int:pk>/open/", driving_ban_views.open_case, name="driving_ban_open"),
    path("driving-bans/<int:pk>/", driving_ban_views.detail, name="driving_ban"),
    path("driving-bans/<int:pk>/propose/", driving_ban_views.propose, name="driving_ban_propose"),
    path("driving-bans/<int:pk>/execute/", driving_ban_views.execute, name="driving_ban_execute"),
    path("driving-bans/<int:pk>/return/", driving_ban_views.return_permit, name="driving_ban_return"),
    path("driving-bans/<int:pk>/<str:paper>.pdf", driving_ban_views.paper, name="driving_ban_paper"),
]
urlpatterns += [  # 仮禁止 (道路交通法第107条の5第10項)
    path("driving-bans/permits/<int:pk>/provisional/", driving_ban_views.report_provisional,
         name="provisional_ban_report"),
    path("driving-bans/provisional/<int:pk>/", driving_ban_views.provisional_detail, name="provisional_ban"),
    path("driving-bans/provisional/<int:pk>/explain/", driving_ban_views.provisional_explain,
         name="provisional_ban_explain"),
]
# 若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 取消手配 (第41条の2第2項) — ADR 0016 part 9.
from menkyo.dispositions import young_revocation_views  # noqa: E402

urlpatterns += [
    path("young-drivers/", young_revocation_views.queue, name="young_revocations"),
    path("young-drivers/<int:pk>/", young_revocation_views.detail, name="young_revocation"),
    path("young-drivers/<int:pk>/alert/", young_revocation_views.register_alert, name="young_revocation_alert"),
    path("young-drivers/<int:pk>/paper.pdf", young_revocation_views.paper, name="young_revocation_paper"),
]
# 前歴通知書 (規程第21条第2号, 第22条第2号) — ADR 0016 part 10.
from menkyo.dispositions import prior_record_views  # noqa: E402

urlpatterns += [
    path("applicants/<int:pk>/prior-record/", prior_record_views.enter, name="prior_record_enter"),
    path("prior-records/", prior_record_views.prior_record_list, name="prior_records"),
    path("prior-records/<int:pk>/", prior_record_views.prior_record, name="prior_record"),
    path("prior-records/<int:pk>/hand/", prior_record_views.hand, name="prior_record_hand"),
    path("prior-records/<int:pk>/notice.pdf", prior_record_views.paper, name="prior_record_paper"),
]

# 事後取消し・事後停止 (規程第41条の4) — ADR 0016 part 10.
from menkyo.dispositions import post_issue_views  # noqa: E402

urlpatterns += [
    path("post-issue/", post_issue_views.post_issue_list, name="post_issue"),
]

# 仮禁止通知書 and the 運転禁止's 出頭命令書 (道路交通法第107条の5第10項・第11項; branch interimmore).
from menkyo.dispositions import ban_paper_views  # noqa: E402

urlpatterns += [
    path("driving-bans/provisional/<int:pk>/notice.pdf", ban_paper_views.provisional_ban_notice,
         name="provisional_ban_notice"),
    path("driving-bans/<int:pk>/papers/appearance-order.pdf", ban_paper_views.ban_appearance_order,
         name="ban_appearance_order"),
]
# 再試験 未受験: the 取消 decided after the 意見の聴取, executed as the failed one's (規程第41条の2第1項).
urlpatterns += [path("retests/<int:pk>/decided/", retest_views.decided, name="retest_decided")]
# 第41条の2第2項前段: the 初心運転者取消手配 of one who fled after failing the 再試験.
urlpatterns += [path("retests/<int:pk>/fled/", retest_views.fled, name="retest_fled")]
# 第41条の2第3項, 第41条の2の2第3項: the 取消処分書の送付書 to the 署長 of the person's address.
from menkyo.dispositions import revocation_send_views  # noqa: E402

urlpatterns += [path("cases/<int:pk>/papers/revocation-send.pdf", revocation_send_views.revocation_send,
                     name="revocation_send")]
