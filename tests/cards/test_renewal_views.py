"""Renewal pages (規程第16条; 第17条の3・第17条の4): the intake form, the application page with the law
engine's answer and what is missing, the older driver's results page, the lecture form, and the renewal
page that renews the licence and requests its card."""

import pytest
from django.utils import timezone
from tests.cards.test_renewal import GOOD_EYES
from tests.photos import stored_photo
from tests.renewals import renewal_data, renewal_holder

from menkyo.cards.models import CardJob
from menkyo.core.wareki import wareki
from menkyo.counter import renewal
from menkyo.counter.models import Application, ElderlyCheck, LectureAttendance, QuestionnaireItem
from menkyo.counter.services import record_payment
from menkyo.exams import services as exams
from menkyo.registry.models import Licence
from menkyo.rules.dates import birthday_in, one_month_after

pytestmark = pytest.mark.django_db

NO = {f"q_{item.value}": "no" for item in QuestionnaireItem}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


@pytest.fixture
def middle_aged(holder_data):
    return renewal_holder(holder_data, age=45)


@pytest.fixture
def elderly(holder_data):
    return renewal_holder(holder_data, age=76, name="高齢 花子")


def test_the_intake_form_receives_a_renewal_and_shows_the_answer_on_the_application_page(
        client, login_as, centre_clerk, middle_aged, django_assert_max_num_queries):
    login_as(client, centre_clerk)
    assert "質問票 1." in page(client, "/counter/renewals/new/")
    response = client.post("/counter/renewals/new/", {"licence_number": middle_aged.number, **NO,
                                                       "documents": ["licence"]}, follow=True)
    application = Application.objects.get()
    assert response.redirect_chain[-1][0] == f"/counter/applications/{application.pk}/"
    with django_assert_max_num_queries(40):
        body = page(client, f"/counter/applications/{application.pk}/")
    assert "優良運転者（ゴールド）" in body and "更新時講習（30分）の受講が記録されていません" in body
    assert wareki(renewal.renewal_status(application).new_expiry) in body and 'id="lecture-submit"' in body
    assert f'href="/cards/applications/{application.pk}/renew/"' in body


def test_a_renewal_outside_the_window_is_refused_on_the_form_with_the_window_in_wareki(client, login_as,
                                                                                       centre_clerk, middle_aged):
    next_birthday = birthday_in(timezone.localdate().year + 1, middle_aged.person.birth_date)
    Licence.objects.filter(pk=middle_aged.pk).update(expiry_date=one_month_after(next_birthday))
    login_as(client, centre_clerk)
    response = client.post("/counter/renewals/new/", {"licence_number": middle_aged.number, **NO})
    body = response.content.decode()
    assert response.status_code == 422 and "更新の申請は更新期間（令和" in body and "更新期間前です" in body
    assert not Application.objects.exists()


def test_an_unknown_licence_number_is_told_next_to_its_field(client, login_as, centre_clerk, middle_aged):
    login_as(client, centre_clerk)
    number = middle_aged.number
    Licence.objects.filter(pk=middle_aged.pk).update(status="lapsed")
    response = client.post("/counter/renewals/new/", {"licence_number": number, **NO})
    assert response.status_code == 422 and "の有効な免許は登録されていません" in response.content.decode()


def test_the_lecture_is_recorded_on_the_application_page(client, login_as, centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    login_as(client, centre_clerk)
    refused = client.post(f"/counter/applications/{application.pk}/lecture/", {"mode": "online"})
    assert refused.status_code == 422 and "オンライン更新時講習を受講できません" in refused.content.decode()
    response = client.post(f"/counter/applications/{application.pk}/lecture/", {"mode": "in_person"}, follow=True)
    assert "更新時講習：対面（講習会場）で受講済" in response.content.decode()
    assert LectureAttendance.objects.get().minutes == 30


def test_the_results_page_registers_a_result_and_lists_every_attempt(client, login_as, centre_clerk, elderly):
    application = renewal.receive_renewal(centre_clerk, renewal_data(elderly))
    login_as(client, centre_clerk)
    detail = page(client, f"/counter/applications/{application.pk}/")
    assert "高齢者講習：<strong>未</strong>" in detail and 'id="elderly-checks-link"' in detail
    url = f"/counter/elderly-checks/?licence={elderly.number}&application={application.pk}"
    assert 'id="no-elderly-checks"' in page(client, url)
    response = client.post(url, {"kind": "cognitive_test", "result": "no_concern",
                                 "taken_on": wareki(timezone.localdate())}, follow=True)
    body = response.content.decode()
    assert "認知機能検査の結果（認知症のおそれなし）を登録しました" in body and ElderlyCheck.objects.count() == 1
    wrong = client.post(url, {"kind": "elderly_course", "result": "completed", "taken_on": wareki(timezone.localdate())})
    assert wrong.status_code == 422 and "高齢者講習終了証明書の番号を入力してください" in wrong.content.decode()


def test_the_renewal_page_names_what_is_missing_then_renews_and_requests_the_card(client, login_as, centre_clerk,
                                                                                  middle_aged, make_operator):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(middle_aged.person))
    login_as(client, centre_clerk)
    body = page(client, f"/cards/applications/{application.pk}/renew/")
    assert "適性検査の合格が登録されていません" in body and 'id="renew-submit"' not in body
    assert 'id="register-aptitude"' in body
    examiner = make_operator("akashi_examiner", ["examiner"], "28-002")
    examinee = exams.register_examinee(examiner, application.pk, centre="28-002", exam_date=timezone.localdate())
    exams.record_aptitude(examiner, examinee.pk, GOOD_EYES)
    exams.register_result(examiner, examinee.pk)
    renewal.record_lecture(centre_clerk, application.pk, mode="in_person")
    for number, code in enumerate(("renewal", "renewal_lecture_excellent")):
        record_payment(centre_clerk, application.pk, procedure_code=code, method="cash", slip_number=f"V-{number}")
    assert 'id="renew-submit"' in page(client, f"/cards/applications/{application.pk}/renew/")
    response = client.post(f"/cards/applications/{application.pk}/renew/", {}, follow=True)
    job = CardJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/cards/jobs/{job.pk}/"
    assert f"事務処理票番号 {job.slip_number}" in response.content.decode()


def test_the_renewal_page_of_an_application_that_is_not_a_renewal_is_404(client, login_as, centre_clerk,
                                                                         centre_application):
    login_as(client, centre_clerk)
    assert client.get(f"/cards/applications/{centre_application.pk}/renew/").status_code == 404


def test_the_renewal_form_pdf_opens_from_the_application_page(client, login_as, centre_clerk, middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    login_as(client, centre_clerk)
    assert f'href="/cards/applications/{application.pk}/renewal-form.pdf"' in page(
        client, f"/counter/applications/{application.pk}/")
    response = client.get(f"/cards/applications/{application.pk}/renewal-form.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_passed_renewal_in_the_centres_queue_links_to_the_renewal_page(client, login_as, centre_clerk,
                                                                         middle_aged):
    application = renewal.receive_renewal(centre_clerk, renewal_data(middle_aged))
    Application.objects.filter(pk=application.pk).update(state="passed")
    login_as(client, centre_clerk)
    assert f'href="/cards/applications/{application.pk}/renew/" class="issue-link renew-link"' in page(client,
                                                                                                       "/cards/")


def test_the_results_page_reads_a_holders_results_in_few_queries(client, login_as, centre_clerk, elderly,
                                                                 django_assert_max_num_queries):
    for _ in range(3):
        renewal.register_elderly_check(centre_clerk, {"licence_number": elderly.number, "kind": "driving_skill_test",
                                                      "result": "failed", "taken_on": timezone.localdate()})
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(20):
        body = page(client, f"/counter/elderly-checks/?licence={elderly.number}")
    assert body.count("<td>基準に該当（不合格）</td>") == 3


def test_an_early_renewal_is_received_on_its_page_and_gets_the_tokurei_form(client, login_as, centre_clerk,
                                                                            middle_aged):
    from tests.documents.pdf import flat, pdf_text

    next_birthday = birthday_in(timezone.localdate().year + 1, middle_aged.person.birth_date)
    Licence.objects.filter(pk=middle_aged.pk).update(expiry_date=one_month_after(next_birthday))
    login_as(client, centre_clerk)
    body = {"licence_number": middle_aged.number, **NO, "documents": ["licence"], "early_reason": "childbirth"}
    refused = client.post("/counter/renewals/early/", body)
    assert refused.status_code == 422 and "確認した書類（旅券・診断書など）を入力してください" in refused.content.decode()
    response = client.post("/counter/renewals/early/", {**body, "early_evidence": "母子健康手帳"}, follow=True)
    assert "特例更新の申請を受理しました" in response.content.decode()
    application = Application.objects.get()
    text = flat(pdf_text(client.get(f"/cards/applications/{application.pk}/renewal-form.pdf").content))
    assert "特例更新申請書" in text and "規則別記様式第18の2" in text and "理由：出産（確認書類：母子健康手帳）" in text
