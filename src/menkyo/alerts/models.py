"""Alerts (手配, 規程第46条・第47条), their hits on inquiries and the notifications a hit sends.

An :class:`Alert` is requested for a 所属長 (the requesting office, ``requesting_affiliation``)
and becomes active only when a second person approves it; an inquiry (照会) that finds its
person — or, for a 盗品等免許証手配, the stolen card's number — records an :class:`AlertHit`
and a :class:`Notification` for the requesting office and the case owner (第46条第4項).
The alert belongs to the prefecture of the requesting office (``prefecture``); its hits are
seen nationwide through the inquiry.
"""

from django.db import models
from django.db.models import F, Q

from menkyo.accounts.models import Operator
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.registry.models import Person

TEXT_MAX_LENGTH = 200
CASE_NUMBER_MAX_LENGTH = 30


class AlertKind(models.TextChoices):
    """The 手配 kinds of procedures.md B.2 (規程第46条, 第41条の2, 第41条の2の2)."""

    DISPOSITION = "disposition", "処分手配"
    NOVICE_REVOCATION = "novice_revocation", "初心運転者取消手配"
    YOUTH_REVOCATION = "youth_revocation", "若年運転者取消手配"
    STOLEN_CARD = "stolen_card", "盗品等免許証手配"
    OTHER = "other", "その他手配"
    UNFITNESS = "unfitness", "取消等該当関連情報"


class AlertState(models.TextChoices):
    REQUESTED = "requested", "申請中"
    ACTIVE = "active", "登録済"
    REJECTED = "rejected", "却下"
    RELEASED = "released", "解除"
    EXPIRED = "expired", "期限切れ"


class AlertQuerySet(ScopedQuerySet):
    """Alerts are listed to the staff of the requesting office's prefecture."""

    action_rules = {"view": "alerts.list_alerts"}
    prefecture_fields = ("prefecture_id",)


class Alert(models.Model):
    """A 手配: on a person of the register, or on a stolen card's number (``card_number``).

    ``requested_by`` and ``approved_by`` are the audit names of two different actors
    (separation of duties; a database constraint refuses the same name).
    """

    kind = models.CharField("手配の区分", max_length=20, choices=AlertKind.choices)
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="被手配者")
    card_number = models.CharField("免許証番号（盗品等）", max_length=12, blank=True, db_index=True)
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    requesting_affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="+",
                                               verbose_name="要請所属")
    case_owner = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="事案担当者")
    case_number = models.CharField("事案番号", max_length=CASE_NUMBER_MAX_LENGTH, blank=True)
    reason = models.CharField("手配の理由", max_length=TEXT_MAX_LENGTH)
    state = models.CharField("状態", max_length=12, choices=AlertState.choices, default=AlertState.REQUESTED)
    requested_by = models.CharField("要請入力者", max_length=80)
    requested_at = models.DateTimeField("要請日時", auto_now_add=True)
    approved_by = models.CharField("承認者", max_length=80, blank=True)
    rejected_by = models.CharField("却下者", max_length=80, blank=True)
    decided_at = models.DateTimeField("承認・却下日時", null=True, blank=True)
    decision_reason = models.CharField("却下の理由", max_length=TEXT_MAX_LENGTH, blank=True)
    expiry_date = models.DateField("有効期限")
    review_date = models.DateField("見直し期日")
    released_by = models.CharField("解除者", max_length=80, blank=True)
    released_at = models.DateTimeField("解除・期限切れ日時", null=True, blank=True)
    release_reason = models.CharField("解除の理由", max_length=TEXT_MAX_LENGTH, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = "手配"
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["person", "state"], name="alert_person_state"),
            models.Index(fields=["state", "expiry_date"], name="alert_state_expiry"),
            models.Index(fields=["prefecture", "state"], name="alert_prefecture_state"),
            # every inquiry answer looks stolen cards up by number (services._active_for)
            models.Index(fields=["card_number", "state"], name="alert_card_number_state",
                         condition=Q(kind="stolen_card")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(approved_by="") | ~Q(approved_by=F("requested_by")),
                                   name="alert_approver_is_not_requester"),
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(card_number=""),
                                   name="alert_has_a_subject"),
        ]

    def __str__(self) -> str:
        return f"手配 {self.pk}"

    @property
    def subject(self) -> str:
        """The subject as lists show it: the card number of a stolen card, else the person's name."""
        if self.kind == AlertKind.STOLEN_CARD:
            return f"免許証 {self.card_number}"
        return self.person.name if self.person_id else "―"


class AlertHit(models.Model):
    """One inquiry (照会) that found an active alert: which inquiry, when, by whom, why (第46条第4項)."""

    alert = models.ForeignKey(Alert, models.PROTECT, related_name="hits")
    inquiry_id = models.BigIntegerField("照会番号", db_index=True)  # inquiry.Inquiry (owned by the inquiry app)
    hit_at = models.DateTimeField("該当日時", auto_now_add=True)
    actor = models.CharField("照会者", max_length=80)
    affiliation_code = models.CharField("照会者の所属", max_length=8, blank=True)
    purpose = models.CharField("照会事由", max_length=20)

    class Meta:
        verbose_name = "手配該当"
        ordering = ["-hit_at", "-id"]

    def __str__(self) -> str:
        return f"手配該当 {self.pk}"


class NotificationQuerySet(models.QuerySet):
    def addressed_to(self, actor):
        """Notifications for ``actor``'s office, and for the cases ``actor`` owns (operators)."""
        affiliation = getattr(actor, "affiliation", None)
        if affiliation is None:
            return self.none()
        scope = Q(affiliation_id=affiliation.pk)
        if getattr(actor, "actor_kind", "") == "operator":
            scope |= Q(case_owner_id=actor.pk)
        return self.filter(scope)


class Notification(models.Model):
    """A hit told to the requesting office and the case owner (規程第46条第4項): one per hit."""

    hit = models.OneToOneField(AlertHit, models.PROTECT, related_name="notification")
    alert = models.ForeignKey(Alert, models.PROTECT, related_name="+")
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="通知先所属")
    case_owner = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="事案担当者")
    created_at = models.DateTimeField("通知日時", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("既読日時", null=True, blank=True)
    read_by = models.CharField("既読にした者", max_length=80, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "手配該当通知"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["affiliation", "read_at"], name="notification_affiliation_read")]

    def __str__(self) -> str:
        return f"通知 {self.pk}"
