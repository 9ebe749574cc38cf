"""Every error is Japanese: a page for people, the project's error body for the API (issue 7)."""

import json

import pytest
from django.test import Client, RequestFactory

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.web.errors import server_error

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message", "field"}
    return body["error"]


@pytest.fixture
def device_client(client):
    token = register_device(SystemActor("test"), name="端末1", kind="terminal", affiliation="28-001",
                            roles=["counter"]).token
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def test_an_unknown_api_path_is_404_with_the_error_body(device_client):
    error = error_of(device_client.get("/api/v1/no-such-thing"))
    assert error["code"] == "not_found" and "見つかりません" in error["message"]


def test_a_wrong_method_is_405_with_the_error_body_and_allow(device_client):
    response = device_client.delete("/api/v1/me")
    assert response.status_code == 405 and "GET" in response["Allow"]
    assert error_of(response)["code"] == "method_not_allowed"


def test_an_unparseable_body_is_refused_in_japanese(device_client):
    response = device_client.patch("/api/v1/persons/1", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    error = error_of(response)
    assert "detail" not in json.loads(response.content)
    assert any("\u3040" <= ch <= "\u30ff" for ch in error["message"])


def test_a_missing_field_names_the_field_in_japanese(device_client):
    response = device_client.post("/api/v1/persons/1/provisional-licences", data={},
                                  content_type="application/json")
    error = error_of(response)
    assert response.status_code == 422 and error["field"] == "kind" and "必須" in error["message"]


def test_a_session_without_csrf_token_is_refused_with_the_error_body(make_operator, login_as):
    client = Client(enforce_csrf_checks=True)
    login_as(client, make_operator("hyogo_counter", ["counter"]))
    response = client.patch("/api/v1/persons/1", data="{}", content_type="application/json")
    assert response.status_code == 403 and error_of(response)["code"] == "csrf_failed"


def test_an_unknown_page_is_a_japanese_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ja">' in html and "見つかりません" in html and "Not Found" not in html


def test_a_form_posted_without_csrf_token_gets_a_japanese_page(make_operator, login_as):
    client = Client(enforce_csrf_checks=True)
    login_as(client, make_operator("hyogo_counter", ["counter"]))
    response = client.post("/registry/lookup/", {"number": "1"})
    html = response.content.decode()
    assert response.status_code == 403 and "画面を開き直して" in html and "CSRF verification failed" not in html


def test_the_500_page_is_japanese_and_gives_the_request_id(rf: RequestFactory):
    request = rf.get("/")
    request.user = None
    html = server_error(request).content.decode()
    assert "システムエラー" in html and "システム管理者" in html


def test_an_invalid_token_is_refused_even_with_a_valid_session(client, make_operator, login_as):
    login_as(client, make_operator("hyogo_counter", ["counter"]))
    assert client.get("/api/v1/me").status_code == 200
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer mkd_nothing_wrong")
    assert response.status_code == 401 and error_of(response)["code"] == "unauthenticated"


def test_a_multipart_body_without_a_boundary_is_400_not_500(make_operator, login_as):
    client = Client(enforce_csrf_checks=True)  # the CSRF check reads the body, as on the real server
    login_as(client, make_operator("hyogo_counter", ["counter"]))
    token = "a" * 32  # a CSRF secret: the cookie and the header agree
    client.cookies["csrftoken"] = token
    response = client.generic("POST", "/api/v1/rules/renewal", b"{}", content_type="multipart/form-data",
                              HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 400 and error_of(response)["code"] == "bad_request"
