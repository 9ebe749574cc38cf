"""An inquiry (照会) as it was made: who, when, why, how they searched and whom it found.

What was searched is kept as its kind only (licence number, record number,
kana name, kanji name), never the number or the name in clear: the row
would otherwise be a second, unaudited copy of personal data of people who
may not even be holders. The persons found are kept by id (``person_ids``),
which is what a review of inquiries (照会履歴確認) needs; the audit event of
the inquiry (``audit_seq``) carries the same ids and the full purpose.
The rate limits count these rows (:mod:`menkyo.inquiry.services`).
"""

from django.db import models

from menkyo.accounts.models import Device, Operator


class Criteria(models.TextChoices):
    LICENCE_NUMBER = "licence_number", "免許証番号"
    RECORD_NUMBER = "record_number", "免許情報記録番号"
    NAME_KANA = "name_kana", "カナ氏名＋生年月日"
    NAME = "name", "漢字氏名＋生年月日"


class Inquiry(models.Model):
    operator = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name="操作者")
    device = models.ForeignKey(Device, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name="端末")
    actor = models.CharField("照会者", max_length=80)  # as the audit trail names it
    actor_prefecture = models.CharField("照会者の都道府県", max_length=2, blank=True)
    made_at = models.DateTimeField("照会日時", auto_now_add=True, db_index=True)
    purpose = models.CharField("照会事由", max_length=20)  # the ReadPurpose code
    purpose_recorded = models.CharField("照会事由（記録）", max_length=200)  # code:事件番号…:内容
    criteria = models.CharField("照会方法", max_length=20, choices=Criteria.choices)
    person_ids = models.JSONField("該当者", default=list)
    truncated = models.BooleanField("件数上限で打切り", default=False)
    audit_seq = models.BigIntegerField("監査記録番号", null=True, blank=True)

    class Meta:
        verbose_name = "照会"
        indexes = [
            models.Index(fields=["operator", "made_at"], name="inquiry_operator_made_at"),
            models.Index(fields=["device", "made_at"], name="inquiry_device_made_at"),
        ]

    def __str__(self) -> str:
        return f"照会 {self.pk}"
