"""The national register: persons, their photos, licences, kinds held, provisional licences, history.

Keeping these records is the licence division's duty (規程第18条); every
change is a :class:`HistoryEvent` with its legal basis.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone

from menkyo.core.models import AppendOnlyModel, Commission, Prefecture
from menkyo.rules.dates import valid_through


class LicenceKind(models.Model):
    """A licence kind (免許の種類, law-rules §6.1), keyed by its card label."""

    class Category(models.TextChoices):
        FIRST = "first", "第一種"
        SECOND = "second", "第二種"
        PROVISIONAL = "provisional", "仮免許"

    code = models.CharField("略称", primary_key=True, max_length=8)  # 普通
    name = models.CharField("名称", max_length=24)  # 普通自動車免許
    category = models.CharField("区分", max_length=12, choices=Category.choices)
    min_age = models.PositiveSmallIntegerField("受験年齢", null=True, blank=True)
    introduced_on = models.DateField("新設日", null=True, blank=True)
    display_order = models.PositiveSmallIntegerField()
    reference = models.CharField("根拠", max_length=80)

    class Meta:
        ordering = ["display_order"]
        verbose_name = "免許の種類"

    def __str__(self) -> str:
        return self.code


class Sex(models.TextChoices):
    MALE = "1", "男"
    FEMALE = "2", "女"


class Person(models.Model):
    """A person in the register: a licence holder, former holder or applicant.

    ``name`` keeps the characters exactly as given; characters outside the
    standard set (外字) are stored as Private Use Area code points listed in
    ``gaiji_refs`` with the 外字 registry reference. Search uses
    ``search_kana``, the normalised reading (フリガナ); an inquiry (照会) uses the looser
    ``inquiry_kana`` (:func:`menkyo.core.kana.inquiry_kana_key`) and ``search_kanji``, the name
    with 旧字/異体字 folded (:func:`menkyo.core.kanji.kanji_key`), each with the date of birth. 本籍 (or 国籍 for foreign
    nationals) is shown only to roles that need it.
    """

    name = models.CharField("氏名", max_length=60)
    name_kana = models.CharField("フリガナ", max_length=120)  # 呼び名, as users know it
    alias = models.CharField("通称名", max_length=60, blank=True)
    search_kana = models.CharField("検索用カナ", max_length=120, db_index=True)
    inquiry_kana = models.CharField("照会用カナ", max_length=120, blank=True, default="")
    search_kanji = models.CharField("照会用氏名", max_length=60, blank=True, default="")
    gaiji_refs = models.JSONField("外字参照", default=list, blank=True)
    birth_date = models.DateField("生年月日")
    sex = models.CharField("性別", max_length=1, choices=Sex.choices)
    postal_code = models.CharField("郵便番号", max_length=7)
    address = models.CharField("住所", max_length=200)
    address_prefecture = models.ForeignKey(
        Prefecture, models.PROTECT, related_name="+", verbose_name="住所地都道府県"
    )
    honseki = models.CharField("本籍", max_length=60, blank=True)
    nationality = models.CharField("国籍等", max_length=40, blank=True)
    photo_ref = models.CharField("写真参照", max_length=80, blank=True)
    # Optimistic lock of a change of particulars: the version the client read must still be current.
    version = models.PositiveIntegerField("版", default=1, db_default=1)  # db_default: bulk seeding omits it
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "運転者"
        indexes = [
            models.Index(fields=["birth_date", "search_kana"]),
            models.Index(fields=["birth_date", "inquiry_kana"], name="person_birth_inquiry_kana"),
            models.Index(fields=["birth_date", "search_kanji"], name="person_birth_search_kanji"),
        ]

    def __str__(self) -> str:
        return f"運転者 {self.pk}"

    @property
    def home_prefecture_id(self) -> str:
        """The prefecture that manages the person: their current licence's, else their address's."""
        licence = self.current_licence
        return licence.home_prefecture_id if licence else self.address_prefecture_id

    @property
    def current_licence(self):
        cached = getattr(self, "_current_licence", None)
        if cached is None:
            cached = self.licences.filter(status__in=CURRENT_STATUSES).select_related(
                "home_commission"
            ).first()
            self._current_licence = cached
        return cached


class Photo(AppendOnlyModel):
    """A 申請用写真 (道路交通法施行規則第17条第2項第9号) taken or scanned at the counter, or sent by its
    camera: the image as stored — re-encoded as JPEG, every metadata block (EXIF, GPS, comments)
    dropped — with its SHA-256, size, pixels, the format received, the day it was taken and who
    received it. Written once (database triggers refuse changes): a new photo is a new row; an
    application, a licence and a 仮免許 each name the one they carry (ADR 0013)."""

    person = models.ForeignKey(Person, models.PROTECT, related_name="photos", verbose_name="本人")
    image = models.BinaryField("画像")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    media_type = models.CharField("形式", max_length=16)  # image/jpeg (as stored)
    source_format = models.CharField("受け付けた形式", max_length=8)  # JPEG | PNG
    size = models.PositiveIntegerField("大きさ（バイト）")
    width = models.PositiveIntegerField("幅（画素）")
    height = models.PositiveIntegerField("高さ（画素）")
    taken_on = models.DateField("撮影日")
    received_at = models.DateTimeField("受付日時", auto_now_add=True)
    received_by = models.CharField("受付者", max_length=150)

    class Meta:
        verbose_name = "申請用写真"

    def __str__(self) -> str:
        return f"写真 {self.sha256[:12]}"

    @property
    def reference(self) -> str:
        """How the photo is named outside the database (a printer, the audit trail)."""
        return f"sha256:{self.sha256}"


class LicenceStatus(models.TextChoices):
    VALID = "valid", "有効"
    SUSPENDED = "suspended", "停止中"
    REVOKED = "revoked", "取消"
    LAPSED = "lapsed", "失効"
    SURRENDERED = "surrendered", "返納"
    DECEASED = "deceased", "死亡等抹消"


# A person holds at most one licence in these states.
CURRENT_STATUSES = (LicenceStatus.VALID, LicenceStatus.SUSPENDED)


class ColourClass(models.TextChoices):
    """Colour band of the expiry field (law-rules §10)."""

    GREEN = "green", "グリーン"
    BLUE = "blue", "ブルー"
    GOLD = "gold", "ゴールド"


class HoldingForm(models.TextChoices):
    """保有形態 (law-rules §5.7): card, My Number card record, or both."""

    CARD = "card", "免許証"
    MYNUMBER = "mynumber", "マイナ免許証"
    BOTH = "both", "免許証及びマイナ免許証"


class Licence(models.Model):
    """A driving licence (運転免許): one number, several kinds, one home commission.

    The number's first two digits name the commission that first issued it;
    ``home_commission`` is the commission of the holder's address (住所地),
    which manages the licence. A person has at most one current licence; a
    lapsed licence re-acquired later is a new licence with a new number.
    The My Number itself is never stored — only the 免許情報記録番号.
    """

    person = models.ForeignKey(Person, models.PROTECT, related_name="licences")
    number = models.CharField("免許証番号", max_length=12, unique=True)
    first_commission = models.ForeignKey(
        Commission, models.PROTECT, related_name="+", verbose_name="初回交付公安委員会"
    )
    home_commission = models.ForeignKey(
        Commission, models.PROTECT, related_name="licences", verbose_name="住所地公安委員会"
    )
    home_prefecture = models.ForeignKey(
        Prefecture, models.PROTECT, related_name="licences", verbose_name="住所地都道府県"
    )
    issue_date = models.DateField("交付年月日")
    expiry_date = models.DateField("有効期間の末日")
    colour = models.CharField("色区分", max_length=8, choices=ColourClass.choices)
    status = models.CharField(
        "状態", max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    conditions = models.JSONField("免許の条件等", default=list, blank=True)
    holding_form = models.CharField(
        "保有形態", max_length=10, choices=HoldingForm.choices, default=HoldingForm.CARD
    )
    mynumber_record_number = models.CharField(
        "免許情報記録番号", max_length=12, null=True, blank=True, unique=True
    )
    # The 申請用写真 of the application the card was made from (規程第13条); null before ADR 0013.
    photo = models.ForeignKey(Photo, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="写真")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "運転免許"
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status__in=["valid", "suspended"]),  # CURRENT_STATUSES
                name="one_current_licence_per_person",
            ),
            models.CheckConstraint(
                condition=Q(expiry_date__gt=models.F("issue_date")), name="licence_expiry_after_issue"
            ),
        ]
        indexes = [models.Index(fields=["home_prefecture", "expiry_date"])]

    def __str__(self) -> str:
        return self.number

    @property
    def valid_through(self):
        """The printed expiry rolled past closed days (law-rules §5.1, example 17)."""
        return valid_through(self.expiry_date)


class LicenceKindHeld(models.Model):
    """One kind on a licence with its own acquisition date (取得年月日), as the card shows it.

    A deemed licence (law-rules §6.3) is held as the deemed kind with its limit
    and the old 普通's date: 普通 acquired 1995-07-01 is ``中型`` / ``8t`` /
    1995-07-01, shown 中型（8t限定）; the licence's ``conditions`` print
    中型車は中型車(8t)に限る (ADR 0004, addendum).
    """

    licence = models.ForeignKey(Licence, models.CASCADE, related_name="kinds")
    kind = models.ForeignKey(LicenceKind, models.PROTECT, related_name="+")
    acquired_on = models.DateField("取得年月日")
    # "8t" / "5t" for a deemed 中型 / 準中型 (menkyo.rules.kinds.deemed_licences), else "".
    # db_default: bulk seeding may omit it.
    limitation = models.CharField("限定", max_length=4, blank=True, default="", db_default="")
    # 特例取得免許 (道路交通法第88条第1項第1号ただし書, 第104条の2の4): the kind was obtained through the
    # 受験資格特例 (受験資格特例教習, age 19 and 1 year of 普通 etc.; law-rules §4.2). Set at issue from the
    # application's eligibility route; the law engine's ``licences[].special_route`` (若年運転者期間).
    # False on rows entered before it was recorded (ADR 0004, addendum 2026-11).
    special_course = models.BooleanField("受験資格特例による取得", default=False, db_default=False)

    class Meta:
        verbose_name = "保有免許種類"
        constraints = [
            models.UniqueConstraint(fields=["licence", "kind"], name="one_row_per_kind_held")
        ]
        ordering = ["kind__display_order"]

    def __str__(self) -> str:
        return f"{self.label} {self.acquired_on}"

    @property
    def label(self) -> str:
        """The kind as the licence page shows it: 中型（8t限定）, or the card label alone."""
        return f"{self.kind_id}（{self.limitation}限定）" if self.limitation else str(self.kind_id)

    @property
    def special_label(self) -> str:
        """「特例取得」 for a kind obtained through the 受験資格特例, else ""."""
        return "特例取得" if self.special_course else ""


class ProvisionalLicence(models.Model):
    """A provisional licence (仮運転免許): one kind, valid 6 months (law-rules §6.1).

    UNCONFIRMED: the numbering of 仮免許証; menkyo uses the 12-digit scheme of §7.
    """

    person = models.ForeignKey(Person, models.PROTECT, related_name="provisional_licences")
    number = models.CharField("仮免許証番号", max_length=12, unique=True)
    kind = models.ForeignKey(LicenceKind, models.PROTECT, related_name="+")
    commission = models.ForeignKey(Commission, models.PROTECT, related_name="+")
    issue_date = models.DateField("交付年月日")
    expiry_date = models.DateField("有効期間の末日")
    conditions = models.JSONField("条件", default=list, blank=True)
    status = models.CharField(
        "状態", max_length=12, choices=LicenceStatus.choices, default=LicenceStatus.VALID
    )
    photo = models.ForeignKey(Photo, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="写真")

    class Meta:
        verbose_name = "仮運転免許"

    def __str__(self) -> str:
        return self.number

    @property
    def home_prefecture_id(self) -> str:
        return self.commission.prefecture_id

    def status_on(self, day: date) -> str:
        """The status on ``day``: a 仮免許 still 有効 in the register is 失効 after its expiry date
        (law-rules §6.1: valid six months). Derived from the date when asked, never a nightly flag."""
        if self.status == LicenceStatus.VALID and day > self.expiry_date:
            return LicenceStatus.LAPSED
        return self.status

    @property
    def current_status(self) -> str:
        """:meth:`status_on` today (pages and the API)."""
        return self.status_on(timezone.localdate())

    @property
    def current_status_label(self) -> str:
        return LicenceStatus(self.current_status).label


class HistoryEvent(AppendOnlyModel):
    """An immutable change to a person or licence: before/after, who, why, legal basis.

    Shown as the timeline on the licence page. Rows are never updated or
    deleted (database triggers refuse it).
    """

    person = models.ForeignKey(Person, models.PROTECT, related_name="history")
    licence = models.ForeignKey(Licence, models.PROTECT, null=True, blank=True, related_name="history")
    occurred_at = models.DateTimeField(db_index=True)
    event_type = models.CharField(max_length=40)
    changes = models.JSONField(default=dict)  # {field: [before, after]}
    actor = models.CharField(max_length=150)
    affiliation_code = models.CharField(max_length=8, blank=True)
    reason = models.CharField("理由", max_length=200)
    legal_basis = models.CharField("根拠", max_length=40)
    request_id = models.CharField(max_length=64, blank=True)
    audit_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "履歴"

    def __str__(self) -> str:
        return f"{self.event_type} {self.occurred_at:%Y-%m-%d}"

