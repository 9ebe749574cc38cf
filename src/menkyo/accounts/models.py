"""Operators (操作者) and devices (端末) that act in menkyo, and their credentials.

The tables keep the names they had when these models lived in ``core``
(``core_operator``, ``core_device``): the move (issue 6) changed no row.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from menkyo.core.actors import ActorMixin
from menkyo.core.models import Affiliation, DecisionLevel, Role
from menkyo.core.permissions import ScopedQuerySet

# Roles whose holders must use a second factor (TOTP) to log in.
SECOND_FACTOR_ROLES = frozenset({Role.DECISION, Role.AUDIT, Role.ADMIN})


class ManagedQuerySet(ScopedQuerySet):
    """Operators and devices: managed by the 管理 role of their affiliation's prefecture."""

    action_rules = {"manage": "accounts.manage_operators"}
    prefecture_fields = ("affiliation__prefecture_id",)


class OperatorManager(UserManager.from_queryset(ManagedQuerySet)):
    """Django's user manager with ``visible_to``."""


class Operator(ActorMixin, AbstractUser):
    """A staff user of menkyo (操作者), belonging to one affiliation."""

    display_name = models.CharField("氏名", max_length=40)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="operators")
    roles = models.JSONField("役割", default=list)
    decision_level = models.CharField(
        "決定権限", max_length=20, choices=DecisionLevel.choices, blank=True, default=""
    )

    objects = OperatorManager()

    actor_kind = "operator"

    class Meta:
        db_table = "core_operator"
        verbose_name = "操作者"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    @property
    def requires_second_factor(self) -> bool:
        return bool(self.role_set & SECOND_FACTOR_ROLES)

    @property
    def actor_name(self) -> str:
        return self.username


class Device(ActorMixin, models.Model):
    """A machine that calls the API (card printer, kiosk, OMR scanner …).

    It authenticates with a per-device bearer token ``mkd_<key_id>_<secret>``;
    only the SHA-256 of the secret is stored (:mod:`menkyo.accounts.tokens`).
    """

    class Kind(models.TextChoices):
        CARD_PRINTER = "card_printer", "免許証作成機"
        KIOSK = "kiosk", "申請自動受付装置"
        OMR = "omr", "OMR装置"
        ENDORSEMENT = "endorsement", "追記装置"
        TERMINAL = "terminal", "業務端末"
        OTHER = "other", "その他"

    name = models.CharField("名称", max_length=60, unique=True)
    kind = models.CharField("種別", max_length=20, choices=Kind.choices)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="devices")
    roles = models.JSONField("役割", default=list)
    key_id = models.CharField(max_length=16, unique=True)
    token_hash = models.CharField(max_length=64)
    is_active = models.BooleanField("有効", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ManagedQuerySet.as_manager()

    actor_kind = "device"

    class Meta:
        db_table = "core_device"
        verbose_name = "端末"

    def __str__(self) -> str:
        return self.name

    @property
    def actor_name(self) -> str:
        return self.name
