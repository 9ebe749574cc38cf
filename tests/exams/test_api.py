"""The exams API (免許試験): registering, the 適性・技能試験, 合否, fraud and the 合格者発表 for its device."""

from datetime import timedelta

import pytest

from menkyo.audit.models import AuditEvent
from menkyo.counter.models import ExamBar
from menkyo.exams import services
from menkyo.exams.models import Examinee

from .conftest import CENTRE

pytestmark = pytest.mark.django_db

EYES = {"acuity_both": 1.0, "acuity_left": 0.8, "acuity_right": 0.9, "colour_ok": True, "hearing_ok": True,
        "motor_ok": True}


def call(client, method, url, body=None, token=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if method == "get":
        return client.get(url, **extra)
    return client.post(url, body or {}, content_type="application/json", **extra)


def test_an_examiner_takes_a_graduate_from_registration_to_pass(client, login_as, examiner, graduate_application,
                                                                 today, sheet):
    login_as(client, examiner)
    created = call(client, "post", "/api/v1/examinees", {"application_id": graduate_application.pk, "centre": CENTRE,
                                                         "exam_date": today.isoformat()})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["examinee_number"], body["required_tests"], body["state_label"]) == (1, ["aptitude", "written"],
                                                                                      "受験中")
    assert body["name"] == "明石 花子" and body["aptitude"] is None and "stop" in body["transitions"]
    aptitude = call(client, "post", f"/api/v1/examinees/{body['id']}/aptitude", {**EYES, "corrective_lenses": True})
    assert aptitude.status_code == 200 and aptitude.json()["aptitude"]["conditions"] == ["眼鏡等"]
    missing = call(client, "post", f"/api/v1/examinees/{body['id']}/result")
    assert missing.status_code == 409 and missing.json()["error"]["code"] == "results_missing"
    sheet(Examinee.objects.get(pk=body["id"]))
    result = call(client, "post", f"/api/v1/examinees/{body['id']}/result")
    assert result.status_code == 200 and result.json()["state"] == "passed"
    assert result.json()["written"][0]["passed"] is True


def test_a_failed_standard_is_answered_in_japanese(client, login_as, examiner, registered):
    login_as(client, examiner)
    answer = call(client, "post", f"/api/v1/examinees/{registered.pk}/aptitude", {**EYES, "colour_ok": False})
    failed = answer.json()["aptitude"]["failed_standards"]
    assert failed[0]["message"] == "色彩識別（赤色・青色・黄色の識別）を満たしません。"


@pytest.mark.parametrize(("url", "body", "field"), [
    ("/api/v1/examinees", {"centre": "28-003"}, "centre"),
    ("/api/v1/examinees", {"exam_date": "2000-01-01"}, "exam_date"),
    ("/api/v1/examinees", {"exam_date": "tomorrow"}, "exam_date"),
    ("/api/v1/examinees/{id}/aptitude", {**EYES, "acuity_left": 1.25}, "acuity_left"),
    ("/api/v1/examinees/{id}/aptitude", {**EYES, "acuity_left": 0.1}, "visual_field_degrees"),
    ("/api/v1/examinees/{id}/stop", {"reason": ""}, "reason"),
])
def test_bad_input_is_422_with_the_field_in_japanese(client, login_as, examiner, graduate_application, registered,
                                                      today, url, body, field):
    login_as(client, examiner)
    base = {"application_id": graduate_application.pk, "centre": CENTRE, "exam_date": today.isoformat()}
    payload = {**base, **body} if url == "/api/v1/examinees" else body
    before = AuditEvent.objects.count()
    response = call(client, "post", url.format(id=registered.pk), payload)
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["field"] == field and error["message"] and AuditEvent.objects.count() == before


def test_a_skill_test_and_a_stop_by_api(client, login_as, examiner, make_application, today, provisional_holder):
    login_as(client, examiner)
    application = make_application(route="direct", documents=["photo", "provisional_licence", "road_practice"])
    examinee = services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    skill = call(client, "post", f"/api/v1/examinees/{examinee.pk}/skill-test",
                 {"deductions": [{"item": "安全確認不良", "points": 10}], "stopped_item": ""})
    assert skill.status_code == 200 and skill.json()["skill_test"]["score"] == 90
    stopped = call(client, "post", f"/api/v1/examinees/{examinee.pk}/stop", {"reason": "同乗者からの指示"})
    assert stopped.json()["state"] == "stopped" and stopped.json()["reported_by"] == examiner.actor_name


def test_the_chief_bars_a_stopped_examinee_by_api(client, login_as, examiner, chief, registered, today):
    services.stop_exam(examiner, registered.pk, reason="不正")
    login_as(client, chief)
    until = today + timedelta(days=90)
    response = call(client, "post", f"/api/v1/examinees/{registered.pk}/cancel-pass",
                    {"reason": "替え玉受験", "bar_until": until.isoformat()})
    assert response.status_code == 200, response.content
    assert response.json()["bar"] == {"starts_on": today.isoformat(), "until": until.isoformat(),
                                      "decided_by": chief.actor_name}
    too_long = call(client, "post", f"/api/v1/examinees/{registered.pk}/cancel-pass",
                    {"reason": "不正", "bar_until": (today + timedelta(days=400)).isoformat()})
    assert too_long.status_code == 409  # decided once


def test_the_reporter_is_refused_403(client, login_as, make_operator, registered, today):
    both = make_operator("akashi_both", ["examiner", "decision"], CENTRE, decision_level="section_head")
    services.stop_exam(both, registered.pk, reason="不正")
    login_as(client, both)
    response = call(client, "post", f"/api/v1/examinees/{registered.pk}/cancel-pass",
                    {"reason": "不正", "bar_until": (today + timedelta(days=30)).isoformat()})
    assert response.status_code == 403 and response.json()["error"]["code"] == "separation_of_duties"
    assert not ExamBar.objects.exists()


def test_a_barred_person_is_409(client, login_as, examiner, graduate_application, applicant, today):
    ExamBar.objects.create(person=applicant, prefecture_id="28", starts_on=today, until=today + timedelta(days=9),
                           reason="不正", reported_by="a", decided_by="b")
    login_as(client, examiner)
    response = call(client, "post", "/api/v1/examinees", {"application_id": graduate_application.pk, "centre": CENTRE,
                                                          "exam_date": today.isoformat()})
    assert response.status_code == 409 and response.json()["error"]["code"] == "exam_bar"


def test_the_pass_board_device_reads_numbers_only(client, examiner, registered, sheet, make_device, today):
    services.record_aptitude(examiner, registered.pk, dict(EYES))
    sheet(registered)
    services.register_result(examiner, registered.pk)
    board = make_device("pass_board")
    response = call(client, "get", f"/api/v1/pass-board?centre={CENTRE}&date={today.isoformat()}", token=board.token)
    assert response.status_code == 200
    assert response.json() == {"centre": CENTRE, "exam_date": today.isoformat(), "examinee_numbers": [1]}
    assert "明石 花子" not in response.content.decode()
    omr = make_device("omr")
    refused = call(client, "get", f"/api/v1/pass-board?centre={CENTRE}&date={today.isoformat()}", token=omr.token)
    assert refused.status_code == 403


def test_reading_an_examinee_and_the_days_list_stay_within_their_query_baselines(
        client, login_as, examiner, make_application, today, django_assert_max_num_queries):
    for _ in range(5):
        examinee = services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
        services.record_aptitude(examiner, examinee.pk, dict(EYES))
    login_as(client, examiner)
    with django_assert_max_num_queries(13):
        assert call(client, "get", f"/api/v1/examinees/{examinee.pk}").status_code == 200
    with django_assert_max_num_queries(14):
        listed = call(client, "get", f"/api/v1/examinees?centre={CENTRE}&date={today.isoformat()}")
    assert [e["examinee_number"] for e in listed.json()] == [1, 2, 3, 4, 5]


def test_another_prefectures_examiner_is_403(client, login_as, osaka_examiner, registered):
    login_as(client, osaka_examiner)
    response = call(client, "get", f"/api/v1/examinees/{registered.pk}")
    assert response.status_code == 403 and "他の都道府県" in response.json()["error"]["message"]
