"""Who reviews inquiries (照会履歴確認): the 監査 role of the inquirer's prefecture.

- The 監査 role of 兵庫 reviews the inquiries made by 兵庫's operators and devices
  (lists are scoped with ``visible_to``; one review with ``own_prefecture``).
- There is no national (警察庁) reviewer yet: an NPA reviewer would need an
  operator without a prefecture, which menkyo does not have; when it comes it
  is one more rule admitting that role to every prefecture (docs/operations.md).
- The operator's supervisor (所属長) is the 決定 role of the same prefecture: it
  sees the outcomes of its own affiliation's operators and acknowledges a
  finding of 不適正 (the list is narrowed to the supervisor's affiliation).
- 監査 is never combined with record-changing roles (accounts), so a reviewer
  cannot review lookups they made for casework.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

AUDIT_NEEDED = "（「監査」の役割が必要です）"

VIEW_INQUIRIES = add_rule(
    "oversight.view_inquiries", roles=(Role.AUDIT,),
    denial="照会履歴を確認する権限がありません" + AUDIT_NEEDED + "。",
    legal_basis=legal.KITEI_45, description="照会履歴・不審照会レポートの閲覧とCSV出力（自県の操作者・端末の照会）",
)
REVIEW_INQUIRY = add_rule(
    "oversight.review_inquiry", roles=(Role.AUDIT,), own_prefecture=True,
    denial="照会の審査は「監査」の役割を持つ操作者のみ行えます。",
    denial_other_prefecture="他の都道府県の操作者の照会は審査できません。",
    legal_basis=legal.KITEI_45, description="不審照会の審査（正当・不適正の判定と所見。自県に限る）",
)
VIEW_OUTCOMES = add_rule(
    "oversight.view_outcomes", roles=(Role.DECISION, Role.AUDIT),
    denial="照会審査結果を閲覧する権限がありません（「決定」または「監査」の役割が必要です）。",
    legal_basis=legal.KITEI_45, description="照会審査結果の閲覧（決定は自所属の操作者、監査は自県）",
)
ACKNOWLEDGE_REVIEW = add_rule(
    "oversight.acknowledge_review", roles=(Role.DECISION,), own_prefecture=True,
    denial="審査結果の確認は操作者の所属長（「決定」の役割）のみ行えます。",
    denial_other_prefecture="他の都道府県の操作者の審査結果は確認できません。",
    legal_basis=legal.KITEI_45, description="不適正とされた照会の確認（所属長。自県・自所属に限る）",
)
MANAGE_WATCH_LIST = add_rule(
    "oversight.manage_watch_list", roles=(Role.AUDIT,),
    denial="注意リストを管理する権限がありません" + AUDIT_NEEDED + "。",
    legal_basis=legal.KITEI_45, description="公人等注意リストの閲覧・登録・削除（自県）",
)
