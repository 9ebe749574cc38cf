"""Operators (操作者) and devices (端末) that act in menkyo, and their credentials.

The tables keep the names they had when these models lived in ``core``
(``core_operator``, ``core_device``): the move (issue 6) changed no row.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from menkyo.core.actors import ActorMixin
from menkyo.core.models import Affiliation, DecisionLevel, Prefecture, Role
from menkyo.core.permissions import ScopedQuerySet

# Roles whose holders must use a second factor (TOTP) to log in.
SECOND_FACTOR_ROLES = frozenset({Role.DECISION, Role.AUDIT, Role.ADMIN})
# Roles an administrator grants only with a second administrator's approval (RoleGrant).
APPROVAL_ROLES = SECOND_FACTOR_ROLES
# Roles that change records: 監査 is never combined with them (nor with 管理).
RECORD_CHANGING_ROLES = frozenset({Role.COUNTER, Role.CASE_OFFICER, Role.DECISION, Role.EXAMINER})


class ManagedQuerySet(ScopedQuerySet):
    """Operators and devices: managed by the 管理 role of their affiliation's prefecture."""

    action_rules = {"manage": "accounts.manage_operators"}
    prefecture_fields = ("affiliation__prefecture_id",)


class OperatorManager(UserManager.from_queryset(ManagedQuerySet)):
    """Django's user manager with ``visible_to``."""

    def create_superuser(self, *args, **kwargs):
        """menkyo has no superuser: operators are created through the service, with roles."""
        raise ValidationError(CREATE_SUPERUSER_REFUSED)


CREATE_SUPERUSER_REFUSED = (
    "menkyo には superuser はありません。操作者は `menkyo operator create USERNAME --name 氏名 "
    "--affiliation 所属コード --role admin` で登録してください（役割・所属つきで監査記録に残ります）。"
)


#: Operators' names by login name as last read by :func:`menkyo.accounts.services.name_of`.
OPERATOR_NAMES: dict = {"read_at": float("-inf"), "names": {}}


class Operator(ActorMixin, AbstractUser):
    """A staff user of menkyo (操作者), belonging to one affiliation."""

    display_name = models.CharField("氏名", max_length=40)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="operators")
    roles = models.JSONField("役割", default=list)
    decision_level = models.CharField(
        "決定権限", max_length=20, choices=DecisionLevel.choices, blank=True, default=""
    )
    must_change_password = models.BooleanField(
        "パスワード変更が必要", default=False,
        help_text="管理者が設定したパスワード（登録時・再設定時）のままの操作者。変更するまで他の画面は使えません。",
    )
    # For the review of inquiries (照会履歴確認): lookups of colleagues, of people sharing the
    # operator's surname or living in the operator's municipality. Optional, entered by the 管理 role.
    family_name_kana = models.CharField("氏（カナ）", max_length=40, blank=True, default="")
    birth_date = models.DateField("生年月日", null=True, blank=True)
    # Not "home_prefecture": record_prefecture() reads home_prefecture_id as the managing prefecture.
    address_prefecture = models.ForeignKey(Prefecture, models.PROTECT, null=True, blank=True, related_name="+",
                                           verbose_name="住所（都道府県）")
    home_municipality = models.CharField("住所（市区町村）", max_length=40, blank=True, default="")

    objects = OperatorManager()

    actor_kind = "operator"

    class Meta:
        db_table = "core_operator"
        verbose_name = "操作者"

    def __str__(self) -> str:
        return f"{self.display_name} ({self.username})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        OPERATOR_NAMES["read_at"] = float("-inf")  # this process reads the names again (services.name_of)

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
        SCHOOL = "school", "教習所端末"
        SCORING = "scoring", "採点端末"
        QUESTION_AUTHORING = "question_authoring", "問題作成端末"
        PASS_BOARD = "pass_board", "合格者発表端末"
        ONESTOP = "onestop", "住所変更ワンストップ連携"  # delivers municipalities' address changes (マイナのみ)
        OTHER_SYSTEM = "other_system", "交通反則通告・交通事故システム"  # sends violations in bulk (2-13)
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


class RoleGrantQuerySet(ScopedQuerySet):
    """Role grants: seen by the 管理 role of the operator's prefecture."""

    action_rules = {"manage": "accounts.manage_operators"}
    prefecture_fields = ("operator__affiliation__prefecture_id",)


class RoleGrant(models.Model):
    """A requested change of an operator's roles that adds 決定・監査・管理 (役割付与申請).

    One administrator requests it; a different administrator of the same
    prefecture approves (the roles change then) or rejects it. Until then the
    operator's roles are unchanged.
    """

    class State(models.TextChoices):
        PENDING = "pending", "承認待ち"
        APPROVED = "approved", "承認済み"
        REJECTED = "rejected", "却下"

    operator = models.ForeignKey(Operator, models.CASCADE, related_name="role_grants", verbose_name="操作者")
    roles = models.JSONField("申請する役割", default=list)
    decision_level = models.CharField(
        "申請する決定権限", max_length=20, choices=DecisionLevel.choices, blank=True, default=""
    )
    before_roles = models.JSONField("申請時の役割", default=list)
    before_decision_level = models.CharField("申請時の決定権限", max_length=20, blank=True, default="")
    reason = models.CharField("申請理由", max_length=200)
    requested_by = models.ForeignKey(
        Operator, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="申請者"
    )
    requested_at = models.DateTimeField("申請日時", auto_now_add=True)
    state = models.CharField("状態", max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        Operator, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="承認・却下者"
    )
    decided_at = models.DateTimeField("承認・却下日時", null=True, blank=True)
    decision_reason = models.CharField("却下理由", max_length=200, blank=True, default="")

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = "役割付与申請"
        constraints = [
            models.UniqueConstraint(
                fields=["operator"], condition=models.Q(state="pending"), name="one_pending_grant_per_operator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator.username}: {self.roles} ({self.get_state_display()})"

    @property
    def prefecture_id(self) -> str:
        """The prefecture that manages the operator concerned (for own-prefecture rules)."""
        return self.operator.affiliation.prefecture_id
