"""The staff pages' 外字 web font (/gaiji/font.ttf): the registered glyphs, for every operator logged in,
kept briefly by the browser and revalidated by its ETag; every other page stays ``no-store``."""

from io import BytesIO

import pytest
from fontTools.ttLib import TTFont
from tests.gaiji.conftest import RING

from menkyo.gaiji import services

pytestmark = pytest.mark.django_db


def test_a_logged_in_operator_gets_the_registered_glyphs_as_a_font(client, login_as, make_operator, registered):
    login_as(client, make_operator("hyogo_gaiji_examiner", ["examiner"], "28-002"))
    response = client.get("/gaiji/font.ttf")
    assert response.status_code == 200 and response["Content-Type"] == "font/ttf"
    assert response["Cache-Control"] == "private, max-age=60" and response["ETag"]
    assert 0xE001 in TTFont(BytesIO(response.content)).getBestCmap()


def test_the_same_font_asked_again_with_its_etag_is_not_sent_again(client, login_as, clerk, registered):
    login_as(client, clerk)
    etag = client.get("/gaiji/font.ttf")["ETag"]
    again = client.get("/gaiji/font.ttf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""


def test_a_new_version_changes_the_font_and_its_etag(client, login_as, officer, registered):
    login_as(client, officer)
    before = client.get("/gaiji/font.ttf")["ETag"]
    services.revise_glyph(officer, registered.pk, bitmap=bytes(b ^ 0xFF for b in RING), reason="字形の訂正")
    assert client.get("/gaiji/font.ttf")["ETag"] != before


def test_without_a_login_the_font_is_not_served(client, registered):
    response = client.get("/gaiji/font.ttf")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_staff_page_declares_the_font_for_the_private_use_area_and_stays_no_store(client, login_as, clerk):
    login_as(client, clerk)
    page = client.get("/")
    assert 'src: url("/gaiji/font.ttf")' in page.content.decode() and "unicode-range: U+E000-F8FF" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
