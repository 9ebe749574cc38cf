"""The counter API: a kiosk/terminal receives applications, records fees, reads the ledger;
a school's terminal registers 卒業証明書; structured Japanese errors."""

from datetime import date

import pytest
from django.utils import timezone

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.counter.models import Application, GraduationCertificate

pytestmark = pytest.mark.django_db


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def terminal(db):
    """A counter terminal (業務端末) of the 明石 試験場."""
    return register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                           roles=["counter"]).token


def as_json(data: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in data.items()}


def test_a_terminal_receives_an_application_and_records_its_fee(client, terminal, new_applicant):
    today = timezone.localdate()
    response = post(client, "/api/v1/applications", as_json(new_applicant), terminal)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["state_label"], body["ledger_number"]) == ("received", "受理", f"{today:%Y%m%d}-0001")
    assert body["name"] == "明石 花子" and body["refusals"] == []
    paid = post(client, f"/api/v1/applications/{body['id']}/payments",
                {"procedure_code": "provisional_issue", "method": "cash", "slip_number": "F-1"}, terminal)
    assert paid.status_code == 201 and paid.json()["amount"] == 1100
    ledger = client.get(f"/api/v1/offices/28-002/ledger?day={today}", HTTP_AUTHORIZATION=f"Bearer {terminal}")
    assert [row["ledger_number"] for row in ledger.json()] == [f"{today:%Y%m%d}-0001"]
    assert ledger.json()[0]["payments"][0]["slip_number"] == "F-1"


def test_a_missing_questionnaire_is_422_naming_the_field_and_nothing_is_written(client, terminal, new_applicant):
    response = post(client, "/api/v1/applications", as_json({**new_applicant, "questionnaire": None}), terminal)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "questionnaire"
    assert not Application.objects.exists()


def test_an_ineligible_applicant_needs_the_explanation_then_is_kept_as_not_accepted(client, terminal, new_applicant):
    young = as_json({**new_applicant, "birth_date": date(2010, 1, 1)})
    refused = post(client, "/api/v1/applications", young, terminal)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "disadvantage_not_explained"
    kept = post(client, "/api/v1/applications", {**young, "disadvantage_explained": True}, terminal)
    assert kept.status_code == 201 and kept.json()["state"] == "not_accepted"
    assert kept.json()["refusals"][0]["code"] == "under_age"


def test_a_school_terminal_registers_its_own_certificates_only(client, make_device, school):
    from menkyo.accounts.models import Device

    created = register_device(SystemActor("test"), name="明石教習所 端末", kind="school", affiliation="28-S01", roles=[])
    body = {"school": "28S01", "number": "B-1", "kind": "普通", "name": "須磨 一郎", "name_kana": "スマ イチロウ",
            "birth_date": "2007-05-05", "passed_on": "2026-11-20"}
    response = post(client, "/api/v1/graduation-certificates", body, created.token)
    assert response.status_code == 201, response.content
    assert GraduationCertificate.objects.get(number="B-1").registered_by == "明石教習所 端末"
    omr = make_device("omr", "own")
    refused = post(client, "/api/v1/graduation-certificates", {**body, "number": "B-2"}, omr.token)
    assert refused.status_code == 403
    assert Device.objects.filter(kind="school").count() == 1


def test_a_school_terminal_cannot_receive_an_application(client, school, new_applicant):
    created = register_device(SystemActor("test"), name="明石教習所 端末", kind="school", affiliation="28-S01", roles=[])
    response = post(client, "/api/v1/applications", as_json(new_applicant), created.token)
    assert response.status_code == 422  # not a receiving office, before any permission question
    assert response.json()["error"]["field"] == "office"


def test_another_prefectures_application_is_403(client, terminal, new_applicant):
    body = post(client, "/api/v1/applications", as_json(new_applicant), terminal).json()
    osaka = register_device(SystemActor("test"), name="門真 受付端末", kind="terminal", affiliation="27-002",
                            roles=["counter"]).token
    response = client.get(f"/api/v1/applications/{body['id']}", HTTP_AUTHORIZATION=f"Bearer {osaka}")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_permitted"


def test_a_school_terminal_sends_a_students_provisional_application_to_the_licence_centre(client, school,
                                                                                         new_applicant):
    created = register_device(SystemActor("test"), name="明石教習所 端末", kind="school", affiliation="28-S01", roles=[])
    body = as_json({k: v for k, v in new_applicant.items() if k not in ("application_type", "route")})
    response = post(client, "/api/v1/school-applications", body, created.token)
    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert (application.office_id, application.route, application.received_by) == (
        "28-002", "school_provisional", "明石教習所 端末")
    too_young = post(client, "/api/v1/school-applications",
                     {**body, "name": "須磨 二郎", "name_kana": "スマ ジロウ", "birth_date": "2010-01-01"},
                     created.token)
    assert too_young.status_code == 422 and "受験できる年齢" in too_young.json()["error"]["message"]
    assert Application.objects.count() == 1


def test_a_counter_terminal_cannot_send_a_school_application(client, terminal, new_applicant):
    response = post(client, "/api/v1/school-applications", as_json(new_applicant), terminal)
    assert response.status_code == 403 and response.json()["error"]["code"] == "not_permitted"


def test_a_provisional_holder_is_named_by_the_provisional_number(client, terminal, new_applicant):
    from menkyo.registry.services import register_provisional_licence

    first = post(client, "/api/v1/applications", as_json(new_applicant), terminal).json()
    provisional = register_provisional_licence(SystemActor("test"), first["person_id"], "普通仮",
                                               issue_date=timezone.localdate())
    direct = {"application_type": "new", "route": "direct", "licence_kind": "普通",
              "provisional_number": provisional.number, "questionnaire": new_applicant["questionnaire"],
              "documents": ["photo", "identity", "resident_record", "provisional_licence", "road_practice"]}
    response = post(client, "/api/v1/applications", direct, terminal)
    assert response.status_code == 201, response.content
    assert response.json()["person_id"] == first["person_id"]
    unknown = post(client, "/api/v1/applications", {**direct, "provisional_number": "12345"}, terminal)
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "provisional_number"
