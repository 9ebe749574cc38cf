"""Permissions as ``rules`` predicates: the actor's roles and prefecture vs the record's.

Services call :func:`authorize` before they read or write; it raises
:class:`NotPermitted` and records the denial in the audit trail. Querysets are
scoped with :func:`scope_to_prefecture` so a list never shows another
prefecture's holders.
"""

import rules

from menkyo.core import recording
from menkyo.core.errors import NotPermitted
from menkyo.core.models import Outcome, Role


def _role_predicate(*roles: str):
    name = "has_role_" + "_or_".join(roles)

    @rules.predicate(name=name)
    def predicate(actor) -> bool:
        return bool(actor.role_set & set(roles))

    return predicate


@rules.predicate
def same_prefecture(actor, record) -> bool:
    """The record (licence, person, operator …) is managed by the actor's prefecture."""
    return bool(actor.prefecture_id) and record_prefecture(record) == actor.prefecture_id


def record_prefecture(record) -> str:
    """The prefecture code that manages ``record``.

    Holder records (person, licence …) define ``home_prefecture_id``; operators,
    devices and affiliations are managed by their affiliation's prefecture and
    expose it as ``prefecture_id``.
    """
    if hasattr(record, "home_prefecture_id"):
        return record.home_prefecture_id or ""
    return getattr(record, "prefecture_id", "") or ""


is_counter_or_case_officer = _role_predicate(Role.COUNTER, Role.CASE_OFFICER)
may_read_register = _role_predicate(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)
is_admin = _role_predicate(Role.ADMIN)
may_simulate_rules = _role_predicate(Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.INQUIRY)
is_auditor = _role_predicate(Role.AUDIT)

RULES = rules.RuleSet()
# Reading a holder of the operator's own prefecture in daily work (規程第18条).
# Other prefectures' holders are read only through the inquiry path (規程第45条).
RULES.add_rule("registry.read_holder", may_read_register & same_prefecture)
# Change of particulars (記載事項変更, 規程第14条): counter and case officers.
RULES.add_rule("registry.change_particulars", is_counter_or_case_officer & same_prefecture)
# Issue of licences and provisional licences at the licence centre (規程第13条).
RULES.add_rule("registry.issue", is_counter_or_case_officer & same_prefecture)
# Operators are managed by the 管理 role of the same prefecture.
RULES.add_rule("core.manage_operators", is_admin)
RULES.add_rule("core.manage_operator", is_admin & same_prefecture)
# The audit viewer (照会履歴確認) is for the 監査 role.
RULES.add_rule("core.view_audit", is_auditor)
# The 判定シミュレーター (law engine on pasted JSON; reads no record): 審査 and 決定
# decide with it, 窓口 and 照会 may check an answer for a caller (docs/rules.md).
RULES.add_rule("rules.simulate", may_simulate_rules)

# Messages shown when a rule refuses; keyed by rule name.
DENIAL_MESSAGES = {
    "registry.read_holder": "この免許者の記録を閲覧する権限がありません（他県の記録は照会によります）。",
    "registry.change_particulars": "この免許者の記載事項を変更する権限がありません。",
    "registry.issue": "この都道府県の免許を交付する権限がありません。",
    "core.manage_operators": "操作者を管理する権限がありません。",
    "core.manage_operator": "他の都道府県の操作者は管理できません。",
    "core.view_audit": "監査記録を閲覧する権限がありません。",
    "rules.simulate": "判定シミュレーターは「窓口」「審査」「決定」「照会」の役割を持つ操作者のみ利用できます。",
}


def allowed(actor, rule: str, record=None) -> bool:
    """True when ``rule`` allows ``actor`` on ``record`` (no audit; for menus and links).

    A :class:`~menkyo.core.actors.SystemActor` (a shell command on the server)
    is trusted: shell access already is platform administration. Its writes
    are still audited under its own name.
    """
    if getattr(actor, "actor_kind", "") == "system":
        return True
    if not getattr(actor, "is_active", True):
        return False
    return RULES.test_rule(rule, actor, record)


def authorize(actor, rule: str, record=None, *, action: str, person_id=None, purpose: str = "") -> None:
    """Raise :class:`NotPermitted` unless ``rule`` allows it; denials are audited."""
    if allowed(actor, rule, record):
        return
    recording.record(
        actor,
        action,
        object_type=type(record).__name__.lower() if record is not None else "",
        object_id=getattr(record, "pk", "") if record is not None else "",
        person_id=person_id,
        subject_prefecture=record_prefecture(record) if record is not None else "",
        purpose=purpose,
        outcome=Outcome.DENIED,
        detail={"rule": rule},
    )
    raise NotPermitted(DENIAL_MESSAGES.get(rule, "権限がありません。"), code="not_permitted")
