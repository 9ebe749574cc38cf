"""Who makes the monthly 更新連絡書 (法第101条第3項; 規程第56条第2項) and who may read them.

- **Run** a month's batch and take its 発送データ (the names and addresses for the mailing house)
  and PDFs: 「審査」 of the prefecture (the licence division's staff), never a device.
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
