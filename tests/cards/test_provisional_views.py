"""仮免許 pages: found by number from the queues page or linked from the licence page, the status on the
day in 和暦 (失効 after the expiry date), reissue and return with their errors next to the field."""

from datetime import timedelta

import pytest
from django.utils import timezone

from menkyo.cards.models import CardJob
from menkyo.core.wareki import wareki
from menkyo.registry import services as registry
from menkyo.registry.models import ProvisionalLicence

pytestmark = pytest.mark.django_db


@pytest.fixture
def provisional(system, applicant):
    return registry.register_provisional_licence(system, applicant.pk, "普通仮")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def test_the_queues_page_links_to_the_lookup_which_finds_the_provisional_licence(client, login_as, centre_clerk,
                                                                               provisional):
    login_as(client, centre_clerk)
    assert 'href="/cards/provisional/"' in page(client, "/cards/")
    found = client.get("/cards/provisional/", {"number": provisional.number})
    assert found.status_code == 302 and found.url == f"/cards/provisional/{provisional.pk}/"
    wrong = page(client, f"/cards/provisional/?number={provisional.number[:11]}9", status=422)
    assert "仮免許証番号" in wrong and ("登録されていません" in wrong or "チェックデジット" in wrong)


def test_the_page_shows_the_dates_in_wareki_the_status_and_both_forms(client, login_as, centre_clerk, provisional,
                                                                      django_assert_max_num_queries):
    login_as(client, centre_clerk)
    with django_assert_max_num_queries(14):
        body = page(client, f"/cards/provisional/{provisional.pk}/")
    assert wareki(provisional.issue_date) in body and wareki(provisional.expiry_date) in body
    assert '<dd id="provisional-status" class="status-valid">有効</dd>' in body
    assert 'id="reissue-form"' in body and 'id="return-form"' in body and "亡失" in body
    assert "未確認" in body  # the reissue fee
    assert "lost" not in body.replace('value="lost"', "")  # no internal code shown as text


def test_a_lapsed_provisional_licence_shows_lapsed_and_offers_nothing(client, login_as, centre_clerk, system,
                                                                       applicant):
    lapsed = registry.register_provisional_licence(system, applicant.pk, "普通仮",
                                                   issue_date=timezone.localdate() - timedelta(days=200))
    login_as(client, centre_clerk)
    body = page(client, f"/cards/provisional/{lapsed.pk}/")
    assert 'id="lapsed-banner"' in body and ">失効</dd>" in body
    assert 'id="reissue-form"' not in body and 'id="return-form"' not in body


def test_a_reissue_on_the_page_goes_to_the_card_job(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    done = client.post(f"/cards/provisional/{provisional.pk}/reissue/", {"ground": "lost", "reason": "亡失"})
    job = CardJob.objects.get()
    assert done.status_code == 302 and done.url == f"/cards/jobs/{job.pk}/"
    body = page(client, done.url)
    assert "亡失による再交付" in body and f'href="/cards/provisional/{provisional.pk}/"' in body
    assert ProvisionalLicence.objects.get().number in body


def test_a_reissue_without_a_ground_is_shown_on_the_field(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    refused = client.post(f"/cards/provisional/{provisional.pk}/reissue/", {"ground": "", "reason": "亡失"})
    assert refused.status_code == 422 and "再交付の事由を亡失・盗難・滅失・汚損・破損から選んでください" in refused.content.decode()
    assert not CardJob.objects.exists()


def test_a_return_on_the_page_shows_the_returned_status(client, login_as, centre_clerk, provisional):
    login_as(client, centre_clerk)
    refused = client.post(f"/cards/provisional/{provisional.pk}/return/", {"return-reason": ""})
    assert refused.status_code == 422 and "入力してください" in refused.content.decode()
    done = client.post(f"/cards/provisional/{provisional.pk}/return/", {"return-reason": "普通免許を受けた"})
    assert done.status_code == 302
    body = page(client, done.url)
    assert ">返納</dd>" in body and "裁断して廃棄" in body and 'id="return-form"' not in body


def test_the_licence_page_links_each_provisional_licence_with_its_status_today(client, login_as, hyogo_counter,
                                                                                holder_data, system):
    licence = registry.register_holder(system, holder_data)
    lapsed = registry.register_provisional_licence(system, licence.person_id, "大型仮",
                                                   issue_date=timezone.localdate() - timedelta(days=200))
    login_as(client, hyogo_counter)
    body = page(client, f"/registry/licences/{licence.number}/?purpose=窓口事務")
    assert f'<a href="/cards/provisional/{lapsed.pk}/">{lapsed.number}</a>' in body
    assert "<td>失効</td>" in body


def test_another_prefecture_gets_the_403_page(client, login_as, osaka_counter, provisional):
    login_as(client, osaka_counter)
    assert client.get(f"/cards/provisional/{provisional.pk}/").status_code == 403
    assert client.post(f"/cards/provisional/{provisional.pk}/return/", {"return-reason": "不要"}).status_code == 403
    assert ProvisionalLicence.objects.get().status == "valid"
