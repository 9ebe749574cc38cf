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
    description="操作者の役割変更・無効化・有効化、端末の失効（自県に限る）",
)
