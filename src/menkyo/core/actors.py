"""Who acts: what services need from an operator, a device or a shell command.

Operators and devices (``menkyo.accounts.models``) mix in :class:`ActorMixin`;
shell commands and batch jobs act as a :class:`SystemActor`.
"""

from dataclasses import dataclass, field


class ActorMixin:
    """What services need from whoever acts: roles, prefecture, audit identity."""

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles or [])

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    @property
    def prefecture_id(self) -> str:
        return self.affiliation.prefecture_id


@dataclass(frozen=True)
class SystemActor:
    """A command run by an administrator on the server (``menkyo seed``, migrations …).

    It has no prefecture scope of its own: system commands are run by the
    platform's administrators, and every write they make is audited.
    """

    name: str
    roles: list[str] = field(default_factory=list)
    actor_kind: str = "system"
    affiliation = None
    is_active = True

    @property
    def actor_name(self) -> str:
        return f"system:{self.name}"

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.roles)

    def has_role(self, role: str) -> bool:
        return role in self.role_set

    @property
    def prefecture_id(self) -> str:
        return ""


def is_system(actor) -> bool:
    """Shell commands and batch jobs: trusted by ``permissions.allowed`` (see there)."""
    return getattr(actor, "actor_kind", "") == "system"
