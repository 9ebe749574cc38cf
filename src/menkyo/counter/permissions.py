"""Who receives applications (規程第3条・第4条), records fees and keeps the 申請（届出）簿.

- **Receive** an application, record its fee, withdraw it: 「窓口」「審査」 of the prefecture
  (and devices holding those roles, such as a 申請自動受付装置); a 指定自動車教習所's terminal
  sends its students' 仮免許 applications (第3条第2項) and registers 卒業証明書.
- **Attach the 申請用写真** to an application: 「窓口」「審査」 (and a counter camera holding 「窓口」).
- **Renewal** (更新, 第16条): 「窓口」「審査」 of the holder's prefecture receive it and record the 更新時講習
  attended; the 高齢者講習・認知機能検査・運転技能検査 results (第17条の3・第17条の4) are registered by them
  or by the 指定自動車教習所 that held them, through its terminal, and read by whoever reads applications.
  An application put in after hours on the last day (第16条第10項) is received by the same roles, and
  so is the application of a holder whose licence of this prefecture lapsed (失効後の再取得, 第3条).
- **経由申請** (規程第17条の2): 「窓口」「審査」 of any prefecture receive a renewal from a holder of *another*
  prefecture (the 経由地) and send it to the holder's prefecture once the 適性検査, lecture and fees are in;
  「窓口」「審査」 of the holder's prefecture accept what was sent to them (第3項), or return it to the
  経由地 with a reason when it cannot be accepted. The 経由申請管理表 of each
  side is read by the prefecture's readers (rows sent from here, rows sent here).
- **Read** applications and the 申請（届出）簿: 「窓口」「審査」「決定」「試験」 of the prefecture; the same
  print the 運転免許申請書, the 領収書 of a fee and the 運転免許申請に対する通知書 (第58条) of an
  application not accepted.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

COUNTER_STAFF = (Role.COUNTER, Role.CASE_OFFICER)
READERS = (Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER)
OTHER_PREFECTURE = "この申請は他の都道府県の所属が受理したものです。自県の申請のみ扱えます。"

RECEIVE_APPLICATION = add_rule(
    "counter.receive_application", roles=COUNTER_STAFF, own_prefecture=True,
    denial="申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の所属では申請を受理できません。",
    legal_basis=legal.KITEI_3, description="免許の申請の受理・審査、申請（届出）簿への登載（自県の所属）",
)
RECORD_PAYMENT = add_rule(
    "counter.record_payment", roles=COUNTER_STAFF, own_prefecture=True,
    denial="手数料の収納は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_4, description="手数料の納付の記録（手数料事務処理票）",
)
WITHDRAW_APPLICATION = add_rule(
    "counter.withdraw_application", roles=COUNTER_STAFF, own_prefecture=True,
    denial="申請の取下げは「窓口」「審査」の役割を持つ操作者のみ登録できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_3, description="申請の取下げ（理由が必要）",
)
ATTACH_PHOTO = add_rule(
    "counter.attach_photo", roles=COUNTER_STAFF, own_prefecture=True,
    denial="申請用写真の登録は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_3, description="申請用写真の登録・差替え（撮影装置・スキャナ・窓口、自県の申請）",
)
VIEW_APPLICATIONS = add_rule(
    "counter.view_applications", roles=READERS, own_prefecture=True,
    denial="申請は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_4, description="申請の閲覧（申請用写真を含む）、所属の申請（届出）簿とCSV出力（自県）",
)
ISSUE_REFUSAL_NOTICE = add_rule(
    "counter.issue_refusal_notice", roles=READERS, own_prefecture=True,
    denial="運転免許申請に対する通知書は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ作成できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_58, description="運転免許申請に対する通知書の作成（不受理の申請、自県）",
)
LIST_APPLICATIONS = add_rule(
    "counter.list_applications", roles=READERS,
    denial="申請は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_4, description="申請の一覧・申請（届出）簿（自県の申請のみ表示）",
)
SUBMIT_SCHOOL_APPLICATION = add_rule(
    "counter.submit_school_application", roles=(), own_prefecture=True, device_kinds=("school",),
    denial="教習生の仮免許申請は指定自動車教習所の端末からのみ送信できます。",
    denial_other_prefecture="他の都道府県の試験場あての申請は送信できません。",
    legal_basis=legal.KITEI_3_2, description="教習所からの仮免許試験の申請（教習所端末）",
)
REGISTER_GRADUATION_CERTIFICATE = add_rule(
    "counter.register_graduation_certificate", roles=COUNTER_STAFF, own_prefecture=True,
    device_kinds=("school",),
    denial="卒業証明書の登録は指定自動車教習所の端末、または「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の教習所の卒業証明書は登録できません。",
    legal_basis=legal.KITEI_3, description="卒業証明書の登録（教習所端末・窓口）",
)
RECEIVE_RENEWAL = add_rule(
    "counter.receive_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="更新の申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の免許の更新の申請はこの手続では受理できません。経由申請（規程第17条の2）として受理してください。",
    legal_basis=legal.KITEI_16, description="免許の更新の申請の受理（更新期間・運転者区分・講習・手数料の判定、自県の免許）",
)
RECEIVE_EARLY_RENEWAL = add_rule(
    "counter.receive_early_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="特例更新の申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の免許の特例更新の申請は受理できません。",
    legal_basis=legal.KITEI_17, description="特例更新（更新期間前の更新）の申請の受理（理由と確認書類、自県の免許）",
)
RECEIVE_AFTER_HOURS_RENEWAL = add_rule(
    "counter.receive_after_hours_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="執務時間外の更新の申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の免許の更新の申請は受理できません。",
    legal_basis=legal.KITEI_16_10,
    description="有効期間の末日（みなす末日を含む）の執務時間外に出された更新の申請の受理（末日に受理したものとして翌日処理）",
)
RECEIVE_LAPSED_APPLICATION = add_rule(
    "counter.receive_lapsed_application", roles=COUNTER_STAFF, own_prefecture=True,
    denial="失効後の再取得の申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="他の都道府県の失効した免許の再取得の申請は受理できません（住所地の公安委員会に申請します）。",
    legal_basis=legal.KITEI_3,
    description="失効した免許の再取得の申請の受理（失効からの期間・やむを得ない理由による試験の免除、自県の免許）",
)
RECORD_LECTURE = add_rule(
    "counter.record_lecture", roles=COUNTER_STAFF, own_prefecture=True,
    denial="更新時講習の受講の記録は「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_16, description="更新時講習の受講の記録（対面・オンライン、自県の申請）",
)
REGISTER_ELDERLY_CHECK = add_rule(
    "counter.register_elderly_check", roles=COUNTER_STAFF, own_prefecture=True, device_kinds=("school",),
    denial="高齢者講習・認知機能検査・運転技能検査の結果の登録は指定自動車教習所の端末、"
           "または「窓口」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の方の高齢者講習等の結果は登録できません。",
    legal_basis=legal.KITEI_17_3, description="高齢者講習・認知機能検査・運転技能検査の結果の登録（教習所端末・窓口）",
)
VIEW_ELDERLY_CHECKS = add_rule(
    "counter.view_elderly_checks", roles=READERS, own_prefecture=True,
    denial="高齢者講習等の結果は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の方の高齢者講習等の結果は閲覧できません。",
    legal_basis=legal.KITEI_17_3, description="高齢者講習・認知機能検査・運転技能検査の結果の閲覧（自県の方）",
)
RECEIVE_VIA_RENEWAL = add_rule(
    "counter.receive_via_renewal", roles=COUNTER_STAFF,
    denial="経由申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    legal_basis=legal.KITEI_17_2,
    description="他の都道府県に住所を有する方の更新の申請（経由申請）の受理・経由申請管理表への登載（経由地）",
)
SEND_VIA_RENEWAL = add_rule(
    "counter.send_via_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="経由申請の送付は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="この経由申請は他の都道府県が受理したものです。受理した都道府県のみ送付できます。",
    legal_basis=legal.KITEI_17_2,
    description="経由申請の更新申請書等の住所地の公安委員会への送付（適性検査・講習・手数料の確認後、経由地）",
)
ACCEPT_VIA_RENEWAL = add_rule(
    "counter.accept_via_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="送付された経由申請の受理は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="この経由申請は他の都道府県あてに送付されたものです。自県あてのもののみ受理できます。",
    legal_basis=legal.KITEI_17_2_P3,
    description="経由地から送付された更新申請の点検・経由申請管理表への記載・申請（届出）簿への登載（住所地）",
)
RETURN_VIA_RENEWAL = add_rule(
    "counter.return_via_renewal", roles=COUNTER_STAFF, own_prefecture=True,
    denial="経由申請の返戻は「窓口」「審査」の役割を持つ操作者・端末のみできます。",
    denial_other_prefecture="この経由申請は他の都道府県あてに送付されたものです。送付を受けた住所地のみ返戻できます。",
    legal_basis=legal.KITEI_17_2_P3,
    description="送付された経由申請のうち受理できないものの理由を付した経由地への返戻（住所地、点検の結果）",
)
VIEW_VIA_RENEWALS = add_rule(
    "counter.view_via_renewals", roles=READERS,
    denial="経由申請管理表は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_17_2,
    description="経由申請管理表の閲覧（自県が受理したもの・自県あてに送付されたもののみ表示）",
)
