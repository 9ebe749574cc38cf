"""Card production and hand-over (規程第13条): a work item per card to make.

A :class:`CardJob` is created when a licence (or a 仮免許) is issued in the
register. The 免許証作成機 of the producing centre fetches pending jobs through
the API and reports each card produced (its serial) or failed. At a centre the
card is handed over the same day (規程第13条第2項); for a test passed at a police
station the job travels station → centre → station with the 作成依頼用 and
送付（交付）用 事務処理票 and a 交付予定日 (第13条第4項–第6項). A 拒否・保留 case
reported by the licence division (:class:`IssueHold`, 第21条第1号) stops the
hand-over. State changes only through :data:`CARD_JOB`.

A hold stops the hand-over, not the production (第13条第6項ただし書): 交付停止 is the state of a
card at its hand-over office that must not be handed over, and releasing the hold makes it
交付待ち again. A card still being made or on its way goes on, and is held when it arrives
(``cards.services``); the hand-over itself is refused while any hold on the person is active.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from menkyo.cards.actions import Action
from menkyo.core import legal
from menkyo.core.errors import Conflict
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.permissions import ScopedQuerySet
from menkyo.core.workflow import Transition, Workflow
from menkyo.counter.models import Application, PaymentMethod
from menkyo.registry.models import HoldingForm, Licence, LicenceStatus, Person, ProvisionalLicence

TEXT_MAX_LENGTH = 200
#: Failed productions after which a job is no longer offered to the printers but waits for staff.
FAILURES_BEFORE_STAFF = 3


class CardKind(models.TextChoices):
    LICENCE = "licence", "運転免許証"
    PROVISIONAL = "provisional", "仮運転免許証"


class ReissueGround(models.TextChoices):
    """Why a card is reissued (再交付): 亡失・盗難・滅失・汚損・破損 (counter-facts §3.5, the grounds before
    2019-12-01 that apply to a 仮免許証; the later grounds follow a 記載事項変更 or a condition of a licence)."""

    LOST = "lost", "亡失"
    STOLEN = "stolen", "盗難"
    DESTROYED = "destroyed", "滅失"
    DIRTY = "dirty", "汚損"
    DAMAGED = "damaged", "破損"


#: Grounds on which the card itself is gone: its number is no longer honoured (law-rules §7.1).
GROUNDS_CARD_GONE = (ReissueGround.LOST, ReissueGround.STOLEN)
#: Grounds on which the holder still has the old card: the new one is handed over only in exchange
#: for it (規程第15条第5項: 「現に有する免許証と引換え（亡失し、又は滅失した場合を除く）」).
GROUNDS_OLD_CARD_KEPT = (ReissueGround.DIRTY, ReissueGround.DAMAGED)


class CardJobState(models.TextChoices):
    REQUESTED = "requested", "作成待ち"
    PRODUCED = "produced", "作成済"
    SENT = "sent", "送付済（交付所属へ）"
    READY = "ready", "交付待ち"
    HANDED_OVER = "handed_over", "交付済"
    HELD = "held", "交付停止（拒否・保留）"
    KEPT = "kept", "交付済（停止期間中のため保管）"


class CardJobQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_card_jobs"}
    prefecture_fields = ("prefecture_id",)


class CardJob(models.Model):
    """One card to produce and hand over (作成依頼用・送付（交付）用 事務処理票)."""

    # None for a reissue (再交付, 規程第15条第2項): the 再交付申請書 is not an application for a test.
    application = models.ForeignKey(Application, models.PROTECT, null=True, blank=True, related_name="card_jobs")
    reissue_ground = models.CharField("再交付の事由", max_length=12, choices=ReissueGround.choices, blank=True)
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
    # When the printer named in ``printer`` took the job: another printer may take it after a lease.
    taken_at = models.DateTimeField("作成機の取得日時", null=True, blank=True)
    produced_at = models.DateTimeField(null=True, blank=True)
    failure_reason = models.CharField("作成失敗の理由", max_length=TEXT_MAX_LENGTH, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.CharField("交付者", max_length=80, blank=True)
    signature_confirmed = models.BooleanField("受領の署名", default=False)
    # A licence card handed over in exchange for the card the holder has (規程第15条第5項, 第41条の3).
    old_card_collected = models.BooleanField("旧免許証の回収", default=False)
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
            models.UniqueConstraint(fields=["card_serial"], condition=~Q(card_serial=""),
                                    name="one_job_per_card_serial"),
        ]
        indexes = [models.Index(fields=["producing_centre", "state"]), models.Index(fields=["handover_office", "state"])]

    def __str__(self) -> str:
        return self.slip_number

    @property
    def needs_staff(self) -> bool:
        """Production failed :data:`FAILURES_BEFORE_STAFF` times: the printers no longer take it."""
        return self.state == CardJobState.REQUESTED and self.attempts >= FAILURES_BEFORE_STAFF

    @property
    def sent_to_station(self) -> bool:
        """Made at a centre for another office (第13条第4項・第5項): sent, then received there."""
        return self.producing_centre_id != self.handover_office_id


class CancellationScope(models.TextChoices):
    """What a 申請による取消し cancels (counter-facts §3.7): the whole licence, or only higher kinds."""

    WHOLE = "whole", "全部の取消し"
    HIGHER = "higher", "一部の取消し（上位の種類のみ）"


class Applicant(models.TextChoices):
    HOLDER = "holder", "本人"
    AGENT = "agent", "代理人"  # only for the whole licence (counter-facts §3.7)


class LicenceCancellationQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.cancel_licence"}
    prefecture_fields = ("prefecture_id",)


class LicenceCancellation(models.Model):
    """申請による免許の取消し (規程第41条の3; 法第104条の4): one entry of the office's 申請取消受理・取消通知書
    交付簿 (``book_number``, numbered per office and year) with what was cancelled and kept, who applied
    (本人 or 代理人), and — when lower kinds are kept — the card job of the card showing them, handed
    over in exchange for the current card. The 申請取消通知書 is rendered from this row."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="受理所属")
    book_number = models.CharField("申請取消簿の番号", max_length=24, unique=True)
    licence_number = models.CharField("免許証番号", max_length=12)
    scope = models.CharField("取消しの範囲", max_length=8, choices=CancellationScope.choices)
    kinds_cancelled = models.JSONField("取り消した免許の種類", default=list)  # labels as on the card
    kinds_kept = models.JSONField("引き続き受ける免許の種類", default=list)
    applicant = models.CharField("申請者", max_length=8, choices=Applicant.choices)
    agent_name = models.CharField("代理人の氏名", max_length=60, blank=True)
    agent_relation = models.CharField("代理人の続柄等", max_length=40, blank=True)
    cancelled_on = models.DateField("取消年月日")
    received_by = models.CharField("受理者", max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)
    card_job = models.OneToOneField(CardJob, models.PROTECT, null=True, blank=True, related_name="cancellation")

    objects = LicenceCancellationQuerySet.as_manager()

    class Meta:
        verbose_name = "申請による取消し"

    def __str__(self) -> str:
        return f"申請取消 {self.book_number}"


class IssueHoldQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_issue_holds"}
    prefecture_fields = ("prefecture_id",)

    def active(self):
        return self.filter(released_at__isnull=True)


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
    release_reason = models.CharField("解除の理由", max_length=TEXT_MAX_LENGTH, blank=True)

    objects = IssueHoldQuerySet.as_manager()

    class Meta:
        verbose_name = "交付停止の通報"
        indexes = [models.Index(fields=["person"], condition=Q(released_at__isnull=True), name="active_issue_hold")]

    def __str__(self) -> str:
        return f"交付停止 {self.pk}"


HELD_MESSAGE = ("この方には免許課長から拒否・保留該当の通報（交付停止）があるため、免許証を交付できません"
                "（規程第13条第6項ただし書・第21条第1号）。")

def refuse_if_held(actor, job: CardJob, transition: Transition, reason: str) -> None:
    """No hand-over while a 拒否・保留 report on the person is active (第13条第6項ただし書, 第21条第1号):
    checked again on the locked row, so a hold reported meanwhile is not missed."""
    if IssueHold.objects.active().filter(person_id=job.person_id).exists():
        raise Conflict(HELD_MESSAGE, field="state", code="issue_held")


C = CardJobState
#: A card from the request to the hand-over. At a centre: requested → produced → ready → handed over
#: the same day (第13条第2項); from a station: … → produced → sent → ready at the station (第4項–第6項).
#: Held (第21条) only at the hand-over office, from 交付待ち, and back to it when the hold is released.
CARD_JOB = Workflow(
    name="cards.card_job", label_ja="免許証の作成・交付", field="state", states=CardJobState, transitions=[
        Transition("produce", source=(C.REQUESTED,), target=C.PRODUCED, rule="cards.produce_card",
                   legal_basis=legal.KITEI_13, label_ja="作成済（製造番号の報告）", audit_action=Action.JOB_PRODUCE),
        Transition("send", source=(C.PRODUCED,), target=C.SENT, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13_4, label_ja="交付所属へ送付", audit_action=Action.JOB_SEND),
        Transition("make_ready", source=(C.PRODUCED, C.SENT), target=C.READY, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13_4, label_ja="交付所属で受領（交付待ち）", audit_action=Action.JOB_RECEIVE),
        Transition("hand_over", source=(C.READY,), target=C.HANDED_OVER, rule="cards.hand_over_card",
                   legal_basis=legal.KITEI_13, label_ja="交付（受領の署名）", audit_action=Action.JOB_HAND_OVER,
                   on_apply=refuse_if_held),
        Transition("hold", source=(C.READY,), target=C.HELD,
                   rule="cards.hold_issue", legal_basis=legal.KITEI_21, label_ja="交付の停止（拒否・保留）",
                   audit_action=Action.JOB_HOLD, requires_reason=True),
        Transition("resume", source=(C.HELD,), target=C.READY, rule="cards.hold_issue",
                   legal_basis=legal.KITEI_21, label_ja="交付停止の解除", audit_action=Action.JOB_RESUME,
                   requires_reason=True),
        # Renewal of a suspended licence (cards.suspended_renewal): the card issued into the police's keeping
        # while the 停止 lasts, given back at its end (規程第16条, 第34条第3項, 第43条).
        Transition("keep", source=(C.READY,), target=C.KEPT, rule="cards.keep_renewed_card",
                   legal_basis=legal.KITEI_16, label_ja="交付（停止期間中のため保管）", audit_action=Action.JOB_KEEP,
                   on_apply=refuse_if_held),
        Transition("return_kept", source=(C.KEPT,), target=C.HANDED_OVER, rule="cards.return_kept_card",
                   legal_basis=legal.KITEI_43, label_ja="保管した免許証の返還（停止の終期）",
                   audit_action=Action.JOB_KEEP_RETURN),
    ],
)


LAPSED_MESSAGE = "この仮免許は有効期間の末日（{day:%Y年%m月%d日}）を過ぎて失効しています。"


def refuse_if_lapsed(actor, provisional: ProvisionalLicence, transition: Transition, reason: str) -> None:
    """A 仮免許 past its expiry date is 失効 (law-rules §6.1): it is neither returned nor reissued."""
    if provisional.status_on(timezone.localdate()) == LicenceStatus.LAPSED:
        raise Conflict(LAPSED_MESSAGE.format(day=provisional.expiry_date), field="provisional_id", code="lapsed")


#: A 仮免許 in the register: 有効 → 返納 (規程第20条第2項). 失効 is not stored: it follows from the expiry
#: date on the day asked (:meth:`ProvisionalLicence.status_on`).
PROVISIONAL_LICENCE = Workflow(
    name="cards.provisional_licence", label_ja="仮運転免許", field="status", states=LicenceStatus, transitions=[
        Transition("return", source=(LicenceStatus.VALID,), target=LicenceStatus.SURRENDERED,
                   rule="cards.return_provisional_licence", legal_basis=legal.KITEI_20_2,
                   label_ja="仮免許証の返納", audit_action=Action.PROVISIONAL_RETURN, requires_reason=True,
                   on_apply=refuse_if_lapsed),
    ],
)


#: A licence given back (規程第41条の3; 法第104条の4): 有効 → 返納 when the holder (or an agent) applies
#: for the cancellation of the whole licence. 停止中 is not a source: a licence under suspension is
#: not cancelled on application (counter-facts §3.7). A cancellation of higher kinds only changes the
#: kinds held, not the status (``cards.cancellation``).
LICENCE = Workflow(
    name="cards.licence", label_ja="運転免許（申請による取消し）", field="status", states=LicenceStatus, transitions=[
        Transition("cancel_on_application", source=(LicenceStatus.VALID,), target=LicenceStatus.SURRENDERED,
                   rule="cards.cancel_licence", legal_basis=legal.KITEI_41_3, label_ja="申請による取消し（全部）",
                   audit_action=Action.LICENCE_SURRENDER, requires_reason=True),
    ],
)


class MynumberProcedureKind(models.TextChoices):
    """The マイナ免許証 procedures (規程第15条の2–第15条の4; 法第95条の2)."""

    RECORD = "record", "特定免許情報の記録"  # 規程第15条の2, 法第95条の2第1項
    CARD_ISSUE = "card_issue", "免許証の交付（保有状況の変更）"  # 規程第15条の2, 法第95条の2第11項
    CARD_RETURN = "card_return", "免許証の返納（保有状況の変更）"  # 規程第15条の3, 法第95条の2第4項
    ERASE = "erase", "免許情報記録の抹消"  # 規程第15条の3, 法第95条の2第10項
    LOSS = "loss", "紛失等に伴う保有状況変更の申出"  # 規程第15条の4第1項
    FOUND = "found", "発見に伴う保有状況変更の申出"  # 規程第15条の4第1項
    MOVE = "move", "新しい個人番号カードへの記録"  # 規程第15条の2 (the record written again)


class MynumberProcedureQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.handle_mynumber_licence"}
    prefecture_fields = ("prefecture_id",)


class MynumberProcedure(models.Model):
    """One マイナ免許証 procedure, entered in the office's 申請（届出）簿 (規程第15条の3第1項, 第15条の4):
    the holding form before and after, the 免許情報記録番号 it concerns, the fee of ``rules.fees`` and
    what the counter's card reader returned (the My Number card's validity only). The My Number
    itself and the card are never kept (規程第2条の3)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="mynumber_procedures")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="受理所属")
    kind = models.CharField("手続", max_length=12, choices=MynumberProcedureKind.choices)
    ledger_date = models.DateField("申請（届出）簿の日付")
    ledger_serial = models.PositiveIntegerField("申請（届出）簿の番号")
    holding_before = models.CharField("変更前の保有形態", max_length=10)
    holding_after = models.CharField("変更後の保有形態", max_length=10)
    record_number = models.CharField("免許情報記録番号", max_length=12, blank=True)
    card_valid_until = models.DateField("個人番号カードの有効期限", null=True, blank=True)
    fee_procedure = models.CharField("手数料の区分", max_length=40, blank=True)
    fee_amount = models.PositiveIntegerField("手数料（円）", default=0)
    # The fee as paid before the procedure (規程第15条の2第2項: the signature on the 手数料事務処理票 first);
    # the slip is of the counter's series (one number, one payment, across the counter's payments too).
    fee_method = models.CharField("納付方法", max_length=12, choices=PaymentMethod.choices, blank=True)
    fee_slip_number = models.CharField("手数料事務処理票番号", max_length=20, blank=True)
    card_job = models.OneToOneField(CardJob, models.PROTECT, null=True, blank=True, related_name="mynumber_procedure")
    received_by = models.CharField("受理者", max_length=80)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = MynumberProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = "マイナ免許証の手続"
        constraints = [models.UniqueConstraint(fields=["office", "ledger_date", "ledger_serial"],
                                               name="one_mynumber_ledger_entry"),
                       models.UniqueConstraint(fields=["fee_slip_number"], condition=~Q(fee_slip_number=""),
                                               name="one_mynumber_payment_per_slip")]
        indexes = [models.Index(fields=["licence", "received_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.ledger_number}"

    @property
    def ledger_number(self) -> str:
        """The 申請（届出）簿 entry as the counter's applications print it (the same book and series)."""
        return f"{self.ledger_date:%Y%m%d}-{self.ledger_serial:04d}"

    @property
    def holding_before_label(self) -> str:
        return HoldingForm(self.holding_before).label

    @property
    def holding_after_label(self) -> str:
        return HoldingForm(self.holding_after).label


# --- between renewals: the 裏書 of the card and the rewrite of the マイナ免許証 record -------------------


class EndorsementState(models.TextChoices):
    PENDING = "pending", "追記待ち"
    DONE = "done", "追記済"
    CANCELLED = "cancelled", "取消し（免許証が替わったため不要）"


class EndorsementJobQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_endorsements"}
    prefecture_fields = ("prefecture_id",)


class EndorsementJob(models.Model):
    """The 裏書 of a licence card (規程第14条: 「届出者の免許証等に変更に係る事項の記載」): the changed
    particulars written on the back of the card — and in its IC chip — by the 追記装置 when the holder
    shows the card. ``lines`` are what the back shows, each {"item", "value", "printed"} (本籍 is in
    the chip only); with the day of the change and the commission's name. ``card_job`` is the card
    endorsed (the licence's last card job when the change was made; None for a card made before this
    system): a job whose card was replaced since (a reissue, a renewal) is cancelled, not written."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="endorsements")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    office = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="届出の受理所属")
    card_job = models.ForeignKey(CardJob, models.PROTECT, null=True, blank=True, related_name="+")
    lines = models.JSONField("記載事項", default=list)
    changed_on = models.DateField("変更年月日")
    commission = models.CharField("公安委員会", max_length=40)
    state = models.CharField("状態", max_length=12, choices=EndorsementState.choices, default=EndorsementState.PENDING)
    device = models.CharField("追記装置", max_length=80, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField("取消しの理由", max_length=TEXT_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EndorsementJobQuerySet.as_manager()

    class Meta:
        verbose_name = "裏書（追記）"
        indexes = [models.Index(fields=["prefecture", "state"])]

    def __str__(self) -> str:
        return f"裏書 {self.pk}"


class RewriteState(models.TextChoices):
    PENDING = "pending", "書換え待ち"
    DONE = "done", "書換え済"


class RewriteCause(models.TextChoices):
    RENEWAL = "renewal", "免許の更新"  # 規程第16条第6項・第8項
    PARTICULARS = "particulars", "記録事項の変更の届出"  # 規程第14条
    RETEST = "retest", "再試験に係る免許の取消し"  # 規程第41条の2第1項後段
    YOUNG = "young", "若年運転者期間に係る免許の取消し"  # 規程第41条の2の2第1項後段
    CANCELLATION = "cancellation", "申請による免許の取消し"  # 規程第41条の3第1項後段


class MynumberRewriteQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_mynumber_rewrites"}
    prefecture_fields = ("prefecture_id",)


class MynumberRewrite(models.Model):
    """A 免許情報記録の書換え to do (規程第13条第1項の定義; 第14条, 第16条第6項・第8項): the record on a
    マイナ免許証 holder's My Number card rewritten with the licence information after a renewal or a
    notified change, when the holder shows the card at the counter. What the counter's reader returned
    is kept (the card's 有効期限) and the confirmation of the signature on the 受領書; never the My
    Number nor the card (規程第2条の3). A renewal's rewrite completes its application (交付済)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="mynumber_rewrites")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    cause = models.CharField("書換えの事由", max_length=12, choices=RewriteCause.choices)
    application = models.OneToOneField(Application, models.PROTECT, null=True, blank=True,
                                       related_name="mynumber_rewrite")
    changes = models.JSONField("書き換える事項", default=list)  # labels: 「住所」, 「有効期間の末日」…
    state = models.CharField("状態", max_length=10, choices=RewriteState.choices, default=RewriteState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.CharField("書換え者", max_length=80, blank=True)
    done_office = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="書換えの所属")
    card_valid_until = models.DateField("個人番号カードの有効期限", null=True, blank=True)
    signature_confirmed = models.BooleanField("受領書への署名等", default=False)

    objects = MynumberRewriteQuerySet.as_manager()

    class Meta:
        verbose_name = "免許情報記録の書換え"
        indexes = [models.Index(fields=["prefecture", "state"]), models.Index(fields=["licence", "state"])]

    def __str__(self) -> str:
        return f"書換え {self.pk}"


# --- 住所変更ワンストップ: address changes notified at municipalities (マイナ免許証のみ) ---------------------


class OnestopResult(models.TextChoices):
    ACCEPTED = "accepted", "反映済"
    ALREADY_APPLIED = "already_applied", "反映済（再送）"
    REFUSED = "refused", "不受理"


class OnestopBatchQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_onestop_batches"}
    prefecture_fields = ("prefecture_id",)


class OnestopBatch(models.Model):
    """One delivery of address changes notified at municipalities for マイナ免許証-only holders
    (住所変更ワンストップ; 法第95条の5第3項, counter-facts §4.4), with its per-item results."""

    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    device = models.CharField("送信元", max_length=80)
    sender_reference = models.CharField("送信元のバッチ番号", max_length=64, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    item_count = models.PositiveIntegerField("件数", default=0)
    accepted = models.PositiveIntegerField("反映", default=0)
    already_applied = models.PositiveIntegerField("再送", default=0)
    refused = models.PositiveIntegerField("不受理", default=0)

    objects = OnestopBatchQuerySet.as_manager()

    class Meta:
        verbose_name = "住所変更ワンストップの受信"
        indexes = [models.Index(fields=["prefecture", "received_at"])]

    def __str__(self) -> str:
        return f"ワンストップ {self.pk}"


class OnestopItem(models.Model):
    """One address change of a batch: the sender's ``reference`` (an accepted reference is applied once
    per prefecture: the same content sent again is answered as already applied, other content is
    refused), the content's SHA-256, and the result with its code and Japanese message."""

    batch = models.ForeignKey(OnestopBatch, models.PROTECT, related_name="items")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    reference = models.CharField("送信元の参照番号", max_length=64)
    content_hash = models.CharField(max_length=64)
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+")
    result = models.CharField("結果", max_length=16, choices=OnestopResult.choices)
    code = models.CharField(max_length=40, blank=True)
    message = models.CharField("内容", max_length=TEXT_MAX_LENGTH, blank=True)
    applied = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name="先に反映した項目")
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "住所変更ワンストップの項目"
        constraints = [models.UniqueConstraint(fields=["prefecture", "reference"], condition=Q(result="accepted"),
                                               name="one_accepted_onestop_reference")]
        indexes = [models.Index(fields=["prefecture", "reference"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_result_display()}"


class SchoolReissueState(models.TextChoices):
    SUBMITTED = "submitted", "受理待ち"
    ACCEPTED = "accepted", "受理（作成依頼済み）"
    RETURNED = "returned", "返戻（受理しない）"


class SchoolProvisionalReissue(models.Model):
    """A 教習所の管理者's application for the reissue of a 教習生's 仮免許証 (規程第15条第6項), sent from
    the school's terminal; the 試験場長 accepts it through the ordinary reissue (第15条第2項), which
    makes the card (``card_job``). No register links a 仮免許 to the school where its holder is a
    教習生, so the school's declaration (``declared``) plus the 仮免許証番号 and birth date stand in."""

    school = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="指定自動車教習所")
    provisional_licence = models.ForeignKey(ProvisionalLicence, models.PROTECT, related_name="school_reissues")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    ground = models.CharField("再交付の事由", max_length=16, choices=ReissueGround.choices)
    reason = models.CharField("申請の内容", max_length=TEXT_MAX_LENGTH)
    declared = models.BooleanField("教習生である旨の管理者の申立て", default=False)
    state = models.CharField("状態", max_length=16, choices=SchoolReissueState.choices,
                             default=SchoolReissueState.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.CharField("申請者", max_length=80)
    accepted_by = models.CharField("受理者", max_length=80, blank=True)
    card_job = models.OneToOneField(CardJob, models.PROTECT, null=True, blank=True, related_name="school_reissue")
    return_reason = models.CharField("返戻の理由", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "教習所からの仮免許証の再交付の申請"
        constraints = [models.UniqueConstraint(fields=["provisional_licence"], condition=Q(state="submitted"),
                                               name="one_open_school_reissue_per_provisional")]

    def __str__(self) -> str:
        return f"教習所からの仮免許証再交付 {self.pk}"

    @property
    def submitted_on(self):
        """The day of the application (local time), shown in 和暦."""
        return timezone.localdate(self.submitted_at)

    @property
    def home_prefecture_id(self) -> str:
        return self.prefecture_id


class CardKeepingQuerySet(ScopedQuerySet):
    action_rules = {"view": "cards.list_card_jobs"}
    prefecture_fields = ("prefecture_id",)


class CardKeeping(models.Model):
    """A renewed card kept by the police while the licence is suspended (免許の効力の停止中の更新,
    ``rules.suspended_renewal``; 規程第16条, 第34条第3項): issued at the hand-over office on the holder's
    signature and kept there in place of the held old card, which is invalidated in exchange; given back
    with the 停止's end (第43条, 第34条第4項: ``dispositions.execution.release_card``)."""

    job = models.OneToOneField(CardJob, models.PROTECT, related_name="keeping", verbose_name="事務処理票")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="保管所属")
    kept_on = models.DateField("保管日")
    kept_by = models.CharField("保管者", max_length=80)
    suspension_ends_on = models.DateField("停止の終期（保管の日）", null=True, blank=True)
    old_card_invalidated = models.BooleanField("保管中の旧免許証の無効化", default=False)
    returned_on = models.DateField("返還日", null=True, blank=True)
    returned_by = models.CharField("返還者", max_length=80, blank=True)

    objects = CardKeepingQuerySet.as_manager()

    class Meta:
        verbose_name = "停止期間中の免許証の保管"

    def __str__(self) -> str:
        return f"免許証の保管 {self.job.slip_number}"
