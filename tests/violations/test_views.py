"""The 違反等登録 pages: the form (violations by name, dates in 和暦), a person's 違反・点数 with the latest
assessment and its trace, the 仮登録 queue with confirm and delete."""

import pytest
from tests.violations.conftest import JUNE, MARCH, OCTOBER, report

from menkyo.violations import services
from menkyo.violations.models import ViolationRecord

pytestmark = pytest.mark.django_db


def form(licence, **extra):
    return {"licence_number": licence.number, "kind": "general", "code": "signal_red", "violation_date": "令和8年3月1日",
            **extra}


def test_the_form_lists_violations_by_name_and_never_shows_a_code(client, login_as, officer):
    login_as(client, officer)
    page = client.get("/violations/register/").content.decode()
    assert "信号無視（赤色等）" in page and ">signal_red<" not in page and "違反日" in page


def test_an_officer_registers_in_wareki_and_lands_on_the_persons_points(client, login_as, officer, licence):
    login_as(client, officer)
    response = client.post("/violations/register/", form(licence), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and "違反等登録しました" in page
    assert ViolationRecord.objects.get().violation_date == MARCH
    assert "累積点数" in page and "2点" in page and "判定の根拠を見る" in page


def test_a_bicycle_is_refused_on_the_form_with_the_engines_reason(client, login_as, officer, licence):
    login_as(client, officer)
    response = client.post("/violations/register/", form(licence, vehicle="自転車"))
    assert response.status_code == 422
    assert "違反点数制度の対象外" in response.content.decode() and not ViolationRecord.objects.exists()


def test_a_counter_clerk_sees_no_form(client, login_as, clerk):
    login_as(client, clerk)
    assert "違反等登録は「審査」「決定」" in client.get("/violations/register/").content.decode()


def test_the_person_page_shows_the_violator_course_and_the_trace_page_the_reasons(client, login_as, officer, licence,
                                                                                django_assert_max_num_queries):
    for code, day in (("signal_red", MARCH), ("stop_sign", JUNE), ("speeding_20_25", OCTOBER)):
        services.register_violation(officer, **report(licence, code, day))
    login_as(client, officer)
    with django_assert_max_num_queries(24):
        page = client.get(f"/violations/persons/{licence.person_id}/").content.decode()
    assert "違反者講習" in page and "6点" in page and page.count('class="violation-row"') == 3
    latest = licence.person.assessments.latest("pk")
    trace = client.get(f"/violations/assessments/{latest.pk}/").content.decode()
    assert "判定の根拠" in trace and "違反者講習" in trace


def test_the_queue_takes_a_phone_report_and_the_person_page_confirms_and_deletes(client, login_as, officer, licence):
    login_as(client, officer)
    response = client.post("/violations/provisional/", form(licence, caller="生田署 交通課 山本"), follow=True)
    assert "仮登録しました" in response.content.decode()
    violation = ViolationRecord.objects.get()
    assert "生田署 交通課 山本" in client.get("/violations/provisional/").content.decode()
    client.post(f"/violations/{violation.pk}/confirm/", {"reporter_reference": "兵庫-1"})
    violation.refresh_from_db()
    assert violation.state == "registered"
    page = client.post(f"/violations/{violation.pk}/delete/", {"reason": ""}, follow=True).content.decode()
    assert "理由を入力してください" in page
    client.post(f"/violations/{violation.pk}/delete/", {"reason": "抹消登録依頼書", "not_registrable": ""})
    violation.refresh_from_db()
    assert violation.state == "deleted"


def test_the_queue_takes_a_fixed_number_of_queries(client, login_as, officer, licence, django_assert_max_num_queries):
    for day in (MARCH, JUNE, OCTOBER):
        services.register_provisional_violation(officer, caller="生田署", **report(licence, day=day))
    login_as(client, officer)
    with django_assert_max_num_queries(20):
        assert client.get("/violations/provisional/").content.decode().count('class="provisional-row"') == 3
