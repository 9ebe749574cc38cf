"""Who may read and change the register: role, and the holder's home prefecture.

Other prefectures' holders are read only through the inquiry path (照会,
規程第45条), which is not part of this app.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule, has_role, same_prefecture

# 窓口・審査・決定・照会 work with holders' records; 監査 and 管理 do not.
reads_register = has_role(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)
counter_or_case_officer = has_role(Role.COUNTER, Role.CASE_OFFICER)

LOOK_UP_HOLDER = add_rule(
    "registry.look_up_holder", reads_register,
    denial="免許者の記録を検索する権限がありません（「窓口」「審査」「決定」「照会」の役割が必要です）。",
    legal_basis=legal.KITEI_18, description="免許証番号による検索画面を開く",
)
READ_HOLDER = add_rule(
    "registry.read_holder", reads_register & same_prefecture,
    denial="この免許者の記録を閲覧する権限がありません（他県の記録は照会によります）。",
    legal_basis=legal.KITEI_18, description="自県の免許者の記録の閲覧",
)
CHANGE_PARTICULARS = add_rule(
    "registry.change_particulars", counter_or_case_officer & same_prefecture,
    denial="この免許者の記載事項を変更する権限がありません。",
    legal_basis=legal.KITEI_14, description="記載事項変更の登録（自県の免許者）",
)
ISSUE_LICENCE = add_rule(
    "registry.issue_licence", counter_or_case_officer & same_prefecture,
    denial="この都道府県の免許を交付する権限がありません。",
    legal_basis=legal.KITEI_13, description="免許・仮免許の交付の登録（自県）",
)
