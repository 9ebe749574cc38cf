"""The 外字 a card prints, numbered as the IC chip records them (ic-card.md §1.4: 外字1–2 in DF1/EF03,
外字3–7 in DF1/EF05, marks FF F1…FF F7, 欠字 FF FA): a pure function of the text and the glyph register."""

import base64
import hashlib

from tests.gaiji.conftest import RING

from menkyo.cards.card_gaiji import card_gaiji, printed_texts
from menkyo.gaiji.models import Glyph, GlyphVersion


def registered(*code_points, version=1):
    """The register's newest versions of ``code_points`` (unsaved: no database)."""
    return {cp: GlyphVersion(glyph=Glyph(code_point=cp, local_id=f"GJ{cp - 0xE000:06d}", version=version),
                             number=version, bitmap=RING) for cp in code_points}


def gaiji(count: int) -> str:
    return "".join(chr(0xE001 + i) for i in range(count))


def test_a_card_without_gaiji_has_none_and_does_not_wait():
    found = card_gaiji(printed_texts("明石 花子", "兵庫県神戸市中央区加納町6丁目5番1号", ["眼鏡等"]), {})
    assert found.glyphs == () and not found.waiting and found.unregistered == []


def test_one_registered_gaiji_is_gaiji_1_in_ef03_with_its_dots():
    [glyph] = card_gaiji(printed_texts("\ue001田 花子", "兵庫県", []), registered(0xE001)).glyphs
    assert (glyph.code_point, glyph.character, glyph.fields, glyph.slot, glyph.chip_mark, glyph.chip_file) == (
        "U+E001", "\ue001", ("name",), 1, "FFF1", "DF1/EF03")
    assert (glyph.registered, glyph.identifier, glyph.version, glyph.width, glyph.height) == (
        True, "GJ000001", 1, 32, 32)
    assert base64.b64decode(glyph.base64) == RING and glyph.sha256 == hashlib.sha256(RING).hexdigest()


def test_two_gaiji_fill_ef03_in_order_of_first_appearance_name_before_address():
    found = card_gaiji(printed_texts("\ue002田 花子", "兵庫県\ue001町", []), registered(0xE001, 0xE002))
    assert [(g.code_point, g.slot, g.chip_mark, g.chip_file, g.fields) for g in found.glyphs] == [
        ("U+E002", 1, "FFF1", "DF1/EF03", ("name",)), ("U+E001", 2, "FFF2", "DF1/EF03", ("address",))]


def test_seven_gaiji_take_all_seven_slots_the_third_on_in_ef05():
    found = card_gaiji(printed_texts(gaiji(4), gaiji(7), []), registered(*range(0xE001, 0xE008)))
    assert [g.slot for g in found.glyphs] == [1, 2, 3, 4, 5, 6, 7]
    assert [g.chip_mark for g in found.glyphs] == ["FFF1", "FFF2", "FFF3", "FFF4", "FFF5", "FFF6", "FFF7"]
    assert [g.chip_file for g in found.glyphs] == ["DF1/EF03"] * 2 + ["DF1/EF05"] * 5
    assert not found.waiting and found.beyond_chip == []


def test_the_eighth_gaiji_is_kesshi_in_the_chip_but_keeps_its_glyph_for_the_face():
    found = card_gaiji(printed_texts(gaiji(8), "", []), registered(*range(0xE001, 0xE009)))
    eighth = found.glyphs[7]
    assert (eighth.slot, eighth.chip_mark, eighth.chip_file, eighth.registered) == (None, "FFFA", "", True)
    assert base64.b64decode(eighth.base64) == RING
    assert found.beyond_chip == ["U+E008"] and not found.waiting


def test_a_repeated_gaiji_takes_one_slot_and_names_every_field_it_is_in():
    found = card_gaiji(printed_texts("\ue001\ue001田", "兵庫県\ue001町", ["\ue001"]), registered(0xE001))
    [glyph] = found.glyphs
    assert (glyph.slot, glyph.fields) == (1, ("name", "address", "conditions"))


def test_an_unregistered_gaiji_is_kesshi_takes_no_slot_and_makes_the_job_wait():
    found = card_gaiji(printed_texts("\ue001\ue005田", "兵庫県\ue002", []), registered(0xE001, 0xE002))
    assert [(g.code_point, g.slot, g.chip_mark, g.registered, g.base64) for g in found.glyphs] == [
        ("U+E001", 1, "FFF1", True, base64.b64encode(RING).decode()), ("U+E005", None, "FFFA", False, ""),
        ("U+E002", 2, "FFF2", True, base64.b64encode(RING).decode())]
    assert found.waiting and found.unregistered == ["U+E005"]


def test_the_newest_version_of_a_corrected_glyph_is_printed():
    [glyph] = card_gaiji(printed_texts("\ue001", "", []), registered(0xE001, version=3)).glyphs
    assert glyph.version == 3


def test_a_compatibility_ideograph_next_to_a_gaiji_is_kept_as_stored_not_normalised():
    name = "\ufa10\ue001"  # 塚 U+FA10 would become U+585A under NFKC
    texts = printed_texts(name, "", [])
    assert texts[0] == ("name", "\ufa10\ue001")
    assert [g.character for g in card_gaiji(texts, registered(0xE001)).glyphs] == ["\ue001"]
