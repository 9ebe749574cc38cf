"""The 仮免許 API: read (status on the day asked), reissue (規程第15条第2項), return (規程第20条第2項);
structured Japanese errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.cards.models import CardJob
from menkyo.registry import services as registry
from menkyo.registry.models import ProvisionalLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisional(system, applicant):
    return registry.register_provisional_licence(system, applicant.pk, "普通仮")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_clerk_reads_a_provisional_licence_with_its_status_fee_and_actions(client, login_as, centre_clerk,
                                                                            provisional, django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(12):
        answer = client.get(f"/api/v1/provisional-licences/{provisional.pk}")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["number"], body["kind"], body["status"], body["status_label"], body["name"]) == (
        provisional.number, "普通仮", "valid", "有効", "明石 花子")
    assert body["expiry_date"] == provisional.expiry_date.isoformat() and body["cards"] == []
    assert body["reissue_fee"]["amount"] is None and body["reissue_fee"]["status"] == "unconfirmed"
    assert body["actions"] == ["reissue", "return"]


def test_a_lapsed_provisional_licence_reads_as_lapsed(client, login_as, centre_clerk, system, applicant):
    lapsed = registry.register_provisional_licence(system, applicant.pk, "普通仮",
                                                   issue_date=timezone.localdate() - timedelta(days=200))
    login_as(client, centre_clerk)
    body = client.get(f"/api/v1/provisional-licences/{lapsed.pk}").json()
    assert (body["status"], body["status_label"], body["actions"]) == ("lapsed", "失効", [])
    refused = post(client, f"/api/v1/provisional-licences/{lapsed.pk}/reissue", {"ground": "lost", "reason": "亡失"})
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "lapsed"


def test_a_lost_provisional_licence_is_reissued_over_the_api(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/provisional-licences/{provisional.pk}/reissue",
                  {"ground": "lost", "reason": "亡失（遺失届済）"})
    assert answer.status_code == 201, answer.content
    job = answer.json()
    assert (job["card_kind"], job["application_id"], job["reissue_ground"], job["state"]) == (
        "provisional", None, "lost", "requested")
    assert job["licence_number"] == ProvisionalLicence.objects.get().number != provisional.number
    cards = client.get(f"/api/v1/provisional-licences/{provisional.pk}").json()["cards"]
    assert [(c["slip_number"], c["reissue_ground"]) for c in cards] == [(job["slip_number"], "lost")]


def test_a_wrong_ground_is_422_naming_the_field_and_nothing_is_made(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/provisional-licences/{provisional.pk}/reissue", {"ground": "x", "reason": "亡失"})
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["field"] == "ground" and "再交付の事由" in error["message"]
    assert not CardJob.objects.exists()


def test_a_provisional_licence_is_returned_over_the_api_and_then_refuses_a_second_return(client, login_as,
                                                                                       centre_clerk, provisional):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/provisional-licences/{provisional.pk}/return", {"reason": "免許を受けた"})
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["status_label"], answer.json()["actions"]) == ("surrendered", "返納", [])
    again = post(client, f"/api/v1/provisional-licences/{provisional.pk}/return", {"reason": "免許を受けた"})
    assert again.status_code == 409 and again.json()["error"] == {
        "code": "not_valid", "message": "この仮免許は「返納」です。有効な仮免許のみ扱えます。", "field": "provisional_id"}


def test_a_return_without_a_reason_is_422(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    answer = post(client, f"/api/v1/provisional-licences/{provisional.pk}/return", {})
    assert answer.status_code == 422 and answer.json()["error"]["field"] == "reason"


def test_unknown_ids_are_404_and_another_prefecture_403(client, login_as, osaka_counter, centre_clerk, provisional):
    login_as(client, centre_clerk)
    missing = client.get("/api/v1/provisional-licences/999999")
    assert missing.status_code == 404 and missing.json()["error"]["field"] == "provisional_id"
    client.logout()
    login_as(client, osaka_counter)
    for answer in (client.get(f"/api/v1/provisional-licences/{provisional.pk}"),
                   post(client, f"/api/v1/provisional-licences/{provisional.pk}/reissue",
                        {"ground": "lost", "reason": "亡失"}),
                   post(client, f"/api/v1/provisional-licences/{provisional.pk}/return", {"reason": "不要"})):
        assert answer.status_code == 403 and "他の都道府県" in answer.json()["error"]["message"]


def test_a_station_clerk_gets_403_for_a_reissue(client, login_as, station_clerk, provisional):
    login_as(client, station_clerk)
    answer = post(client, f"/api/v1/provisional-licences/{provisional.pk}/reissue", {"ground": "lost", "reason": "亡失"})
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "not_a_centre"
