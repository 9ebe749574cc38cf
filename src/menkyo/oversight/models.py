"""The review of inquiries (照会履歴確認): reviews of flagged lookups and the watch list.

A :class:`Review` is created when the 監査 role opens a lookup that an anomaly
report flagged (:mod:`menkyo.oversight.anomalies`); it moves through
:data:`REVIEWS` (未確認 → 正当 / 不適正 → 所属長確認済み), each step audited. The
:class:`WatchEntry` rows are the 公人等注意リスト: persons whose every lookup is
shown to the reviewer (public figures, the reviewers' own colleagues' families …).
"""

from django.db import models

from menkyo.accounts.models import Operator
from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.inquiry.models import Inquiry
from menkyo.oversight.actions import Action
from menkyo.registry.models import Person


class ReviewState(models.TextChoices):
    PENDING = "pending", "未確認"
    JUSTIFIED = "justified", "正当"
    IMPROPER = "improper", "不適正（所属長へ報告）"
    ACKNOWLEDGED = "acknowledged", "不適正（所属長確認済み）"


class ReviewQuerySet(ScopedQuerySet):
    """Reviews of the inquiries of the actor's prefecture (監査), or outcomes (決定, narrowed to the
    supervisor's affiliation by the service)."""

    action_rules = {"view": "oversight.view_inquiries", "outcomes": "oversight.view_outcomes"}
    prefecture_fields = ("prefecture_id",)


class Review(models.Model):
    """The review of one flagged inquiry: which reports flagged it, the reviewer's finding and note."""

    inquiry = models.OneToOneField(Inquiry, models.PROTECT, related_name="review", verbose_name="照会")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="照会者の所属")
    made_at = models.DateTimeField("照会日時", db_index=True)
    patterns = models.JSONField("検出パターン", default=list)
    reasons = models.JSONField("検出理由", default=list)
    state = models.CharField("状態", max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING)
    note = models.CharField("所見", max_length=400, blank=True, default="")
    reviewer = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="審査者")
    reviewed_at = models.DateTimeField("審査日時", null=True, blank=True)
    acknowledged_by = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+",
                                        verbose_name="確認した所属長")
    acknowledged_at = models.DateTimeField("所属長確認日時", null=True, blank=True)
    supervisor_note = models.CharField("所属長の措置", max_length=400, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "照会の審査"
        indexes = [models.Index(fields=["prefecture", "made_at"], name="review_prefecture_made_at")]

    def __str__(self) -> str:
        return f"審査 {self.pk}（照会 {self.inquiry_id}）"


REVIEWS = Workflow(
    name="oversight.review", label_ja="照会の審査", field="state", states=ReviewState,
    transitions=[
        Transition("justify", source=(ReviewState.PENDING,), target=ReviewState.JUSTIFIED,
                   rule="oversight.review_inquiry", legal_basis=legal.KITEI_45, label_ja="正当と判定",
                   audit_action=Action.REVIEW_JUSTIFY),
        Transition("find_improper", source=(ReviewState.PENDING, ReviewState.JUSTIFIED),
                   target=ReviewState.IMPROPER, rule="oversight.review_inquiry", legal_basis=legal.KITEI_45,
                   label_ja="不適正と判定", audit_action=Action.REVIEW_FIND_IMPROPER, requires_reason=True),
        Transition("acknowledge", source=(ReviewState.IMPROPER,), target=ReviewState.ACKNOWLEDGED,
                   rule="oversight.acknowledge_review", legal_basis=legal.KITEI_45, label_ja="所属長確認",
                   audit_action=Action.REVIEW_ACKNOWLEDGE, requires_reason=True),
    ],
)


class WatchEntryQuerySet(ScopedQuerySet):
    action_rules = {"manage": "oversight.manage_watch_list"}
    prefecture_fields = ("prefecture_id",)


class WatchEntry(models.Model):
    """A person on the prefecture's 公人等注意リスト: every lookup of them is flagged for review."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="運転者")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+", verbose_name="都道府県")
    reason = models.CharField("登録理由", max_length=200)
    added_by = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField("有効", default=True)
    removed_by = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+")
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = WatchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "公人等注意リスト"
        constraints = [models.UniqueConstraint(fields=["person", "prefecture"], condition=models.Q(active=True),
                                               name="one_active_watch_entry")]

    def __str__(self) -> str:
        return f"注意リスト 運転者 {self.person_id}"
