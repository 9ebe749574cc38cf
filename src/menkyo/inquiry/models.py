"""An inquiry (照会) as it was made: who, when, why, how they searched and whom it found.

What was searched is kept as its kind only (licence number, record number,
kana name, kanji name), never the number or the name in clear: the row
would otherwise be a second, unaudited copy of personal data of people who
may not even be holders. The persons found are kept by id (``person_ids``),
which is what a review of inquiries (照会履歴確認) needs; the audit event of
the inquiry (``audit_seq``) carries the same ids and the full purpose.
The rate limits count these rows (:mod:`menkyo.inquiry.services`).

For the review (照会履歴確認, :mod:`menkyo.oversight`) each inquiry also records
the terminal it came from (``client_address`` and ``terminal``, a hash of the
session or token key — never the key: :func:`menkyo.core.context.terminal_id`),
taken from the request by the middleware so the pages and the API need not
pass it; and each person found is one :class:`InquiredPerson` row, an indexed
join table that answers "who looked at this person" (開示請求) without
scanning JSON.
"""

from django.db import connection, models

from menkyo.accounts.models import Device, Operator
from menkyo.audit.recorder import Along
from menkyo.core import sql
from menkyo.core.context import current_terminal
from menkyo.core.models import Affiliation
from menkyo.core.permissions import ScopedQuerySet
from menkyo.registry.models import Person


class Criteria(models.TextChoices):
    LICENCE_NUMBER = "licence_number", "免許証番号"
    RECORD_NUMBER = "record_number", "免許情報記録番号"
    NAME_KANA = "name_kana", "カナ氏名＋生年月日"
    NAME = "name", "漢字氏名＋生年月日"


class InquiryQuerySet(ScopedQuerySet):
    """The 監査 role reviews the inquiries made by its own prefecture's operators and devices.

    The rule lives in the review app (:mod:`menkyo.oversight.permissions`), above this one.
    """

    action_rules = {"review": "oversight.view_inquiries"}
    prefecture_fields = ("actor_prefecture",)


class Inquiry(models.Model):
    """One inquiry (照会, 規程第45条): who, when, from which terminal, why, how, whom it found."""

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
    client_address = models.GenericIPAddressField("接続元アドレス", null=True, blank=True)
    terminal = models.CharField("端末セッション", max_length=32, blank=True, default="")

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = "照会"
        indexes = [
            models.Index(fields=["operator", "made_at"], name="inquiry_operator_made_at"),
            models.Index(fields=["device", "made_at"], name="inquiry_device_made_at"),
        ]

    def __str__(self) -> str:
        return f"照会 {self.pk}"

    def save(self, *args, **kwargs):
        if self._state.adding:
            self.take_terminal()
        super().save(*args, **kwargs)

    def take_terminal(self) -> None:
        """A new inquiry takes the terminal of the request being served (none outside a request)."""
        if not self.terminal:
            self.client_address, self.terminal = current_terminal()

    @property
    def prefecture_id(self) -> str:
        """The prefecture whose 監査 role reviews this inquiry: the inquirer's."""
        return self.actor_prefecture

    @property
    def affiliation_id(self) -> str | None:
        actor = self.operator or self.device
        return actor.affiliation_id if actor else None


class InquiredPerson(models.Model):
    """One person found by one inquiry: "who looked at this person, when" by an index, not a JSON scan.

    Written with the inquiry, in the same statement on PostgreSQL (:func:`inquiry_rows`), in the
    same transaction elsewhere (:func:`record_persons`); ``made_at``, ``operator``, ``affiliation``
    and ``prefecture`` are copied from it so the review's queries need no join.
    """

    inquiry = models.ForeignKey(Inquiry, models.CASCADE, related_name="persons", verbose_name="照会")
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name="運転者")
    made_at = models.DateTimeField("照会日時")
    operator = models.ForeignKey(Operator, models.PROTECT, null=True, blank=True, related_name="+")
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+")
    prefecture = models.CharField("照会者の都道府県", max_length=2, blank=True)

    class Meta:
        verbose_name = "照会された者"
        constraints = [models.UniqueConstraint(fields=["inquiry", "person"], name="inquired_person_once")]
        indexes = [
            models.Index(fields=["person", "made_at"], name="inquired_person_made_at"),
            models.Index(fields=["operator", "person", "made_at"], name="inquired_operator_person"),
            models.Index(fields=["prefecture", "made_at"], name="inquired_prefecture_made_at"),
        ]

    def __str__(self) -> str:
        return f"照会 {self.inquiry_id} → 運転者 {self.person_id}"


def store(inquiry: Inquiry) -> Inquiry:
    """Insert a new inquiry, then its :class:`InquiredPerson` rows; return it saved (call inside its transaction).

    Plain SQL (:mod:`menkyo.core.sql`), one statement each. On PostgreSQL an inquiry is written
    with its audit event instead (:func:`inquiry_rows`).
    """
    inquiry.take_terminal()
    statement, params = sql.insert(connection, [inquiry])
    with connection.cursor() as cursor:
        cursor.execute(f"{statement} RETURNING id", params)
        sql.saved(inquiry, cursor.fetchone()[0], connection)
    record_persons(inquiry)
    return inquiry


def inquiry_rows(inquiry: Inquiry) -> Along:
    """A new inquiry and its :class:`InquiredPerson` rows, written in its audit event's statement.

    PostgreSQL (:func:`menkyo.audit.recorder.record_along`): ``audit_seq`` is the event's seq, the
    event's object id the inquiry's id, and the statement returns that id.
    """
    inquiry.take_terminal()
    insert, params = sql.insert_select(connection, inquiry, {"audit_seq": "head.seq"}, "head")
    ctes = [f"inquiry AS ({insert} RETURNING id)"]
    if inquiry.person_ids:
        persons, person_params = sql.insert_select(
            connection, _inquired(inquiry, person_id=None), {"inquiry_id": "inquiry.id", "person_id": "person_id"},
            "inquiry, unnest(%s::bigint[]) AS person_id")
        ctes.append(f"persons AS ({persons})")
        params += [*person_params, inquiry.person_ids]
    return Along(ctes, params, object_id="SELECT id FROM inquiry", returning=["(SELECT id FROM inquiry)"])


def record_persons(inquiry: Inquiry) -> None:
    """One :class:`InquiredPerson` row per person the inquiry found, in one statement (call inside its transaction)."""
    if not inquiry.person_ids:
        return
    statement, params = sql.insert(connection, [_inquired(inquiry, person_id) for person_id in inquiry.person_ids])
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _inquired(inquiry: Inquiry, person_id: int | None) -> InquiredPerson:
    actor = inquiry.operator or inquiry.device
    return InquiredPerson(inquiry_id=inquiry.pk, person_id=person_id, made_at=inquiry.made_at,
                          operator=inquiry.operator, affiliation_id=actor.affiliation_id if actor else None,
                          prefecture=inquiry.actor_prefecture)
