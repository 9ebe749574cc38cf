"""Who registers 外字 and who looks them up (sub-system 2-12, 免許外字情報登録・照会).

Decisions (no 規程 article names the work; the seed's system map does):

- **Register** (and correct, as a new version): the licence division's staff — 「審査」「決定」
  operators, and the 外字端末 as a device holding one of those roles (a 業務端末 given the role:
  the terminal is the licence division's). 「窓口」 clerks take the application that shows the
  character; they do not decide its shape.
- **Look up**: everyone who reads the register of holders (「窓口」「審査」「決定」「照会」) — a name
  that holds a 外字 is read, printed and written on the card by them.
- The register is one for the system (a code point means one glyph in every name), so neither rule
  is scoped to a prefecture; the registering office is recorded on the glyph.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

REGISTERS = (Role.CASE_OFFICER, Role.DECISION)
READS = (Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)

REGISTER_GLYPH = add_rule(
    "gaiji.register_glyph", roles=REGISTERS,
    denial="外字の登録・訂正は「審査」「決定」の役割を持つ操作者・端末のみできます。",
    legal_basis=legal.SYSTEM_2_12, description="外字（字形・MJ文字図形名・読み）の登録と訂正（新しい版）",
)
LOOK_UP_GLYPH = add_rule(
    "gaiji.look_up_glyph", roles=READS,
    denial="外字の照会は「窓口」「審査」「決定」「照会」の役割を持つ操作者・端末のみできます。",
    legal_basis=legal.SYSTEM_2_12, description="外字の照会（符号位置・MJ文字図形名・外字番号）と一覧",
)
