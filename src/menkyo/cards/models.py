"""Card production and hand-over (規程第13条): a work item per card to make.

A :class:`CardJob` is created when a licence (or a 仮免許) is issued in the
register. The 免許証作成機 of the producing centre fetches pending jobs through
the API and reports each card produced (its serial) or failed. At a centre the
card is handed over the same day (規程第13条第2項); for a test passed at a police
station the job travels station → centre → station with the 作成依頼用 and
送付（交付）用 事務処理票 and a 交付予定日 (第13条第4項–第6項). A 拒否・保留 case
reported by the licence division (:class:`IssueHold`, 第21条第1号) stops the
hand-over. State changes only through :data:`menkyo.cards.workflows.CARD_JOB`.
"""

from django.db import models
from django.db.models import Q

from menkyo.cards.actions import Action
from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.counter.models import Application
from menkyo.registry.models import Licence, Person, ProvisionalLicence

TEXT_MAX_LENGTH = 200


class CardKind(models.TextChoices):
    LICENCE = "licence", "運転免許証"
    PROVISIONAL = "provisional", "仮運転免許証"


class CardJobState(models.TextChoices):
    REQUESTED = "requested", "作成待ち"
    PRODUCED = "produced", "作成済"
    SENT = "sent", "送付済（交付所属へ）"
    READY = "ready", "交付待ち"
    HANDED_OVER = "handed_over", "交付済"
    HELD = "held", "交付停止（拒否・保留）"


class CardJobQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.view_card_jobs"}
    prefecture_fields = ("prefecture_id",)


class CardJob(models.Model):
    """One card to produce and hand over (作成依頼用・送付（交付）用 事務処理票)."""

    application = models.ForeignKey(Application, models.PROTECT, related_name="card_jobs")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    card_kind = models.CharField("種別", max_length=12, choices=CardKind.choices)
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="+")
    provisional_licence = models.ForeignKey(ProvisionalLicence, models.PROTECT, null=True, blank=True,
                                            related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    producing_centre = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="作成所属")
    handover_office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="交付所属")
    handover_date = models.DateField("交付予定日")
    slip_number = models.CharField("事務処理票番号", max_length=20, unique=True)
    state = models.CharField("状態", max_length=16, choices=CardJobState.choices, default=CardJobState.REQUESTED)
    attempts = models.PositiveSmallIntegerField("作成の試行回数", default=0)
    card_serial = models.CharField("カード製造番号", max_length=32, blank=True)
    printer = models.CharField("作成機", max_length=80, blank=True)
    produced_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField("作成失敗の理由", max_length=TEXT_MAX_LENGTH, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.CharField("交付者", max_length=80, blank=True)
    signature_confirmed = models.BooleanField("受領の署名", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CardJobQuerySet.as_manager()

    class Meta:
        verbose_name = "免許証作成"
        constraints = [
            models.CheckConstraint(
                condition=Q(card_kind="licence", licence__isnull=False, provisional_licence__isnull=True)
                | Q(card_kind="provisional", licence__isnull=True, provisional_licence__isnull=False),
                name="card_job_names_its_licence",
            ),
        ]
        indexes = [models.Index(fields=["producing_centre", "state"]), models.Index(fields=["handover_office", "state"])]

    def __str__(self) -> str:
        return self.slip_number


class IssueHold(models.Model):
    """交付の停止 (規程第13条第6項ただし書, 第21条第1号): the licence division reports a person who
    meets the 拒否・保留 standard; no card is handed over while the hold is active."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=TEXT_MAX_LENGTH)
    reported_by = models.CharField("通報者", max_length=80)
    reported_at = models.DateTimeField(auto_now_add=True)
    released_by = models.CharField("解除者", max_length=80, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "交付停止の通報"
        indexes = [models.Index(fields=["person"], condition=Q(released_at__isnull=True), name="active_issue_hold")]

    def __str__(self) -> str:
        return f"交付停止 {self.pk}"


C = CardJobState
#: A card from the request to the hand-over. At a centre: requested → produced → ready → handed over
#: the same day (第13条第2項); from a station: … → produced → sent → ready at the station (第4項–第6項).
CARD_JOB = Workflow(
    name="cards.card_job", label_ja="免許証の作成・交付", field="state", states=CardJobState, transitions=[
        Transition("produce", source=(C.REQUESTED,), target=C.PRODUCED, rule="cards.produce_card",
                   legal_basis=legal.KITEI_13, label_ja="作成済（製造番号の報告）", audit_action=Action.JOB_PRODUCE),
        Transition("send", source=(C.PRODUCED,), target=C.SENT, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13_4, label_ja="交付所属へ送付", audit_action=Action.JOB_SEND),
        Transition("make_ready", source=(C.PRODUCED, C.SENT), target=C.READY, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13_4, label_ja="交付所属で受領（交付待ち）", audit_action=Action.JOB_RECEIVE),
        Transition("hand_over", source=(C.READY,), target=C.HANDED_OVER, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13, label_ja="交付（受領の署名）", audit_action=Action.JOB_HAND_OVER),
        Transition("hold", source=(C.REQUESTED, C.PRODUCED, C.SENT, C.READY), target=C.HELD,
                   rule="cards.hold_issue", legal_basis=legal.KITEI_21, label_ja="交付の停止（拒否・保留）",
                   audit_action=Action.JOB_HOLD, requires_reason=True),
        Transition("resume", source=(C.HELD,), target=C.READY, rule="cards.hold_issue",
                   legal_basis=legal.KITEI_21, label_ja="交付停止の解除", audit_action=Action.JOB_RESUME,
                   requires_reason=True),
    ],
)
