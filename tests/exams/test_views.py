"""The examiner's pages (免許試験): the day's list, 受験登録, the examinee page with the 適性・技能試験
forms, 合否, fraud, and the 合格者発表 in large type with numbers only."""

from datetime import timedelta

import pytest

from menkyo.core.wareki import wareki
from menkyo.counter.models import ExamBar
from menkyo.exams import services
from menkyo.exams.models import AptitudeResult, Examinee, ExamineeState, SkillTest

from .conftest import CENTRE, GOOD_EYES

pytestmark = pytest.mark.django_db

EYES_FORM = {"acuity_both": "1.0", "acuity_left": "0.8", "acuity_right": "0.9", "colour_ok": "1", "hearing_ok": "1",
             "motor_ok": "1"}


def test_the_examiner_finds_the_exam_pages_in_the_menu(client, login_as, examiner):
    login_as(client, examiner)
    page = client.get("/").content.decode()
    assert 'href="/exams/"' in page and 'href="/exams/pass-board/"' in page


def test_the_days_list_shows_each_test_state_within_its_query_baseline(client, login_as, examiner, make_application,
                                                                       today, django_assert_max_num_queries):
    for n in range(4):
        examinee = services.register_examinee(examiner, make_application().pk, centre=CENTRE, exam_date=today)
        services.record_aptitude(examiner, examinee.pk, {**GOOD_EYES, "motor_ok": n != 0})
    login_as(client, examiner)
    with django_assert_max_num_queries(16):
        page = client.get("/exams/", {"centre": CENTRE, "date": today.isoformat()})
    body = page.content.decode()
    assert page.status_code == 200 and body.count('class="examinee-row"') == 4
    assert "明石 花子" in body and "普通自動車免許" in body and "不合格" in body and "未" in body


def test_a_registration_on_the_page_goes_to_the_examinee(client, login_as, clerk, graduate_application, today):
    login_as(client, clerk)
    assert "受験登録" in client.get("/exams/register/").content.decode()
    response = client.post("/exams/register/", {"application_id": graduate_application.pk, "centre": CENTRE,
                                                "exam_date": today.isoformat()}, follow=True)
    examinee = Examinee.objects.get()
    assert response.redirect_chain[-1][0] == f"/exams/{examinee.pk}/"
    assert "受験番号 1 で受験登録しました（適性試験・学科試験）" in response.content.decode()


@pytest.mark.parametrize(("change", "message"), [
    ({"exam_date": "2000-01-01"}, "試験日は今日以降"),
    ({"exam_date": "あした"}, "試験日："),
    ({"application_id": ""}, "申請番号を入力してください。"),
    ({"centre": "28-003"}, "試験場を一覧から選んでください。"),
])
def test_bad_registration_input_shows_a_japanese_error_and_nothing_is_saved(client, login_as, clerk,
                                                                            graduate_application, today, change,
                                                                            message):
    login_as(client, clerk)
    data = {"application_id": graduate_application.pk, "centre": CENTRE, "exam_date": today.isoformat(), **change}
    response = client.post("/exams/register/", data)
    assert response.status_code == 422 and message in response.content.decode()
    assert not Examinee.objects.exists()


def test_an_inquiry_operator_gets_the_403_page_in_japanese(client, login_as, make_operator):
    login_as(client, make_operator("akashi_inquiry", ["inquiry"], CENTRE))
    response = client.get("/exams/register/")
    assert response.status_code == 403 and "受験登録は" in response.content.decode()


def test_the_examinee_page_records_aptitude_and_shows_the_failed_standard(client, login_as, examiner, registered,
                                                                        django_assert_max_num_queries):
    login_as(client, examiner)
    with django_assert_max_num_queries(16):
        page = client.get(f"/exams/{registered.pk}/")
    assert 'id="aptitude-form"' in page.content.decode() and 'id="skill"' not in page.content.decode()
    refused = client.post(f"/exams/{registered.pk}/aptitude/", {**EYES_FORM, "acuity_left": "0.85"})
    assert refused.status_code == 422 and "視力（左）は0.0〜2.0の数値（小数第1位まで）" in refused.content.decode()
    assert not AptitudeResult.objects.exists()
    done = client.post(f"/exams/{registered.pk}/aptitude/", {**EYES_FORM, "colour_ok": "0",
                                                             "corrective_lenses": "on"}, follow=True)
    body = done.content.decode()
    assert "適性試験の結果を記録しました" in body and "色彩識別（赤色・青色・黄色の識別）を満たしません。" in body


def test_a_one_eyed_applicant_without_the_field_is_asked_for_it_on_the_page(client, login_as, examiner, registered):
    login_as(client, examiner)
    refused = client.post(f"/exams/{registered.pk}/aptitude/", {**EYES_FORM, "acuity_left": "0.1"})
    assert refused.status_code == 422 and "視野（度）の測定値を入力してください" in refused.content.decode()


def test_the_skill_form_records_deductions_and_the_result_is_registered(client, login_as, examiner, make_application,
                                                                        today, provisional_holder, sheet):
    application = make_application(route="direct", documents=["photo", "provisional_licence", "road_practice"])
    examinee = services.register_examinee(examiner, application.pk, centre=CENTRE, exam_date=today)
    services.record_aptitude(examiner, examinee.pk, dict(GOOD_EYES))
    sheet(examinee)
    login_as(client, examiner)
    refused = client.post(f"/exams/{examinee.pk}/skill-test/", {"item_1": "", "points_1": "10"})
    assert refused.status_code == 422 and "減点1の項目を入力してください。" in refused.content.decode()
    client.post(f"/exams/{examinee.pk}/skill-test/", {"item_1": "安全確認不良", "points_1": "10",
                                                      "item_2": "進路変更", "points_2": "5"})
    assert SkillTest.objects.get().score == 85
    done = client.post(f"/exams/{examinee.pk}/result/", follow=True)
    assert "合否を登録しました" in done.content.decode()
    assert Examinee.objects.get(pk=examinee.pk).state == ExamineeState.PASSED


def test_a_missing_result_is_shown_as_a_message(client, login_as, examiner, registered):
    login_as(client, examiner)
    response = client.post(f"/exams/{registered.pk}/result/", follow=True)
    assert "次の試験の結果がまだありません: 適性試験・学科試験" in response.content.decode()


def test_the_examiner_stops_and_the_chief_bars_on_the_page(client, login_as, examiner, chief, registered, today):
    login_as(client, examiner)
    refused = client.post(f"/exams/{registered.pk}/stop/", {"reason": ""})
    assert refused.status_code == 422 and "試験を停止する理由（不正の内容）を入力してください。" in refused.content.decode()
    client.post(f"/exams/{registered.pk}/stop/", {"reason": "カンニング"})
    page = client.get(f"/exams/{registered.pk}/").content.decode()
    assert "試験停止" in page and 'id="cancel-form"' not in page  # no decision for an examiner
    client.logout()
    login_as(client, chief)
    page = client.get(f"/exams/{registered.pk}/").content.decode()
    assert 'id="cancel-form"' in page and "受験停止を決定する" in page
    too_long = client.post(f"/exams/{registered.pk}/cancel-pass/", {
        "reason": "カンニング", "bar_until": (today + timedelta(days=400)).isoformat()})
    assert too_long.status_code == 422 and "受験停止の期間は1年以内です" in too_long.content.decode()
    done = client.post(f"/exams/{registered.pk}/cancel-pass/", {"reason": "カンニング", "bar_until": wareki(today + timedelta(days=60))},
                       follow=True)
    assert "決定を登録しました" in done.content.decode() and ExamBar.objects.get().decided_by == chief.actor_name


def test_the_reporter_with_the_decision_role_is_told_someone_else_decides(client, login_as, make_operator, registered):
    both = make_operator("akashi_both", ["examiner", "decision"], CENTRE, decision_level="section_head")
    services.stop_exam(both, registered.pk, reason="不正")
    login_as(client, both)
    page = client.get(f"/exams/{registered.pk}/").content.decode()
    assert 'id="reporter-may-not-decide"' in page and 'id="cancel-form"' not in page


def test_the_pass_board_shows_numbers_only_in_large_type(client, login_as, clerk, examiner, registered, sheet, today):
    services.record_aptitude(examiner, registered.pk, dict(GOOD_EYES))
    sheet(registered)
    services.register_result(examiner, registered.pk)
    login_as(client, clerk)
    page = client.get("/exams/pass-board/", {"centre": CENTRE, "date": today.isoformat()}).content.decode()
    assert '<li class="pass-number">1</li>' in page and "font-size:3.5rem" in page
    assert "明石 花子" not in page and "明石運転免許試験場" in page
