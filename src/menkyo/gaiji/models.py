"""The 外字 register (sub-system 2-12 免許外字端末システム「免許外字情報登録・照会」).

A :class:`Glyph` is one character outside the standard sets that a name or an address uses. In
the register of persons it is stored as a Private Use Area character (U+E000–U+F8FF, listed in
``Person.gaiji_refs``); here it gets its identity — the MJ文字図形名 when the character is in
文字情報基盤, else a local id (``GJ000001``, :mod:`menkyo.core.serials`) — and, in
:class:`GlyphVersion`, what the licence card records for it: a bitmap (the card's 外字 record),
an optional outline, and a description (読み, 構成). A glyph is never rewritten: a correction is
a new version (append-only, database triggers), the newest one is used.

The dot format of the card's record is **UNCONFIRMED** (names-and-gaiji.md §1.1: about 130 bytes a
record inferred, no source gives the dots): stored as 32×32 dots, 1 bit a dot, rows top to bottom,
the leftmost dot in the most significant bit, 1 = ink (128 bytes, :mod:`menkyo.gaiji.bitmaps`).
"""

from django.db import models
from django.db.models import Q

from menkyo.core.models import Affiliation
from menkyo.core.permissions import ScopedQuerySet

PUA_FIRST, PUA_LAST = 0xE000, 0xF8FF
TEXT_MAX_LENGTH = 200
OUTLINE_MAX_LENGTH = 20_000


class GlyphQuerySet(ScopedQuerySet):
    """The register is one for the whole system: a code point means one glyph in every name, so
    every actor the rule admits sees every glyph (no prefecture scope)."""

    action_rules = {"view": "gaiji.look_up_glyph"}


class Glyph(models.Model):
    """One 外字: the PUA code point it is stored as in names, and its identifier (MJ or local).

    Neither changes once registered (a name stored with the code point would otherwise change
    its character); what it looks like is in its versions.
    """

    code_point = models.PositiveIntegerField("符号位置（私用領域）", unique=True)
    mj_name = models.CharField("MJ文字図形名", max_length=8, blank=True, default="")
    local_id = models.CharField("外字番号（自庁）", max_length=8, blank=True, default="")
    version = models.PositiveIntegerField("版", default=1)
    registered_by = models.CharField("登録者", max_length=80)
    registered_at = models.DateTimeField("登録日時", auto_now_add=True)
    affiliation = models.ForeignKey(Affiliation, models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name="登録所属")

    objects = GlyphQuerySet.as_manager()

    class Meta:
        verbose_name = "外字"
        ordering = ["code_point"]
        constraints = [
            models.CheckConstraint(condition=Q(code_point__gte=PUA_FIRST, code_point__lte=PUA_LAST),
                                   name="gaiji_glyph_code_point_in_pua"),
            models.CheckConstraint(condition=(Q(mj_name="") & ~Q(local_id="")) | (~Q(mj_name="") & Q(local_id="")),
                                   name="gaiji_glyph_one_identifier"),
            models.UniqueConstraint(fields=["mj_name"], condition=~Q(mj_name=""), name="gaiji_glyph_mj_name_unique"),
            models.UniqueConstraint(fields=["local_id"], condition=~Q(local_id=""),
                                    name="gaiji_glyph_local_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} ({self.code_label})"

    @property
    def identifier(self) -> str:
        """MJ文字図形名 when there is one, else the local id."""
        return self.mj_name or self.local_id

    @property
    def character(self) -> str:
        return chr(self.code_point)

    @property
    def code_label(self) -> str:
        return f"U+{self.code_point:04X}"


class GlyphVersion(models.Model):
    """One version of a glyph's picture and description (append-only: corrections add a version)."""

    glyph = models.ForeignKey(Glyph, models.PROTECT, related_name="versions", verbose_name="外字")
    number = models.PositiveIntegerField("版")
    bitmap = models.BinaryField("字形（32×32ドット）")
    outline = models.TextField("輪郭（SVGパス）", blank=True, default="")
    reading = models.CharField("読み", max_length=TEXT_MAX_LENGTH, blank=True, default="")
    composition = models.CharField("構成", max_length=TEXT_MAX_LENGTH, blank=True, default="")
    reason = models.CharField("登録・訂正の理由", max_length=TEXT_MAX_LENGTH)
    registered_by = models.CharField("登録者", max_length=80)
    registered_at = models.DateTimeField("登録日時", auto_now_add=True)

    class Meta:
        verbose_name = "外字の版"
        ordering = ["glyph_id", "-number"]
        constraints = [models.UniqueConstraint(fields=["glyph", "number"], name="gaiji_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.glyph_id} 第{self.number}版"
