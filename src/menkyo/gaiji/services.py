"""外字 register (sub-system 2-12 免許外字端末システム「免許外字情報登録・照会」): register, correct, look up.

The seed names the sub-system and its work (免許外字情報登録、照会; system map 別紙２ 2-12); no
規程 article does, so the procedures cite the system map (:data:`menkyo.core.legal.SYSTEM_2_12`).

- **Register** (:func:`register_glyph`): a character a holder's name or address needs and the
  standard sets lack. It is stored in names as a Private Use Area character (``Person.gaiji_refs``
  lists those a name holds); here the code point gets its identity (the MJ文字図形名 when the
  character is in 文字情報基盤, else a local id ``GJ000001`` from a numbered series) and its shape:
  the 32×32 dots the card records (**UNCONFIRMED** format, :mod:`menkyo.gaiji.bitmaps`), an
  optional outline, 読み and 構成.
- **Correct** (:func:`revise_glyph`): a new version; nothing registered is rewritten or removed.
- **Look up** (:func:`look_up_glyph`): by the code point (``U+E001``, or the character itself), the
  MJ文字図形名 or the local id; audited like every read of the register.
- **Print** (:func:`current_font`): the registered glyphs as a font for the 様式 PDFs (documents).
"""

import hashlib
import re
import unicodedata

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from fontTools.pens.basePen import NullPen

from menkyo.audit.recorder import record
from menkyo.core import legal, serials
from menkyo.core.errors import Conflict, InvalidInput, NotFound
from menkyo.core.legal import procedure
from menkyo.core.permissions import authorize
from menkyo.gaiji import bitmaps
from menkyo.gaiji.actions import Action
from menkyo.gaiji.fonts import GaijiFont, GlyphShape, cached_font, draw_outline
from menkyo.gaiji.models import (
    OUTLINE_MAX_LENGTH,
    PUA_FIRST,
    PUA_LAST,
    TEXT_MAX_LENGTH,
    Glyph,
    GlyphVersion,
)
from menkyo.gaiji.permissions import LOOK_UP_GLYPH, REGISTER_GLYPH

LOCAL_SERIES = "gaiji.local_id"
LOCAL_PREFIX = "GJ"
MJ_NAME = re.compile(r"MJ\d{6}")
LOCAL_ID = re.compile(rf"{LOCAL_PREFIX}\d{{6}}")
CODE = re.compile(r"(?:U\+|0X)?([0-9A-F]{4})")
LIST_LIMIT = 500


# --- input ----------------------------------------------------------------------------


def parse_code_point(value, *, field: str = "code_point") -> int:
    """``U+E001``, ``E001`` or the character itself → 0xE001; only the Private Use Area (U+E000–U+F8FF),
    where names store their 外字."""
    text = str(value or "").strip()
    if not text:
        raise InvalidInput("符号位置（U+E000〜U+F8FF）を入力してください。", field=field, code="code_point_required")
    if len(text) == 1:
        number = ord(text)
    elif match := CODE.fullmatch(text.upper()):
        number = int(match[1], 16)
    else:
        raise InvalidInput(f"符号位置「{text[:12]}」の形式が正しくありません（例：U+E001）。", field=field)
    if not PUA_FIRST <= number <= PUA_LAST:
        raise InvalidInput(f"U+{number:04X} は私用領域ではありません。外字の符号位置は U+E000〜U+F8FF です。",
                           field=field, code="not_private_use")
    return number


def _mj_name(value: str) -> str:
    text = (value or "").strip().upper()
    if text and not MJ_NAME.fullmatch(text):
        raise InvalidInput(f"MJ文字図形名「{text[:12]}」の形式が正しくありません（例：MJ012345）。", field="mj_name")
    return text


def _text(value: str, limit: int, *, field: str, label: str, required: bool = False) -> str:
    """Trimmed free text without control characters (the rule of ``registry.text.clean_text``, which
    this app, below the register in the layers, cannot import)."""
    text = (value or "").strip()
    if required and not text:
        raise InvalidInput(f"{label}を入力してください。", field=field, code=f"{field}_required")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text):
        raise InvalidInput(f"{label}に制御文字は使えません。", field=field, code="control_character")
    if len(text) > limit:
        raise InvalidInput(f"{label}は{limit}文字以内で入力してください（{len(text)}文字あります）。", field=field,
                           code="too_long")
    return text


def _outline(value: str) -> str:
    text = _text(value, OUTLINE_MAX_LENGTH, field="outline", label="輪郭（SVGパス）")
    if text:
        try:
            draw_outline(text, NullPen())  # only to check that it parses
        except (ValueError, IndexError) as exc:
            raise InvalidInput("輪郭（SVGパス）を読み取れません（例：M 100 100 L 900 100 L 900 900 Z）。",
                               field="outline") from exc
    return text


def _shape(*, bitmap: bytes | None, png: bytes | None) -> bytes:
    """The card's dots, given as the dots themselves (128 bytes) or as a PNG picture of the glyph."""
    if bitmap and png:
        raise InvalidInput("字形はドット（bitmap）か画像（PNG）のどちらか一方で指定してください。", field="png")
    if png:
        return bitmaps.from_png(png)
    if not bitmap:
        raise InvalidInput("字形（PNG画像）を指定してください。", field="png", code="bitmap_required")
    return bitmaps.check(bitmap)


def _description(reading: str, composition: str, reason: str) -> dict:
    return {"reading": _text(reading, TEXT_MAX_LENGTH, field="reading", label="読み"),
            "composition": _text(composition, TEXT_MAX_LENGTH, field="composition", label="構成"),
            "reason": _text(reason, TEXT_MAX_LENGTH, field="reason", label="理由", required=True)}


def _audit_detail(glyph: Glyph, version: GlyphVersion) -> dict:
    return {"code_point": glyph.code_label, "identifier": glyph.identifier, "version": version.number,
            "bitmap_sha256": _sha256(version.bitmap), "outline": bool(version.outline),
            "legal_basis": str(legal.SYSTEM_2_12)}


def _sha256(content: bytes) -> str:
    return hashlib.sha256(bytes(content)).hexdigest()


# --- register and correct -----------------------------------------------------------------


@procedure(legal.SYSTEM_2_12, rule=REGISTER_GLYPH.name)
def register_glyph(actor, *, code_point, bitmap: bytes | None = None, png: bytes | None = None, mj_name: str = "",
                   outline: str = "", reading: str = "", composition: str = "", reason: str) -> Glyph:
    """Register a 外字 at the PUA code point names store it as (免許外字情報登録, system map 2-12).

    Its identifier is the MJ文字図形名 when given, else the next local id (``GJ000001`` …). A code
    point or an MJ文字図形名 already registered is refused: correct that glyph instead.
    """
    authorize(actor, REGISTER_GLYPH.name, action=Action.GLYPH_REGISTER)
    number = parse_code_point(code_point)
    mj = _mj_name(mj_name)
    dots, drawn, text = _shape(bitmap=bitmap, png=png), _outline(outline), _description(reading, composition, reason)
    _refuse_taken(number, mj)
    try:
        with transaction.atomic():
            glyph = Glyph.objects.create(
                code_point=number, mj_name=mj, local_id="" if mj else _next_local_id(),
                registered_by=actor.actor_name, affiliation_id=getattr(actor, "affiliation_id", None))
            version = GlyphVersion.objects.create(glyph=glyph, number=1, bitmap=dots, outline=drawn,
                                                  registered_by=actor.actor_name, **text)
            record(actor, Action.GLYPH_REGISTER, object_type="glyph", object_id=glyph.pk,
                   detail=_audit_detail(glyph, version))
    except IntegrityError as exc:  # registered by someone else a moment ago
        _refuse_taken(number, mj)
        raise Conflict("同じ外字が同時に登録されました。照会して確認してください。", field="code_point") from exc
    return glyph


def _refuse_taken(number: int, mj: str) -> None:
    taken = Glyph.objects.filter(code_point=number).first()
    if taken:
        raise Conflict(f"U+{number:04X} は登録済みです（{taken.identifier}）。字形の訂正は照会画面から行ってください。",
                       field="code_point", code="code_point_taken")
    if mj and (taken := Glyph.objects.filter(mj_name=mj).first()):
        raise Conflict(f"{mj} は登録済みです（{taken.code_label}）。同じ文字を別の符号位置に登録することはできません。",
                       field="mj_name", code="mj_name_taken")


def _next_local_id() -> str:
    """The next local 外字番号 (a numbered series, never max()+1)."""
    def highest() -> int:
        last = Glyph.objects.exclude(local_id="").aggregate(m=Max("local_id"))["m"]
        return int(last[len(LOCAL_PREFIX):]) if last else 0

    return f"{LOCAL_PREFIX}{serials.take(LOCAL_SERIES, highest):06d}"


@procedure(legal.SYSTEM_2_12, rule=REGISTER_GLYPH.name)
def revise_glyph(actor, glyph_id: int, *, bitmap: bytes | None = None, png: bytes | None = None,
                 outline: str = "", reading: str = "", composition: str = "", reason: str) -> GlyphVersion:
    """Correct a registered 外字's shape or description: a new version, used from then on; the
    earlier versions stay (the code point and identifier never change)."""
    authorize(actor, REGISTER_GLYPH.name, action=Action.GLYPH_REVISE)
    dots, drawn, text = _shape(bitmap=bitmap, png=png), _outline(outline), _description(reading, composition, reason)
    with transaction.atomic():
        glyph = _locked(glyph_id)
        glyph.version += 1
        glyph.save(update_fields=["version"])
        version = GlyphVersion.objects.create(glyph=glyph, number=glyph.version, bitmap=dots, outline=drawn,
                                              registered_by=actor.actor_name, **text)
        record(actor, Action.GLYPH_REVISE, object_type="glyph", object_id=glyph.pk,
               detail=_audit_detail(glyph, version))
    return version


def _locked(glyph_id: int) -> Glyph:
    glyph = Glyph.objects.select_for_update().filter(pk=glyph_id).first()
    if glyph is None:
        raise NotFound("指定の外字は登録されていません。")
    return glyph


# --- look up -------------------------------------------------------------------------------


def _find(query: str) -> Glyph | None:
    text = (query or "").strip()
    upper = text.upper()
    if MJ_NAME.fullmatch(upper):
        return Glyph.objects.filter(mj_name=upper).first()
    if LOCAL_ID.fullmatch(upper):
        return Glyph.objects.filter(local_id=upper).first()
    return Glyph.objects.filter(code_point=parse_code_point(text, field="query")).first()


@procedure(legal.SYSTEM_2_12, rule=LOOK_UP_GLYPH.name)
def look_up_glyph(actor, query: str) -> Glyph:
    """免許外字情報照会: the glyph at a code point (``U+E001`` or the character), or with an MJ文字図形名
    or local id; audited (found or not)."""
    authorize(actor, LOOK_UP_GLYPH.name, action=Action.GLYPH_LOOK_UP)
    glyph = _find(query)
    record(actor, Action.GLYPH_LOOK_UP, object_type="glyph", object_id=glyph.pk if glyph else "",
           detail={"query": (query or "").strip()[:20], "found": glyph is not None})
    if glyph is None:
        raise NotFound(f"「{(query or '').strip()[:20]}」の外字は登録されていません。")
    return glyph


def get_glyph(actor, glyph_id: int) -> Glyph:
    """One glyph by its row id (the pages' links), audited as a look-up."""
    authorize(actor, LOOK_UP_GLYPH.name, action=Action.GLYPH_LOOK_UP)
    glyph = Glyph.objects.filter(pk=glyph_id).first()
    if glyph is None:
        raise NotFound("指定の外字は登録されていません。")
    record(actor, Action.GLYPH_LOOK_UP, object_type="glyph", object_id=glyph.pk,
           detail={"query": glyph.identifier, "found": True})
    return glyph


def versions_of(glyph: Glyph) -> list[GlyphVersion]:
    """Newest first (the caller has looked the glyph up)."""
    return list(glyph.versions.order_by("-number"))


def current_versions(glyphs: list[Glyph]) -> dict[int, GlyphVersion]:
    """The newest version of each glyph, by glyph id (one query)."""
    found = GlyphVersion.objects.filter(glyph__in=glyphs, number=F("glyph__version"))
    return {v.glyph_id: v for v in found}


def glyphs_for(actor) -> list[Glyph]:
    """The register's glyphs by code point (at most :data:`LIST_LIMIT`); the list is audited."""
    authorize(actor, LOOK_UP_GLYPH.name, action=Action.GLYPH_LIST)
    glyphs = list(Glyph.objects.visible_to(actor)[:LIST_LIMIT])
    record(actor, Action.GLYPH_LIST, object_type="glyph", detail={"count": len(glyphs)})
    return glyphs


# --- printing ------------------------------------------------------------------------------


def current_font() -> GaijiFont:
    """The registered glyphs' newest versions as a font (documents print names with it); rebuilt
    only when a version was added since the last build."""
    state = GlyphVersion.objects.aggregate(n=Count("id"), last=Max("id"), at=Max("registered_at"))
    return cached_font((state["n"], state["last"], state["at"]), _shapes)


def _shapes() -> list[GlyphShape]:
    newest = GlyphVersion.objects.filter(number=F("glyph__version"))
    return [GlyphShape(v["glyph__code_point"], bytes(v["bitmap"]), v["outline"])
            for v in newest.values("glyph__code_point", "bitmap", "outline")]


# --- the card (免許証作成機) -------------------------------------------------------------------------


def card_glyphs(code_points) -> dict[int, GlyphVersion]:
    """The newest version of each registered glyph among ``code_points``, by code point, with its
    glyph (one query whatever the number; none when there is no code point). The card printer
    reads them through :mod:`menkyo.cards.card_gaiji`; a code point missing from the answer is
    not registered."""
    wanted = sorted(set(code_points))
    if not wanted:
        return {}
    found = GlyphVersion.objects.select_related("glyph").filter(
        glyph__code_point__in=wanted, number=F("glyph__version"))
    return {v.glyph.code_point: v for v in found}
