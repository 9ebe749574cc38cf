"""The 外字 API (the 外字端末, a 業務端末 holding 「審査」): register, correct, look up, list; errors."""

import base64
from urllib.parse import quote

import pytest
from tests.gaiji.conftest import RING, glyph_png

from menkyo.audit.models import AuditEvent
from menkyo.gaiji.models import Glyph

pytestmark = pytest.mark.django_db


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


def call(client, method, url, body=None, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, body or {}, content_type="application/json", **extra)


@pytest.fixture
def terminal(make_actor):
    """The 外字端末 of the licence division."""
    return make_actor("case_officer", "own", "device")


@pytest.fixture
def body():
    return {"code_point": "U+E001", "bitmap": b64(RING), "reading": "たつさき", "composition": "立＋奇",
            "reason": "新規申請者の氏名に使用"}


def test_the_gaiji_terminal_registers_a_glyph_and_gets_its_identifier_and_dots_back(client, terminal, body):
    response = call(client, "post", "/api/v1/gaiji/glyphs", body, terminal.token)
    assert response.status_code == 201, response.content
    glyph = response.json()
    assert (glyph["code_point"], glyph["character"], glyph["identifier"], glyph["version"]) == (
        "U+E001", "\ue001", "GJ000001", 1)
    assert base64.b64decode(glyph["current"]["bitmap"]) == RING and glyph["current"]["reading"] == "たつさき"
    assert [v["number"] for v in glyph["versions"]] == [1] and glyph["affiliation"] == "28-001"


def test_a_png_is_accepted_and_converted_and_a_correction_is_a_new_version(client, terminal, body):
    created = call(client, "post", "/api/v1/gaiji/glyphs", {**body, "bitmap": "", "png": b64(glyph_png()),
                                                             "mj_name": "MJ012345"}, terminal.token).json()
    assert created["identifier"] == "MJ012345" and created["local_id"] == ""
    revised = call(client, "post", f"/api/v1/gaiji/glyphs/{created['id']}/versions",
                   {"bitmap": b64(RING), "reason": "字形の誤り"}, terminal.token)
    assert revised.status_code == 201, revised.content
    assert [v["number"] for v in revised.json()["versions"]] == [2, 1] and revised.json()["version"] == 2


@pytest.mark.parametrize("q", ["U+E001", "GJ000001", "\ue001"])
def test_a_look_up_by_code_point_identifier_or_character_answers_the_glyph(client, terminal, body, make_actor, q):
    call(client, "post", "/api/v1/gaiji/glyphs", body, terminal.token)
    clerk = make_actor("counter", "other", "device")  # the register is one for every prefecture
    response = call(client, "get", f"/api/v1/gaiji/glyphs/look-up?q={quote(q)}", token=clerk.token)
    assert response.status_code == 200 and response.json()["identifier"] == "GJ000001"


def test_an_unknown_glyph_is_404_in_japanese(client, terminal):
    response = call(client, "get", "/api/v1/gaiji/glyphs/look-up?q=U%2BE0FF", token=terminal.token)
    assert response.status_code == 404 and "登録されていません" in response.json()["error"]["message"]


@pytest.mark.parametrize(("change", "field"), [
    ({"code_point": "U+3042"}, "code_point"), ({"reason": ""}, "reason"), ({"bitmap": "!!"}, "bitmap"),
    ({"bitmap": b64(b"\x01" * 10)}, "bitmap"), ({"bitmap": "", "png": b64(b"nope")}, "png"),
    ({"mj_name": "MJ1"}, "mj_name"), ({"outline": "zzz"}, "outline"),
])
def test_bad_input_is_422_with_the_field_in_japanese_and_nothing_changes(client, terminal, body, change, field):
    before = AuditEvent.objects.count()
    response = call(client, "post", "/api/v1/gaiji/glyphs", {**body, **change}, terminal.token)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and error["message"] and error["code"]
    assert not Glyph.objects.exists() and AuditEvent.objects.count() == before


def test_a_code_point_already_registered_is_409(client, terminal, body):
    call(client, "post", "/api/v1/gaiji/glyphs", body, terminal.token)
    response = call(client, "post", "/api/v1/gaiji/glyphs", body, terminal.token)
    assert response.status_code == 409 and response.json()["error"]["field"] == "code_point"


def test_a_counter_device_may_look_up_but_not_register(client, make_actor, body):
    device = make_actor("counter", "own", "device")
    response = call(client, "post", "/api/v1/gaiji/glyphs", body, device.token)
    assert response.status_code == 403 and "審査" in response.json()["error"]["message"]
    assert call(client, "get", "/api/v1/gaiji/glyphs", token=device.token).status_code == 200


def test_the_list_reads_in_a_fixed_number_of_queries(client, terminal, body, django_assert_max_num_queries):
    for n in range(5):
        call(client, "post", "/api/v1/gaiji/glyphs", {**body, "code_point": f"U+E00{n}"}, terminal.token)
    with django_assert_max_num_queries(12):
        response = call(client, "get", "/api/v1/gaiji/glyphs", token=terminal.token)
    assert [g["code_point"] for g in response.json()] == [f"U+E00{n}" for n in range(5)]
