"""Who prepares and who decides a disposition case (規程第30条–第32条, 第44条).

**The case's prefecture** is the driver's home prefecture when the case opens: the 公安委員会 of the
住所地 disposes (道路交通法第103条第1項), and a report from another prefecture reaches it through the
register (第28条) — the registering prefecture does not decide (移送, 第38条, is part 4).

- **Prepare** (審査 第30条: the proposal, 決定への送付) and **hold the hearing** (第44条: notices, 公示,
  変更通知書, 聴取等の記録, the papers): 「審査」 operators of the case's prefecture.
- **Decide** (第31条): 「決定」 operators of the case's prefecture whose 決定権限 is the authority the
  law engine names for the proposal (checked by the service, with the separation of duties: never
  an operator who prepared the case).
- **Defer** (処分猶予) and **strike out** (抹消, 第32条): 「決定」 of the case's prefecture, never a
  preparer.
- **Read** a case and **list** the queues: 「審査」「決定」 (lists show the actor's prefecture only).
- **Summon** (出頭通知, 第34条第1項: the 免許課長 sends the 処分書 or calls the person): 「審査」 of the
  case's prefecture.
- **Execute** (処分書の交付, 第34条第1項・第2項: the 免許課長 himself or the 署長 of the address) and
  **release the held card** / **record the 停止処分者講習** (第43条: 免許課長等 on the 行政処分期間短縮
  通知書): 「窓口」 and 「審査」 of the case's prefecture — the counter hands the 処分書 over and takes the
  card; 「決定」 decides and does not execute (its decision is the ground of the execution).
- **執行不能** (第37条): no role — the daily batch marks it once the 20 days have passed.
- **Read** the execution page and **list** the executions due: 「窓口」「審査」「決定」.
Devices neither prepare, decide nor execute.
"""

import rules

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import RULES, add_rule, record_prefecture

DIVISION = (Role.CASE_OFFICER, Role.DECISION)
EXECUTORS = (Role.COUNTER, Role.CASE_OFFICER)

PREPARE = add_rule(
    "dispositions.prepare_case", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="処分事案の審査・聴取等の手続は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は審査できません（運転者の住所地の都道府県が審査します）。",
    legal_basis=legal.KITEI_30, description="処分事案の審査・処分案・決定への送付",
)
HEAR = add_rule(
    "dispositions.hold_hearing", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="意見の聴取・聴聞・弁明の通知と記録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の聴取等は行えません。",
    legal_basis=legal.KITEI_44, description="聴取等の期日の通知・公示・変更通知と結果の記録、通知書等の作成",
)
DECIDE = add_rule(
    "dispositions.decide_case", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="処分の決定は「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は決定できません。",
    legal_basis=legal.KITEI_31, description="処分の決定（決定権限が決定権者と一致する者、審査した者を除く）",
)
CLOSE = add_rule(
    "dispositions.close_case", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="処分猶予・抹消は「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の処分猶予・抹消はできません。",
    legal_basis=legal.KITEI_32, description="処分猶予登録・抹消登録（審査した者を除く）",
)
VIEW = add_rule(
    "dispositions.view_case", roles=DIVISION, own_prefecture=True, device_kinds=(),
    denial="処分事案は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の処分事案は閲覧できません。",
    legal_basis=legal.KITEI_30, description="処分事案・聴取等・決定の閲覧",
)
LIST = add_rule(
    "dispositions.list_cases", roles=DIVISION, device_kinds=(),
    denial="処分事案の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_30, description="審査待ち・今週の聴取等・決定待ちの一覧（自県の事案のみ表示）",
)
SUMMON = add_rule(
    "dispositions.summon_for_execution", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="出頭通知は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の出頭通知はできません。",
    legal_basis=legal.KITEI_34, description="決定した処分の出頭通知（出頭日・場所、出頭通知書）",
)
EXECUTE = add_rule(
    "dispositions.execute_case", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="処分の執行（処分書の交付）は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は執行できません（執行依頼を受理した場合を除く）。",
    legal_basis=legal.KITEI_34, description="処分書の交付・免許証の返納又は保管・免許情報記録の抹消",
)
UNEXECUTABLE = add_rule(
    "dispositions.mark_unexecutable", roles=(), own_prefecture=True, device_kinds=(),
    denial="執行不能の登録は日次の処理（バッチ）のみが行います。",
    denial_other_prefecture="執行不能の登録は日次の処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_37, description="所在調査の期間（20日）を過ぎた処分事案の執行不能と処分手配（バッチのみ）",
)
COURSE = add_rule(
    "dispositions.record_course", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="停止処分者講習の結果は「窓口」「審査」の役割を持つ操作者のみ記録できます。",
    denial_other_prefecture="他の都道府県の処分事案の講習結果は記録できません。",
    legal_basis=legal.KITEI_43, description="停止処分者講習の成績の記録と停止期間の短縮",
)
RELEASE_CARD = add_rule(
    "dispositions.release_card", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="保管した免許証の返還は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県で保管している免許証は返還できません。",
    legal_basis=legal.KITEI_43, description="停止の終期が到来した者への保管免許証の返還",
)
VIEW_EXECUTION = add_rule(
    "dispositions.view_execution", roles=(Role.COUNTER, *DIVISION), own_prefecture=True, device_kinds=(),
    denial="処分の執行は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の処分の執行は閲覧できません。",
    legal_basis=legal.KITEI_34, description="処分の執行・出頭・講習・免許証の保管の閲覧、出頭通知書・処分書の作成",
)
LIST_EXECUTIONS = add_rule(
    "dispositions.list_executions", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="執行待ちの一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_34, description="執行待ち・執行不能・返還予定の一覧（自県の事案のみ表示）",
)

# 拒否・保留 of applicants (規程第21条–第25条): the 通知書 is handed over by the station (第24条) and the
# station reports the end of a 保留 (第25条第1項) — 「窓口」「審査」 of the case's prefecture, like the
# execution of a 取消・停止; the 交付停止 of a case is the licence division's (「審査」, cards.hold_issue).
NOTIFY_REFUSAL = add_rule(
    "dispositions.notify_refusal", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="拒否・保留の通知（通知書の交付）は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の拒否・保留事案の通知はできません。",
    legal_basis=legal.KITEI_24, description="運転免許拒否・保留処分通知書の交付（欠格期間・保留期間の記録）",
)
REPORT_DEFERRAL_ENDED = add_rule(
    "dispositions.report_deferral_ended", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="保留期間満了の通報は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の保留事案の満了は通報できません。",
    legal_basis=legal.KITEI_25, description="保留の期間の満了の通報（審査の者は交付停止の解除も行う）",
)
HOLD_FOR_CASE = add_rule(
    "dispositions.hold_for_case", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="拒否・保留事案の交付停止の通報は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の拒否・保留事案の交付停止は通報できません。",
    legal_basis=legal.KITEI_21, description="拒否・保留事案の対象者への免許証の交付停止の通報（第21条第1号）",
)
LIST_APPLICANTS = add_rule(
    "dispositions.list_applicants", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="拒否・保留の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_25, description="通知待ちの拒否・保留と保留期間が満了する者の一覧（自県の事案のみ表示）",
)


# --- 仮停止 (規程第39条) and 危険性帯有の上申 (第29条) — ADR 0016 part 4b ---------------------------------
# The 事故捜査担当所属長・署長 of the accident place reports and makes the 仮停止 (法第103条の2第1項: the
# 警察署長 of the place where the accident happened), whoever the driver is: the reporting station's
# 「審査」 operators, in any prefecture — the case belongs to the reporter's prefecture. The 弁明 and the
# papers are that prefecture's (the station's). Only the daily batch ends a 仮停止 on its term.
# A 署長等's 危険性帯有等行政処分上申書 (第29条) likewise comes from any station: 「審査」 anywhere; the case
# opens in the driver's home prefecture (法第103条第1項) and follows the review/hearing/decision rules.

REPORT_PROVISIONAL = add_rule(
    "dispositions.report_provisional", roles=(Role.CASE_OFFICER,), device_kinds=(),
    denial="仮停止の報告（仮停止等事案発生即報書）と仮停止は「審査」の役割を持つ操作者のみできます。",
    legal_basis=legal.KITEI_39, description="仮停止等事案発生即報書による報告と仮停止（事故の場所の警察署等）",
)
HANDLE_PROVISIONAL = add_rule(
    "dispositions.handle_provisional", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="仮停止の弁明・関係書類の送付の記録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県が行った仮停止の弁明・関係書類の送付は記録できません。",
    legal_basis=legal.KITEI_39, description="仮停止の弁明（弁明調書）と関係書類の送付の記録",
)
END_PROVISIONAL = add_rule(
    "dispositions.end_provisional", roles=(), own_prefecture=True, device_kinds=(),
    denial="仮停止の終了は日次の処理（バッチ）のみが行います。",
    denial_other_prefecture="仮停止の終了は日次の処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_39, description="終期（事故の日から30日）の到来又は本処分の執行による仮停止の終了（バッチのみ）",
)
REPORT_DANGER = add_rule(
    "dispositions.report_danger", roles=(Role.CASE_OFFICER,), device_kinds=(),
    denial="危険性帯有等行政処分上申書による上申は「審査」の役割を持つ操作者のみできます。",
    legal_basis=legal.KITEI_29, description="危険性帯有（法第103条第1項第8号）による取消し・停止の上申（処分事案の開始）",
)
EARLY_HEARING = add_rule(
    "dispositions.request_early_hearing", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="早期の意見の聴取（準仮停止）は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案を早期の意見の聴取の対象にはできません。",
    legal_basis=legal.KITEI_40, description="累積点数が取消しに該当する処分事案の早期の意見の聴取（準仮停止）",
)

# --- hand-offs between prefectures (移送 第38条, 執行依頼 第38条の2; ``dispositions.handoffs``) ---------
# - **Send** a 移送 or an 執行依頼 (the 免許課長's 送付書): 「審査」 of the case's prefecture.
# - **Accept / return** what was sent: 「審査」 of the receiving prefecture (the hand-off's prefecture).
# - **Execute** a requested disposition: 「窓口」「審査」 of the prefecture an accepted 執行依頼 names, through
#   the ordinary execution (its rule and the execution page's admit that prefecture too).
# - **List / read** the hand-offs and their 送付書: 「窓口」 (to find the 執行依頼 to execute), 「審査」「決定」
#   of either side.

SEND_HANDOFF = add_rule(
    "dispositions.send_handoff", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="移送・執行依頼の送付は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は移送・執行依頼できません。",
    legal_basis=legal.KITEI_38, description="住所地の公安委員会への移送（行政処分関係書類送付書）・執行依頼（処分執行依頼書）",
)
ACCEPT_HANDOFF = add_rule(
    "dispositions.accept_handoff", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="移送・執行依頼の受理・返戻は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県に送付された移送・執行依頼は受理・返戻できません。",
    legal_basis=legal.KITEI_38_3, description="送付された事案・執行依頼の受理（自県の事案として処理）又は返戻",
)
LIST_HANDOFFS = add_rule(
    "dispositions.list_handoffs", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="移送・執行依頼は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_38, description="送付した・送付された移送・執行依頼の一覧と送付書（自県が送付元又は送付先のもの）",
)


@rules.predicate
def requested_here(actor, record) -> bool:
    """The case (or hand-off) is an 執行依頼 to the actor's prefecture that it accepted (第38条の2第2項) —
    and executed: the executing side keeps reading the execution it did."""
    # Here, not at the top: the rules are declared before the apps' models are loaded.
    from menkyo.dispositions.models import Case, Handoff, HandoffKind, HandoffState


    case_id = record.pk if isinstance(record, Case) else getattr(record, "case_id", None)
    return bool(actor.prefecture_id) and case_id is not None and Handoff.objects.filter(
        case_id=case_id, kind=HandoffKind.EXECUTION, state__in=(HandoffState.ACCEPTED, HandoffState.EXECUTED),
        to_prefecture_id=actor.prefecture_id).exists()


for _rule in (EXECUTE, VIEW_EXECUTION):
    RULES.set_rule(_rule.name, _rule.predicate | (_rule.who & requested_here))

# --- deadlines at risk (ADR 0016 part 7; ``dispositions.deadlines``) ---------------------------------
# - **List** the dated obligations of the dispositions work (仮停止, 聴取等の通知・期日, 所在調査, 保留の満了,
#   講習・再試験, 移送・執行依頼) and download them as CSV: 「窓口」「審査」「決定」 — the queryset shows the
#   actor's prefecture only and each kind to the roles that take its step (「決定」 sees all, to oversee).
# - **Read** (mark as read) a deadline notice of the actor's office or prefecture: the same roles, own prefecture.
# - **Raise** the ones due soon into the offices' inboxes: the daily batch only.

LIST_DEADLINES = add_rule(
    "dispositions.list_deadlines", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="期限管理の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_30, description="期限が迫る事案の一覧・CSV（仮停止・聴取等・所在調査・保留・講習・移送等、自県のみ）",
)
READ_DEADLINE_NOTICE = add_rule(
    "dispositions.read_deadline_notice", roles=(Role.COUNTER, *DIVISION), own_prefecture=True, device_kinds=(),
    denial="期限の通知は「窓口」「審査」「決定」の役割を持つ操作者のみ既読にできます。",
    denial_other_prefecture="他の都道府県あての期限の通知は扱えません。",
    legal_basis=legal.KITEI_30, description="自所属・自県あての期限の通知を既読にする",
)
RAISE_DEADLINES = add_rule(
    "dispositions.raise_deadlines", roles=(), device_kinds=(),
    denial="期限の通知は日次の処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_30, description="期限が設定日数以内に迫る事案を所属の通知に上げる（バッチのみ）",
)

# --- 一定の病気等 (規程第26条–第27条の3; ``dispositions.medical``) — ADR 0016 part 5 ---------------------
# - **Receive** a 医師の届出 (第26条の2第1項: 免許課長等 — the licence division or a station), a report (第26条)
#   or a station's 通報 (第26条の3第1項): 「審査」 of any prefecture (the doctor reports to the commission he
#   chooses; 第26条の2第4項 sends another prefecture's resident's matter on) — the matter belongs to the
#   driver's home prefecture.
# - **Handle** it (the 免許課長's review 第26条・第26条の2第2項 — closing it — and the 臨適通知・命令 第26条の3) and
#   **record the result** (第27条の2, with the case a 不適 or 不受検 opens, 第27条・第27条の3): 「審査」 of the
#   matter's prefecture (two rules: the articles differ).
# - **Read** a matter: 「審査」「決定」 of its prefecture; **list**: 「審査」「決定」 (the queryset scopes).
RECEIVE_MEDICAL = add_rule(
    "dispositions.receive_medical_report", roles=(Role.CASE_OFFICER,), device_kinds=(),
    denial="医師の届出・報告・通報の受理は「審査」の役割を持つ操作者のみできます。",
    legal_basis=legal.KITEI_26NO2, description="医師の届出（医師の届出受理票）・報告・所属長の通報の受理（一定の病気等の事案の開始）",
)
HANDLE_MEDICAL = add_rule(
    "dispositions.handle_medical", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="一定の病気等の事案の審査・臨適通知・命令は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の一定の病気等の事案は扱えません（運転者の住所地の都道府県が扱います）。",
    legal_basis=legal.KITEI_26NO3_2, description="審査（措置不要の終結）・臨適通知・診断書提出命令・受検等命令",
)
VIEW_MEDICAL = add_rule(
    "dispositions.view_medical", roles=DIVISION, own_prefecture=True, device_kinds=(),
    denial="一定の病気等の事案は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の一定の病気等の事案は閲覧できません。",
    legal_basis=legal.KITEI_26NO2, description="一定の病気等の事案の閲覧と受理票・通知書・命令書の作成",
)
LIST_MEDICAL = add_rule(
    "dispositions.list_medical", roles=DIVISION, device_kinds=(),
    denial="一定の病気等の事案の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_26NO2, description="審査中・結果待ちの一定の病気等の事案と期限の一覧（自県の事案のみ表示）",
)
RECORD_MEDICAL_RESULT = add_rule(
    "dispositions.record_medical_result", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="臨時適性検査等の結果の登録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の一定の病気等の事案の結果は登録できません。",
    legal_basis=legal.KITEI_27NO2, description="臨時適性検査・診断書の結果の登録（不適・不受検による処分事案の開始を含む）",
)

# --- 仮免許の取消し (規程第41条; ``dispositions.revocations``) — ADR 0016 part 6 -------------------------
# - **Report** (仮運転免許取消事案発生通報書, 第41条第1項): 「審査」 of the prefecture whose commission gave
#   the 仮免許 (the 署長等 report to their own 免許課長).
# - **Decide** (第41条第2項: the 免許課長 審査し決定): 「決定」 of that prefecture; the service also requires the
#   decision level the law engine names (免許課長) and refuses the operator who reported.
# - **Serve** (第41条第3項: the 署長等 hand over the 処分通知書, take the 弁明調書 and the 仮免許証): 「窓口」「審査」.
# - **Read / list**: 「窓口」「審査」「決定」 of that prefecture.

REPORT_PROVISIONAL_REVOCATION = add_rule(
    "dispositions.report_provisional_revocation", roles=(Role.CASE_OFFICER,), own_prefecture=True,
    device_kinds=(),
    denial="仮運転免許取消事案発生通報書による通報は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の公安委員会が与えた仮免許の取消事案は通報できません（その都道府県に連絡してください）。",
    legal_basis=legal.KITEI_41, description="仮運転免許取消事案発生通報書による免許課長への通報",
)
DECIDE_PROVISIONAL_REVOCATION = add_rule(
    "dispositions.decide_provisional_revocation", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="仮免許の取消しの決定は「決定」の役割を持つ操作者（免許課長）のみできます。",
    denial_other_prefecture="他の都道府県の仮免許の取消しは決定できません。",
    legal_basis=legal.KITEI_41_P2, description="仮免許の取消しの審査と決定（免許課長、通報した者を除く）",
)
SERVE_PROVISIONAL_REVOCATION = add_rule(
    "dispositions.serve_provisional_revocation", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="仮運転免許取消し処分通知書の交付は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の仮免許の取消しの通知書は交付できません。",
    legal_basis=legal.KITEI_41_P3, description="仮運転免許取消し処分通知書の交付、弁明調書の作成と仮免許証の返納",
)
VIEW_PROVISIONAL_REVOCATION = add_rule(
    "dispositions.view_provisional_revocation", roles=(Role.COUNTER, *DIVISION), own_prefecture=True,
    device_kinds=(),
    denial="仮免許の取消事案は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の仮免許の取消事案は閲覧できません。",
    legal_basis=legal.KITEI_41, description="仮免許の取消事案の一覧・閲覧と仮運転免許取消し処分通知書",
)
LIST_PROVISIONAL_REVOCATIONS = add_rule(
    "dispositions.list_provisional_revocations", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="仮免許の取消事案の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_41, description="仮免許の取消事案の一覧（自県のもの）",
)

# --- 再試験に係る免許の取消し (規程第41条の2; ``dispositions.retests``) — ADR 0016 part 6 -------------------
# The 試験場長 hands the 取消処分書 over at once after a failed 再試験: 「窓口」「審査」 of the case's prefecture
# (the 試験場's counter, as for the execution of 取消・停止).
REVOKE_AFTER_RETEST = add_rule(
    "dispositions.revoke_after_retest", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="再試験に不合格となった者の取消処分の執行は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の再試験に係る取消処分は執行できません。",
    legal_basis=legal.KITEI_41NO2,
    description="再試験に不合格となった者への取消処分書の交付と初心運転者取消登録（引き続き受ける種類の免許証の作成）",
)

# --- 暫定停止 (道路交通法第104条の2の3; 規程第34条第3項第4号・第5項) — ADR 0016 part 8 ----------------------
# - **Impose** (the 公安委員会's decision, executed at once by the licence division, 第34条第1項) and **lift**
#   (第1項後段, 第34条第5項): 「決定」 of the medical matter's prefecture whose 決定権限 is the one ``rules.authority``
#   names (公安委員会; checked by the service).
# - **Record the 弁明** (法第104条の2の3第2項; 弁明調書): 「審査」 of the case's prefecture.
# - **End on the term** (期間満了): only the daily batch. Reading and lists use ``view_case`` / ``list_cases``.
IMPOSE_INTERIM = add_rule(
    "dispositions.impose_interim", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="暫定停止の決定は「決定」の役割を持つ操作者（公安委員会の決定権限）のみできます。",
    denial_other_prefecture="他の都道府県の一定の病気等の事案について暫定停止はできません（住所地の公安委員会が行います）。",
    legal_basis=legal.KITEI_34_3, description="暫定停止の決定と執行（免許証の保管・免許情報記録の抹消）",
)
LIFT_INTERIM = add_rule(
    "dispositions.lift_interim", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="暫定停止の解除は「決定」の役割を持つ操作者（公安委員会の決定権限）のみできます。",
    denial_other_prefecture="他の都道府県の暫定停止は解除できません。",
    legal_basis=legal.KITEI_34_5, description="暫定停止の解除（運転免許効力停止処分解除通知書）",
)
HANDLE_INTERIM = add_rule(
    "dispositions.handle_interim", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="暫定停止の弁明の記録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の暫定停止の弁明は記録できません。",
    legal_basis=legal.KITEI_44, description="暫定停止の弁明の機会の付与（弁明調書）の記録",
)
END_INTERIM = add_rule(
    "dispositions.end_interim", roles=(), own_prefecture=True, device_kinds=(),
    denial="暫定停止の期間満了は日次の処理（バッチ）のみが行います。",
    denial_other_prefecture="暫定停止の期間満了は日次の処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_34_3, description="終期を過ぎた暫定停止の期間満了（バッチのみ）",
)


# --- the receiving side of an 執行依頼, and withdrawals (規程第38条の2第2項; ``dispositions.handoff_receiving``) ---
# - **Summon** and **record the 停止処分者講習** of a requested disposition: the receiving prefecture processes
#   it 「第34条から第37条までの規定に準じて」 — 「審査」 (summon) and 「窓口」「審査」 (course) of the prefecture an
#   accepted 執行依頼 names, as for the execution itself (the deciding side keeps its own rights).
# - **Give back the held card**: wherever the card is — the executing prefecture until it sends the card
#   back with the 執行依頼処分通知書, the deciding one after (or when the case was never requested).
# - **Report** a requested execution (執行依頼処分通知書, the card sent back or given back here): 「審査」 of
#   the receiving prefecture (the 免許課長 sends it).
# - **Withdraw** a hand-off not yet accepted: 「審査」 of the prefecture that sent it (the hand-off's
#   ``from_prefecture``; the row's own prefecture is the receiving one).

REPORT_REQUESTED_EXECUTION = add_rule(
    "dispositions.report_requested_execution", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="執行依頼処分通知書の送付は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県が受けた執行依頼の執行は通知できません。",
    legal_basis=legal.KITEI_38NO2_2, description="執行依頼を受けた処分の執行の通知（執行依頼処分通知書）と免許証の送付",
)
WITHDRAW_HANDOFF = add_rule(
    "dispositions.withdraw_handoff", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="移送・執行依頼の取下げは「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県が送付した移送・執行依頼は取り下げられません。",
    legal_basis=legal.KITEI_38, description="受理される前の移送・執行依頼の取下げ（理由を記録）",
)


@rules.predicate
def sent_from_here(actor, handoff) -> bool:
    """The hand-off was sent by the actor's prefecture."""
    sender = getattr(handoff, "from_prefecture_id", None) or record_prefecture(handoff)  # another record: its own
    return bool(actor.prefecture_id) and sender == actor.prefecture_id


def card_custody(case) -> str:
    """The prefecture holding the card of an executed case: the executing one of an 執行依頼 until it
    reports the card sent back (規程第38条の2第2項), otherwise the case's."""
    # Here, not at the top: the rules are declared before the apps' models are loaded.
    from menkyo.dispositions.models import Case, Handoff, HandoffKind, HandoffState

    if not isinstance(case, Case):
        return record_prefecture(case)
    handoff = (Handoff.objects.filter(case_id=case.pk, kind=HandoffKind.EXECUTION, state=HandoffState.EXECUTED)
               .select_related("follow_up").first())
    if handoff is None:
        return case.prefecture_id
    follow_up = getattr(handoff, "follow_up", None)
    return handoff.from_prefecture_id if follow_up and follow_up.card == "sent" else handoff.to_prefecture_id


@rules.predicate
def card_here(actor, case) -> bool:
    """The card of ``case`` is in the actor's prefecture's custody."""
    return bool(actor.prefecture_id) and case is not None and card_custody(case) == actor.prefecture_id


for _rule in (SUMMON, COURSE):
    RULES.set_rule(_rule.name, _rule.predicate | (_rule.who & requested_here))
RULES.set_rule(RELEASE_CARD.name, RELEASE_CARD.who & card_here)
RULES.set_rule(WITHDRAW_HANDOFF.name, WITHDRAW_HANDOFF.who & sent_from_here)


# The 処分手配 of a requested case the receiving prefecture marked 執行不能 is that prefecture's (its summoning
# office's, 第46条第1項); when the person turns up at the deciding prefecture's counter instead, that execution
# releases it (第47条: the need is gone) — ``alerts.release_executed_alert`` also admits 「窓口」「審査」 of the
# prefecture whose case the alert was registered for (``Execution.alert``).
from menkyo.alerts.permissions import RELEASE_EXECUTED_ALERT  # noqa: E402  (after the rules it extends are declared)


@rules.predicate
def alert_of_own_case(actor, alert) -> bool:
    """The alert is the 処分手配 of an execution of a case of the actor's prefecture."""
    # Here, not at the top: the rules are declared before the apps' models are loaded.
    from menkyo.dispositions.models import Execution

    return bool(actor.prefecture_id) and Execution.objects.filter(
        alert_id=getattr(alert, "pk", None), case__prefecture_id=actor.prefecture_id).exists()


RULES.set_rule(RELEASE_EXECUTED_ALERT.name, RELEASE_EXECUTED_ALERT.predicate
               | (RELEASE_EXECUTED_ALERT.who & alert_of_own_case))


# --- 運転禁止 (道路交通法第107条の5; 規程第30条第2項, 第31条第2項, 第49条) -----------------------------------
# The permit's record belongs to the prefecture of its holder's 住所地 or 居所 (the commission that may ban, 第1項);
# the ban's, to its case's. 「窓口」「審査」 register a permit shown at the counter or on the papers; 「審査」 opens
# the case (基本量定書) and proposes through ``prepare_case``; 「決定」 decides through ``decide_case`` (the service
# requires the 公安委員会 level); 「窓口」「審査」 execute (処分書, the permit held) and give the permit back; only the
# daily job ends a ban on its last day. Devices do none of it.
PERMIT_STAFF = (Role.COUNTER, Role.CASE_OFFICER, Role.DECISION)

REGISTER_FOREIGN_PERMIT = add_rule(
    "dispositions.register_foreign_permit", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="国際運転免許証等の登録は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="住所地・居所が他の都道府県の者の国際運転免許証等は登録できません（住所地の公安委員会が処分します）。",
    legal_basis=legal.KITEI_30_2, description="国際運転免許証・外国運転免許証の登録（保有者の特定・登録）",
)
VIEW_FOREIGN_PERMIT = add_rule(
    "dispositions.view_foreign_permit", roles=PERMIT_STAFF, own_prefecture=True, device_kinds=(),
    denial="国際運転免許証等と運転禁止は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の国際運転免許証等・運転禁止は閲覧できません。",
    legal_basis=legal.KITEI_49, description="国際運転免許証等・運転禁止の閲覧（処分書の作成を含む）",
)
LIST_DRIVING_BANS = add_rule(
    "dispositions.list_driving_bans", roles=PERMIT_STAFF, device_kinds=(),
    denial="国際運転免許証等・運転禁止の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_49, description="国際運転免許証等・運転禁止の一覧（自県のもののみ表示）",
)
OPEN_DRIVING_BAN = add_rule(
    "dispositions.open_driving_ban", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="運転禁止の処分事案の開始は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の国際運転免許証等について処分事案は開始できません（住所地の公安委員会が処分します）。",
    legal_basis=legal.KITEI_30_2, description="運転禁止の処分事案の開始（基本量定書（運転禁止）による審査）",
)
EXECUTE_DRIVING_BAN = add_rule(
    "dispositions.execute_driving_ban", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="運転禁止の執行は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の運転禁止は執行できません。",
    legal_basis=legal.KITEI_49, description="運転禁止の執行（処分書の交付・国際運転免許証等の保管）",
)
RETURN_FOREIGN_PERMIT = add_rule(
    "dispositions.return_foreign_permit", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="保管した国際運転免許証等の返還は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県が保管する国際運転免許証等は返還できません。",
    legal_basis=legal.KITEI_49, description="運転禁止の終期以後の国際運転免許証等の返還",
)
END_DRIVING_BAN = add_rule(
    "dispositions.end_driving_ban", roles=(), own_prefecture=False, device_kinds=(),
    denial="運転禁止の期間満了は日次処理のみが記録します。",
    legal_basis=legal.KITEI_49, description="運転禁止の期間満了（日次処理）",
)
# 仮禁止 (法第107条の5第10項 applying 第103条の2): the 警察署長 of the accident place, like a 仮停止 — 「審査」 of any
# prefecture reports it (the record is the reporter's prefecture's); that prefecture's 「審査」 records the 弁明; only
# the daily job ends it.
REPORT_PROVISIONAL_BAN = add_rule(
    "dispositions.report_provisional_ban", roles=(Role.CASE_OFFICER,), device_kinds=(),
    denial="仮禁止は「審査」の役割を持つ操作者のみできます。",
    legal_basis=legal.KITEI_39, description="仮禁止（国際運転免許証等を所持する者、事故の場所の警察署等、法第107条の5第10項）",
)
HANDLE_PROVISIONAL_BAN = add_rule(
    "dispositions.handle_provisional_ban", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="仮禁止の弁明の記録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県が行った仮禁止の弁明は記録できません。",
    legal_basis=legal.KITEI_39_2, description="仮禁止の弁明（弁明調書）の記録",
)
END_PROVISIONAL_BAN = add_rule(
    "dispositions.end_provisional_ban", roles=(), device_kinds=(),
    denial="仮禁止の終了は日次処理のみが記録します。",
    legal_basis=legal.KITEI_39, description="終期の到来又は運転禁止の執行による仮禁止の終了（日次処理）",
)
# --- 若年運転者期間に係る免許の取消し (規程第41条の2の2) and the 取消手配 (第41条の2第2項) — ADR 0016 part 9 -----
# - **Execute** (第1項, 第4項): the 若年運転者取消処分書 handed over — 「窓口」「審査」 of the case's prefecture (the
#   licence division's counter, or the station's when it was sent to the 署長), as the execution of 第34条.
# - **取消手配** (第41条の2第2項, 第41条の2の2第2項): 「審査」 of the case's prefecture (the 免許課長's staff; the
#   試験場長's for the 再試験), or the daily job. No device.
REVOKE_YOUNG = add_rule(
    "dispositions.revoke_young_driver", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="若年運転者期間に係る取消処分の執行は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の若年運転者期間に係る取消処分は執行できません。",
    legal_basis=legal.KITEI_41NO2NO2,
    description="若年運転者取消処分書の交付と若年運転者取消登録（特例取得免許の取消し、引き続き受ける種類の免許証の作成）",
)
REGISTER_REVOCATION_ALERT = add_rule(
    "dispositions.register_revocation_alert", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="初心運転者取消手配・若年運転者取消手配の登録は「審査」の役割を持つ操作者（または日次処理）のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の取消手配は登録できません。",
    legal_basis=legal.KITEI_41NO2NO2_P2,
    description="意見の聴取の通知到達後30日を経過しても出頭しない者の初心運転者取消手配・若年運転者取消手配の登録",
)
# --- 前歴通知書 (規程第21条第2号, 第22条第2号; ``dispositions.prior_records``) — ADR 0016 part 10 ----------
# - **Enter** (通報): the licence division (「審査」) of the case's prefecture finds that the 拒否等処分 cannot be
#   made and reports the 点数通報等; the case ends and the person is on the 処理票.
# - **Hand** the 前歴通知書 when the licence is handed over: 「窓口」「審査」 of the case's prefecture (the
#   station, like the 拒否・保留処分通知書 of 第24条).
# - **List** the entries: 「窓口」「審査」「決定」 (the queryset shows the actor's prefecture only); reading one and
#   its PDF: ``dispositions.view_execution``.
ENTER_PRIOR_RECORD = add_rule(
    "dispositions.enter_prior_record", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="拒否等処分ができない者の通報は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の拒否・保留事案は通報できません。",
    legal_basis=legal.KITEI_21, description="拒否・保留の基準に該当し処分ができない者の通報（処分事案の終了・処理票への登載）",
)
HAND_PRIOR_RECORD = add_rule(
    "dispositions.hand_prior_record", roles=EXECUTORS, own_prefecture=True, device_kinds=(),
    denial="前歴通知書の交付は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の前歴通知書は交付できません。",
    legal_basis=legal.KITEI_22, description="免許証の交付の際の前歴通知書の交付（第22条第2号）",
)
LIST_PRIOR_RECORDS = add_rule(
    "dispositions.list_prior_records", roles=(Role.COUNTER, *DIVISION), device_kinds=(),
    denial="前歴通知書の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_22, description="前歴通知書の交付予定者（免許証の交付前・交付済で未交付・交付済）の一覧（自県のみ表示）",
)

# --- 事後取消し・事後停止 (規程第41条の4; 法第90条第5項・第6項) — ADR 0016 part 10 ---------------------------
# - **Open** the case when it is found that a licence holder met the 拒否・保留 standard before the licence:
#   「審査」 of the holder's prefecture (the licence division, like the 通報 of 第21条). The case then goes through
#   the ordinary 弁明 (hold_hearing), decision (decide_case) and execution (execute_case) rules.
# - **List** them: 「審査」「決定」 (the queryset shows the actor's prefecture only).
OPEN_POST_ISSUE = add_rule(
    "dispositions.open_post_issue", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="事後取消し・事後停止の処分事案の開始は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の免許を受けた者の事後取消し・事後停止は開始できません。",
    legal_basis=legal.KITEI_41NO4, description="免許を受ける前に拒否・保留の基準に該当していた者の処分事案の開始（事後取消し・事後停止）",
)
LIST_POST_ISSUE = add_rule(
    "dispositions.list_post_issue", roles=DIVISION, device_kinds=(),
    denial="事後取消し・事後停止の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_41NO4, description="事後取消し・事後停止の処分事案の一覧（自県のみ表示）",
)
