"""Who may manage operators and devices: the 管理 role, within its own prefecture."""

from menkyo.core.models import Role
from menkyo.core.permissions import add_rule, has_role, same_prefecture

is_admin = has_role(Role.ADMIN)

MANAGE_OPERATORS = add_rule(
    "accounts.manage_operators", is_admin,
    denial="操作者・端末の管理は「管理」の役割を持つ操作者のみ行えます。",
    description="操作者・端末の一覧、登録（自県の所属に限る）",
)
MANAGE_OPERATOR = add_rule(
    "accounts.manage_operator", is_admin & same_prefecture,
    denial="他の都道府県の操作者・端末は管理できません。",
    description="操作者の役割変更・無効化・有効化、端末の失効（自県に限る）",
)
