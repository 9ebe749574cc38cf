"""The 外字 register (system map 2-12): registering, correcting as a new version, looking up, the font."""

from io import BytesIO

import pytest
from django.db import DatabaseError, transaction
from fontTools.ttLib import TTFont
from PIL import Image
from tests.gaiji.conftest import RING, glyph_png

from menkyo.audit.models import AuditEvent
from menkyo.core.errors import Conflict, InvalidInput, NotFound, NotPermitted
from menkyo.gaiji import bitmaps, services
from menkyo.gaiji.actions import Action
from menkyo.gaiji.models import Glyph, GlyphVersion

pytestmark = pytest.mark.django_db


def last_event():
    return AuditEvent.objects.order_by("-seq").first()


def test_a_glyph_is_registered_at_its_code_point_with_a_local_id_and_audited(registered, officer):
    glyph = Glyph.objects.get()
    assert (glyph.code_point, glyph.identifier, glyph.local_id, glyph.mj_name) == (0xE001, "GJ000001", "GJ000001", "")
    assert glyph.version == 1 and glyph.registered_by == officer.actor_name and glyph.affiliation_id == "28-001"
    version = glyph.versions.get()
    assert bytes(version.bitmap) == RING and (version.reading, version.composition) == ("たつさき", "立＋奇")
    event = last_event()
    assert (event.action, event.outcome, event.object_id) == (Action.GLYPH_REGISTER, "ok", str(glyph.pk))
    assert event.detail["code_point"] == "U+E001" and event.detail["identifier"] == "GJ000001"
    assert event.detail["legal_basis"] == "システム構成図2-12" and event.detail["version"] == 1


def test_a_glyph_in_the_mj_set_is_identified_by_its_mj_name_and_takes_no_local_id(officer):
    glyph = services.register_glyph(officer, code_point="e010", mj_name="mj012345", bitmap=RING, reason="氏名")
    assert (glyph.identifier, glyph.local_id, glyph.code_point) == ("MJ012345", "", 0xE010)


def test_local_ids_come_from_a_numbered_series(registered, officer):
    second = services.register_glyph(officer, code_point="\ue002", bitmap=RING, reason="住所に使用")
    assert (registered.local_id, second.local_id) == ("GJ000001", "GJ000002")


def test_a_png_picture_becomes_the_cards_32_by_32_dots_with_the_ink_centred(officer):
    glyph = services.register_glyph(officer, code_point="U+E003", png=glyph_png(), reason="氏名")
    dots = bitmaps.rows(bytes(glyph.versions.get().bitmap))
    ink = [(x, y) for y, row in enumerate(dots) for x, dot in enumerate(row) if dot]
    xs, ys = {x for x, _ in ink}, {y for _, y in ink}
    assert min(xs) >= 1 and max(xs) <= 30 and min(ys) >= 1 and max(ys) <= 30
    assert abs((min(xs) + max(xs)) - 31) <= 2 and abs((min(ys) + max(ys)) - 31) <= 2
    assert dots[16][3] and dots[3][16] and not dots[3][3]  # a cross: arms, no corners


@pytest.mark.parametrize(("change", "field"), [
    ({"code_point": ""}, "code_point"), ({"code_point": "U+3042"}, "code_point"),
    ({"code_point": "あいう"}, "code_point"), ({"code_point": "\u3042"}, "code_point"),
    ({"mj_name": "MJ12"}, "mj_name"), ({"reason": ""}, "reason"), ({"reason": "長" * 201}, "reason"),
    ({"reading": "た\x00つ"}, "reading"), ({"bitmap": b"\x01" * 100}, "bitmap"), ({"bitmap": bytes(128)}, "bitmap"),
    ({"bitmap": None}, "png"), ({"png": glyph_png()}, "png"), ({"bitmap": None, "png": b"not a picture"}, "png"),
    ({"bitmap": None, "png": b"\x89PNG\r\n\x1a\n" + bytes(40)}, "png"), ({"bitmap": None, "png": glyph_png((2001, 50))}, "png"),
    ({"outline": "hello"}, "outline"), ({"outline": "M 0 0 C 1"}, "outline"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(officer, change, field):
    before = AuditEvent.objects.count()
    values = {"code_point": "U+E001", "bitmap": RING, "reason": "氏名", **change}
    with pytest.raises(InvalidInput) as refused:
        services.register_glyph(officer, **values)
    assert refused.value.field == field and refused.value.message
    assert not Glyph.objects.exists() and AuditEvent.objects.count() == before


def test_a_blank_png_is_refused_in_japanese(officer):
    out = BytesIO()
    Image.new("L", (32, 32), 255).save(out, "PNG")
    with pytest.raises(InvalidInput, match="空白"):
        services.register_glyph(officer, code_point="U+E001", png=out.getvalue(), reason="氏名")


def test_a_code_point_or_mj_name_already_registered_is_a_conflict(registered, officer):
    with pytest.raises(Conflict) as taken:
        services.register_glyph(officer, code_point="U+E001", bitmap=RING, reason="氏名")
    assert taken.value.field == "code_point" and "GJ000001" in taken.value.message
    services.register_glyph(officer, code_point="U+E010", mj_name="MJ000001", bitmap=RING, reason="氏名")
    with pytest.raises(Conflict) as same:
        services.register_glyph(officer, code_point="U+E011", mj_name="MJ000001", bitmap=RING, reason="氏名")
    assert same.value.field == "mj_name" and "U+E010" in same.value.message


def test_a_counter_clerk_may_not_register_a_glyph(clerk, expect_one_denial):
    with expect_one_denial("gaiji.register_glyph", Action.GLYPH_REGISTER), pytest.raises(NotPermitted) as refused:
        services.register_glyph(clerk, code_point="U+E001", bitmap=RING, reason="氏名")
    assert "「審査」「決定」" in refused.value.message and not Glyph.objects.exists()


def test_a_correction_adds_a_version_and_keeps_the_earlier_one(registered, officer):
    cross = bitmaps.from_png(glyph_png())
    version = services.revise_glyph(officer, registered.pk, bitmap=cross, reading="たつざき", reason="字形の誤り")
    registered.refresh_from_db()
    assert version.number == 2 and registered.version == 2
    assert [(v.number, bytes(v.bitmap)) for v in services.versions_of(registered)] == [(2, cross), (1, RING)]
    event = last_event()
    assert (event.action, event.detail["version"], event.detail["identifier"]) == (Action.GLYPH_REVISE, 2, "GJ000001")


def test_a_correction_by_a_counter_clerk_is_refused_and_unknown_glyphs_are_not_found(registered, clerk, officer,
                                                                                      expect_one_denial):
    with expect_one_denial("gaiji.register_glyph", Action.GLYPH_REVISE), pytest.raises(NotPermitted):
        services.revise_glyph(clerk, registered.pk, bitmap=RING, reason="訂正")
    with pytest.raises(NotFound):
        services.revise_glyph(officer, 999, bitmap=RING, reason="訂正")
    assert GlyphVersion.objects.count() == 1


def test_versions_are_append_only_in_the_database(registered):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        GlyphVersion.objects.update(reading="改ざん")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        GlyphVersion.objects.all().delete()


@pytest.mark.parametrize("query", ["U+E001", "e001", "\ue001", "GJ000001", "gj000001"])
def test_a_glyph_is_looked_up_by_code_point_character_or_identifier_and_audited(registered, clerk, query):
    assert services.look_up_glyph(clerk, query) == registered
    event = last_event()
    assert (event.action, event.outcome, event.detail["found"]) == (Action.GLYPH_LOOK_UP, "ok", True)


def test_a_look_up_that_finds_nothing_is_audited_and_not_found_in_japanese(registered, clerk):
    with pytest.raises(NotFound, match="登録されていません"):
        services.look_up_glyph(clerk, "MJ999999")
    assert last_event().detail == {"query": "MJ999999", "found": False}
    with pytest.raises(InvalidInput) as bad:
        services.look_up_glyph(clerk, "ABC")
    assert bad.value.field == "query"


def test_an_auditor_may_not_look_up_glyphs(make_operator, registered, expect_one_denial):
    auditor = make_operator("hyogo_auditor", ["audit"], "28-001")
    with expect_one_denial("gaiji.look_up_glyph", Action.GLYPH_LOOK_UP), pytest.raises(NotPermitted):
        services.look_up_glyph(auditor, "U+E001")


def test_the_list_is_by_code_point_with_each_glyphs_current_version(registered, officer, clerk):
    services.register_glyph(officer, code_point="U+E000", bitmap=RING, reason="氏名")
    services.revise_glyph(officer, registered.pk, bitmap=RING, reading="たつさき（訂正）", reason="読み")
    glyphs = services.glyphs_for(clerk)
    current = services.current_versions(glyphs)
    assert [g.code_point for g in glyphs] == [0xE000, 0xE001] and current[registered.pk].number == 2
    assert last_event().action == Action.GLYPH_LIST


def test_the_font_draws_every_registered_glyph_and_is_rebuilt_only_when_the_register_changes(registered, officer):
    font = services.current_font()
    assert font.code_points == {0xE001} and services.current_font() is font
    cmap = TTFont(BytesIO(font.content))["cmap"].getBestCmap()
    assert cmap == {0xE001: "uniE001"}
    services.register_glyph(officer, code_point="U+E002", bitmap=RING, reason="住所")
    rebuilt = services.current_font()
    assert rebuilt is not font and rebuilt.code_points == {0xE001, 0xE002}


def test_a_registered_outline_is_drawn_instead_of_the_dots(officer):
    services.register_glyph(officer, code_point="U+E005", bitmap=RING, outline="M 100 100 L 900 100 L 900 900 Z",
                            reason="輪郭あり")
    glyph = TTFont(BytesIO(services.current_font().content))["glyf"]["uniE005"]
    assert glyph.numberOfContours == 1 and len(glyph.coordinates) == 3


def test_a_glyph_registered_by_someone_else_a_moment_ago_is_a_conflict_and_nothing_is_written(officer, monkeypatch):
    """The other registration lands between the check and the insert: the unique code point refuses ours."""
    def registered_meanwhile():
        Glyph.objects.create(code_point=0xE001, local_id="GJ000099", registered_by="other")
        return "GJ000100"

    monkeypatch.setattr(services, "_next_local_id", registered_meanwhile)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        services.register_glyph(officer, code_point="U+E001", bitmap=RING, reason="氏名")
    assert refused.value.field == "code_point" and AuditEvent.objects.count() == before
    assert not GlyphVersion.objects.exists()
