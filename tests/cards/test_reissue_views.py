"""Reissue and 申請による取消し pages: reached from the licence page, the forms with their errors next to the
field, the reissue page with its fee, photo and card request, the cancellation with its notice and the
offer of the 運転経歴証明書."""

from datetime import date

import pytest
from django.utils import timezone
from tests.cards.conftest import next_business_day
from tests.photos import stored_photo

from menkyo.cards.models import CardJob, LicenceCancellation
from menkyo.core.wareki import wareki
from menkyo.counter.models import Application
from menkyo.registry import services as registry
from menkyo.registry.models import Licence

pytestmark = pytest.mark.django_db


@pytest.fixture
def licence(system, holder_data):
    return registry.register_holder(system, dict(holder_data, issue_date=date(2025, 6, 1), kinds={
        "普通": date(2000, 8, 1), "大型": date(2010, 3, 1)}))


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def test_the_licence_page_links_to_the_reissue_and_the_cancellation(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = page(client, f"/registry/licences/{licence.number}/?purpose=窓口事務")
    assert f'href="/cards/licences/{licence.pk}/reissue/"' in body
    assert f'href="/cards/licences/{licence.pk}/cancel/"' in body


def test_a_surrendered_licence_offers_neither(client, login_as, centre_clerk, licence):
    Licence.objects.filter(pk=licence.pk).update(status="surrendered")
    login_as(client, centre_clerk)
    body = page(client, f"/registry/licences/{licence.number}/?purpose=窓口事務")
    assert "reissue-link" not in body and "cancel-link" not in body


def test_the_reissue_form_refuses_a_missing_ground_next_to_the_field(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = page(client, f"/cards/licences/{licence.pk}/reissue/")
    assert 'id="reissue-form"' in body and "盗品等免許証手配" not in body  # 窓口 may not request alerts
    refused = client.post(f"/cards/licences/{licence.pk}/reissue/", {"ground": "", "reason": "亡失"})
    assert refused.status_code == 422 and "再交付の事由を" in refused.content.decode()
    assert not Application.objects.exists()


def test_a_case_officer_is_offered_the_stolen_card_alert(client, login_as, make_operator, licence):
    login_as(client, make_operator("akashi_officer", ["case_officer"], "28-002"))
    assert "盗品等免許証手配の要請" in page(client, f"/cards/licences/{licence.pk}/reissue/")


def test_a_station_receives_a_reissue_and_names_the_handover_day(client, login_as, station_clerk, licence,
                                                                django_assert_max_num_queries):
    login_as(client, station_clerk)
    done = client.post(f"/cards/licences/{licence.pk}/reissue/", {"ground": "lost", "reason": "亡失（遺失届済）"})
    application = Application.objects.get()
    assert done.status_code == 302 and done.url == f"/cards/reissue/{application.pk}/"
    with django_assert_max_num_queries(25):
        body = page(client, done.url)
    assert '<dd id="reissue-ground">亡失</dd>' in body
    assert f"旧番号 {licence.number} の免許証は無効です。" in body and "2,600円" in body and "未登録" in body
    assert 'id="reissue-card-form"' in body and "交付予定日" in body
    assert f'href="/cards/reissue/{application.pk}/"' in page(client, f"/counter/applications/{application.pk}/")
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(application.person))
    day = next_business_day()
    made = client.post(f"/cards/reissue/{application.pk}/card/", {"handover_date": wareki(day)})
    job = CardJob.objects.get()
    assert made.status_code == 302 and made.url == f"/cards/jobs/{job.pk}/" and job.handover_date == day
    pdf = client.get(f"/cards/reissue/{application.pk}/form.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_a_damaged_card_job_asks_for_the_old_card_at_the_hand_over(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    client.post(f"/cards/licences/{licence.pk}/reissue/", {"ground": "damaged", "reason": "破損"})
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(photo=stored_photo(application.person))
    client.post(f"/cards/reissue/{application.pk}/card/", {})
    job = CardJob.objects.get()
    CardJob.objects.filter(pk=job.pk).update(state="ready")
    body = page(client, f"/cards/jobs/{job.pk}/")
    assert "旧免許証を回収した" in body
    refused = client.post(f"/cards/jobs/{job.pk}/hand-over/", {"signature_confirmed": "on"})
    assert refused.status_code == 422 and "旧免許証を回収してから交付してください" in refused.content.decode()
    done = client.post(f"/cards/jobs/{job.pk}/hand-over/", {"signature_confirmed": "on", "old_card_collected": "on"})
    assert done.status_code == 302 and CardJob.objects.get().state == "handed_over"


def test_the_cancellation_form_refuses_without_the_explanation(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    body = page(client, f"/cards/licences/{licence.pk}/cancel/")
    assert 'id="cancel-form"' in body and "大型" in body
    refused = client.post(f"/cards/licences/{licence.pk}/cancel/", {"scope": "whole", "applicant": "holder",
                                                                    "reason": "返納"})
    assert refused.status_code == 422 and "規程第57条" in refused.content.decode()
    assert Licence.objects.get().status == "valid"


def test_a_whole_cancellation_offers_the_history_certificate_and_the_notice(client, login_as, centre_clerk,
                                                                            licence, django_assert_max_num_queries):
    login_as(client, centre_clerk)
    done = client.post(f"/cards/licences/{licence.pk}/cancel/", {
        "scope": "whole", "applicant": "agent", "agent_name": "山田 一郎", "agent_relation": "長男",
        "disadvantage_explained": "on", "reason": "高齢のため"})
    cancellation = LicenceCancellation.objects.get()
    assert done.status_code == 302 and done.url == f"/cards/cancellations/{cancellation.pk}/"
    with django_assert_max_num_queries(13):
        body = page(client, done.url)
    assert "運転経歴証明書の交付を申請できます" in body and "代理人 山田 一郎（長男）" in body
    assert wareki(timezone.localdate()) in body
    pdf = client.get(f"/cards/cancellations/{cancellation.pk}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_partial_cancellation_links_the_card_of_the_kinds_kept(client, login_as, centre_clerk, licence):
    login_as(client, centre_clerk)
    client.post(f"/cards/licences/{licence.pk}/cancel/", {
        "scope": "higher", "kinds": ["大型"], "applicant": "holder", "disadvantage_explained": "on", "reason": "大型不要"})
    body = page(client, f"/cards/cancellations/{LicenceCancellation.objects.get().pk}/")
    assert 'id="cancellation-job"' in body and "一部の取消しでは運転経歴証明書は交付されません" in body
