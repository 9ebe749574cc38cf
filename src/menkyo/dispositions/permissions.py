"""Who prepares and who decides a disposition case (規程第30条–第32条, 第44条).

**The case's prefecture** is the driver's home prefecture when the case opens: the 公安委員会 of the
住所地 disposes (道路交通法第103条第1項), and a report from another prefecture reaches it through the
register (第28条) — the registering prefecture does not decide (移送, 第38条, is part 4).

- **Prepare** (審査 第30条: the proposal, 決定への送付) and **hold the hearing** (第44条: notices, 公示,
  変更通知書, 聴取等の記録, the papers): 「審査」 operators of the case's prefecture.
- **Decide** (第31条): 「決定」 operators of the case's prefecture whose 決定権限 is the authority the
  law engine names for the proposal (checked by the service, with the separation of duties: never
  an operator who prepared the case).
- **Defer** (処分猶予) and **strike out** (抹消, 第32条): 「決定」 of the case's prefecture, never a
  preparer.
- **Read** a case and **list** the queues: 「審査」「決定」 (lists show the actor's prefecture only).
Devices neither prepare nor decide.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

DIVISION = (Role.CASE_OFFICER, Role.DECISION)

PREPARE = add_rule(
    "dispositions.prepare_case", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="処分事案の審査・聴取等の手続は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は審査できません（運転者の住所地の都道府県が審査します）。",
    legal_basis=legal.KITEI_30, description="処分事案の審査・処分案・決定への送付",
)
HEAR = add_rule(
    "dispositions.hold_hearing", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="意見の聴取・聴聞・弁明の通知と記録は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の聴取等は行えません。",
    legal_basis=legal.KITEI_44, description="聴取等の期日の通知・公示・変更通知と結果の記録、通知書等の作成",
)
DECIDE = add_rule(
    "dispositions.decide_case", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="処分の決定は「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案は決定できません。",
    legal_basis=legal.KITEI_31, description="処分の決定（決定権限が決定権者と一致する者、審査した者を除く）",
)
CLOSE = add_rule(
    "dispositions.close_case", roles=(Role.DECISION,), own_prefecture=True, device_kinds=(),
    denial="処分猶予・抹消は「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の処分事案の処分猶予・抹消はできません。",
    legal_basis=legal.KITEI_32, description="処分猶予登録・抹消登録（審査した者を除く）",
)
VIEW = add_rule(
    "dispositions.view_case", roles=DIVISION, own_prefecture=True, device_kinds=(),
    denial="処分事案は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の処分事案は閲覧できません。",
    legal_basis=legal.KITEI_30, description="処分事案・聴取等・決定の閲覧",
)
LIST = add_rule(
    "dispositions.list_cases", roles=DIVISION, device_kinds=(),
    denial="処分事案の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_30, description="審査待ち・今週の聴取等・決定待ちの一覧（自県の事案のみ表示）",
)
