"""The cards API: issue from a passed application, the 免許証作成機 (card_printer devices only) fetching and
reporting, routing and hand-over, 交付停止, the office's queues; structured Japanese errors."""

import pytest
from django.utils import timezone
from tests.cards.conftest import CENTRE, STATION, next_business_day

from menkyo.audit.models import AuditEvent
from menkyo.cards.models import CardJob
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db


def call(client, method, url, body=None, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, body or {}, content_type="application/json", **extra)


@pytest.fixture
def body(course):
    return {"course_certificates": [{**c, "completed_on": c["completed_on"].isoformat()} for c in course]}


def test_a_centre_issues_the_printer_makes_and_the_counter_hands_over(client, login_as, centre_clerk, printer,
                                                                     centre_application, body):
    login_as(client, centre_clerk)
    issued = call(client, "post", f"/api/v1/applications/{centre_application.pk}/issue", body)
    assert issued.status_code == 201, issued.content
    job = issued.json()
    assert (job["state"], job["state_label"], job["producing_centre"], job["handover_office"]) == (
        "requested", "作成待ち", CENTRE, CENTRE)
    assert job["handover_date"] == timezone.localdate().isoformat() and job["actions"] == []
    client.logout()
    pending = call(client, "get", "/api/v1/card-jobs/pending?limit=5", token=printer.token)
    assert pending.status_code == 200
    [card] = pending.json()
    assert (card["job_id"], card["name"], card["number"], card["colour"]) == (
        job["id"], "明石 花子", job["licence_number"], "green")
    assert card["kinds"] == [{"kind": "普通", "acquired_on": timezone.localdate().isoformat(), "label": "普通"}]
    assert "honseki" not in card
    made = call(client, "post", f"/api/v1/card-jobs/{job['id']}/produced", {"card_serial": "AK-000001"},
                token=printer.token)
    assert made.status_code == 200 and made.json()["state"] == "produced"
    login_as(client, centre_clerk)
    received = call(client, "post", f"/api/v1/card-jobs/{job['id']}/receive")
    assert received.json()["actions"] == ["hand_over"]
    unsigned = call(client, "post", f"/api/v1/card-jobs/{job['id']}/hand-over", {"signature_confirmed": False})
    assert unsigned.status_code == 422 and unsigned.json()["error"]["field"] == "signature_confirmed"
    done = call(client, "post", f"/api/v1/card-jobs/{job['id']}/hand-over", {"signature_confirmed": True})
    assert done.status_code == 200 and done.json()["state_label"] == "交付済"


def test_a_station_names_its_handover_date_or_gets_422(client, login_as, station_clerk, station_application, body):
    login_as(client, station_clerk)
    url = f"/api/v1/applications/{station_application.pk}/issue"
    missing = call(client, "post", url, body)
    assert missing.status_code == 422
    assert missing.json()["error"] == {"code": "handover_date_required", "field": "handover_date",
                                       "message": "交付予定日を指定してください（規程第13条第4項）。"}
    day = next_business_day()
    issued = call(client, "post", url, {**body, "handover_date": day.isoformat()})
    assert issued.status_code == 201 and issued.json()["handover_office"] == STATION
    assert issued.json()["handover_date"] == day.isoformat()


@pytest.mark.parametrize(("change", "field"), [
    ({"course_certificates": []}, "course_certificates"),
    ({"course_certificates": [{"course": "原付講習", "number": "1", "completed_on": "2026-11-01"}]},
     "course_certificates"),
    ({"course_certificates": [{"course": "普通車講習", "number": "1", "completed_on": "11/01"}]},
     "course_certificates.0.completed_on"),
    ({"holding_form": "mynumber"}, "holding_form"),
])
def test_bad_input_is_422_with_the_field_and_nothing_is_issued(client, login_as, centre_clerk, centre_application,
                                                               body, change, field):
    login_as(client, centre_clerk)
    response = call(client, "post", f"/api/v1/applications/{centre_application.pk}/issue", {**body, **change})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["field"] == field and response.json()["error"]["message"]
    assert not CardJob.objects.exists()


def test_issuing_an_application_not_passed_is_409(client, login_as, centre_clerk, make_application, applicant, body):
    application = make_application(applicant, state="testing")
    login_as(client, centre_clerk)
    response = call(client, "post", f"/api/v1/applications/{application.pk}/issue", body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "not_passed"


@pytest.mark.parametrize("kind", ["omr", "kiosk", "terminal", "school", "pass_board"])
def test_other_devices_get_403_from_the_printer_operations(client, make_device, centre_job, kind):
    device = make_device(kind)
    for method, url, payload in (("get", "/api/v1/card-jobs/pending", None),
                                 ("post", f"/api/v1/card-jobs/{centre_job.pk}/produced", {"card_serial": "X1"}),
                                 ("post", f"/api/v1/card-jobs/{centre_job.pk}/failed", {"reason": "x"})):
        response = call(client, method, url, payload, token=device.token)
        assert response.status_code == 403, (kind, url)
        assert "免許証作成機のみ" in response.json()["error"]["message"]
    assert CardJob.objects.get().state == "requested"


def test_the_printer_may_not_issue_or_hand_over(client, printer, centre_application, body, ready_centre_job):
    assert call(client, "post", f"/api/v1/applications/{centre_application.pk}/issue", body,
                token=printer.token).status_code == 403
    assert call(client, "post", f"/api/v1/card-jobs/{ready_centre_job.pk}/hand-over", {"signature_confirmed": True},
                token=printer.token).status_code == 403


def test_a_failure_report_and_a_bad_serial(client, printer, centre_job):
    call(client, "get", "/api/v1/card-jobs/pending", token=printer.token)
    bad = call(client, "post", f"/api/v1/card-jobs/{centre_job.pk}/produced", {"card_serial": "製造 1"},
               token=printer.token)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "card_serial"
    failed = call(client, "post", f"/api/v1/card-jobs/{centre_job.pk}/failed", {"reason": "リボン切れ"},
                  token=printer.token)
    assert failed.status_code == 200
    assert (failed.json()["state"], failed.json()["attempts"], failed.json()["failure_reason"]) == (
        "requested", 1, "リボン切れ")


def test_a_bad_limit_is_422(client, printer):
    response = call(client, "get", "/api/v1/card-jobs/pending?limit=500", token=printer.token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "limit"


def test_the_station_route_over_the_api(client, login_as, station_clerk, centre_clerk, station_job, produce):
    produce(station_job)
    login_as(client, station_clerk)
    early = call(client, "post", f"/api/v1/card-jobs/{station_job.pk}/receive")
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_yet_sent"
    not_mine = call(client, "post", f"/api/v1/card-jobs/{station_job.pk}/send")
    assert not_mine.status_code == 403 and not_mine.json()["error"]["code"] == "other_office"
    login_as(client, centre_clerk)
    assert call(client, "post", f"/api/v1/card-jobs/{station_job.pk}/send").json()["state"] == "sent"
    login_as(client, station_clerk)
    assert call(client, "post", f"/api/v1/card-jobs/{station_job.pk}/receive").json()["state"] == "ready"


def test_a_hold_stops_the_hand_over_with_409_until_released(client, login_as, officer, centre_clerk,
                                                           ready_centre_job):
    login_as(client, officer)
    reported = call(client, "post", "/api/v1/issue-holds", {"person_id": ready_centre_job.person_id,
                                                           "reason": "累積点数が拒否基準に該当"})
    assert reported.status_code == 201 and reported.json()["released_at"] is None
    login_as(client, centre_clerk)
    job = call(client, "get", f"/api/v1/card-jobs/{ready_centre_job.pk}").json()
    assert (job["state"], job["on_hold"], job["actions"]) == ("held", True, [])
    refused = call(client, "post", f"/api/v1/card-jobs/{ready_centre_job.pk}/hand-over", {"signature_confirmed": True})
    assert refused.status_code == 409 and "交付停止" in refused.json()["error"]["message"]
    login_as(client, officer)
    released = call(client, "post", f"/api/v1/issue-holds/{reported.json()['id']}/release", {"reason": "保留せず"})
    assert released.status_code == 200 and released.json()["released_by"] == "menkyo_officer"
    login_as(client, centre_clerk)
    assert call(client, "post", f"/api/v1/card-jobs/{ready_centre_job.pk}/hand-over",
                {"signature_confirmed": True}).status_code == 200


def test_a_counter_clerk_reporting_a_hold_is_403(client, login_as, centre_clerk, centre_job):
    login_as(client, centre_clerk)
    response = call(client, "post", "/api/v1/issue-holds", {"person_id": centre_job.person_id, "reason": "通報"})
    assert response.status_code == 403 and "審査" in response.json()["error"]["message"]


def test_the_queues_of_an_office(client, login_as, centre_clerk, centre_job, make_application, holder_data,
                                 django_assert_max_num_queries):
    other = Person.objects.create(**clean_person(dict(holder_data, name="明石 次郎", name_kana="アカシ ジロウ")))
    make_application(other, state="received")
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(21):  # the queues (15) and the session, operator and API token checks
        response = call(client, "get", f"/api/v1/offices/{CENTRE}/queues")
    assert response.status_code == 200
    found = {q["key"]: q for q in response.json()["queues"]}
    assert found["received"]["count"] == 1 and found["received"]["rows"][0]["name"] == "明石 次郎"
    assert found["requested"]["rows"] == [{"id": centre_job.pk, "kind": "card_job", "name": "明石 花子",
                                           "detail": f"{centre_job.slip_number} 作成待ち"}]
    assert response.json()["office_name"] == "明石運転免許試験場"


def test_another_prefectures_queues_are_403(client, login_as, osaka_counter):
    login_as(client, osaka_counter)
    response = call(client, "get", f"/api/v1/offices/{CENTRE}/queues")
    assert response.status_code == 403 and "他の都道府県" in response.json()["error"]["message"]
    assert AuditEvent.objects.filter(action="cards.job.list", outcome="denied").count() == 1
