"""Who registers examinees, records and scores the tests, registers passes and handles fraud (規程第5条–第8条).

- **Register** an examinee (受験登録, 受験（登録）票): 「窓口」「審査」「試験」 of the prefecture.
- **List** the examinees (only the prefecture's are shown) and **read** one: 「窓口」「審査」「決定」「試験」.
- **Record** 適性・技能試験 results and resolve unreadable answer sheets: 「試験」 (試験官).
- **Upload** answer sheets: the OMR装置 and the 採点端末 (devices of those kinds only), or 「試験」.
- **Questions** and exam forms: the 問題作成端末, or 「試験」.
- **Register** passes and failures (合格登録, 第8条): 「試験」「審査」.
- **Stop** an exam for fraud (第6条第1項): 「試験」; **cancel** a pass or **bar** a person (第6条第3項,
  第7条): 「決定」 (試験場長), never the person who reported it (service and database check).
- **Pass board** (合格者発表): the 合格者発表端末 and staff; examinee numbers only.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

OTHER_PREFECTURE = "この受験者は他の都道府県の試験場の受験者です。自県の受験者のみ扱えます。"

REGISTER_EXAMINEE = add_rule(
    "exams.register_examinee", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.EXAMINER), own_prefecture=True,
    denial="受験登録は「窓口」「審査」「試験」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_4, description="受験登録と受験（登録）票の作成（自県）",
)
VIEW_EXAMINEES = add_rule(
    "exams.view_examinees", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    own_prefecture=True,
    denial="受験者は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_5, description="受験者・試験結果の閲覧（自県）",
)
LIST_EXAMINEES = add_rule(
    "exams.list_examinees", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    denial="受験者の一覧は「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ表示できます。",
    legal_basis=legal.KITEI_5, description="試験場の受験者の一覧（自県の受験者のみ表示）",
)
RECORD_TEST_RESULT = add_rule(
    "exams.record_test_result", roles=(Role.EXAMINER,), own_prefecture=True,
    denial="試験結果の記録は「試験」の役割を持つ操作者（試験官）のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_5, description="適性試験・技能試験の結果の記録、読取不能答案の確認",
)
UPLOAD_ANSWER_SHEETS = add_rule(
    "exams.upload_answer_sheets", roles=(Role.EXAMINER,), own_prefecture=True, device_kinds=("omr", "scoring"),
    denial="答案の読取結果の登録はOMR装置・採点端末、または「試験」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_5, description="学科試験の答案の登録と採点（OMR装置・採点端末）",
)
MANAGE_QUESTIONS = add_rule(
    "exams.manage_questions", roles=(Role.EXAMINER,), own_prefecture=True, device_kinds=("question_authoring",),
    denial="試験問題の作成は問題作成端末、または「試験」の役割を持つ操作者のみできます。",
    denial_other_prefecture="他の都道府県の試験問題は扱えません。",
    legal_basis=legal.KITEI_5, description="学科試験問題の登録と試験問題の版の作成（問題作成端末）",
)
REGISTER_PASS = add_rule(
    "exams.register_pass", roles=(Role.EXAMINER, Role.CASE_OFFICER), own_prefecture=True,
    denial="合否の登録は「試験」「審査」の役割を持つ操作者のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_8, description="合格者・不合格者の登録（試験結果から）",
)
STOP_EXAM = add_rule(
    "exams.stop_exam", roles=(Role.EXAMINER,), own_prefecture=True,
    denial="試験の停止は「試験」の役割を持つ操作者（試験官）のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_6, description="不正な受験の試験停止と試験場長への通報",
)
CANCEL_PASS = add_rule(
    "exams.cancel_pass", roles=(Role.DECISION,), own_prefecture=True,
    denial="合格の取消し・受験停止は「決定」の役割を持つ操作者（試験場長）のみできます。",
    denial_other_prefecture=OTHER_PREFECTURE,
    legal_basis=legal.KITEI_6_3, description="合格決定の取消し・期間を定めた受験停止（通報した者以外）",
)
VIEW_PASS_BOARD = add_rule(
    "exams.view_pass_board", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER),
    device_kinds=("pass_board",),
    denial="合格者発表は合格者発表端末、または「窓口」「審査」「決定」「試験」の役割を持つ操作者のみ表示できます。",
    legal_basis=legal.KITEI_8, description="合格者発表（受験番号のみ）",
)
USE_WRITTEN_TEST = add_rule(
    "exams.use_written_test", roles=(Role.EXAMINER,),
    denial="学科試験の画面は「試験」の役割を持つ操作者のみ使えます。",
    legal_basis=legal.KITEI_5, description="学科試験の画面（答案・問題・版）を開く（一覧は自県のもののみ）",
)
