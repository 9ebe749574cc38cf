"""The renewal API (規程第16条; 第17条の3・第17条の4): a counter terminal receives a renewal and reads what it
still needs, a school's terminal registers an older driver's results, the lecture and the fees, then the
renewal completed with its card job; structured Japanese errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from tests.cards.test_renewal import GOOD_EYES
from tests.photos import stored_photo
from tests.renewals import NO_TO_ALL, renewal_holder

from menkyo.accounts.services import register_device
from menkyo.core.actors import SystemActor
from menkyo.core.models import Affiliation, AffiliationKind
from menkyo.counter.models import Application, DrivingSchool, ElderlyCheck
from menkyo.exams import services as exams

pytestmark = pytest.mark.django_db


def post(client, url, body, token):
    return client.post(url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")


def get(client, url, token):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def terminal(db):
    return register_device(SystemActor("test"), name="明石 受付端末", kind="terminal", affiliation="28-002",
                           roles=["counter"]).token


@pytest.fixture
def school_token(db):
    affiliation = Affiliation.objects.create(code="28-S01", prefecture_id="28", kind=AffiliationKind.DRIVING_SCHOOL,
                                             name="明石自動車教習所")
    DrivingSchool.objects.create(code="28S01", name="明石自動車教習所", prefecture_id="28", affiliation=affiliation)
    return register_device(SystemActor("test"), name="教習所端末", kind="school", affiliation="28-S01", roles=[]).token


@pytest.fixture
def elderly(holder_data):
    return renewal_holder(holder_data, age=76)


def renewal_body(licence, **extra):
    return {"licence_number": licence.number, "questionnaire": NO_TO_ALL, "documents": ["licence"], **extra}


def test_a_counter_terminal_may_not_register_results_only_schools_and_staff_may(client, terminal, elderly):
    response = post(client, "/api/v1/elderly-checks", {"licence_number": elderly.number, "kind": "elderly_course",
                                                       "result": "completed", "taken_on": "2026-01-01"}, terminal)
    assert response.status_code == 403


def test_a_terminal_receives_a_renewal_with_the_law_engines_judgement(client, terminal, elderly):
    response = post(client, "/api/v1/renewals", renewal_body(elderly), terminal)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["application"]["application_type"] == "renewal" and body["judgement"]["driver_class"] == "優良"
    assert [r["kind"] for r in body["elderly"]] == ["elderly_course", "cognitive_test"]
    assert body["missing"][0] == "適性検査の合格が登録されていません" and body["judgement"]["trace"]


def test_a_renewal_outside_the_window_is_422_naming_the_window(client, terminal, elderly):
    elderly.expiry_date = elderly.expiry_date.replace(year=elderly.expiry_date.year + 1)
    elderly.save(update_fields=["expiry_date"])
    response = post(client, "/api/v1/renewals", renewal_body(elderly), terminal)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "outside_renewal_window" and "更新期間（令和" in error["message"]
    assert not Application.objects.exists()


def test_a_school_terminal_registers_the_results_and_every_attempt_is_listed(client, school_token, terminal,
                                                                            elderly):
    day = (timezone.localdate() - timedelta(days=5)).isoformat()
    for kind, result in (("driving_skill_test", "failed"), ("driving_skill_test", "passed")):
        response = post(client, "/api/v1/elderly-checks", {"licence_number": elderly.number, "kind": kind,
                                                           "result": result, "taken_on": day}, school_token)
        assert response.status_code == 201, response.content
        assert response.json()["school"] == "28S01"
    listed = get(client, f"/api/v1/elderly-checks?licence_number={elderly.number}", terminal)
    assert listed.status_code == 200 and [r["result"] for r in listed.json()] == ["passed", "failed"]


def test_a_wrong_result_is_422_naming_its_field(client, school_token, elderly):
    response = post(client, "/api/v1/elderly-checks", {"licence_number": elderly.number, "kind": "cognitive_test",
                                                       "result": "passed", "taken_on": "2026-01-01"}, school_token)
    assert response.status_code == 422 and response.json()["error"]["field"] == "result"
    assert not ElderlyCheck.objects.exists()


def test_a_renewal_is_completed_through_the_api_once_nothing_is_missing(client, terminal, school_token, elderly,
                                                                        make_operator):
    application_id = post(client, "/api/v1/renewals", renewal_body(elderly), terminal).json()["application"]["id"]
    Application.objects.filter(pk=application_id).update(photo=stored_photo(elderly.person))
    refused = post(client, f"/api/v1/renewals/{application_id}/renew", {}, terminal)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "renewal_incomplete"
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    examinee = exams.register_examinee(examiner, application_id, centre="28-002", exam_date=timezone.localdate())
    exams.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    exams.register_result(examiner, examinee.pk)
    day = timezone.localdate().isoformat()
    for kind, result in (("elderly_course", "completed"), ("cognitive_test", "no_concern")):
        post(client, "/api/v1/elderly-checks", {"licence_number": elderly.number, "kind": kind, "result": result,
                                                "taken_on": day, "certificate_number": "K-1"}, school_token)
    lecture = post(client, f"/api/v1/renewals/{application_id}/lecture", {"mode": "in_person"}, terminal)
    assert lecture.status_code == 409 and lecture.json()["error"]["code"] == "no_lecture"
    paid = post(client, f"/api/v1/applications/{application_id}/payments",
                {"procedure_code": "renewal", "method": "cash", "slip_number": "R-1"}, terminal)
    assert paid.status_code == 201, paid.content
    assert get(client, f"/api/v1/renewals/{application_id}", terminal).json()["missing"] == []
    done = post(client, f"/api/v1/renewals/{application_id}/renew", {}, terminal)
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["application"]["state"] == "issuing" and body["card_job"]["state"] == "requested"


def test_another_prefectures_terminal_may_not_read_the_renewal(client, terminal, elderly):
    application_id = post(client, "/api/v1/renewals", renewal_body(elderly), terminal).json()["application"]["id"]
    osaka = register_device(SystemActor("test"), name="門真 端末", kind="terminal", affiliation="27-001",
                            roles=["counter"]).token
    assert get(client, f"/api/v1/renewals/{application_id}", osaka).status_code == 403


def test_reading_a_renewal_takes_few_queries(client, terminal, elderly, django_assert_max_num_queries):
    application_id = post(client, "/api/v1/renewals", renewal_body(elderly), terminal).json()["application"]["id"]
    with django_assert_max_num_queries(25):
        response = get(client, f"/api/v1/renewals/{application_id}", terminal)
    assert response.status_code == 200 and response.json()["judgement"]["driver_class"] == "優良"


def test_the_renewal_form_is_answered_as_pdf(client, terminal, elderly):
    application_id = post(client, "/api/v1/renewals", renewal_body(elderly), terminal).json()["application"]["id"]
    response = get(client, f"/api/v1/renewals/{application_id}/renewal-form.pdf", terminal)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_an_early_renewal_through_the_api_needs_its_reason(client, terminal, holder_data):
    from menkyo.registry.models import Licence
    from menkyo.rules.dates import birthday_in, one_month_after

    licence = renewal_holder(holder_data, age=45)
    Licence.objects.filter(pk=licence.pk).update(expiry_date=one_month_after(
        birthday_in(timezone.localdate().year + 1, licence.person.birth_date)))
    body = {"licence_number": licence.number, "questionnaire": NO_TO_ALL, "documents": ["licence"]}
    missing = post(client, "/api/v1/early-renewals", body, terminal)
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "early_reason"
    done = post(client, "/api/v1/early-renewals", {**body, "early_reason": "illness", "early_evidence": "診断書"},
                terminal)
    assert done.status_code == 201, done.content
    assert done.json()["judgement"]["early_renewal"] is True
