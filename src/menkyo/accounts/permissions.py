"""Who may manage operators and devices: the 管理 role, within its own prefecture."""

from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

ADMIN_ONLY = "操作者・端末の管理は「管理」の役割を持つ操作者のみ行えます。"

MANAGE_OPERATORS = add_rule(
    "accounts.manage_operators", roles=(Role.ADMIN,), denial=ADMIN_ONLY,
    description="操作者・端末の一覧、登録（自県の所属に限る）",
)
MANAGE_OPERATOR = add_rule(
    "accounts.manage_operator", roles=(Role.ADMIN,), own_prefecture=True, denial=ADMIN_ONLY,
    denial_other_prefecture="他の都道府県の操作者・端末は管理できません。",
    description="操作者の役割変更・無効化・有効化・パスワード再設定・二要素認証の再設定・ロック解除、役割付与申請、端末の失効（自県に限る。自分自身は不可）",
)
APPROVE_ROLE_GRANT = add_rule(
    "accounts.approve_role_grant", roles=(Role.ADMIN,), own_prefecture=True,
    denial="役割付与申請の承認・却下は「管理」の役割を持つ操作者のみ行えます。",
    denial_other_prefecture="他の都道府県の操作者への役割付与申請は承認・却下できません。",
    description="決定・監査・管理の役割付与申請の承認・却下（自県に限る。申請者本人・対象者本人は承認できない）",
)
