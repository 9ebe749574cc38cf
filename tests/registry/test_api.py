"""Register API: structured JSON errors, scope, audit; change of particulars through services."""

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.registry.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def hyogo_client(client, hyogo_counter):
    client.force_login(hyogo_counter)
    return client


def test_read_licence_by_number(hyogo_client, hyogo_licence):
    response = hyogo_client.get(f"/api/v1/licences/{hyogo_licence.number}?purpose=窓口事務")
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == hyogo_licence.number and body["person"]["name"] == "山田 太郎"
    # 普通 of 2000-08-01 is, as on the card, 中型（8t限定） with that date (law-rules §6.3).
    assert body["kinds"] == [{"kind": "中型", "name": "中型自動車免許", "acquired_on": "2000-08-01",
                              "limitation": "8t", "label": "中型（8t限定）",
                              "special_course": False}]
    assert body["person"]["honseki"] is None  # 窓口 does not see 本籍
    assert "山田 太郎" in response.content.decode()  # UTF-8 JSON, no \uXXXX escapes
    assert AuditEvent.objects.filter(action="registry.licence.read", outcome="ok").count() == 1


def test_wrong_check_digit_is_structured_json(hyogo_client, hyogo_licence):
    n = hyogo_licence.number
    response = hyogo_client.get(f"/api/v1/licences/{n[:10]}{(int(n[10]) + 1) % 10}{n[11]}?purpose=窓口事務")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "licence_number_check_digit" and error["field"] == "number"


def test_other_prefecture_is_403_json_and_audited(client, osaka_counter, hyogo_licence):
    client.force_login(osaka_counter)
    response = client.get(f"/api/v1/licences/{hyogo_licence.number}?purpose=窓口事務")
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_permitted"
    assert AuditEvent.objects.filter(outcome="denied", actor="osaka_counter").exists()


def test_unauthenticated_is_401_json(client, hyogo_licence):
    response = client.get(f"/api/v1/licences/{hyogo_licence.number}")
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthenticated"


def test_change_particulars_via_api(hyogo_client, hyogo_licence):
    response = hyogo_client.patch(
        f"/api/v1/persons/{hyogo_licence.person_id}",
        {"alias": "ヤマタロ", "reason": "通称名の届出", "expected_version": 1}, content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["alias"] == "ヤマタロ"
    assert Person.objects.get().alias == "ヤマタロ"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"postal_code": "0000000", "reason": "届出", "expected_version": 1}, "postal_code"),
        ({"name": "", "reason": "届出", "expected_version": 1}, "name"),
        ({"alias": "x", "expected_version": 1}, "reason"),  # schema validation: reason missing
    ],
)
def test_bad_change_is_refused_with_field_and_nothing_written(hyogo_client, hyogo_licence, body, field):
    response = hyogo_client.patch(
        f"/api/v1/persons/{hyogo_licence.person_id}", body, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert response.json()["error"]["field"] == field
    assert Person.objects.get().name == "山田 太郎" and Person.objects.get().alias == ""


def test_openapi_is_generated(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/licences/{number}" in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/persons/{person_id}"]


def test_provisional_licence_via_api(hyogo_client, hyogo_licence):
    response = hyogo_client.post(f"/api/v1/persons/{hyogo_licence.person_id}/provisional-licences",
                                 {"kind": "中型仮", "issue_date": "2026-08-31"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["expiry_date"] == "2027-02-28"


def test_licence_read_uses_a_fixed_number_of_queries(hyogo_client, hyogo_licence, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert hyogo_client.get(f"/api/v1/licences/{hyogo_licence.number}?purpose=窓口事務").status_code == 200
