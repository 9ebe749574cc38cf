"""POST /api/v1/inquiries: the contract (field names fixed by issue 8 §1)."""

import pytest
from django.db import connection

from menkyo.audit.models import AuditEvent
from menkyo.inquiry.models import Inquiry

pytestmark = pytest.mark.django_db

MATCH_FIELDS = {"licence_number", "name", "name_kana", "birth_date", "home_prefecture", "status", "kinds",
                "expiry_date", "conditions", "alerts"}


def post(client, body, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/inquiries", body, content_type="application/json", **extra)


def test_an_inquiry_device_finds_an_osaka_holder_by_kana_and_birth_date(client, make_actor, osaka_licence):
    device = make_actor("inquiry", "own", "device")
    response = post(client, {"purpose": "交通取締り", "name_kana": "オーノ ハナコ", "birth_date": "S55.5.17"},
                    device.token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["inquiry_id"] == Inquiry.objects.get().pk
    (match,) = body["matches"]
    assert MATCH_FIELDS <= set(match)
    assert (match["licence_number"], match["name"], match["home_prefecture"], match["status"]) == (
        osaka_licence.number, "大野 花子", "27", "valid")
    assert match["birth_date"] == "1980-05-17" and match["alerts"] == [] and match["kinds"][0]["kind"] == "中型"  # the deemed 中型（8t限定）
    assert match["expiry_date"] == osaka_licence.expiry_date.isoformat()


@pytest.mark.parametrize("body", [{}, {"purpose": ""}, {"purpose": "雑談"}])
def test_a_missing_or_unknown_purpose_is_422_on_the_purpose_field_and_nothing_is_read(client, make_actor,
                                                                                     hyogo_licence, body):
    device = make_actor("counter", "own", "device")
    before = AuditEvent.objects.count()
    response = post(client, {**body, "licence_number": hyogo_licence.number}, device.token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "purpose"
    assert AuditEvent.objects.count() == before and not Inquiry.objects.exists()


def test_by_licence_number_for_an_operator_session(client, login_as, hyogo_counter, hyogo_licence):
    login_as(client, hyogo_counter)
    response = post(client, {"purpose": "窓口事務", "licence_number": hyogo_licence.number})
    assert response.status_code == 200 and response.json()["matches"][0]["name"] == "山田 太郎"


def test_a_counter_device_of_another_prefecture_gets_no_matches(client, make_actor, hyogo_licence):
    device = make_actor("counter", "other", "device")
    response = post(client, {"purpose": "窓口事務", "licence_number": hyogo_licence.number}, device.token)
    assert response.status_code == 200 and response.json()["matches"] == []


def test_a_device_over_its_rate_limit_gets_429_in_japanese(client, make_actor, hyogo_licence, settings):
    settings.MENKYO_INQUIRY_RATE_LIMITS = {"device": (1, 60)}
    device = make_actor("counter", "own", "device")
    body = {"purpose": "窓口事務", "licence_number": hyogo_licence.number}
    assert post(client, body, device.token).status_code == 200
    response = post(client, body, device.token)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "too_many_requests" and "端末" in response.json()["error"]["message"]


def test_the_inquiry_query_count_is_fixed(client, make_actor, hyogo_licence, osaka_licence,
                                          django_assert_num_queries):
    device = make_actor("inquiry", "own", "device")
    # Whatever the number of matches: the device and its last use (2), one read for the holder search
    # with licences and kinds, the rate-limit count and whether any alert (手配) is active (no hits: no
    # alert lookup), then on PostgreSQL one statement for the inquiry, its InquiredPerson rows and its
    # audit event (4 in all); on SQLite the same written step by step in a transaction (savepoint here,
    # chain head update and read, inquiry, persons, event, head hash, release: 11). 窓口事務 answers the
    # 未執行・処理中の行政処分 and 欠格期間: the search's own statement says that nobody found has a case,
    # so neither is read (+0; one query each for the whole answer when somebody has one).
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 11):
        response = post(client, {"purpose": "窓口事務", "name_kana": "ハナコ", "birth_date": "1980-05-17"},
                        device.token)
    assert response.status_code == 200
