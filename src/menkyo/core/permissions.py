"""Permission rules: one registry, one check, one way to scope a list.

Each app declares its rules in its own ``permissions.py`` with
:func:`add_rule` — named ``<app>.<verb>_<object>``, with the Japanese
message shown when it refuses and the legal basis it enforces. Core
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
    """A named permission rule: who may, the message when not, and the law it serves."""

    name: str
    predicate: object
    denial: str
    legal_basis: LegalBasis | None = None
    description: str = ""


RULES = rules.RuleSet()
REGISTRY: dict[str, Rule] = {}


def add_rule(name: str, predicate, *, denial: str, legal_basis: LegalBasis | None = None,
             description: str = "") -> Rule:
    """Declare a rule (in an app's ``permissions.py``); names are ``<app>.<verb>_<object>``."""
    rule = Rule(name, predicate, denial, legal_basis, description)
    RULES.add_rule(name, predicate)
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
    raise NotPermitted(REGISTRY[rule].denial, code="not_permitted")


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
