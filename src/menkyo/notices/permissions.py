"""Who makes the monthly 更新連絡書 (法第101条第3項; 規程第56条第2項) and who may read them.

- **Run** a month's batch and take its 発送データ (the names and addresses for the mailing house)
  and PDFs: 「審査」 of the prefecture (the licence division's staff), never a device.
- **Report a death** (死亡者通報連絡票, 規程第56条第1項) after the station's own 死亡等 inquiry: 「窓口」「審査」「照会」
  of any prefecture (a station's staff, or a police system holding those roles) — a body is found wherever
  the holder lived; the report goes to the 免許課長 of the prefecture that manages the licence.
- **Register the deletion** (抹消登録, 第2項) or return the report: 「審査」「決定」 operators of the
  prefecture — never the person who reported it, never a device.
- **See** the reports: 「窓口」「審査」「決定」「照会」 of the prefecture that manages the licence or of the
  reporting station's prefecture (the service checks the two; the list's queryset shows no others).
- **See** the batches and their progress (counts only, no personal data): 「窓口」「審査」「決定」;
  the list admits those roles and shows their own prefecture's batches only.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

RUN_BATCH = add_rule(
    "notices.run_batch", roles=(Role.CASE_OFFICER,), own_prefecture=True, device_kinds=(),
    denial="更新連絡書の作成・発送データの出力は「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の更新連絡書は扱えません。",
    legal_basis=legal.KITEI_56_2, description="月次の更新連絡書の作成、PDF・発送データの出力（自県）",
)
VIEW_BATCHES = add_rule(
    "notices.view_batches", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION), own_prefecture=True,
    denial="更新連絡書の作成状況は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の更新連絡書の作成状況は閲覧できません。",
    legal_basis=legal.KITEI_56_2, description="更新連絡書の作成状況（件数のみ）の閲覧（自県）",
)
LIST_BATCHES = add_rule(
    "notices.list_batches", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION),
    denial="更新連絡書の作成状況は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_56_2, description="更新連絡書の作成状況の一覧（自県の分のみ表示）",
)
REPORT_DEATH = add_rule(
    "notices.report_death", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.INQUIRY),
    denial="死亡者通報連絡票は「窓口」「審査」「照会」の役割を持つ操作者・端末のみ通報できます。",
    legal_basis=legal.KITEI_56,
    description="死亡者通報連絡票の通報（自県の照会の上。他県の免許は、その都道府県の免許課長あて）",
)
REGISTER_DELETION = add_rule(
    "notices.register_deletion", roles=(Role.CASE_OFFICER, Role.DECISION), own_prefecture=True, device_kinds=(),
    denial="死亡者の抹消登録・差戻しは「審査」「決定」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の死亡者通報連絡票は扱えません。",
    legal_basis=legal.KITEI_56_2, description="死亡者の抹消登録と更新連絡書等の発送停止、差戻し（通報者以外）",
)
VIEW_DEATH_REPORTS = add_rule(
    "notices.view_death_reports", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY),
    denial="死亡者通報連絡票は「窓口」「審査」「決定」「照会」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_56, description="死亡者通報連絡票の閲覧（免許の都道府県と通報した所属の都道府県のみ）",
)
LIST_DEATH_REPORTS = add_rule(
    "notices.list_death_reports", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY),
    denial="死亡者通報連絡票は「窓口」「審査」「決定」「照会」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_56, description="死亡者通報連絡票の一覧（自県の分のみ表示）",
)
