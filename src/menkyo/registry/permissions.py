"""Who may read and change the register: role, and the holder's home prefecture.

Other prefectures' holders are read only through the inquiry path (照会,
規程第45条), which is not part of this app.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

# 窓口・審査・決定・照会 work with holders' records; 監査 and 管理 do not.
READS_REGISTER = (Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)
# 本籍 and 国籍等 are shown only to roles that need them (data rule): 審査 and 決定.
HONSEKI_ROLES = (Role.CASE_OFFICER, Role.DECISION)
REGISTER_ROLES_NEEDED = "（「窓口」「審査」「決定」「照会」の役割が必要です）"
OTHER_PREFECTURE = "この免許者は他の都道府県の管理です。他県の免許者の記録は照会（規程第45条）により確認してください。"

LOOK_UP_HOLDER = add_rule(
    "registry.look_up_holder", roles=READS_REGISTER,
    denial="免許者の記録を検索する権限がありません" + REGISTER_ROLES_NEEDED + "。",
    legal_basis=legal.KITEI_18, description="免許証番号による検索画面を開く",
)
READ_HOLDER = add_rule(
    "registry.read_holder", roles=READS_REGISTER, own_prefecture=True,
    denial="免許者の記録を閲覧する権限がありません" + REGISTER_ROLES_NEEDED + "。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_18, description="自県の免許者の記録の閲覧",
)
CHANGE_PARTICULARS = add_rule(
    "registry.change_particulars", roles=(Role.COUNTER, Role.CASE_OFFICER), own_prefecture=True,
    denial="記載事項の変更は「窓口」「審査」の役割を持つ操作者のみ登録できます。",
    denial_other_prefecture="この免許者は他の都道府県の管理のため、記載事項を変更できません"
                            "（他の都道府県への住所変更は転入手続によります）。",
    legal_basis=legal.KITEI_14, description="記載事項変更の登録（自県の免許者）",
)
ISSUE_LICENCE = add_rule(
    "registry.issue_licence", roles=(Role.COUNTER, Role.CASE_OFFICER), own_prefecture=True,
    denial="免許・仮免許の交付は「窓口」「審査」の役割を持つ操作者のみ登録できます。",
    denial_other_prefecture="他の都道府県の免許・仮免許の交付は登録できません。",
    legal_basis=legal.KITEI_13, description="免許・仮免許の交付の登録（自県）",
)
CHANGE_CONDITIONS = add_rule(
    "registry.change_conditions", roles=(Role.COUNTER, Role.CASE_OFFICER), own_prefecture=True,
    denial="免許の条件等の変更（限定解除・条件解除・申請による条件の付与）は「窓口」「審査」の役割を持つ操作者のみ登録できます。",
    denial_other_prefecture="他の都道府県の免許の条件等は変更できません。",
    legal_basis=legal.KITEI_9, description="審査の結果による免許の条件等の解除・付与の登録（自県）",
)
SEE_HONSEKI = add_rule(
    "registry.see_honseki", roles=HONSEKI_ROLES,
    denial="本籍・国籍等は「審査」「決定」の役割を持つ操作者のみ閲覧・変更できます。",
    legal_basis=legal.KITEI_18, description="本籍・国籍等の閲覧と変更（履歴・API・画面とも）",
)
