"""Who registers violations (規程第28条–第28条の2) and who may read them.

The 署長等 of a prefecture send their reports to the 免許課長 of that prefecture, who registers
them (第28条第2項): registration is checked against the **reporting office** — 「審査」「決定」
operators of the licence division register the reports of their own prefecture's stations and
units, whoever the driver is and wherever they live (the point record is national). The person's
home prefecture does not register another prefecture's reports; it reads them.

- **Register**, take a **仮登録** by phone (第28条の2), **confirm** it, **delete** (抹消, 第28条第3項)
  or **strike out** (不適格抹消, 第4項): 「審査」「決定」 of the prefecture that registered it
  (operators only; the other systems use the bulk intake).
- **Bulk intake** (2-13 他システム連携): only a device of kind ``other_system`` (交通反則通告・交通
  事故システム, no role) of the prefecture; each item must name a reporting office of that prefecture.
- **Read** a person's violations and points: 「窓口」「審査」「決定」 of the person's prefecture, or of a
  prefecture that registered one of their violations.
- **List** the 仮登録 queue: 「審査」「決定」; the queue shows the actor's prefecture only.
- **講習・再試験の通知** (``violations/courses.py``): the commission of the person's address sends them
  (規程第38条: another prefecture's resident's papers go to that commission) — record the sending and
  the result: 「審査」「決定」 of the person's prefecture (operators only); the queues admit the roles
  and show the actor's prefecture; a notice and its PDF are read also by 「窓口」.
- **Lists** (``violations/lists.py``): the 行政処分警告対象者 名簿 (page, API, CSV) and the 仮登録 past their
  confirmation age: 「審査」「決定」, the actor's prefecture's drivers (records) only.
- **JSDC 累積点数等通知** (第33条, ``violations/jsdc.py``): 「審査」「決定」 operators of the driver's prefecture
  (the office of 自動車安全運転センター in each prefecture asks that prefecture's 免許課長).
- **放置駐車 feed** (``violations/feed.py``): only an ``other_system`` device of the prefecture pulls the
  registrations of 放置駐車違反 drivers of its own prefecture.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

LICENCE_DIVISION = (Role.CASE_OFFICER, Role.DECISION)

REGISTER = add_rule(
    "violations.register_violation", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="違反等登録は「審査」「決定」の役割を持つ操作者（免許課）のみできます。",
    denial_other_prefecture="他の都道府県の署長等からの違反等登録票は、その都道府県の免許課が登録します。",
    legal_basis=legal.KITEI_28_2, description="違反等登録票による違反等登録と点数の判定（自県の署長等の報告）",
)
REGISTER_PROVISIONAL = add_rule(
    "violations.register_provisional", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="違反等の仮登録は「審査」「決定」の役割を持つ操作者（免許課）のみできます。",
    denial_other_prefecture="他の都道府県の署長等からの仮登録の上申は、その都道府県の免許課が受けます。",
    legal_basis=legal.KITEI_28NO2, description="電話による上申に基づく違反等の仮登録（自県の署長等）",
)
CONFIRM = add_rule(
    "violations.confirm_violation", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="仮登録の確認は「審査」「決定」の役割を持つ操作者（免許課）のみできます。",
    denial_other_prefecture="他の都道府県が登録した仮登録は確認できません。",
    legal_basis=legal.KITEI_28NO2_2, description="違反等登録票の到着による仮登録の確認（登録）",
)
DELETE = add_rule(
    "violations.delete_violation", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="違反等登録の抹消・不適格抹消は「審査」「決定」の役割を持つ操作者（免許課）のみできます。",
    denial_other_prefecture="他の都道府県が登録した違反等登録は抹消できません。",
    legal_basis=legal.KITEI_28_4, description="登録対象外と判明した違反等登録の抹消・不適格抹消（自県の登録）",
)
RECEIVE_BATCH = add_rule(
    "violations.receive_batch", roles=(), own_prefecture=True, device_kinds=("other_system",),
    denial="違反等の一括受信は交通反則通告・交通事故システムの端末のみ行えます。",
    denial_other_prefecture="他の都道府県の違反等は一括受信できません。",
    legal_basis=legal.KITEI_28_2, description="他システム（交通反則通告・交通事故）からの違反等の一括受信と登録",
)
VIEW = add_rule(
    "violations.view_violations", roles=(Role.COUNTER, *LICENCE_DIVISION), own_prefecture=True,
    denial="違反・点数は「窓口」「審査」「決定」の役割を持つ操作者・端末のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の運転者の違反・点数は閲覧できません（自県で登録した違反がある場合を除く）。",
    legal_basis=legal.KITEI_28_2, description="運転者の違反等登録・累積点数・処分等の基準の閲覧",
)
LIST_PROVISIONAL = add_rule(
    "violations.list_provisional", roles=LICENCE_DIVISION,
    denial="違反等登録の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_28NO2, description="仮登録の一覧（自県の登録のみ表示）",
)

SEND_COURSE_NOTICE = add_rule(
    "violations.send_course_notice", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="講習・再試験の通知の発送は「審査」「決定」の役割を持つ操作者（免許課）のみ記録できます。",
    denial_other_prefecture="他の都道府県に住所がある運転者の講習・再試験の通知は、その都道府県が行います。",
    legal_basis=legal.KITEI_53, description="講習・再試験の通知の発送の記録（受講・受験の期限の計算）",
)
RECORD_COURSE_RESULT = add_rule(
    "violations.record_course_result", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="講習の受講・再試験の結果は「審査」「決定」の役割を持つ操作者（免許課）のみ記録できます。",
    denial_other_prefecture="他の都道府県の講習・再試験の通知の結果は記録できません。",
    legal_basis=legal.KITEI_53, description="講習の受講・期限経過、再試験の合格・不合格・未受験、通知の取消しの記録",
)
VIEW_COURSE_NOTICE = add_rule(
    "violations.view_course_notice", roles=(Role.COUNTER, *LICENCE_DIVISION), own_prefecture=True,
    denial="講習・再試験の通知は「窓口」「審査」「決定」の役割を持つ操作者・端末のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の講習・再試験の通知は閲覧できません。",
    legal_basis=legal.KITEI_53, description="講習・再試験の通知と通知書（PDF）の閲覧",
)
LIST_COURSE_NOTICES = add_rule(
    "violations.list_course_notices", roles=LICENCE_DIVISION,
    denial="講習・再試験の通知の一覧は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_53, description="発送待ち・期限経過の講習・再試験の通知の一覧（自県のみ表示）",
)
LIST_WARNINGS = add_rule(
    "violations.list_warnings", roles=LICENCE_DIVISION,
    denial="行政処分警告対象者の名簿は「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    legal_basis=legal.KITEI_28_2, description="行政処分警告対象者の名簿（処分の基準まで一定の点数以内の運転者、自県のみ）",
)
ANSWER_JSDC = add_rule(
    "violations.answer_jsdc_inquiry", roles=LICENCE_DIVISION, own_prefecture=True, device_kinds=(),
    denial="自動車安全運転センターへの累積点数等の通知は「審査」「決定」の役割を持つ操作者（免許課）のみ作成できます。",
    denial_other_prefecture="他の都道府県の運転者の累積点数等は、その都道府県の免許課が通知します。",
    legal_basis=legal.KITEI_33, description="自動車安全運転センターの照会に対する累積点数・運転免許経歴等の通知（通知書PDF）",
)
READ_PARKING_FEED = add_rule(
    "violations.read_parking_feed", roles=(), own_prefecture=True, device_kinds=("other_system",),
    denial="放置駐車の運転者検挙の通知は他システム（放置駐車違反管理システム）の端末のみ受け取れます。",
    denial_other_prefecture="他の都道府県の違反等登録は受け取れません。",
    legal_basis=legal.KITEI_28_2, description="放置駐車違反の運転者が違反等登録されたことの通知（他システムが取りに来る）",
)
