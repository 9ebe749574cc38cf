"""Who may request, approve, release and read alerts (手配, 規程第46条・第47条), and read hit notifications.

Decisions (docs/operations.md, "Alerts"):

- **Request** (手配登録の要請, 規程第46条第2項): a 所属長's request is entered by the staff of the
  requesting office — 「審査」「決定」「照会」 operators, and 審査・照会 devices of other police systems
  (e.g. the 処分執行不能 report of 第46条第1項). 「窓口」 clerks do not: they take applications, not cases.
- **Approve / reject** (手配登録, 第46条第3項): the licence division's judgement — 「審査」「決定」
  operators of the prefecture, never the person who entered the request (separation of duties,
  enforced by the service and a database constraint) and never a device (a person decides).
- **Release** (手配解除, 第47条): 「審査」「決定」「照会」 of the prefecture, with a reason.
- **Register a 処分手配 automatically** (第46条第1項): no role; only the dispositions batch that marks a
  case 執行不能 registers it, active at once without a second person (the article leaves no discretion:
  免許課長は…登録を行うものとする; the case was decided by two persons already).
- **Release on execution** (第47条): whoever executes the case at the counter — 「窓口」「審査」 of the
  prefecture — releases its 処分手配 in the same transaction (rule ``alerts.release_executed_alert``).
- **Expire**: no role; only the batch (:func:`menkyo.alerts.services.expire_alerts`) runs it.
- **Read** alerts: 「審査」「決定」「照会」; lists show their prefecture's alerts, one alert is read only
  by its prefecture. A hit is seen nationwide through the
  inquiry (照会) answer, which discloses it by role and purpose (:mod:`menkyo.inquiry.disclosure`).
- **Notifications** (第46条第4項): 「審査」「決定」「照会」 read their own office's and their own cases'.

The rules on one alert are scoped to the alert's prefecture — the prefecture of the requesting office;
the list and inbox rules admit the roles, and the lists are scoped in the queryset (``visible_to``,
``addressed_to``: the actor's office and own cases).
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

STAFF = (Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)
APPROVERS = (Role.CASE_OFFICER, Role.DECISION)
OTHER_PREFECTURE = "この手配は他の都道府県の所属が要請したものです。自県の手配のみ扱えます。"

REQUEST_ALERT = add_rule(
    "alerts.request_alert", roles=STAFF, own_prefecture=True,
    denial="手配登録の要請は「審査」「決定」「照会」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の所属の手配登録は要請できません。",
    legal_basis=legal.KITEI_46, description="手配登録の要請（所属長の要請を入力；自県の所属）",
)
APPROVE_ALERT = add_rule(
    "alerts.approve_alert", roles=APPROVERS, own_prefecture=True,
    denial="手配登録の承認・却下は「審査」「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_46, description="手配登録の承認・却下（要請者以外の者）",
)
RELEASE_ALERT = add_rule(
    "alerts.release_alert", roles=STAFF, own_prefecture=True,
    denial="手配の解除は「審査」「決定」「照会」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_47, description="手配の解除（理由が必要）",
)
EXPIRE_ALERT = add_rule(
    "alerts.expire_alert", roles=(), own_prefecture=True,
    denial="手配の期限切れ処理は日次の処理（バッチ）のみが行います。",
    denial_other_prefecture="手配の期限切れ処理は日次の処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_47, description="有効期限を過ぎた手配の期限切れ（バッチのみ）",
)
LIST_ALERTS = add_rule(
    "alerts.list_alerts", roles=STAFF,
    denial="手配は「審査」「決定」「照会」の役割を持つ操作者・端末のみ閲覧できます。",
    legal_basis=legal.KITEI_46, description="手配の一覧（自県の手配のみ表示）・見直し期日の到来した手配",
)
VIEW_ALERTS = add_rule(
    "alerts.view_alerts", roles=STAFF, own_prefecture=True,
    denial="手配は「審査」「決定」「照会」の役割を持つ操作者・端末のみ閲覧できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_46, description="自県の手配の閲覧（閲覧は監査記録に残る）",
)
VIEW_NOTIFICATIONS = add_rule(
    "alerts.view_notifications", roles=STAFF,
    denial="手配該当の通知は「審査」「決定」「照会」の役割を持つ操作者・端末のみ閲覧できます。",
    legal_basis=legal.KITEI_46_4, description="自所属あて・自分の担当事案の手配該当通知の閲覧と既読",
)
REGISTER_DISPOSITION_ALERT = add_rule(
    "alerts.register_disposition_alert", roles=(), own_prefecture=True,
    denial="処分手配の自動登録は執行不能の日次処理（バッチ）のみが行います。",
    denial_other_prefecture="処分手配の自動登録は執行不能の日次処理（バッチ）のみが行います。",
    legal_basis=legal.KITEI_46_1, description="執行不能となった処分事案の処分手配の登録（バッチのみ、承認不要）",
)
RELEASE_EXECUTED_ALERT = add_rule(
    "alerts.release_executed_alert", roles=(Role.COUNTER, Role.CASE_OFFICER), own_prefecture=True, device_kinds=(),
    denial="処分の執行による処分手配の解除は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_47, description="処分の執行と同時に行う処分手配の解除",
)

# 初心運転者取消手配 / 若年運転者取消手配 (規程第41条の2第2項, 第41条の2の2第2項): registered at once by the
# dispositions app — 「審査」 of the prefecture (the 免許課長's / 試験場長's staff) or the daily job.
REGISTER_REVOCATION_ALERT = add_rule(
    "alerts.register_revocation_alert", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="初心運転者取消手配・若年運転者取消手配の登録は「審査」の役割を持つ操作者（または日次処理）のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_41NO2NO2_P2,
    description="意見の聴取に出頭しない者の初心運転者取消手配・若年運転者取消手配の登録（承認不要）",
)
