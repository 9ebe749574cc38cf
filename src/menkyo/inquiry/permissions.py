"""Who may make an inquiry (照会, 規程第45条), and whose holders it finds.

Every role that works with holders' records may make an inquiry; it finds only
the actor's own prefecture's holders, except for the 照会 role, which reads
every prefecture's holders through this path (always audited with the purpose).
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule
from menkyo.registry.permissions import READS_REGISTER, REGISTER_ROLES_NEEDED

MAKE_INQUIRY = add_rule(
    "inquiry.make_inquiry", roles=READS_REGISTER,
    denial="照会する権限がありません" + REGISTER_ROLES_NEEDED + "。",
    legal_basis=legal.KITEI_45, description="免許者の照会（自県の免許者；照会事由が必要）",
)
SEE_ALL_PREFECTURES = add_rule(
    "inquiry.see_all_prefectures", roles=(Role.INQUIRY,),
    denial="他の都道府県の免許者の照会は「照会」の役割を持つ操作者・端末のみできます。",
    legal_basis=legal.KITEI_45, description="全都道府県の免許者の照会（「照会」の役割）",
)
