"""Actors that are neither operators nor devices: batch jobs and shell commands."""

from dataclasses import dataclass, field


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
