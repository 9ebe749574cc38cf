"""運転経歴証明書 (規程第42条–第42条の4) and the 経歴証明受理簿 it is entered in.

A :class:`Certificate` is one certificate as made for a person whose licence ended by a 申請による全部の
取消し or a 失効 (who may apply is the law engine's answer, ``rules.driving_history``, kept with its
trace). It is made when the application is received and handed over with the holder's signature
(:data:`CERTIFICATE`: 作成済 → 交付済); a reissue makes a new certificate and voids the old one
(再交付により失効); a returned one is shredded (返納済). Each step is an :class:`Entry` of the office's
経歴証明受理簿, numbered per office and year. The My Number itself is never stored: that the 運転経歴情報
was asked to be recorded on the 個人番号カード is a flag and an entry only (the card reader is not built).
"""

from django.db import models

from menkyo.cards.models import LicenceCancellation
from menkyo.core import legal
from menkyo.core.models import Affiliation, Prefecture
from menkyo.core.workflow import Transition, Workflow
from menkyo.counter.models import PaymentMethod
from menkyo.driving_history.actions import Action
from menkyo.driving_history.permissions import ISSUE_CERTIFICATE
from menkyo.registry.models import Licence, Person


class CertificateState(models.TextChoices):
    MADE = "made", "作成済（交付待ち）"
    ISSUED = "issued", "交付済"
    REPLACED = "replaced", "再交付により失効"
    RETURNED = "returned", "返納済（廃棄）"


class Ground(models.TextChoices):
    """How the licence ended (``rules.driving_history.ENDS``, the grounds the law accepts)."""

    APPLICATION_CANCELLATION = "application_cancellation", "申請による免許の全部の取消し"
    LAPSE = "lapse", "期限による失効"


class ReissueGround(models.TextChoices):
    """Why a certificate is reissued (規程第42条の3): a lost or destroyed one needs nothing in exchange."""

    LOST = "lost", "亡失"
    DESTROYED = "destroyed", "滅失"
    DAMAGED = "damaged", "汚損・破損"


class EntryKind(models.TextChoices):
    ISSUE = "issue", "交付"
    CHANGE = "change", "記載事項の変更"
    REISSUE = "reissue", "再交付"
    RETURN = "return", "返納"
    RECORD = "record", "運転経歴情報の記録（申請）"


class Certificate(models.Model):
    """One 運転経歴証明書 (規則別記様式第19の3の9) with what it certifies as printed: the holder's
    name, address and birth date, the licence that ended (number, kinds, how and when it ended).
    ``number`` is the 経歴証明受理簿 number of the entry that made it."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="+")
    prefecture = models.ForeignKey(Prefecture, models.PROTECT, related_name="+")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+", verbose_name="受理所属")
    number = models.CharField("証明書番号", max_length=24, unique=True)
    licence = models.ForeignKey(Licence, models.PROTECT, related_name="+")
    cancellation = models.ForeignKey(LicenceCancellation, models.PROTECT, null=True, blank=True, related_name="+")
    licence_number = models.CharField("免許証番号", max_length=12)
    ground = models.CharField("免許の終わり方", max_length=24, choices=Ground.choices)
    ended_on = models.DateField("取消し・失効の日")
    kinds = models.JSONField("受けていた免許の種類", default=list)  # [{"kind": "普通", "since": "2000-08-01"}]
    name = models.CharField("氏名", max_length=60)
    address = models.CharField("住所", max_length=200)
    birth_date = models.DateField("生年月日")
    identity_document = models.CharField("確認書類", max_length=60)
    fee = models.PositiveIntegerField("手数料")
    fee_reference = models.CharField("手数料の根拠", max_length=200)
    # The fee as paid when the application is received (規程第42条: entered in the 経歴証明事務処理票).
    fee_method = models.CharField("納付方法", max_length=12, choices=PaymentMethod.choices, blank=True)
    fee_slip_number = models.CharField("経歴証明事務処理票番号", max_length=20, blank=True)
    eligibility = models.JSONField("交付の可否の判定", default=dict)  # the law engine's answer and trace
    mynumber_record_requested = models.BooleanField("運転経歴情報の記録の申請", default=False)
    state = models.CharField("状態", max_length=12, choices=CertificateState.choices, default=CertificateState.MADE)
    received_on = models.DateField("受理年月日")
    received_by = models.CharField("受理者", max_length=80)
    handed_over_on = models.DateField("交付年月日", null=True, blank=True)
    handed_over_by = models.CharField("交付者", max_length=80, blank=True)
    returned_on = models.DateField("返納年月日", null=True, blank=True)
    replaces = models.OneToOneField("self", models.PROTECT, null=True, blank=True, related_name="replaced_by")
    reissue_ground = models.CharField("再交付の事由", max_length=12, choices=ReissueGround.choices, blank=True)

    class Meta:
        verbose_name = "運転経歴証明書"
        constraints = [models.UniqueConstraint(fields=["fee_slip_number"], condition=~models.Q(fee_slip_number=""),
                                               name="one_certificate_payment_per_slip")]

    def __str__(self) -> str:
        return f"運転経歴証明書 {self.number}"


class Entry(models.Model):
    """One line of an office's 経歴証明受理簿 (規程第42条–第42条の4): what was received for which
    certificate, numbered per office and year (28-002-2026-0001)."""

    book_number = models.CharField("経歴証明受理簿の番号", max_length=24, unique=True)
    certificate = models.ForeignKey(Certificate, models.PROTECT, related_name="entries")
    office = models.ForeignKey(Affiliation, models.PROTECT, related_name="+")
    kind = models.CharField("区分", max_length=8, choices=EntryKind.choices)
    entered_on = models.DateField("登載年月日")
    entered_by = models.CharField("登載者", max_length=80)
    detail = models.JSONField("内容", default=dict)

    class Meta:
        verbose_name = "経歴証明受理簿"
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"経歴証明受理簿 {self.book_number}"


CERTIFICATE = Workflow(name="driving_history.certificate", label_ja="運転経歴証明書", states=CertificateState,
                       transitions=[
    Transition("hand_over", (CertificateState.MADE,), CertificateState.ISSUED, ISSUE_CERTIFICATE.name,
               legal.KITEI_42, "交付", Action.CERTIFICATE_HAND_OVER),
    Transition("replace", (CertificateState.ISSUED,), CertificateState.REPLACED, ISSUE_CERTIFICATE.name,
               legal.KITEI_42_3, "再交付による失効", Action.CERTIFICATE_REPLACE),
    Transition("return", (CertificateState.ISSUED,), CertificateState.RETURNED, ISSUE_CERTIFICATE.name,
               legal.KITEI_42_4, "返納（裁断による廃棄）", Action.CERTIFICATE_RETURN),
])
