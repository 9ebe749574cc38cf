"""The 違反等登録 API: one report, a person's violations with the latest assessment, and the bulk intake of
the other police systems (idempotent per item by their reference; each item answered alone)."""

import pytest
from django.db import connection
from tests.violations.conftest import JUNE, MARCH, OCTOBER, report

from menkyo.audit.models import AuditEvent
from menkyo.violations import batch as batch_module
from menkyo.violations import services
from menkyo.violations.models import Assessment, ViolationRecord

pytestmark = pytest.mark.django_db


def post(client, url, body, **extra):
    return client.post(url, body, content_type="application/json", **extra)


def item(licence, reference, code="signal_red", day=MARCH, **extra):
    return {"external_reference": reference, **report(licence, code, day.isoformat()), **extra}


def send(client, link, items, system="hansoku"):
    return post(client, "/api/v1/violation-batches", {"source_system": system, "items": items},
                HTTP_AUTHORIZATION=f"Bearer {link.token}")


def test_an_officer_registers_one_report_and_reads_the_person_with_the_latest_assessment(client, login_as, officer,
                                                                                        licence):
    login_as(client, officer)
    response = post(client, "/api/v1/violations", {**report(licence, day=MARCH.isoformat()), "reporter_reference": "A-1"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["points"], body["state"], body["name"], body["licence_number"]) == (2, "registered", "信号無視（赤色等）",
                                                                                     licence.number)
    read = client.get(f"/api/v1/persons/{licence.person_id}/violations").json()
    assert [v["id"] for v in read["violations"]] == [body["id"]]
    assert (read["assessment"]["points"], read["assessment"]["outcome_label"]) == (2, "処分等の基準に該当しない")
    assert read["assessment"]["trace"]


def test_a_vehicle_outside_the_point_system_is_422_with_the_engines_reason(client, login_as, officer, licence):
    login_as(client, officer)
    response = post(client, "/api/v1/violations", {**report(licence, day=MARCH.isoformat()), "vehicle": "特定小型原付"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("vehicle_outside_point_system", "vehicle")
    assert "違反点数制度の対象外" in error["message"] and not ViolationRecord.objects.exists()


def test_a_provisional_registration_is_confirmed_and_another_deleted_through_the_api(client, login_as, officer, licence):
    login_as(client, officer)
    made = post(client, "/api/v1/violations/provisional",
                {**report(licence, day=MARCH.isoformat()), "caller": "生田署 山本"}).json()
    assert made["state"] == "provisional"
    confirmed = post(client, f"/api/v1/violations/{made['id']}/confirm", {"reporter_reference": "A-2"})
    assert confirmed.json()["state"] == "registered"
    deleted = post(client, f"/api/v1/violations/{made['id']}/delete", {"reason": "対象外", "not_registrable": True})
    assert deleted.json()["state"] == "struck_out"
    again = post(client, f"/api/v1/violations/{made['id']}/confirm", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "illegal_transition"


def test_a_counter_device_may_not_register(client, make_actor, licence):
    device = make_actor("case_officer", "own", "device")
    response = post(client, "/api/v1/violations", report(licence, day=MARCH.isoformat()),
                    HTTP_AUTHORIZATION=f"Bearer {device.token}")
    assert response.status_code == 403


def test_the_person_read_is_403_for_another_prefecture(client, login_as, make_operator, officer, licence):
    services.register_violation(officer, **report(licence))
    login_as(client, make_operator("kyoto_case", ["case_officer"], "26-001"))
    assert client.get(f"/api/v1/persons/{licence.person_id}/violations").status_code == 403


def test_a_batch_registers_good_items_and_refuses_bad_ones_each_alone(client, link, licence):
    items = [item(licence, "H-1"), item(licence, "H-2", "no_such_code"), item(licence, "H-3", "stop_sign", JUNE),
             item(licence, "H-4", vehicle="自転車"), {"external_reference": "bad ref!"}, "not an object",
             item(licence, "H-5", "speeding_20_25", OCTOBER)]
    response = send(client, link, items)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["registered"], body["already_registered"], body["refused"]) == (3, 0, 4)
    results = {r["index"]: r for r in body["items"]}
    assert results[1]["code"] == "unknown_violation" and results[1]["field"] == "code"
    assert results[3]["code"] == "vehicle_outside_point_system" and "対象外" in results[3]["message"]
    assert results[4]["field"] == "external_reference" and results[5]["result"] == "refused"
    latest = Assessment.objects.filter(person=licence.person).latest("pk")
    assert (latest.points, latest.action) == (6, "violator_course")
    assert AuditEvent.objects.filter(action="violations.batch.item").count() == 7
    assert AuditEvent.objects.filter(action="violations.batch.item", outcome="error").count() == 4
    assert AuditEvent.objects.get(action="violations.batch.receive").detail["registered"] == 3


def test_a_resend_never_doubles_a_point_and_a_reused_reference_is_refused(client, link, licence):
    first = send(client, link, [item(licence, "H-1")]).json()["items"][0]
    again = send(client, link, [item(licence, "H-1"), item(licence, "H-1", "stop_sign")]).json()["items"]
    assert (again[0]["result"], again[0]["violation_id"]) == ("already_registered", first["violation_id"])
    assert (again[1]["result"], again[1]["code"]) == ("refused", "reference_reused")
    assert ViolationRecord.objects.count() == 1
    assert Assessment.objects.filter(person=licence.person).latest("pk").points == 2


def test_another_system_may_use_the_same_reference(client, link, licence):
    send(client, link, [item(licence, "X-1")])
    assert send(client, link, [item(licence, "X-1")], system="jiko").json()["registered"] == 1


def test_a_reference_registered_meanwhile_by_another_batch_is_answered_as_already_registered(link, licence, monkeypatch):
    first = batch_module.receive_violation_batch(link, [item(licence, "R-1")], source_system="hansoku")[0]
    real = batch_module.ChunkLookup.__init__

    def late(self, system, raws):  # the other batch committed after this one looked
        real(self, system, raws)
        self.earlier = {}

    monkeypatch.setattr(batch_module.ChunkLookup, "__init__", late)
    again = batch_module.receive_violation_batch(link, [item(licence, "R-1"), item(licence, "R-2", "stop_sign")],
                                                 source_system="hansoku")
    assert (again[0]["result"], again[0]["violation_id"]) == ("already_registered", first["violation_id"])
    assert again[1]["result"] == "registered" and ViolationRecord.objects.count() == 2
    assert Assessment.objects.filter(person=licence.person).latest("pk").points == 4


def test_an_item_of_another_prefectures_office_is_refused(client, link, licence):
    result = send(client, link, [item(licence, "O-1", office_code="27-001")]).json()["items"][0]
    assert (result["result"], result["code"]) == ("refused", "office_other_prefecture")


@pytest.mark.parametrize("body, field", [
    ({"source_system": "hansoku", "items": []}, "items"),
    ({"source_system": "han soku", "items": [{}]}, "source_system"),
])
def test_a_malformed_batch_is_422_and_changes_nothing(client, link, body, field):
    response = post(client, "/api/v1/violation-batches", body, HTTP_AUTHORIZATION=f"Bearer {link.token}")
    assert response.status_code == 422 and response.json()["error"]["field"] == field


def test_more_than_1000_items_are_refused_whole(client, link, licence):
    response = send(client, link, [item(licence, f"B-{i}") for i in range(1001)])
    assert response.status_code == 422 and response.json()["error"]["code"] == "batch_too_large"
    assert not ViolationRecord.objects.exists()


def test_only_the_other_system_link_sends_batches(client, make_actor, licence):
    device = make_actor("case_officer", "own", "device")
    assert send(client, device, [item(licence, "D-1")]).status_code == 403


def test_the_person_read_takes_a_fixed_number_of_queries(client, login_as, officer, licence,
                                                         django_assert_max_num_queries):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
        services.register_violation(officer, **report(licence, code, day))
    login_as(client, officer)
    with django_assert_max_num_queries(14):
        assert len(client.get(f"/api/v1/persons/{licence.person_id}/violations").json()["violations"]) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
def test_on_postgresql_a_registration_locks_the_person_row(officer, licence, locked_tables):
    locked = locked_tables(lambda: services.register_violation(officer, **report(licence)))
    assert "registry_person" in locked
