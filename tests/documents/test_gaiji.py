"""外字 in the 様式: a name holding a registered Private Use Area character prints its glyph (the
register's font, after Noto CJK); one the register lacks prints 〓 and the rendering says so."""

from dataclasses import replace

import pytest
from tests.documents.pdf import flat, ink_ratio, pdf_fonts, pdf_page_image, pdf_text
from tests.gaiji.conftest import RING

from menkyo.audit.models import AuditEvent
from menkyo.core.actors import SystemActor
from menkyo.documents.rendering import render_pdf, with_placeholders
from menkyo.documents.services import render_document
from menkyo.gaiji import bitmaps, services

pytestmark = pytest.mark.django_db

FULL = bitmaps.from_rows([[True] * 32 for _ in range(32)])  # a solid square: ink you can measure


@pytest.fixture
def office():
    return SystemActor("test")


def render(actor, form):
    return render_document(actor, form, object_type="person", object_id=1, person_id=1, subject_prefecture="28")


def test_a_registered_gaiji_in_a_name_prints_from_the_registers_font(office, application_form):
    services.register_glyph(office, code_point="U+E001", bitmap=RING, reason="氏名")
    rendered = render(office, replace(application_form, name="山\ue001 太郎"))
    assert "Menkyo-Gaiji" in pdf_fonts(rendered.pdf) and "山\ue001太郎" in flat(pdf_text(rendered.pdf))
    assert rendered.placeholders == () and "gaiji_placeholders" not in AuditEvent.objects.latest("seq").detail


def test_the_registered_glyph_puts_ink_on_the_page(office, application_form):
    services.register_glyph(office, code_point="U+E001", bitmap=FULL, reason="氏名")
    with_glyph = render_pdf(replace(application_form, name="山\ue001\ue001\ue001 太郎"), services.current_font)
    without = render_pdf(replace(application_form, name="山　　　 太郎"), services.current_font)
    assert ink_ratio(pdf_page_image(with_glyph.content, scale=1)) > ink_ratio(pdf_page_image(without.content, scale=1))


def test_an_unregistered_gaiji_prints_a_placeholder_and_the_rendering_records_it(office, application_form):
    services.register_glyph(office, code_point="U+E001", bitmap=RING, reason="氏名")
    rendered = render(office, replace(application_form, name="山\ue002\ue001 太郎", address="神戸市\ue003町"))
    text = flat(pdf_text(rendered.pdf))
    assert "山〓\ue001太郎" in text and "神戸市〓町" in text and "\ue002" not in text
    assert rendered.placeholders == ("U+E002", "U+E003")
    assert AuditEvent.objects.latest("seq").detail["gaiji_placeholders"] == ["U+E002", "U+E003"]


def test_with_an_empty_register_every_gaiji_is_a_placeholder_and_no_font_is_added(office, application_form):
    rendered = render(office, replace(application_form, name="山\ue001 太郎"))
    assert rendered.placeholders == ("U+E001",) and "Menkyo-Gaiji" not in pdf_fonts(rendered.pdf)


def test_a_form_without_gaiji_never_asks_for_the_font(application_form):
    def refuse():
        raise AssertionError("the 外字 font was asked for")

    assert render_pdf(application_form, refuse).placeholders == ()


def test_placeholders_replace_only_what_is_not_registered():
    assert with_placeholders("a\ue001b\ue002", frozenset({0xE001})) == ("a\ue001b〓", ("U+E002",))
    assert with_placeholders("abc", frozenset()) == ("abc", ())
