"""外字 pages: registering from a PNG, looking up, correcting as a new version; who sees what."""

from io import BytesIO
from urllib.parse import quote

import pytest
from tests.gaiji.conftest import glyph_png

from menkyo.gaiji import services
from menkyo.gaiji.models import Glyph

pytestmark = pytest.mark.django_db


def upload(content=None, name="glyph.png"):
    picture = BytesIO(glyph_png() if content is None else content)
    picture.name = name
    return picture


def test_a_glyph_registered_from_a_png_on_the_page_opens_its_record(client, login_as, officer):
    login_as(client, officer)
    page = client.get("/gaiji/new/")
    assert page.status_code == 200 and "外字の登録" in page.content.decode()
    response = client.post("/gaiji/new/", {"code_point": "U+E001", "png": upload(), "reading": "たつさき",
                                          "composition": "立＋奇", "reason": "新規申請者の氏名"}, follow=True)
    glyph = Glyph.objects.get()
    assert response.redirect_chain[-1][0] == f"/gaiji/{glyph.pk}/"
    body = response.content.decode()
    assert "外字 GJ000001（U+E001）を登録しました。" in body and "たつさき" in body and "第1版" in body
    assert 'data-testid="glyph-image"' in body and 'id="revise-glyph"' in body


@pytest.mark.parametrize(("change", "message"), [
    ({"code_point": ""}, "符号位置（U+E000〜U+F8FF）を入力してください。"),
    ({"code_point": "U+3042"}, "U+3042 は私用領域ではありません"),
    ({"reason": ""}, "理由を入力してください。"),
    ({"png": None}, "字形（PNG画像）を指定してください。"),
    ({"png": "garbage"}, "字形の画像を読み取れません"),
    ({"mj_name": "MJ1"}, "MJ文字図形名「MJ1」の形式が正しくありません"),
])
def test_bad_input_shows_a_japanese_error_next_to_the_field_and_nothing_is_saved(client, login_as, officer, change,
                                                                                 message):
    login_as(client, officer)
    data = {"code_point": "U+E001", "png": upload(), "reason": "氏名", **change}
    if data["png"] is None:
        del data["png"]
    elif data["png"] == "garbage":
        data["png"] = upload(b"garbage")
    response = client.post("/gaiji/new/", data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Glyph.objects.exists()


def test_a_look_up_by_code_point_shows_the_glyph_and_an_unknown_one_says_so(client, login_as, clerk, registered):
    login_as(client, clerk)
    found = client.get("/gaiji/look-up/?q=" + quote("U+E001"))
    body = found.content.decode()
    assert found.status_code == 200 and "GJ000001" in body and "たつさき" in body
    assert 'id="revise-glyph"' not in body  # a 窓口 clerk looks up, does not correct
    missing = client.get("/gaiji/look-up/?q=MJ000009")
    assert missing.status_code == 404 and "「MJ000009」の外字は登録されていません。" in missing.content.decode()


def test_a_correction_on_the_page_adds_a_version_shown_in_the_history(client, login_as, officer, registered):
    login_as(client, officer)
    response = client.post(f"/gaiji/{registered.pk}/revise/", {"png": upload(), "reading": "たつざき",
                                                                "reason": "字形の誤り"}, follow=True)
    body = response.content.decode()
    assert "訂正しました（第2版）" in body and body.count('class="version-row"') == 2
    refused = client.post(f"/gaiji/{registered.pk}/revise/", {"png": upload(), "reason": ""})
    assert refused.status_code == 422 and "理由を入力してください。" in refused.content.decode()


def test_a_counter_clerk_sees_the_list_without_the_register_button_and_may_not_register(client, login_as, clerk,
                                                                                          registered):
    login_as(client, clerk)
    listing = client.get("/gaiji/")
    assert listing.status_code == 200 and "GJ000001" in listing.content.decode()
    assert 'id="new-glyph"' not in listing.content.decode()
    refused = client.get("/gaiji/new/")
    assert refused.status_code == 403 and "「審査」「決定」" in refused.content.decode()


def test_the_list_page_reads_in_a_fixed_number_of_queries(client, login_as, officer, registered,
                                                          django_assert_max_num_queries):
    for n in range(2, 6):
        services.register_glyph(officer, code_point=f"U+E00{n}", png=glyph_png(), reason="氏名")
    login_as(client, officer)
    with django_assert_max_num_queries(15):
        response = client.get("/gaiji/")
    assert response.content.decode().count('class="glyph-row"') == 5
