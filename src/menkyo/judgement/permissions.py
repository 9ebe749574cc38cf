"""Who may ask the law engine through menkyo (the simulator and /api/v1/rules)."""

from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

EVALUATE_RULES = add_rule(
    "judgement.evaluate_rules", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY),
    denial="判定シミュレーターと法令判定APIは「窓口」「審査」「決定」「照会」の役割を持つ操作者・端末のみ利用できます。",
    description="判定シミュレーターと判定API（記録を読まない試算）",
)
