"""Who issues licences, produces and hands over cards (規程第13条), and stops a hand-over (第21条).

- **Issue** (免許の登録と作成依頼): 「窓口」「審査」 of the prefecture, after the pass; likewise the
  card of a passed 審査 (限定解除・条件解除・申請による条件, 規程第9条第3項).
- **Renew** (免許の更新の登録と作成依頼, 規程第16条): 「窓口」「審査」 of the prefecture, once the 適性検査, the
  older driver's results, the lecture and the fees are in; likewise the 格下げ asked after a failed
  適性検査 (第16条第5項ただし書).
- **Produce**: only the 免許証作成機 (devices of that kind) fetch jobs and report cards.
- **Send / receive / hand over**: 「窓口」「審査」 of the prefecture (the service checks the office).
- **Stop a hand-over** (交付停止の通報) and release it: 「審査」「決定」 (the licence division).
- **仮免許** (規程第15条第2項・第20条第2項): its reissue and its return 「窓口」「審査」 of the holder's
  prefecture (the service checks that a reissue is made at a 試験場); reading it also 「決定」「試験」.
- **Reissue** of a licence card (規程第15条) and **申請による取消し** (第41条の3): 「窓口」「審査」 of the
  licence's prefecture (the services check the office: a 試験場 or a 警察署).
- **Lists** (``list_…``) admit the roles; the querysets show the actor's prefecture only.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

COUNTER_STAFF = (Role.COUNTER, Role.CASE_OFFICER)
OTHER_PREFECTURE = "この免許証の作成・交付は他の都道府県のものです。自県のもののみ扱えます。"

ISSUE_LICENCE = add_rule(
    "cards.issue_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許の交付（登録と作成依頼）は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_13, description="合格者の免許の登録と免許証の作成依頼（取得時講習の確認を含む）",
)
ISSUE_REVIEW_CARD = add_rule(
    "cards.issue_review_card", roles=COUNTER_STAFF, own_prefecture=True,
    denial="審査の合格による条件等の変更と免許証の作成依頼は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_9_P3, description="限定解除・条件解除・申請による条件の付与の合格者の条件等の登録と免許証の作成依頼",
)
PRODUCE_CARD = add_rule(
    "cards.produce_card", roles=(), own_prefecture=True, device_kinds=("card_printer",),
    denial="免許証の作成（作成待ちの取得と結果の報告）は免許証作成機のみ行えます。",
    denial_other_prefecture="他の都道府県の免許証は作成できません。",
    legal_basis=legal.KITEI_13, description="作成待ちの取得と作成結果（製造番号・失敗）の報告（免許証作成機）",
)
HAND_OVER_CARD = add_rule(
    "cards.hand_over_card", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許証の送付・受領・交付は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_13_4, description="免許証の送付・受領と交付（受領の署名）",
)
VIEW_CARD_JOBS = add_rule(
    "cards.view_card_jobs", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    own_prefecture=True,
    denial="免許証の作成・交付の状況は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_13, description="作成・交付の待ち行列の閲覧（自県）",
)
LIST_CARD_JOBS = add_rule(
    "cards.list_card_jobs", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    denial="免許証の作成・交付の状況は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_13, description="作成・交付の一覧（自県の分のみ表示）",
)
HOLD_ISSUE = add_rule(
    "cards.hold_issue", roles=(Role.CASE_OFFICER, Role.DECISION), own_prefecture=True,
    denial="交付停止の通報・解除は「審査」「決定」の役割を持つ操作者（免許課）のみできます。",
    denial_other_prefecture="他の都道府県の免許者の交付停止は通報できません。",
    legal_basis=legal.KITEI_21, description="拒否・保留該当者の交付停止の通報と解除",
)
LIST_ISSUE_HOLDS = add_rule(
    "cards.list_issue_holds", roles=(Role.CASE_OFFICER, Role.DECISION),
    denial="交付停止の一覧は「審査」「決定」の役割を持つ操作者（免許課）のみ閲覧できます。",
    legal_basis=legal.KITEI_21, description="交付停止の一覧（自県の分のみ表示）",
)

VIEW_PROVISIONAL = add_rule(
    "cards.view_provisional_licence", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    own_prefecture=True,
    denial="仮免許は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="この仮免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_13_3, description="仮免許（状態・有効期間・再交付の履歴）の閲覧",
)
REISSUE_PROVISIONAL = add_rule(
    "cards.reissue_provisional_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="仮免許証の再交付は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この仮免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_15_2, description="仮免許証の再交付（亡失・盗難・滅失・汚損・破損、試験場で即日）",
)
SUBMIT_SCHOOL_PROVISIONAL_REISSUE = add_rule(
    "cards.submit_school_provisional_reissue", roles=(), own_prefecture=True, device_kinds=("school",),
    denial="教習生の仮免許証の再交付の申請は指定自動車教習所の端末からのみ送信できます。",
    denial_other_prefecture="他の都道府県の仮免許証の再交付は申請できません。",
    legal_basis=legal.KITEI_15_6, description="教習生の仮免許証の再交付の申請（教習所の管理者、教習所端末、自県の仮免許）",
)
RETURN_PROVISIONAL = add_rule(
    "cards.return_provisional_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="仮免許証の返納の受理は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この仮免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_20_2, description="仮免許証の返納の受理",
)

REISSUE_LICENCE = add_rule(
    "cards.reissue_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許証の再交付は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_15, description="免許証の再交付の申請の受理と再交付の免許証の作成依頼",
)
CANCEL_LICENCE = add_rule(
    "cards.cancel_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="申請による免許の取消しは「窓口」「審査」の役割を持つ操作者のみ扱えます。",
    denial_other_prefecture="この免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_41_3, description="申請による免許の取消し（全部・上位の種類のみ）の受理と申請取消通知書",
)
RENEW_LICENCE = add_rule(
    "cards.renew_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許の更新（登録と作成依頼）は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_16, description="更新の申請者の免許の更新（交付年月日・有効期間・色区分・条件）の登録と免許証の作成依頼",
)
RENEW_VIA_LICENCE = add_rule(
    "cards.renew_via_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="経由申請による免許の更新は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この経由申請は他の都道府県あてのものです。免許の更新は住所地の都道府県が行います（規程第17条の2第3項）。",
    legal_basis=legal.KITEI_17_2_P3,
    description="経由申請による免許の更新（住所地）の登録と免許証の作成依頼",
)
REQUEST_DOWNGRADE = add_rule(
    "cards.request_downgrade", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許の格下げの申出は「窓口」「審査」の役割を持つ操作者のみ扱えます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_16_5,
    description="更新の適性検査で上位の種類の基準に適合しない方の、下位の種類のみの更新（格下げ）の申出の受付",
)
MYNUMBER_LICENCE = add_rule(
    "cards.handle_mynumber_licence", roles=COUNTER_STAFF, own_prefecture=True,
    denial="マイナ免許証の手続（記録・保有状況の変更・紛失等の申出）は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_15NO2,
    description="マイナ免許証の記録・保有状況の変更（免許証の交付・返納、記録の抹消）・紛失等と発見の申出・"
                "新しい個人番号カードへの記録（窓口の役割を持つ業務端末のカードリーダーからも）",
)

# --- between renewals (規程第14条, 第15条の2, 第16条第8項) ---------------------------------------------
ENDORSE_CARD = add_rule(
    "cards.endorse_card", roles=(), own_prefecture=True, device_kinds=("endorsement",),
    denial="免許証の裏書（追記待ちの取得と追記の報告）は追記装置のみ行えます。",
    denial_other_prefecture="他の都道府県の免許証には追記できません。",
    legal_basis=legal.KITEI_14, description="記載事項の変更の免許証裏面への記載（追記装置による追記待ちの取得と完了の報告）",
)
LIST_ENDORSEMENTS = add_rule(
    "cards.list_endorsements", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION),
    denial="免許証の裏書（追記）の一覧は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_14, description="裏書（追記）の一覧（自県の分のみ表示）",
)
REWRITE_MYNUMBER = add_rule(
    "cards.rewrite_mynumber_record", roles=COUNTER_STAFF, own_prefecture=True,
    denial="免許情報記録の書換えは「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="この免許は他の都道府県のものです。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_15NO2,
    description="マイナ免許証の免許情報記録の書換え（更新・記録事項の変更の後、受領書への署名等。窓口の役割を持つ業務端末の"
                "カードリーダーからも）",
)
LIST_REWRITES = add_rule(
    "cards.list_mynumber_rewrites", roles=COUNTER_STAFF,
    denial="免許情報記録の書換えの一覧は「窓口」「審査」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_15NO2, description="免許情報記録の書換え待ちの一覧（自県の分のみ表示）",
)
APPLY_ONESTOP = add_rule(
    "cards.apply_onestop_address", roles=(), own_prefecture=True, device_kinds=("onestop",),
    denial="住所変更ワンストップの受信は住所変更ワンストップ連携の端末のみ行えます。",
    denial_other_prefecture="他の都道府県の住所変更ワンストップは受信できません。",
    legal_basis=legal.KITEI_14,
    description="市区町村で届け出た住所変更（マイナ免許証のみの方、住所変更ワンストップ）の一括受信と記載事項変更の登録",
)
LIST_ONESTOP = add_rule(
    "cards.list_onestop_batches", roles=(Role.CASE_OFFICER, Role.DECISION),
    denial="住所変更ワンストップの受信の一覧は「審査」「決定」の役割を持つ操作者（免許課）のみ閲覧できます。",
    legal_basis=legal.KITEI_14, description="住所変更ワンストップの受信と項目ごとの結果の一覧（自県の分のみ表示）",
)
KEEP_RENEWED_CARD = add_rule(
    "cards.keep_renewed_card", roles=COUNTER_STAFF, own_prefecture=True,
    denial="停止期間中の更新後の免許証の保管は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の免許証は保管できません。自県のもののみ扱えます。",
    legal_basis=legal.KITEI_16,
    description="停止中の免許の更新後の免許証を停止期間中保管する（保管中の旧免許証は無効、免許証保管証の作成と交付）",
)
RETURN_KEPT_CARD = add_rule(
    "cards.return_kept_card", roles=COUNTER_STAFF, own_prefecture=True,
    denial="保管した更新後の免許証の返還は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県で保管している免許証は返還できません。",
    legal_basis=legal.KITEI_43, description="停止の終期に、停止期間中保管した更新後の免許証を返還する",
)
