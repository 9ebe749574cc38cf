"""The review's API: reports as JSON, the person's lookups, a verdict, structured Japanese errors."""

import pytest

from menkyo.oversight import services
from menkyo.oversight.models import Review

from .conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, login_as, hyogo_auditor):
    return login_as(client, hyogo_auditor)


@pytest.fixture
def burst(world, lookup, hyogo_auditor):
    clerk = world.operators[1]
    made = [lookup(clerk, world.people[i], at(world.day, 22, 10 * i)) for i in range(5)]
    services.register_flags(hyogo_auditor, world.scope())
    return made


def test_a_report_as_json(api, world, burst):
    scope = world.scope()
    answer = api.get(f"/api/v1/oversight/reports/off_hours?start={scope.start}&end={scope.end}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 5 and body["label"] == "勤務時間外の集中照会"
    assert body["items"][0]["review_state"] == "pending" and "勤務時間外" in body["items"][0]["reasons"][0]


def test_bad_input_is_a_structured_japanese_error(api, world):
    answer = api.get("/api/v1/oversight/reports/off_hours?start=2026-11-30&end=2026-11-01")
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == "start" and "開始日" in answer.json()["error"]["message"]
    assert api.get("/api/v1/oversight/reports/unknown").status_code == 404
    assert api.get("/api/v1/oversight/reports/off_hours?affiliation=27-001").json()["error"]["field"] == "affiliation"


def test_the_person_lookups(api, world):
    body = api.get(f"/api/v1/oversight/persons/{world.people[0].pk}/inquiries").json()
    assert body["count"] == 2 and body["items"][0]["actor"] == "clerk_a"


def test_a_verdict_through_the_api(api, burst):
    review = Review.objects.get(inquiry=burst[0])
    url = f"/api/v1/oversight/reviews/{review.pk}/decision"
    refused = api.post(url, {"verdict": "improper"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "note"
    done = api.post(url, {"verdict": "improper", "note": "私的照会"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state_label"] == "不適正（所属長へ報告）"
    again = api.post(url, {"verdict": "justified"}, content_type="application/json")
    assert again.status_code == 409


def test_a_device_is_refused(client, make_actor):
    device = make_actor("inquiry", "own", "device")
    answer = client.get("/api/v1/oversight/reports", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert answer.status_code == 403 and answer.json()["error"]["code"] == "not_permitted"


def test_the_monthly_completion_as_json(api, world, burst):
    body = api.get(f"/api/v1/oversight/completion?month={world.day:%Y-%m}").json()
    office = next(o for o in body["offices"] if o["affiliation"] == "28-001")
    assert (office["flagged"], office["reviewed"], office["complete"]) == (5, 0, False)
    bad = api.get("/api/v1/oversight/completion?month=nope")
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "month"


def test_an_id_too_large_for_the_database_is_404_not_500(api):
    huge = 2**63
    assert api.get(f"/api/v1/oversight/persons/{huge}/inquiries").status_code == 404
    answer = api.post(f"/api/v1/oversight/reviews/{huge}/decision", {"verdict": "justified"},
                      content_type="application/json")
    assert answer.status_code == 404
