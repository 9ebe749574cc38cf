"""Who handles the 運転経歴証明書 (規程第42条–第42条の4).

- **Issue** — receive the application, hand the certificate over, change its particulars, reissue
  it and receive its return: 「窓口」「審査」 operators of the prefecture whose commission manages the
  person (the 免許課長等 of 第42条: a 試験場 or a 警察署). Never a device: the certificate is handed over
  with the holder's signature at a counter.
- **See** a person's certificates and whether they may apply: the same roles and 「決定」.
"""

from menkyo.core import legal
from menkyo.core.models import Role
from menkyo.core.permissions import add_rule

ISSUE_CERTIFICATE = add_rule(
    "driving_history.issue_certificate", roles=(Role.COUNTER, Role.CASE_OFFICER), own_prefecture=True,
    device_kinds=(),
    denial="運転経歴証明書の交付等は「窓口」「審査」の役割を持つ操作者のみ扱えます。",
    denial_other_prefecture="この方の運転経歴証明書は他の都道府県の公安委員会が扱います。",
    legal_basis=legal.KITEI_42,
    description="運転経歴証明書の交付申請の受理・交付、記載事項の変更、再交付、返納（自県）",
)
VIEW_CERTIFICATE = add_rule(
    "driving_history.view_certificate", roles=(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION),
    own_prefecture=True,
    denial="運転経歴証明書は「窓口」「審査」「決定」の役割を持つ操作者のみ閲覧できます。",
    denial_other_prefecture="他の都道府県の運転経歴証明書は閲覧できません。",
    legal_basis=legal.KITEI_42, description="運転経歴証明書と交付の可否の閲覧（自県）",
)
