"""外字 API (sub-system 2-12, the 外字端末): register, correct, look up, list.

The 外字端末 is a device (業務端末) holding the 「審査」 role; staff use the same operations with
their session. Every input error is 422 with ``error.field``; a code point or MJ文字図形名 already
registered is 409; an unknown glyph 404.
"""

import base64
import binascii

from ninja import Router, Status

from menkyo.core.errors import InvalidInput
from menkyo.core.http import ERRORS, as_unprocessable
from menkyo.core.legal import implements
from menkyo.gaiji import services
from menkyo.gaiji.models import Glyph, GlyphVersion
from menkyo.gaiji.schemas import GlyphIn, GlyphOut, ShapeIn, VersionOut

router = Router(tags=["gaiji"])


def version_out(version: GlyphVersion) -> VersionOut:
    return VersionOut(number=version.number, bitmap=base64.b64encode(bytes(version.bitmap)).decode("ascii"),
                      outline=version.outline, reading=version.reading, composition=version.composition,
                      reason=version.reason, registered_by=version.registered_by,
                      registered_at=version.registered_at)


def glyph_out(glyph: Glyph, current: GlyphVersion, versions: list[GlyphVersion] | None = None) -> GlyphOut:
    return GlyphOut(
        id=glyph.pk, code_point=glyph.code_label, character=glyph.character, identifier=glyph.identifier,
        mj_name=glyph.mj_name, local_id=glyph.local_id, version=glyph.version, registered_by=glyph.registered_by,
        registered_at=glyph.registered_at, affiliation=glyph.affiliation_id, current=version_out(current),
        versions=None if versions is None else [version_out(v) for v in versions])


def _detail(glyph: Glyph) -> GlyphOut:
    versions = services.versions_of(glyph)
    return glyph_out(glyph, versions[0], versions)


def _decoded(value: str, field: str) -> bytes | None:
    if not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput(f"{field} はBase64で指定してください。", field=field) from exc


def _shape(payload: ShapeIn) -> dict:
    return {"bitmap": _decoded(payload.bitmap, "bitmap"), "png": _decoded(payload.png, "png"),
            "outline": payload.outline, "reading": payload.reading, "composition": payload.composition,
            "reason": payload.reason}


@router.get("/gaiji/glyphs", response={200: list[GlyphOut], **ERRORS}, summary="外字の一覧（符号位置順）")
def list_glyphs(request):
    glyphs = services.glyphs_for(request.actor)
    current = services.current_versions(glyphs)
    return [glyph_out(g, current[g.pk]) for g in glyphs]


@router.get("/gaiji/glyphs/look-up", response={200: GlyphOut, **ERRORS}, summary="外字の照会（免許外字情報照会）")
@implements(services.look_up_glyph)
def look_up_glyph(request, q: str):
    """``q``: the code point (``U+E001``, ``E001``), the character itself, an MJ文字図形名 or a local id."""
    return _detail(as_unprocessable(services.look_up_glyph, request.actor, q))


@router.get("/gaiji/glyphs/{glyph_id}", response={200: GlyphOut, **ERRORS}, summary="外字の取得")
def get_glyph(request, glyph_id: int):
    return _detail(services.get_glyph(request.actor, glyph_id))


@router.post("/gaiji/glyphs", response={201: GlyphOut, **ERRORS}, summary="外字の登録（免許外字情報登録）")
@implements(services.register_glyph)
def register_glyph(request, payload: GlyphIn):
    glyph = as_unprocessable(lambda: services.register_glyph(
        request.actor, code_point=payload.code_point, mj_name=payload.mj_name, **_shape(payload)))
    return Status(201, _detail(glyph))


@router.post("/gaiji/glyphs/{glyph_id}/versions", response={201: GlyphOut, **ERRORS},
             summary="外字の訂正（新しい版の登録）")
@implements(services.revise_glyph)
def revise_glyph(request, glyph_id: int, payload: ShapeIn):
    as_unprocessable(lambda: services.revise_glyph(request.actor, glyph_id, **_shape(payload)))
    return Status(201, _detail(Glyph.objects.get(pk=glyph_id)))
