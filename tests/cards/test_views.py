"""Card pages: the office's queues, the issue form of a passed application (取得時講習, 交付予定日 at a station),
a card job with the buttons its state allows, the hand-over with the signature box, 交付停止."""

import pytest
from django.utils import timezone
from tests.cards.conftest import CENTRE, STATION, next_business_day

from menkyo.cards import services
from menkyo.cards.models import CardJob, IssueHold
from menkyo.core.wareki import wareki
from menkyo.registry.models import Person
from menkyo.registry.services import clean_person

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_the_centre_sees_its_queues_with_counts_and_a_link_to_issue(client, login_as, centre_clerk,
                                                                   centre_application, make_application, holder_data,
                                                                   django_assert_max_num_queries):
    for name in ("明石 一郎", "明石 二郎", "明石 三郎"):
        other = Person.objects.create(**clean_person(dict(holder_data, name=name, name_kana="アカシ")))
        make_application(other, state="received")
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(24):
        body = page(client, "/cards/")
    assert "免許証の作成・交付 — 明石運転免許試験場" in body
    assert '<strong data-queue="received">3</strong>' in body and '<strong data-queue="passed">1</strong>' in body
    assert f'href="/cards/applications/{centre_application.pk}/issue/"' in body and "明石 花子" in body


def test_issue_at_the_centre_on_the_page_then_the_job_page(client, login_as, centre_clerk, centre_application):
    login_as(client, centre_clerk)
    form = page(client, f"/cards/applications/{centre_application.pk}/issue/")
    assert "取得時講習の確認（規程第13条第7項）" in form and "交付予定日" not in form and "普通車講習" in form
    response = client.post(f"/cards/applications/{centre_application.pk}/issue/", {
        "course": "普通車講習", "certificate_number": "KS-1", "completed_on": "令和8年11月20日", "holding_form": "card"},
        follow=True)
    job = CardJob.objects.get()
    assert response.redirect_chain[-1][0] == f"/cards/jobs/{job.pk}/"
    body = response.content.decode()
    assert f"事務処理票番号 {job.slip_number}" in body and "作成待ち" in body and 'id="hand-over"' not in body


def test_a_missing_course_certificate_is_shown_on_the_form_and_nothing_is_issued(client, login_as, centre_clerk,
                                                                                centre_application):
    login_as(client, centre_clerk)
    response = client.post(f"/cards/applications/{centre_application.pk}/issue/", {"holding_form": "card"})
    assert response.status_code == 422
    assert "取得時講習（普通車講習）の終了証明書の確認が必要です" in response.content.decode()
    assert not CardJob.objects.exists()


def test_a_station_names_the_handover_date_in_wareki(client, login_as, station_clerk, station_application):
    login_as(client, station_clerk)
    form = page(client, f"/cards/applications/{station_application.pk}/issue/")
    assert "交付予定日（明日以降の開庁日）" in form
    day = next_business_day()
    client.post(f"/cards/applications/{station_application.pk}/issue/", {
        "course": "普通車講習", "certificate_number": "KS-1", "completed_on": "2026-11-20",
        "handover_date": wareki(day), "holding_form": "card"})
    job = CardJob.objects.get()
    assert (job.handover_office_id, job.handover_date) == (STATION, day)


def test_a_bad_handover_date_is_shown_on_its_field(client, login_as, station_clerk, station_application):
    login_as(client, station_clerk)
    response = client.post(f"/cards/applications/{station_application.pk}/issue/", {
        "course": "普通車講習", "certificate_number": "KS-1", "completed_on": "2026-11-20",
        "handover_date": timezone.localdate().isoformat(), "holding_form": "card"})
    assert response.status_code == 422 and "明日以降の開庁日" in response.content.decode()


def test_the_issue_form_is_refused_to_a_decider_with_the_rules_message(client, login_as, make_operator,
                                                                       centre_application):
    login_as(client, make_operator("akashi_chief", ["decision"], CENTRE, decision_level="section_head"))
    response = client.get(f"/cards/applications/{centre_application.pk}/issue/")
    assert response.status_code == 403 and "免許の交付（登録と作成依頼）は" in response.content.decode()


def test_the_job_page_offers_receive_then_hand_over_with_the_signature_box(client, login_as, centre_clerk,
                                                                          centre_job, produce,
                                                                          django_assert_max_num_queries):
    produce(centre_job)
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(16):
        body = page(client, f"/cards/jobs/{centre_job.pk}/")
    assert 'id="receive"' in body and 'id="hand-over"' not in body and 'id="send"' not in body
    body = client.post(f"/cards/jobs/{centre_job.pk}/receive/", follow=True).content.decode()
    assert "免許証を受領しました" in body and "受領の署名を確認した" in body and 'id="hand-over"' in body
    refused = client.post(f"/cards/jobs/{centre_job.pk}/hand-over/", {})
    assert refused.status_code == 422 and "受領の署名を確認してから交付してください" in refused.content.decode()
    done = client.post(f"/cards/jobs/{centre_job.pk}/hand-over/", {"signature_confirmed": "on"}, follow=True)
    assert "免許証を交付しました。" in done.content.decode() and CardJob.objects.get().state == "handed_over"


def test_a_station_clerk_opening_a_centre_action_gets_the_office_message(client, login_as, station_clerk,
                                                                         station_job, produce):
    produce(station_job)
    login_as(client, station_clerk)
    body = page(client, f"/cards/jobs/{station_job.pk}/")
    assert 'id="send"' not in body and 'id="receive"' not in body
    response = client.post(f"/cards/jobs/{station_job.pk}/send/")
    assert response.status_code == 403 and "送付は作成した試験場が行います" in response.content.decode()


def test_receiving_twice_shows_the_conflict_as_a_message(client, login_as, centre_clerk, ready_centre_job):
    login_as(client, centre_clerk)
    body = client.post(f"/cards/jobs/{ready_centre_job.pk}/receive/", follow=True).content.decode()
    assert "現在の状態（交付待ち）では" in body


def test_an_officer_reports_a_hold_on_the_job_page_and_releases_it_on_the_holds_page(client, login_as, officer,
                                                                                    centre_clerk,
                                                                                    ready_centre_job):
    login_as(client, officer)
    body = page(client, f"/cards/jobs/{ready_centre_job.pk}/")
    assert 'id="report-hold"' in body and 'id="hand-over"' not in body  # 審査 of the division: no hand-over here
    refused = client.post(f"/cards/jobs/{ready_centre_job.pk}/hold/", {"reason": ""})
    assert refused.status_code == 422 and "通報の内容を入力してください。" in refused.content.decode()
    client.post(f"/cards/jobs/{ready_centre_job.pk}/hold/", {"reason": "累積点数が拒否基準に該当"})
    hold = IssueHold.objects.get()
    client.logout()
    login_as(client, centre_clerk)
    body = page(client, f"/cards/jobs/{ready_centre_job.pk}/")
    assert 'id="hold-banner"' in body and "交付停止（拒否・保留）" in body and 'id="hand-over"' not in body
    client.logout()
    login_as(client, officer)
    listed = page(client, "/cards/holds/")
    assert "累積点数が拒否基準に該当" in listed and "明石 花子" in listed
    refused = client.post(f"/cards/holds/{hold.pk}/release/", {"reason": ""})
    assert refused.status_code == 422 and "解除の理由を入力してください。" in refused.content.decode()
    done = client.post(f"/cards/holds/{hold.pk}/release/", {"reason": "保留しないこととした"}, follow=True)
    assert "交付停止を解除しました" in done.content.decode() and "交付停止中の方はいません。" in done.content.decode()
    assert CardJob.objects.get().state == "ready"


def test_a_clerk_may_not_open_the_holds_page(client, login_as, centre_clerk):
    login_as(client, centre_clerk)
    response = client.get("/cards/holds/")
    assert response.status_code == 403 and "交付停止の通報・解除は" in response.content.decode()


def test_a_failed_job_is_retried_on_the_page(client, login_as, centre_clerk, centre_job, printer):
    for _ in range(3):
        services.fetch_card_jobs(printer)
        services.report_card_failed(printer, centre_job.pk, reason="印刷不良")
    login_as(client, centre_clerk)
    body = page(client, f"/cards/jobs/{centre_job.pk}/")
    assert "作成失敗" in body and "3回" in body and 'id="retry"' in body
    client.post(f"/cards/jobs/{centre_job.pk}/retry/", {"reason": "作成機を修理した"})
    assert CardJob.objects.get().attempts == 0


def test_the_menu_offers_the_cards_to_staff_and_the_holds_to_the_division(client, login_as, centre_clerk, officer,
                                                                          osaka_counter):
    login_as(client, centre_clerk)
    home = page(client, "/")
    assert 'href="/cards/"' in home and 'href="/cards/holds/"' not in home
    client.logout()
    login_as(client, officer)
    assert 'href="/cards/holds/"' in page(client, "/")


def test_another_prefecture_gets_the_403_page(client, login_as, osaka_counter, centre_job):
    login_as(client, osaka_counter)
    assert client.get(f"/cards/jobs/{centre_job.pk}/").status_code == 403
    assert client.get(f"/cards/?office={CENTRE}").status_code == 403


def test_the_application_page_links_a_passed_application_to_its_issue_and_then_to_its_card_job(
        client, login_as, centre_clerk, centre_application, course):
    login_as(client, centre_clerk)
    before = page(client, f"/counter/applications/{centre_application.pk}/")
    assert f'href="/cards/applications/{centre_application.pk}/issue/" id="issue-licence"' in before
    job = services.issue_licence(centre_clerk, centre_application.pk, course_certificates=course)
    after = page(client, f"/counter/applications/{centre_application.pk}/")
    assert f'href="/cards/jobs/{job.pk}/" id="card-job-{job.pk}">{job.slip_number}</a>' in after
    assert 'id="issue-licence"' not in after and "作成待ち" in after


def test_a_received_application_links_to_the_examinee_registration_with_its_number_filled_in(
        client, login_as, make_operator, applicant, make_application):
    application = make_application(applicant, state="received")
    login_as(client, make_operator("akashi_exam", ["examiner", "counter"], CENTRE))
    body = page(client, f"/counter/applications/{application.pk}/")
    assert f'href="/exams/register/?application={application.pk}" id="register-examinee"' in body
    form = page(client, f"/exams/register/?application={application.pk}")
    assert f'name="application_id" value="{application.pk}"' in form


def test_pages_and_the_card_receipt_name_the_clerk_not_the_login_name(client, login_as, make_operator,
                                                                       ready_centre_job):
    clerk = make_operator("akashi_yamada", ["counter"], CENTRE, display_name="山田 太郎")
    services.hand_over_card(clerk, ready_centre_job.pk, signature_confirmed=True)
    login_as(client, clerk)
    body = page(client, f"/cards/jobs/{ready_centre_job.pk}/")
    assert "山田 太郎、受領の署名確認済" in body and "akashi_yamada" not in body.split("<main")[-1]
    assert services.receipt_data(CardJob.objects.get(pk=ready_centre_job.pk)).handed_over_by == "山田 太郎"
