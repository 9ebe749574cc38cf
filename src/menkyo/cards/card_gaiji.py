"""The 外字 a card prints, numbered as the IC chip records them (規程第13条; ic-card.md §1.4, names-and-gaiji.md §1.1).

The card records 氏名, 住所 and the other text in JIS X 0208; a character outside it (外字) is an image:
the text holds a mark ``FF F1``…``FF F7`` (外字1…外字7) where the character stands, and the images are
records of their own — 外字1 and 外字2 in DF1/EF03 (「文字構成1, 外字1, 文字構成2, 外字2」), 外字3…外字7 in
DF1/EF05. A character the chip cannot record is 欠字, mark ``FF FA``. In the register of persons a 外字
is a Private Use Area character (U+E000–U+F8FF); its image is the glyph register's (sub-system 2-12).

:func:`card_gaiji` numbers them — a pure function of the printed texts and the registered glyphs:

- each **distinct** 外字 once, in the order it first appears in 氏名, then 住所, then the 条件 (本籍 is not
  printed on the card and not sent to the printer);
- the registered ones take 外字1, 外字2, … in that order; from the 8th on the chip has no record left:
  欠字 ``FF FA`` in the chip, while the image is still given for the card face;
- an unregistered one has no image: 欠字 ``FF FA``, and the job waits (:attr:`CardGaiji.waiting`) — the
  card is not made with a name or address missing a character (ops §34, ADR 0011).

**UNCONFIRMED** (ic-card.md): that the main fields' 外字3…7 go to DF1/EF05 (the sources call it the file
of the 追記's 外字; tags ``A0``… from one secondary source), that a name may use more than the two of
DF1/EF03, what the chip does past seven, and the image format (menkyo's 32×32 dots, 1 bit a dot, rows
from the top, leftmost dot in the most significant bit, 1 = ink: :mod:`menkyo.gaiji.bitmaps`).
"""

import base64
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from menkyo.gaiji import bitmaps
from menkyo.gaiji.models import PUA_FIRST, PUA_LAST

CHIP_SLOTS = 7  # 外字1…外字7 (FF F1…FF F7)
EF03_SLOTS = 2  # 外字1, 外字2 in DF1/EF03; the rest in DF1/EF05 (UNCONFIRMED for the main fields)
FIRST_MARK = 0xFFF1
MISSING_MARK = "FFFA"  # 欠字
BITMAP_FORMAT = "mono1-rows-msb"  # 1 bit a dot, rows from the top, leftmost dot in the top bit, 1 = ink
#: The printed text fields, in the order their 外字 are numbered (PrintData's names).
FIELDS = ("name", "address", "conditions")
WAITING = "gaiji_unregistered"  # the API's code of a job no printer takes until its 外字 is registered


@dataclass(frozen=True)
class PrintedGaiji:
    """One distinct 外字 of a card: where the chip puts it and the registered image (None: unregistered)."""

    code_point: str  # U+E001
    character: str
    fields: tuple[str, ...]  # the printed fields that hold it (name, address, conditions)
    slot: int | None  # 外字1…7; None: 欠字 in the chip
    chip_mark: str  # FFF1…FFF7, or FFFA (欠字)
    chip_file: str  # DF1/EF03, DF1/EF05, or "" (欠字)
    registered: bool
    identifier: str = ""  # MJ文字図形名 or the local 外字番号
    version: int = 0
    width: int = 0
    height: int = 0
    bitmap_format: str = ""
    sha256: str = ""
    base64: str = ""


@dataclass(frozen=True)
class CardGaiji:
    glyphs: tuple[PrintedGaiji, ...]

    @property
    def unregistered(self) -> list[str]:
        """The code points the register lacks (U+E001 …), in order of appearance."""
        return [g.code_point for g in self.glyphs if not g.registered]

    @property
    def waiting(self) -> bool:
        """True while a printed 外字 is not registered: no printer is given the job."""
        return bool(self.unregistered)

    @property
    def beyond_chip(self) -> list[str]:
        """Registered 外字 past the chip's seven: printed on the face, 欠字 in the chip."""
        return [g.code_point for g in self.glyphs if g.registered and g.slot is None]


def private_use(text: str) -> Iterable[str]:
    return (ch for ch in text if PUA_FIRST <= ord(ch) <= PUA_LAST)


def printed_texts(name: str, address: str, conditions: Iterable[str]) -> list[tuple[str, str]]:
    """The card's text fields that may hold a 外字, in :data:`FIELDS` order."""
    return [("name", name), ("address", address), *(("conditions", c) for c in conditions)]


def code_points(texts: Iterable[tuple[str, str]]) -> set[int]:
    return {ord(ch) for _, text in texts for ch in private_use(text)}


def in_order(texts: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """Each distinct 外字 (never normalised: the stored character) in order of first appearance, with
    the fields that hold it."""
    found: dict[str, list[str]] = {}
    for field, text in texts:
        for ch in private_use(text):
            where = found.setdefault(ch, [])
            if field not in where:
                where.append(field)
    return {ch: tuple(where) for ch, where in found.items()}


def card_gaiji(texts: Iterable[tuple[str, str]], glyphs: Mapping[int, object]) -> CardGaiji:
    """The card's 外字 numbered for the chip; ``glyphs`` maps a code point to its newest registered
    version (:func:`menkyo.gaiji.services.card_glyphs`)."""
    numbered, slot = [], 0
    for ch, fields in in_order(texts).items():
        version = glyphs.get(ord(ch))
        if version is None:
            numbered.append(_missing(ch, fields))
            continue
        slot += 1
        numbered.append(_registered(ch, fields, version, slot if slot <= CHIP_SLOTS else None))
    return CardGaiji(tuple(numbered))


def _label(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _missing(ch: str, fields: tuple[str, ...]) -> PrintedGaiji:
    return PrintedGaiji(_label(ch), ch, fields, None, MISSING_MARK, "", registered=False)


def _registered(ch: str, fields: tuple[str, ...], version, slot: int | None) -> PrintedGaiji:
    dots = bytes(version.bitmap)
    chip_file = "" if slot is None else ("DF1/EF03" if slot <= EF03_SLOTS else "DF1/EF05")
    return PrintedGaiji(
        _label(ch), ch, fields, slot, MISSING_MARK if slot is None else f"{FIRST_MARK + slot - 1:04X}", chip_file,
        registered=True, identifier=version.glyph.identifier, version=version.number, width=bitmaps.SIZE,
        height=bitmaps.SIZE, bitmap_format=BITMAP_FORMAT, sha256=hashlib.sha256(dots).hexdigest(),
        base64=base64.b64encode(dots).decode("ascii"))
