"""State machines for applications, work items, disposition cases and exchange messages.

A :class:`Workflow` is a declarative table: the model field that holds the
state, the states (a ``TextChoices`` class whose labels are the Japanese
names), and the :class:`Transition` rows, each with the permission rule
that allows it, its legal basis, its Japanese label and its audit action.
:meth:`Workflow.apply` is the one way to change the state::

    authorize (denials audited) → transaction → lock the row
    → the locked row's state must be a source (else Conflict, in Japanese)
    → set the target and the extra fields → on_apply hook → save → audit

``docs/adr/0006-workflows.md`` explains why this is a small helper and not
django-fsm-2. Audit events go through the port :mod:`menkyo.core.recording`.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction

from menkyo.core import recording
from menkyo.core.errors import Conflict, InvalidInput
from menkyo.core.permissions import RULES, allowed, authorize, record_prefecture

#: Every workflow declared with a name, for the docs generator (name → Workflow).
REGISTRY: dict[str, "Workflow"] = {}


@dataclass(frozen=True)
class Transition:
    """One row of the table: ``name`` moves an object from any of ``source`` to ``target``.

    ``rule`` is a ``rules`` rule name checked with :func:`authorize`;
    ``legal_basis`` is anything whose ``str()`` names the provision;
    ``on_apply(actor, obj, transition, reason)`` (optional) runs inside the
    transaction on the locked row after the target is set and before it is
    saved: it may set more fields or write related rows, and whatever it
    raises rolls the whole transition back.
    """

    name: str
    source: tuple[str, ...]
    target: str
    rule: str
    legal_basis: object
    label_ja: str
    audit_action: str
    requires_reason: bool = False
    on_apply: Callable | None = None


class Workflow:
    """States and transitions of one model field, declared once."""

    def __init__(self, *, states: type[models.TextChoices], transitions: Iterable[Transition],
                 field: str = "state", name: str = "", label_ja: str = ""):
        self.field = field
        self.states = states
        self.name = name
        self.label_ja = label_ja
        self.transitions: dict[str, Transition] = {}
        for t in transitions:
            if t.name in self.transitions:
                raise ValueError(f"duplicate transition {t.name!r}")
            unknown = [s for s in (*t.source, t.target) if s not in states.values]
            if unknown or not t.source:
                raise ValueError(f"transition {t.name!r}: unknown or missing states {unknown}")
            self.transitions[t.name] = t
        if name:
            REGISTRY[name] = self

    def state_label(self, value: str) -> str:
        """The Japanese label of a state value (the value itself when unknown)."""
        return str(dict(self.states.choices).get(value, value))

    def transition(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise ValueError(f"no transition {name!r} in this workflow") from None

    def from_state(self, state: str) -> list[Transition]:
        """Transitions whose sources include ``state``, in declaration order."""
        return [t for t in self.transitions.values() if state in t.source]

    def available(self, actor, obj) -> list[Transition]:
        """Transitions ``actor`` may apply to ``obj`` in its current state (for buttons; no audit)."""
        return [t for t in self.from_state(getattr(obj, self.field)) if allowed(actor, t.rule, obj)]

    def apply(self, actor, obj, name: str, *, reason: str, **fields):
        """Apply transition ``name`` to ``obj`` and return the audit event.

        ``fields`` are set on the row together with the new state. The
        caller's ``obj`` is updated to the saved values. Raises
        :class:`NotPermitted` (audited) when the rule refuses,
        :class:`Conflict` (code ``illegal_transition``) when the row — as
        locked in the database, not as the caller last read it — is not in
        a source state, :class:`InvalidInput` when a required reason is
        missing.
        """
        t = self.transition(name)
        bad = sorted(f for f in fields if f == self.field or not _is_field(obj, f))
        if bad:
            raise ValueError(f"cannot set {bad} with a transition")
        reason = (reason or "").strip()
        person_id = getattr(obj, "person_id", None)
        authorize(actor, t.rule, obj, action=t.audit_action, person_id=person_id)
        if t.requires_reason and not reason:
            raise InvalidInput(f"「{t.label_ja}」の理由を入力してください。", field="reason")
        model = type(obj)
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=obj.pk)
            current = getattr(locked, self.field)
            if current not in t.source:
                raise Conflict(
                    f"現在の状態（{self.state_label(current)}）では「{t.label_ja}」を行えません。",
                    field=self.field, code="illegal_transition",
                )
            setattr(locked, self.field, t.target)
            for f, value in fields.items():
                setattr(locked, f, value)
            if t.on_apply is not None:
                t.on_apply(actor, locked, t, reason)
            locked.save()
            event = recording.record(
                actor, t.audit_action,
                object_type=model._meta.model_name, object_id=locked.pk, person_id=person_id,
                subject_prefecture=record_prefecture(locked),
                detail={"from": current, "to": t.target, "transition": t.name,
                        "legal_basis": str(t.legal_basis), "reason": reason},
            )
        for f in model._meta.concrete_fields:
            setattr(obj, f.attname, getattr(locked, f.attname))
        return event

    def describe(self) -> list[dict]:
        """One row per transition, with Japanese labels, for generated documentation."""
        return [
            {
                "workflow": self.name,
                "transition": t.name,
                "label": t.label_ja,
                "from": [self.state_label(s) for s in t.source],
                "to": self.state_label(t.target),
                "rule": t.rule,
                "legal_basis": str(t.legal_basis),
                "audit_action": t.audit_action,
            }
            for t in self.transitions.values()
        ]

    def check(self) -> list[str]:
        """Problems a test should catch: rules not registered (``rules`` would deny them silently)."""
        return [f"{t.name}: rule {t.rule!r} is not registered" for t in self.transitions.values()
                if t.rule not in RULES]


def _is_field(obj, name: str) -> bool:
    try:
        obj._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
