"""Permission rules: one registry, one check, one way to scope a list.

Each app declares its rules in its own ``permissions.py`` with
:func:`add_rule` — named ``<app>.<verb>_<object>``: the roles it admits,
whether the record must belong to the actor's prefecture, the Japanese
messages shown when it refuses (one for a missing role, one for another
prefecture's record, so that a refusal never says something false) and the
legal basis it enforces. Core
imports every app's ``permissions`` module at start-up
(:class:`menkyo.core.apps.CoreConfig`).

- :func:`allowed` answers without side effects (menus, links, buttons);
- :func:`authorize` is what services call before they read or write: it
  raises :class:`NotPermitted` and records the denial in the audit trail;
- :class:`ScopedQuerySet` gives every list ``visible_to(actor, action)``
  (NetBox's ``restrict()``): no list is scoped by hand.

A :class:`~menkyo.core.actors.SystemActor` (a shell command on the server)
is trusted: shell access already is platform administration. Its writes are
still audited under its own name.
"""

from dataclasses import dataclass

import rules
from django.db import models
from django.db.models import Q

from menkyo.core import recording
from menkyo.core.actors import is_system
from menkyo.core.errors import NotPermitted
from menkyo.core.legal import LegalBasis


def has_role(*roles: str):
    """A predicate: the actor holds one of ``roles``."""
    wanted = frozenset(roles)

    @rules.predicate(name="has_role_" + "_or_".join(roles))
    def predicate(actor) -> bool:
        return bool(actor.role_set & wanted)

    return predicate


def device_of_kind(*kinds: str):
    """A predicate: the actor is a device (端末) of one of ``kinds`` (``Device.Kind`` values)."""
    wanted = frozenset(kinds)

    @rules.predicate(name="device_of_" + "_or_".join(kinds))
    def predicate(actor) -> bool:
        return getattr(actor, "actor_kind", "") == "device" and getattr(actor, "kind", "") in wanted

    return predicate


@rules.predicate
def is_operator(actor) -> bool:
    """The actor is a person (操作者), not a device."""
    return getattr(actor, "actor_kind", "") != "device"


def record_prefecture(record) -> str:
    """The prefecture code that manages ``record``.

    Holder records (person, licence …) define ``home_prefecture_id``; operators,
    devices and affiliations are managed by their affiliation's prefecture and
    expose it as ``prefecture_id``.
    """
    if hasattr(record, "home_prefecture_id"):
        return record.home_prefecture_id or ""
    return getattr(record, "prefecture_id", "") or ""


@rules.predicate
def same_prefecture(actor, record) -> bool:
    """The record (licence, person, operator …) is managed by the actor's prefecture."""
    return bool(actor.prefecture_id) and record_prefecture(record) == actor.prefecture_id


@dataclass(frozen=True)
class Rule:
    """A named permission rule: the roles it admits, whether the record must be the actor's
    prefecture's, what a refused actor is told (one message per reason), and the law it serves."""

    name: str
    roles: tuple[str, ...]
    own_prefecture: bool
    denial: str  # the actor's roles do not allow it
    denial_other_prefecture: str  # the roles do, but the record is another prefecture's
    legal_basis: LegalBasis | None = None
    description: str = ""
    # None: devices are judged by their roles like operators. A tuple: only devices of these
    # kinds (``Device.Kind`` values) may, whatever their roles; operators still by role.
    device_kinds: tuple[str, ...] | None = None

    @property
    def who(self):
        """The predicate on the actor alone: a role it admits (and, if limited, a device kind)."""
        who = has_role(*self.roles)
        if self.device_kinds is not None:
            who = (is_operator & who) | device_of_kind(*self.device_kinds)
        return who

    @property
    def predicate(self):
        return self.who & same_prefecture if self.own_prefecture else self.who

    def denial_for(self, actor) -> str:
        """The message that is true for this actor: a missing role, or another prefecture's record."""
        if self.own_prefecture and getattr(actor, "is_active", True) and self.who.test(actor):
            return self.denial_other_prefecture
        return self.denial


RULES = rules.RuleSet()
REGISTRY: dict[str, Rule] = {}


def add_rule(name: str, *, roles, own_prefecture: bool = False, denial: str,
             denial_other_prefecture: str = "", legal_basis: LegalBasis | None = None,
             description: str = "", device_kinds: tuple[str, ...] | None = None) -> Rule:
    """Declare a rule (in an app's ``permissions.py``); names are ``<app>.<verb>_<object>``.

    ``own_prefecture`` rules need ``denial_other_prefecture``: what an actor
    with the right role is told about another prefecture's record.
    ``device_kinds`` limits devices to those kinds (an OMR装置 uploads answer
    sheets, a 免許証作成機 reports cards) whatever roles they were given.
    """
    if own_prefecture and not denial_other_prefecture:
        raise ValueError(f"{name}: an own-prefecture rule needs denial_other_prefecture")
    rule = Rule(name, tuple(roles), own_prefecture, denial, denial_other_prefecture, legal_basis, description,
                tuple(device_kinds) if device_kinds is not None else None)
    RULES.add_rule(name, rule.predicate)
    REGISTRY[name] = rule
    return rule


def allowed(actor, rule: str, record=None) -> bool:
    """True when ``rule`` allows ``actor`` on ``record`` (no audit; for menus and links)."""
    if is_system(actor):
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
        outcome=recording.Outcome.DENIED,
        detail={"rule": rule},
    )
    raise NotPermitted(REGISTRY[rule].denial_for(actor), code="not_permitted")


class ScopedQuerySet(models.QuerySet):
    """A queryset whose lists are scoped by who asks: ``visible_to(actor, action)``.

    Subclasses name, per action, the rule that must allow the actor
    (``action_rules``) and the fields holding the prefecture that manages a
    row (``prefecture_fields``; a row matches when any of them is the
    actor's prefecture). An actor the rule refuses sees nothing; the shell
    sees everything.
    """

    action_rules: dict[str, str] = {}
    prefecture_fields: tuple[str, ...] = ()

    def visible_to(self, actor, action: str = "view"):
        if action not in self.action_rules:
            raise ValueError(f"{self.model.__name__} lists have no rule for {action!r}")
        if is_system(actor):
            return self
        if not allowed(actor, self.action_rules[action]) or not actor.prefecture_id:
            return self.none()
        scope = Q()
        for field in self.prefecture_fields:
            scope |= Q(**{field: actor.prefecture_id})
        return self.filter(scope)
