"""Who may read the audit trail: the 監査 role (照会履歴確認), scoped to its prefecture."""

from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

VIEW_EVENTS = add_rule(
    "audit.view_events", roles=(Role.AUDIT,),
    denial="監査記録を閲覧する権限がありません（「監査」の役割が必要です）。",
    description="監査記録の検索・CSV出力（自県の操作者または自県の対象者の記録）",
)
