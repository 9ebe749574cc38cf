"""The 処分事案 API: the queue, a proposal with the engine's authority, a notice too short as 422 naming
the first allowed day, the hearing recorded, the decision at the named level, the preparer refused
(403 ``separation_of_duties``), the notice PDF; a device is refused."""

import pytest
from tests.dispositions.conftest import in_days, revocation_case

from menkyo.dispositions import services
from menkyo.dispositions.models import Case

pytestmark = pytest.mark.django_db


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_an_officer_lists_proposes_and_schedules_and_a_short_notice_is_422(client, login_as, officer, licence):
    case = revocation_case(licence)
    login_as(client, officer)
    listed = client.get("/api/v1/disposition-cases").json()["cases"]
    assert [c["id"] for c in listed] == [case.pk] and listed[0]["authority"] == "commission"
    answer = post(client, f"/api/v1/disposition-cases/{case.pk}/propose", {"kind": "suspension", "days": 120})
    assert answer.status_code == 200 and (answer.json()["authority"], answer.json()["hearing_kind"]) == (
        "hq", "opinion_hearing")
    short = post(client, f"/api/v1/disposition-cases/{case.pk}/hearings", {
        "hearing_date": in_days(3).isoformat(), "place": "試験場", "notice_served": in_days(0).isoformat()})
    assert short.status_code == 422 and short.json()["error"]["code"] == "notice_too_short"
    assert short.json()["error"]["field"] == "hearing_date"
    done = post(client, f"/api/v1/disposition-cases/{case.pk}/hearings", {
        "hearing_date": in_days(7).isoformat(), "place": "試験場", "notice_served": in_days(0).isoformat()})
    assert done.status_code == 200 and done.json()["state"] == "hearing_scheduled"
    hearing = done.json()["hearings"][0]["id"]
    pdf = client.get(f"/api/v1/disposition-cases/{case.pk}/hearings/{hearing}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_decision_at_the_named_level_and_the_preparer_refused(client, login_as, make_operator, hq, licence):
    both = make_operator("hyogo_both", ["case_officer", "decision"], "28-001", decision_level="hq")
    case = revocation_case(licence)
    services.propose_disposition(both, case, kind="suspension", days=60)  # no hearing: 決定待ち
    Case.objects.filter(pk=case.pk).update(authority="hq")
    refused = post(login_as(client, both), f"/api/v1/disposition-cases/{case.pk}/decide", {"reason": ""})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "separation_of_duties"
    client.logout()
    decided = post(login_as(client, hq), f"/api/v1/disposition-cases/{case.pk}/decide", {"reason": "書面審査"})
    assert decided.status_code == 200 and (decided.json()["state"], decided.json()["decided_level"]) == (
        "decided", "hq")


def test_a_device_may_not_read_a_case(client, make_device, licence):
    case = revocation_case(licence)
    device = make_device("terminal")
    response = client.get(f"/api/v1/disposition-cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403


def test_a_case_read_takes_a_fixed_number_of_queries(client, login_as, officer, licence,
                                                     django_assert_max_num_queries):
    case = revocation_case(licence)
    services.schedule_hearing(officer, case, hearing_date=in_days(7), place="試験場", notice_served=in_days(0))
    login_as(client, officer)
    with django_assert_max_num_queries(13):
        assert client.get(f"/api/v1/disposition-cases/{case.pk}").status_code == 200


def test_the_deciding_authority_sends_a_case_back_and_an_empty_reason_is_422(client, login_as, officer, hq, licence):
    case = revocation_case(licence)
    services.propose_disposition(officer, case, kind="suspension", days=60)  # no hearing: 決定待ち
    Case.objects.filter(pk=case.pk).update(authority="hq")
    login_as(client, hq)
    empty = post(client, f"/api/v1/disposition-cases/{case.pk}/send-back", {"reason": ""})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "reason"
    back = post(client, f"/api/v1/disposition-cases/{case.pk}/send-back", {"reason": "違反の日時を確認されたい"})
    assert back.status_code == 200 and back.json()["state"] == "review"
